/** A MongoDB-compatible server that Roster started itself and must stop. */
export interface EmbeddedServer {
  readonly kind: 'ferretdb' | 'mongod';
  readonly uri: string;
  readonly pid: number | undefined;
  /** Resolves when the server process has exited, for whatever reason. */
  readonly exited: Promise<void>;
  stop(): Promise<void>;
}
