import type { Model } from 'mongoose';
import sift from 'sift';

/**
 * Reads and conditional writes of one document of a tenant, by id.
 *
 * On MongoDB the tenant and the conditions go into the filter: one atomic conditional update.
 * FerretDB 1.24's SQLite handler pushes only an exact `{_id: value}` filter down to SQLite; any
 * other condition (the tenant included) makes it decode every document of the collection and
 * match in Go, about 7× slower (a guarded write cost 1–3 s at 10,000 users). There, Roster
 * already serialises a tenant's writes (WriteLane) and FerretDB's own updates are not atomic
 * anyway, so the document is read by `_id`, the tenant and conditions are checked here (sift:
 * MongoDB query semantics), and the write goes by `_id`. Same answers, and with the `_id` fix
 * in tools/ferretdb/build.sh an index lookup instead of a pass over the collection.
 */
export interface TenantDocuments<T> {
  get(tenantId: string, id: string): Promise<T | null>;
  getMany(tenantId: string, ids: readonly string[]): Promise<T[]>;
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
  model: Model<T>,
  atomicUpdates: boolean,
): TenantDocuments<T> {
  return atomicUpdates ? byFilter(model) : byId(model);
}

function byFilter<T extends Owned>(model: Model<T>): TenantDocuments<T> {
  const filter = (tenantId: string, id: string, conditions: Record<string, unknown> = {}) => ({
    ...conditions,
    _id: id,
    tenantId,
  });
  return {
    get: (tenantId, id) => model.findOne(filter(tenantId, id)).lean<T>().exec(),
    getMany: async (tenantId, ids) =>
      ids.length === 0
        ? []
        : model
            .find({ _id: { $in: ids }, tenantId })
            .lean<T[]>()
            .exec(),
    update: async (tenantId, id, conditions, update) =>
      (await model.updateOne(filter(tenantId, id, conditions), update)).matchedCount === 1,
    remove: async (tenantId, id, conditions) =>
      (await model.deleteOne(filter(tenantId, id, conditions))).deletedCount === 1,
  };
}

function byId<T extends Owned>(model: Model<T>): TenantDocuments<T> {
  const get = async (tenantId: string, id: string): Promise<T | null> => {
    const doc = await model.findById(id).lean<T>().exec();
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
    update: async (tenantId, id, conditions, update, current) => {
      if (!(await matching(tenantId, id, conditions, current))) return false;
      await model.updateOne({ _id: id }, update);
      return true;
    },
    remove: async (tenantId, id, conditions) => {
      if (!(await matching(tenantId, id, conditions))) return false;
      return (await model.deleteOne({ _id: id })).deletedCount === 1;
    },
  };
}
