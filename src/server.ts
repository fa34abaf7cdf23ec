import type { Server } from 'node:http';
import type { Express } from 'express';

/**
 * Listens, and closes gracefully: stop accepting, let in-flight requests finish within
 * `graceMs`, then cut whatever is left (a slow client must not hold a shutdown hostage).
 */
export function listen(app: Express, host: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host);
    server.once('listening', () => resolve(server));
    server.once('error', reject);
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
