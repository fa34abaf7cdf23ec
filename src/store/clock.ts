/**
 * Where the store reads the time: ledger entries and their lease, audit rows, token and user
 * timestamps. Injected at connectStore, so a test moves time instead of waiting for it.
 */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
