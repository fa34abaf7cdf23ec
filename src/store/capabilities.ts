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
    };
  }
  return {
    engine: 'mongodb',
    version: info.version ?? 'unknown',
    atomicUpdates: true,
    idOnlyFilters: false,
    elemMatch: true,
  };
}
