import type { AddressInfo } from 'node:net';
import { buildApp } from './app';
import { ConfigError, loadConfig, type Config } from './config';
import { createLogger } from './log';
import { createMetrics } from './ops/metrics';
import { checkListenable, closeGracefully, listen } from './server';
import { openStore, syncBootstrapToken, type Store } from './store';

/** Process entry: config → store → app → listen; signals → graceful shutdown. The only place that exits. */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env);
    await checkListenable(config.host, config.port);
  } catch (err) {
    configurationError(err);
  }

  const log = createLogger(config.logLevel);
  let store: Store | undefined;
  // Made before the store, which reports its refusals to them as it audits them.
  const metrics = createMetrics({
    embeddedStoreRestarts: () => store?.embedded?.restarts ?? 0,
    // Scrapes start once the app listens, after the store is open.
    pendingDeactivations: () => store!.users.pendingDeactivations.totals(),
  });
  try {
    // Lane work outliving its request's 503 is dropped (src/store/write-lane.ts).
    store = await openStore(config, log, {
      observer: metrics.store,
      abandonAfterMs: config.limits.requestTimeoutMs,
    });
  } catch (err) {
    log.fatal({ err: (err as Error).message }, 'cannot open the store');
    process.exit(1);
  }

  const removed = await syncBootstrapToken(store, config.bootstrapToken);
  if (removed > 0) log.warn({ removed }, 'bootstrap token of an earlier ROSTER_BOOTSTRAP_TOKEN removed');

  const opened = store;
  const app = buildApp({ config, store, log, metrics });
  const server = await listen(app, config.host, config.port).catch(async (err: unknown) => {
    await opened.close();
    return configurationError(err);
  });
  const { port } = server.address() as AddressInfo;
  log.info({ host: config.host, port, store: store.capabilities.engine }, 'roster listening');

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    await closeGracefully(server, config.shutdownGraceMs);
    await store.close();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  // The embedded store is restarted by its supervisor when it exits; `exited` means the supervisor
  // gave up (logged, with the reason, just before): exit so the operator's supervisor takes over.
  void store.embedded?.exited.then(() => {
    if (!stopping) {
      log.fatal('embedded store could not be kept running; exiting');
      process.exit(1);
    }
  });
}

/** A ConfigError is the operator's one line on stderr and exit 2; anything else is a bug, thrown. */
function configurationError(err: unknown): never {
  if (err instanceof ConfigError) {
    process.stderr.write(`roster: configuration error: ${err.message}\n`);
    process.exit(2);
  }
  throw err;
}

void main();
