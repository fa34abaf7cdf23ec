import type { Connection } from 'mongoose';
import type { Logger } from '../log';
import { isStoreOutOfSpace, STORE_FULL_DETAIL } from './store-full';

/** What /readyz says: ready, or why not, in words an operator can act on. */
export type Readiness =
  | { readonly ready: true }
  | {
      readonly ready: false;
      readonly reason: 'store unavailable' | 'store cannot write';
      readonly detail: string;
    };

/**
 * A frozen store accepts the connection and never answers: the ping gives up after this, so a
 * probe (and a load balancer's health check) gets its answer in about a second, not in 15 s.
 */
export const READINESS_TIMEOUT_MS = 1000;

/** Commands that write; a success of one of them after a refusal means writes work again. */
const WRITE_COMMANDS: ReadonlySet<string> = new Set(['insert', 'update', 'delete', 'findAndModify']);

/**
 * Big enough that a store with no room left cannot take it in pages it has already freed (a
 * tiny write can still land on a full disk), small enough to be written every probe.
 */
const PROBE_BYTES = 64 * 1024;

/**
 * The store's readiness. A full or read-only store still answers pings, so a ping alone kept
 * /readyz at 200 while every write failed: the driver's command events tell when a write is refused
 * for want of space (logged once, on the change), and from then on each check also tries one probe
 * write, so the store is ready again as soon as it can write, with no request having to succeed first.
 */
export function storeReadiness(connection: Connection, log: Logger) {
  let refusedSince: number | undefined;
  const refused = (message: string) => {
    if (refusedSince === undefined) {
      log.error({ err: message }, 'store cannot write: disk full or read-only');
      refusedSince = Date.now();
    }
  };
  const client = connection.getClient();
  client.on('commandFailed', (event) => {
    if (WRITE_COMMANDS.has(event.commandName) && isStoreOutOfSpace(event.failure))
      refused(event.failure.message);
  });
  client.on('commandSucceeded', (event) => {
    if (!WRITE_COMMANDS.has(event.commandName)) return;
    const writeErrors =
      (event.reply as { writeErrors?: { code?: number; errmsg?: string }[] }).writeErrors ?? [];
    const full = writeErrors.find((e) =>
      isStoreOutOfSpace({ name: 'MongoWriteError', code: e.code, message: e.errmsg }),
    );
    if (full) refused(full.errmsg ?? 'out of disk space');
    else if (refusedSince !== undefined && writeErrors.length === 0) {
      log.info({ refusedForMs: Date.now() - refusedSince }, 'store writes again');
      refusedSince = undefined;
    }
  });

  return {
    async check(): Promise<Readiness> {
      const db = connection.db;
      if (db === undefined) return unavailable;
      // A timer, not the driver's timeoutMS, which a frozen server's open socket did not honour.
      if (!(await withinTimeout(db.command({ ping: 1 })))) return unavailable;
      if (refusedSince === undefined) return { ready: true };
      const probe = db
        .collection<{ _id: string }>('roster_readiness')
        .updateOne(
          { _id: 'write-probe' },
          { $set: { at: new Date(), pad: String(Date.now()).padEnd(PROBE_BYTES, '.') } },
          { upsert: true },
        );
      let full = false;
      const wrote = await withinTimeout(
        probe.catch((err: unknown) => ((full = isStoreOutOfSpace(err)), Promise.reject(err))),
      );
      if (wrote) return { ready: true };
      return full ? cannotWrite : unavailable;
    },
  };
}

/** True when `work` settles successfully within READINESS_TIMEOUT_MS; it is left to finish on its own. */
async function withinTimeout(work: Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>(
    (resolve) => (timer = setTimeout(() => resolve(false), READINESS_TIMEOUT_MS)),
  );
  try {
    return await Promise.race([work.then(() => true as const), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

const unavailable: Readiness = {
  ready: false,
  reason: 'store unavailable',
  detail: 'The user store does not answer; see the log for the connection errors.',
};
const cannotWrite: Readiness = { ready: false, reason: 'store cannot write', detail: STORE_FULL_DETAIL };
