import type { Model } from 'mongoose';
import type { Logger } from '../log';
import type { TenantDatabases, TenantModels } from './tenant-databases';

/**
 * Documents moved per batch: one read, one insert, one check and one delete each. Large, since on
 * FerretDB each read of the shared collection decodes all of it.
 */
const BATCH = 2_000;

export interface TenantMoveReport {
  /** Documents moved out of the shared collections, per collection. */
  readonly moved: Readonly<Record<string, number>>;
}

type Owned = { _id: string; tenantId?: unknown };

/**
 * The upgrade to a database per tenant (FerretDB): documents still in the main database's
 * tenant-scoped collections (written before it) are moved to their tenant's own database, at each
 * store start until none is left. Each batch is inserted by `_id` with duplicates ignored (a
 * document already moved by a run that stopped half way stays as it is there) and only then
 * deleted from the shared collection, so a crash at any point loses nothing and the next start
 * resumes. A document with no tenant id stays: it belongs to no tenant.
 */
export async function moveToTenantDatabases(
  databases: TenantDatabases,
  log: Logger,
): Promise<TenantMoveReport> {
  const moved: Record<string, number> = {};
  if (!databases.perTenant) return { moved };
  for (const key of Object.keys(databases.shared) as (keyof TenantModels)[]) {
    const source = databases.shared[key] as unknown as Model<Owned>;
    const name = source.collection.collectionName;
    let total = 0;
    let after: string | undefined;
    for (;;) {
      const batch = (await source.collection
        .find({
          tenantId: { $type: 'string' },
          ...(after === undefined ? {} : { _id: { $gt: after } }),
        } as never)
        .sort({ _id: 1 })
        .limit(BATCH)
        .toArray()) as unknown as Owned[];
      if (batch.length === 0) break;
      after = batch[batch.length - 1]!._id;
      const byTenant = new Map<string, Owned[]>();
      for (const doc of batch) {
        const tenantId = doc.tenantId as string;
        const docs = byTenant.get(tenantId);
        if (docs) docs.push(doc);
        else byTenant.set(tenantId, [doc]);
      }
      for (const [tenantId, docs] of byTenant) {
        const target = (await databases.of(tenantId))[key] as unknown as Model<Owned>;
        await insertIgnoringDuplicates(target, docs);
        // Deleted only once its tenant's database holds that `_id`: a document refused there for
        // another unique key stays shared, and is reported, rather than lost.
        const ids = docs.map((d) => d._id);
        const there = (await target.collection
          .find({ _id: { $in: ids } } as never, { projection: { _id: 1 } })
          .toArray()) as unknown as Owned[];
        const present = there.map((d) => d._id);
        if (present.length > 0) await source.collection.deleteMany({ _id: { $in: present } } as never);
        total += present.length;
        if (present.length < ids.length)
          log.warn(
            { collection: name, tenantId, kept: ids.length - present.length },
            'documents kept in the shared collection: their tenant database refused them (a unique key is taken)',
          );
      }
      log.info({ collection: name, moved: total }, 'moving documents to their tenant databases');
    }
    if (total > 0) moved[name] = total;
  }
  if (Object.keys(moved).length > 0) log.info({ moved }, 'documents moved to their tenant databases');
  return { moved };
}

async function insertIgnoringDuplicates(model: Model<Owned>, docs: Owned[]): Promise<void> {
  try {
    await model.collection.insertMany(docs as never[], { ordered: false });
  } catch (err) {
    const e = err as { code?: number; writeErrors?: unknown };
    const errors = e.writeErrors === undefined ? [e] : [e.writeErrors].flat();
    if (!errors.every((w) => (w as { code?: number }).code === 11000)) throw err;
  }
}
