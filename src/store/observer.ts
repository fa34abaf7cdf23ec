import type { RosterErrorKind } from '../domain';

/**
 * What the store tells whoever runs it, as it happens. Handed in at connectStore (src/main.ts
 * wires the metrics to it), so the store never imports ops or http. `refused` is called where a
 * refusal's audit row is written, once per row: a refusal inside a /Bulk 200 or a spreadsheet
 * report counts like one answered 409; a dry run writes no row and counts nothing.
 */
export interface StoreObserver {
  refused(kind: RosterErrorKind): void;
}

export const quietObserver: StoreObserver = { refused: () => undefined };
