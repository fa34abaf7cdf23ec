import path from 'node:path';
import defaults from '../../config/defaults.json';

/**
 * Roster's configuration: config/defaults.json overridden by the environment (docs/contract.md, Run).
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
  readonly limits: Limits;
  /** GET /metrics without a token (for a scraper on a private network). */
  readonly metricsPublic: boolean;
  /** Browser origins allowed to call the API cross-origin; empty: no CORS headers at all. */
  readonly corsOrigins: readonly string[];
}

/** Per-process protections against clients that send too much, too fast or too slowly served. */
export interface Limits {
  /** Sustained requests per second per token; 0 turns rate limiting off. */
  readonly ratePerSecond: number;
  /** Requests a token may send at once (the bucket size), refilled at `ratePerSecond`. */
  readonly burst: number;
  /** A request not answered within this is answered 503 with Retry-After. */
  readonly requestTimeoutMs: number;
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
    limits: Object.freeze({
      ratePerSecond: integer(env, 'ROSTER_RATE_LIMIT_PER_SECOND', defaults.rateLimitPerSecond, 0, 1_000_000),
      burst: integer(env, 'ROSTER_RATE_LIMIT_BURST', defaults.rateLimitBurst, 1, 1_000_000),
      requestTimeoutMs: integer(env, 'ROSTER_REQUEST_TIMEOUT_MS', defaults.requestTimeoutMs, 100, 600_000),
    }),
    metricsPublic: boolean(env, 'ROSTER_METRICS_PUBLIC', defaults.metricsPublic),
    corsOrigins: corsOrigins(env),
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

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = optional(env, name)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (raw !== 'true' && raw !== 'false')
    throw new ConfigError(`${name} must be true or false (got "${raw}")`);
  return raw === 'true';
}

/** Exact origins only (scheme, host, optional port): a wildcard would hand the API to every page on the web. */
function corsOrigins(env: Env): readonly string[] {
  const raw = optional(env, 'ROSTER_CORS_ORIGINS');
  if (raw === undefined) return Object.freeze([...defaults.corsOrigins]);
  const origins = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = origins.find((o) => !/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/.test(o));
  if (bad !== undefined) {
    throw new ConfigError(
      `ROSTER_CORS_ORIGINS must be a comma-separated list of origins such as https://admin.example.com (got "${bad}")`,
    );
  }
  return Object.freeze(origins);
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
