import type { Connection } from 'mongoose';

/**
 * What the store under Roster guarantees, named for what callers ask of it (docs/store.md).
 * The guard's correctness rests on single-document atomic conditional updates; FerretDB 1.x
 * applies updates in its own process and does not provide them, so Roster serialises writes
 * itself there.
 */
export interface StoreCapabilities {
  readonly engine: 'mongodb' | 'ferretdb';
  readonly version: string;
  /** Conditional updates are atomic on one document, across connections and processes. */
  readonly atomicUpdates: boolean;
  /**
   * Only an exact `{_id: value}` filter is answered without reading the whole collection
   * (FerretDB 1.24's SQLite handler): reads and writes of one document go by `_id` alone and the
   * tenant is checked on the document (src/store/tenant-documents.ts).
   */
  readonly idOnlyFilters: boolean;
  /** `$elemMatch` in a filter is evaluated as MongoDB does (FerretDB 1.x lacks it). */
  readonly elemMatch: boolean;
  /**
   * Each tenant's collections live in a database of its own (src/store/tenant-databases.ts). On
   * FerretDB 1.24 any filter but `{_id}` decodes its whole collection, so with shared collections
   * one tenant's 10,000 users would slow every other tenant's listing; there each database is its
   * own SQLite file, and a listing reads its tenant's documents only. MongoDB confines a query to
   * the tenant through the tenant-prefixed indexes (docs/indexes.md), so the collections stay shared.
   */
  readonly databasePerTenant: boolean;
}

export async function detectCapabilities(connection: Connection): Promise<StoreCapabilities> {
  const info = (await connection.db!.admin().command({ buildInfo: 1 })) as {
    version?: string;
    ferretdbVersion?: string;
  };
  // FerretDB answers buildInfo with MongoDB's version number plus a `ferretdbVersion` key.
  if (info.ferretdbVersion !== undefined) {
    return {
      engine: 'ferretdb',
      version: info.ferretdbVersion,
      atomicUpdates: false,
      idOnlyFilters: true,
      elemMatch: false,
      databasePerTenant: true,
    };
  }
  return {
    engine: 'mongodb',
    version: info.version ?? 'unknown',
    atomicUpdates: true,
    idOnlyFilters: false,
    elemMatch: true,
    databasePerTenant: false,
  };
}
