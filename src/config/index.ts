import path from 'node:path';
import defaults from '../../config/defaults.json';

/**
 * Roster's configuration: config/defaults.json overridden by the environment (contract.md, Run).
 * Read once by the entry points (src/main.ts, src/cli) and passed down; nothing else reads env.
 */
export interface Config {
  readonly port: number;
  readonly host: string;
  /** Unset: Roster starts its embedded store. */
  readonly mongodbUri: string | undefined;
  readonly databaseName: string;
  readonly dataDir: string;
  readonly bootstrapToken: string | undefined;
  readonly logLevel: LogLevel;
  readonly ferretdbBin: string | undefined;
  readonly shutdownGraceMs: number;
  readonly storeStartTimeoutMs: number;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** A configuration value that can't be used; its message is the one line the operator sees. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

type Env = Readonly<Record<string, string | undefined>>;

export function loadConfig(env: Env, cwd = process.cwd()): Config {
  const mongodbUri = optional(env, 'MONGODB_URI');
  if (mongodbUri !== undefined && !/^mongodb(\+srv)?:\/\/[^\s]+$/.test(mongodbUri)) {
    throw new ConfigError(
      'MONGODB_URI must be a MongoDB connection string (mongodb://host:port/db or mongodb+srv://...)',
    );
  }
  const bootstrapToken = optional(env, 'ROSTER_BOOTSTRAP_TOKEN');
  if (bootstrapToken !== undefined && !/^[\x21-\x7e]{16,512}$/.test(bootstrapToken)) {
    throw new ConfigError(
      'ROSTER_BOOTSTRAP_TOKEN must be 16 to 512 printable ASCII characters without spaces',
    );
  }
  return Object.freeze({
    port: integer(env, 'PORT', defaults.port, 0, 65535),
    host: host(env),
    mongodbUri,
    databaseName: databaseName(mongodbUri),
    dataDir: path.resolve(cwd, optional(env, 'ROSTER_DATA_DIR') ?? defaults.dataDir),
    bootstrapToken,
    logLevel: logLevel(env),
    ferretdbBin: optional(env, 'FERRETDB_BIN'),
    shutdownGraceMs: integer(env, 'ROSTER_SHUTDOWN_GRACE_MS', defaults.shutdownGraceMs, 0, 600_000),
    storeStartTimeoutMs: defaults.storeStartTimeoutMs,
  });
}

function optional(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = optional(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
  }
  return Number(raw);
}

function host(env: Env): string {
  const raw = optional(env, 'HOST') ?? defaults.host;
  if (!/^[A-Za-z0-9.:-]+$/.test(raw)) {
    throw new ConfigError(
      `HOST must be an IP address or host name such as 127.0.0.1 or 0.0.0.0 (got "${raw}")`,
    );
  }
  return raw;
}

function logLevel(env: Env): LogLevel {
  const raw = (optional(env, 'LOG_LEVEL') ?? defaults.logLevel).toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(raw)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${raw}")`);
  }
  return raw as LogLevel;
}

/** The database named in MONGODB_URI's path, else the default. */
function databaseName(uri: string | undefined): string {
  const match = uri?.match(/^mongodb(?:\+srv)?:\/\/[^/]+\/([^?]+)/);
  return match?.[1] ? decodeURIComponent(match[1]) : defaults.databaseName;
}
