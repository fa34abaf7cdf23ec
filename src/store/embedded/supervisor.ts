import type { Logger } from '../../log';
import type { EmbeddedServer } from './embedded-server';

export interface RestartPolicy {
  /** A run shorter than this was a fast failure; a longer one starts the count afresh. */
  readonly fastFailureMs: number;
  /** Fast failures in a row (failed restarts included) still answered with a restart; one more gives up. */
  readonly maxFastFailures: number;
  /** The wait before the first restart, doubled after each fast failure up to `maxBackoffMs`. */
  readonly firstBackoffMs: number;
  readonly maxBackoffMs: number;
}

/**
 * A crash now and then is restarted at once; a store that cannot stay up for half a minute five
 * times in a row (a full disk, a corrupt file, a port taken) will not be cured by a sixth try,
 * and exiting hands the problem to the operator's own supervisor with a clear last log line.
 */
export const RESTART_POLICY: RestartPolicy = {
  fastFailureMs: 30_000,
  maxFastFailures: 5,
  firstBackoffMs: 250,
  maxBackoffMs: 8_000,
};

/**
 * Keeps an embedded server running: when it exits on its own, it is started again with
 * `restart`, which must listen where the first run did, so the store's connection pool finds
 * it again by itself and requests meanwhile are answered 503. Each restart is logged and
 * counted; the result's `exited` resolves only when stopped or given up on.
 */
export function supervise(
  first: EmbeddedServer,
  restart: () => Promise<EmbeddedServer>,
  log: Logger,
  policy: RestartPolicy = RESTART_POLICY,
): EmbeddedServer {
  let current = first;
  let startedAt = Date.now();
  let restarts = 0;
  let failuresInARow = 0;
  let stopping = false;
  let recovering: Promise<void> | undefined;
  let cancelBackoff = () => {};
  let markExited = () => {};
  const exited = new Promise<void>((resolve) => (markExited = resolve));

  const backoff = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      cancelBackoff = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  async function recover(): Promise<void> {
    const ranMs = Date.now() - startedAt;
    if (ranMs >= policy.fastFailureMs) failuresInARow = 0;
    failuresInARow += 1;
    log.warn({ store: first.kind, pid: current.pid, ranMs }, 'embedded store exited');
    for (;;) {
      if (failuresInARow > policy.maxFastFailures) {
        log.fatal({ store: first.kind, failuresInARow }, 'embedded store keeps failing; giving up');
        stopping = true;
        markExited();
        return;
      }
      const waitMs = Math.min(policy.maxBackoffMs, policy.firstBackoffMs * 2 ** (failuresInARow - 1));
      await backoff(waitMs);
      if (stopping) return;
      try {
        current = await restart();
      } catch (err) {
        log.error(
          { store: first.kind, err: (err as Error).message, waitedMs: waitMs },
          'embedded store restart failed',
        );
        failuresInARow += 1;
        continue;
      }
      restarts += 1;
      startedAt = Date.now();
      log.warn(
        { store: first.kind, pid: current.pid, restarts, waitedMs: waitMs },
        'embedded store restarted',
      );
      watch(current);
      return;
    }
  }

  function watch(server: EmbeddedServer): void {
    void server.exited.then(() => {
      if (stopping || server !== current) return;
      recovering = recover().finally(() => (recovering = undefined));
    });
  }
  watch(first);

  return {
    kind: first.kind,
    uri: first.uri,
    get pid() {
      return current.pid;
    },
    get restarts() {
      return restarts;
    },
    exited,
    async stop() {
      stopping = true;
      cancelBackoff();
      await recovering;
      await current.stop();
      markExited();
    },
  };
}

/** The port a `mongodb://host:port/` URI names. */
export function portOf(uri: string): number {
  const port = Number(new URL(uri).port);
  if (!Number.isInteger(port) || port <= 0) throw new Error(`no port in the embedded store's URI ${uri}`);
  return port;
}
