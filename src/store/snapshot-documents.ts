import sift from 'sift';
import type { TenantDocuments } from './tenant-documents';

/**
 * The store's documents as a snapshot that takes writes and keeps them to itself: each document
 * is read from `base` the first time it is asked for, and from then on answered as this
 * snapshot's own writes left it. Conditions are matched (sift: MongoDB query semantics) and
 * updates applied (applyUpdate) here, so code written against TenantDocuments runs unchanged
 * and writes nothing: the dry run's sink (src/store/users/dry-run.ts).
 */
export function snapshotDocuments<T extends { _id: string; tenantId: string }>(
  base: TenantDocuments<T>,
): TenantDocuments<T> {
  /** tenant|id → the document as this snapshot has it; null: absent (or deleted here). */
  const docs = new Map<string, T | null>();
  const slot = (tenantId: string, id: string) => `${tenantId}|${id}`;

  async function get(tenantId: string, id: string): Promise<T | null> {
    const key = slot(tenantId, id);
    if (!docs.has(key)) docs.set(key, await base.get(tenantId, id));
    const doc = docs.get(key);
    return doc ? copyOf(doc) : null;
  }

  return {
    get,
    async getMany(tenantId, ids) {
      const missing = ids.filter((id) => !docs.has(slot(tenantId, id)));
      if (missing.length > 0) {
        for (const id of missing) docs.set(slot(tenantId, id), null);
        for (const doc of await base.getMany(tenantId, missing)) docs.set(slot(tenantId, doc._id), doc);
      }
      const found: T[] = [];
      for (const id of ids) {
        const doc = await get(tenantId, id);
        if (doc) found.push(doc);
      }
      return found;
    },
    async insert(doc) {
      if ((await get(doc.tenantId, doc._id)) !== null)
        throw Object.assign(new Error('duplicate _id'), { code: 11000 });
      docs.set(slot(doc.tenantId, doc._id), copyOf(doc));
    },
    async update(tenantId, id, conditions, update) {
      const doc = await get(tenantId, id);
      if (doc === null || !sift(conditions)(doc)) return false;
      docs.set(slot(tenantId, id), applyUpdate(doc, update));
      return true;
    },
    async remove(tenantId, id, conditions) {
      const doc = await get(tenantId, id);
      if (doc === null || !sift(conditions)(doc)) return false;
      docs.set(slot(tenantId, id), null);
      return true;
    },
  };
}

/**
 * The update operators the store's writes use ($set, $unset, $inc, $push, $pull, on dotted paths),
 * applied to a copy of `doc` as MongoDB would apply them. Anything else is a programming error.
 */
export function applyUpdate<T>(doc: T, update: Record<string, unknown>): T {
  const out = copyOf(doc) as Record<string, unknown>;
  for (const [op, fields] of Object.entries(update)) {
    for (const [path, value] of Object.entries(fields as Record<string, unknown>)) {
      const { parent, key } = locate(out, path);
      if (op === '$set') parent[key] = copyOf(value);
      else if (op === '$unset') delete parent[key];
      else if (op === '$inc') parent[key] = ((parent[key] as number | undefined) ?? 0) + (value as number);
      else if (op === '$push') parent[key] = [...((parent[key] as unknown[]) ?? []), value];
      else if (op === '$pull') parent[key] = ((parent[key] as unknown[]) ?? []).filter((v) => v !== value);
      else throw new Error(`applyUpdate: ${op} is not an operator the store uses`);
    }
  }
  return out as T;
}

/** The object holding the last segment of a dotted path, made on the way as $set makes it. */
function locate(doc: Record<string, unknown>, path: string) {
  const segments = path.split('.');
  let parent = doc;
  for (const segment of segments.slice(0, -1)) {
    const next = parent[segment];
    if (typeof next !== 'object' || next === null) parent[segment] = {};
    parent = parent[segment] as Record<string, unknown>;
  }
  return { parent, key: segments.at(-1)! };
}

/**
 * A deep copy of a stored document's values (plain objects, arrays, Dates, scalars). Not
 * structuredClone: that makes its Dates in Node's own realm, which `instanceof Date` (sift's
 * date comparison) does not recognise where the caller runs in another one (jest's sandbox), and
 * a condition on a stored time (the ledger's lease repair) would never match in the snapshot.
 */
function copyOf<T>(value: T): T {
  if (Object.prototype.toString.call(value) === '[object Date]')
    return new Date((value as Date).getTime()) as T;
  if (Array.isArray(value)) return value.map(copyOf) as T;
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) out[key] = copyOf(inner);
    return out as T;
  }
  return value;
}
