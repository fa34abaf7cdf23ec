/** A MongoDB-compatible server that Roster started itself and must stop. */
export interface EmbeddedServer {
  readonly kind: 'ferretdb' | 'mongod';
  readonly uri: string;
  readonly pid: number | undefined;
  /**
   * Resolves when the server is gone for good: stopped, or (supervised) given up on after
   * repeated failures. A supervised server's crash followed by a restart does not resolve it.
   */
  readonly exited: Promise<void>;
  /** How many times it was restarted after exiting on its own. */
  readonly restarts: number;
  stop(): Promise<void>;
}
