import type { Connection } from 'mongoose';

/**
 * What the store under Roster guarantees. The guard's correctness rests on single-document
 * atomic conditional updates (docs/store.md); FerretDB 1.x applies updates in its own process
 * and does not provide them, so Roster serialises writes itself there.
 */
export interface StoreCapabilities {
  readonly engine: 'mongodb' | 'ferretdb';
  readonly version: string;
  /** Conditional updates are atomic on one document, across connections and processes. */
  readonly atomicUpdates: boolean;
}

export async function detectCapabilities(connection: Connection): Promise<StoreCapabilities> {
  const info = (await connection.db!.admin().command({ buildInfo: 1 })) as {
    version?: string;
    ferretdbVersion?: string;
  };
  // FerretDB answers buildInfo with MongoDB's version number plus a `ferretdbVersion` key.
  if (info.ferretdbVersion !== undefined) {
    return { engine: 'ferretdb', version: info.ferretdbVersion, atomicUpdates: false };
  }
  return { engine: 'mongodb', version: info.version ?? 'unknown', atomicUpdates: true };
}
