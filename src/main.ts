import type { AddressInfo } from 'node:net';
import { buildApp } from './app';
import { ConfigError, loadConfig, type Config } from './config';
import { createLogger } from './log';
import { createMetrics } from './ops/metrics';
import { closeGracefully, listen } from './server';
import { openStore, ensureBootstrapTenant, type Store } from './store';

/** Process entry: config → store → app → listen; signals → graceful shutdown. The only place that exits. */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`roster: configuration error: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
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
    store = await openStore(config, log, { observer: metrics.store });
  } catch (err) {
    log.fatal({ err: (err as Error).message }, 'cannot open the store');
    process.exit(1);
  }

  if (config.bootstrapToken) await ensureBootstrapTenant(store, config.bootstrapToken);

  const app = buildApp({ config, store, log, metrics });
  const server = await listen(app, config.host, config.port);
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

void main();
