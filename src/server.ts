import type { Server } from 'node:http';
import net from 'node:net';
import type { Express } from 'express';
import { ConfigError } from './config';

/**
 * Listens, and closes gracefully: stop accepting, let in-flight requests finish within
 * `graceMs`, then cut whatever is left (a slow client must not hold a shutdown hostage).
 */
export function listen(app: Express, host: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host);
    server.once('listening', () => resolve(server));
    server.once('error', (err) => reject(listenError(err, host, port)));
  });
}

export function closeGracefully(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), graceMs);
    force.unref();
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    // Keep-alive connections with no request in flight would otherwise delay close().
    server.closeIdleConnections();
  });
}

/**
 * Fails, as a ConfigError naming HOST or PORT, when the address cannot be listened on: checked
 * before the store starts, so a port in use or a host that is not this machine's is one line at
 * once, not a stack trace after the store's start-up. (`listen` maps the same failures, for a
 * port taken in between.)
 */
export function checkListenable(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (err) => reject(listenError(err, host, port)));
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

/** The operator's one line for a listen failure; the error itself when it is none of those. */
export function listenError(err: unknown, host: string, port: number): unknown {
  switch ((err as NodeJS.ErrnoException).code) {
    case 'EADDRINUSE':
      return new ConfigError(
        `PORT ${port} is already in use on ${host}: stop what listens there, or set PORT to a free port`,
      );
    case 'EACCES':
      return new ConfigError(
        `PORT ${port} on ${host} needs privileges this process lacks: set PORT above 1023`,
      );
    case 'EADDRNOTAVAIL':
      return new ConfigError(
        `HOST ${host} is not an address of this machine: use 127.0.0.1, 0.0.0.0 or one of its own addresses`,
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
      return new ConfigError(
        `HOST ${host} does not resolve to an address: use an IP address such as 127.0.0.1`,
      );
    default:
      return err;
  }
}
