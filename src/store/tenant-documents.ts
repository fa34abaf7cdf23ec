import sift from 'sift';
import { insertDocument } from './insert';
import type { TenantModel } from './tenant-databases';

/**
 * Reads and writes of one document of a tenant, by id: the one way the store touches a user, a
 * group or a membership document by its id.
 *
 * Where conditional updates are atomic (MongoDB), the tenant and the conditions go into the
 * filter: one atomic conditional update. Where only an exact `_id` filter is served without a
 * scan (`idOnlyFilters`, FerretDB 1.24's SQLite handler: any other condition, the tenant
 * included, makes it decode every document of the collection and match in Go, about 7× slower;
 * docs/store.md), the document is read by `_id`, the tenant and conditions are checked here
 * (sift: MongoDB query semantics), and the write goes by `_id`. Roster serialises a tenant's
 * writes there already (WriteLane), and FerretDB's own updates are not atomic anyway. Same
 * answers, and with the `_id` fix in tools/ferretdb/build.sh an index lookup.
 */
export interface TenantDocuments<T> {
  get(tenantId: string, id: string): Promise<T | null>;
  getMany(tenantId: string, ids: readonly string[]): Promise<T[]>;
  /** Inserts a whole document; a duplicate `_id` or unique key rejects with code 11000. */
  insert(doc: T): Promise<void>;
  /**
   * Applies `update` if the document is the tenant's and matches `conditions`; true when applied.
   * `current`: the document as the caller read it in this same write-lane turn, with nothing
   * written to it since. Where conditions are checked here (FerretDB) it stands in for reading the
   * document again; where they go into the filter (MongoDB) it is not needed and ignored.
   */
  update(
    tenantId: string,
    id: string,
    conditions: Record<string, unknown>,
    update: Record<string, unknown>,
    current?: T | null,
  ): Promise<boolean>;
  /** Deletes it if it is the tenant's and matches `conditions`; true when deleted. */
  remove(tenantId: string, id: string, conditions: Record<string, unknown>): Promise<boolean>;
}

type Owned = { _id: string; tenantId: string };

export function tenantDocuments<T extends Owned>(
  model: TenantModel<T>,
  access: { idOnlyFilters: boolean },
): TenantDocuments<T> {
  return access.idOnlyFilters ? byId(model) : byFilter(model);
}

function byFilter<T extends Owned>(model: TenantModel<T>): TenantDocuments<T> {
  const filter = (tenantId: string, id: string, conditions: Record<string, unknown> = {}) => ({
    ...conditions,
    _id: id,
    tenantId,
  });
  return {
    get: async (tenantId, id) => (await collectionOf(model, tenantId)).findOne(filter(tenantId, id)),
    getMany: async (tenantId, ids) =>
      ids.length === 0
        ? []
        : (await collectionOf(model, tenantId)).find({ _id: { $in: ids }, tenantId }).toArray(),
    insert: async (doc) => insertDocument(await model(doc.tenantId), doc),
    update: async (tenantId, id, conditions, update) =>
      (
        await (
          await collectionOf(model, tenantId)
        ).updateOne(filter(tenantId, id, conditions), operatorsOf(update))
      ).matchedCount === 1,
    remove: async (tenantId, id, conditions) =>
      (await (await collectionOf(model, tenantId)).deleteOne(filter(tenantId, id, conditions)))
        .deletedCount === 1,
  };
}

function byId<T extends Owned>(model: TenantModel<T>): TenantDocuments<T> {
  const get = async (tenantId: string, id: string): Promise<T | null> => {
    const doc = await (await collectionOf(model, tenantId)).findOne({ _id: id });
    return doc && doc.tenantId === tenantId ? doc : null;
  };
  const matching = async (
    tenantId: string,
    id: string,
    conditions: Record<string, unknown>,
    current?: T | null,
  ) => {
    const doc =
      current && current._id === id
        ? current.tenantId === tenantId
          ? current
          : null
        : await get(tenantId, id);
    return doc !== null && sift(conditions)(doc);
  };
  return {
    get,
    getMany: async (tenantId, ids) =>
      (await Promise.all(ids.map((id) => get(tenantId, id)))).filter(
        (d): d is Awaited<T> => d !== null,
      ) as T[],
    insert: async (doc) => insertDocument(await model(doc.tenantId), doc),
    update: async (tenantId, id, conditions, update, current) => {
      if (!(await matching(tenantId, id, conditions, current))) return false;
      await (await collectionOf(model, tenantId)).updateOne({ _id: id }, operatorsOf(update));
      return true;
    },
    remove: async (tenantId, id, conditions) => {
      if (!(await matching(tenantId, id, conditions))) return false;
      return (await (await collectionOf(model, tenantId)).deleteOne({ _id: id })).deletedCount === 1;
    },
  };
}

/**
 * The driver's collection under the tenant's model: the store's documents are built whole and
 * typed (string ids, Dates), so mongoose's query building and update casting, about 0.55 ms of a
 * PATCH (bench/README.md), buy nothing here. Its collection still reports each operation
 * (`operation-start`), which the tests count. docs/store.md, "Documents by id go to the driver".
 */
export async function collectionOf<T extends Owned>(
  model: TenantModel<T>,
  tenantId: string,
): Promise<DocumentCollection<T>> {
  return (await model(tenantId)).collection as unknown as DocumentCollection<T>;
}

/** The few driver calls the store makes, typed by the store's own document (string `_id`s). */
export interface DocumentCollection<T> {
  findOne(filter: object): Promise<T | null>;
  find(filter: object, options?: { projection: Record<string, 1> }): { toArray(): Promise<T[]> };
  updateOne(filter: object, update: object): Promise<{ matchedCount: number }>;
  deleteOne(filter: object): Promise<{ deletedCount: number }>;
  deleteMany(filter: object): Promise<{ deletedCount: number }>;
}

/** An update as the driver takes it: an operator with nothing under it is left out, as mongoose did. */
function operatorsOf(update: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [op, fields] of Object.entries(update)) {
    if (fields !== null && typeof fields === 'object' && Object.keys(fields).length === 0) continue;
    out[op] = fields;
  }
  return out;
}
