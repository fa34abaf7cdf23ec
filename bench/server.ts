import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { childPids, commandLine, log, memoryMiB } from './stats';

export const PROJECT_ROOT = path.resolve(__dirname, '..');

export interface StoreCalls {
  total: number;
  byCommand: Record<string, number>;
}

/** Roster running as its own process, as an operator starts it, plus what the bench needs to watch it. */
export interface RosterUnderTest {
  pid: number;
  /** The embedded store's process (FerretDB), when Roster started one. */
  storePid: number | undefined;
  baseUrl: string;
  /** The server's own store: the baseline connects its own client here. */
  storeUri: string;
  dbName: string;
  /** The environment the server runs with, which the CLI needs to reach the same store. */
  env: NodeJS.ProcessEnv;
  /** Highest VmRSS seen by the periodic sampler, in MiB (VmHWM is read at the end too). */
  sampledPeakRssMiB: { server: number; store: number };
  /** Commands the server has sent to its store so far (bench/count-store.ts), by collection.command too. */
  storeCalls(): Promise<StoreCalls>;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** A MongoDB URI (the bench's own database on it); unset: the embedded store on a temporary directory. */
  mongodbUri: string | undefined;
  /** Node flags before the entry point, e.g. --cpu-prof. */
  nodeFlags?: string[];
  /** Modules imported into the server before src/main.ts (after tsx, so they may be TypeScript). */
  preload?: string[];
  extraEnv?: Record<string, string>;
}

/**
 * Starts `node --import tsx src/main.ts` with PORT=0 and waits for its "roster listening" line. On
 * the embedded store the data directory is a fresh temporary one, removed by `stop()`.
 */
export async function startRoster(opts: StartOptions): Promise<RosterUnderTest> {
  const dataDir = opts.mongodbUri ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'roster-bench-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    // info, as production runs: 4xx lines (the guard refusals) are logged, 2xx lines are not.
    LOG_LEVEL: 'info',
    // The per-token rate limit would measure itself (429s), not the server's capacity.
    ROSTER_RATE_LIMIT_PER_SECOND: '0',
    ...(dataDir ? { ROSTER_DATA_DIR: dataDir } : { MONGODB_URI: opts.mongodbUri }),
    ...opts.extraEnv,
  };
  if (dataDir) delete env.MONGODB_URI;
  delete env.ROSTER_BOOTSTRAP_TOKEN;

  // Every run counts the server's store commands (bench/count-store.ts: nil cost outside the bench).
  const countsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-bench-calls-'));
  const countsFile = path.join(countsDir, 'port');
  env.ROSTER_BENCH_STORE_CALLS = countsFile;
  const preload = [path.join(PROJECT_ROOT, 'bench', 'count-store.ts'), ...(opts.preload ?? [])].flatMap(
    (file) => ['--import', file],
  );
  const child = spawn(
    process.execPath,
    [...(opts.nodeFlags ?? []), '--import', 'tsx', ...preload, 'src/main.ts'],
    {
      cwd: PROJECT_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const tail: string[] = [];
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`Roster did not listen within 180 s: ${tail.join('\n')}`)),
      180_000,
    );
    readline.createInterface({ input: child.stdout! }).on('line', (text) => {
      tail.push(text);
      if (tail.length > 30) tail.shift();
      if (!text.includes('roster listening')) return;
      clearTimeout(timer);
      resolve((JSON.parse(text) as { port: number }).port);
    });
    readline.createInterface({ input: child.stderr! }).on('line', (text) => tail.push(text));
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`Roster exited during start-up:\n${tail.join('\n')}`));
    });
  });

  const storeUri = dataDir
    ? fs.readFileSync(path.join(dataDir, 'ferretdb', 'store.uri'), 'utf8').trim()
    : opts.mongodbUri!;
  // The server's children include tsx's esbuild service: the store is the one named like one.
  const storePid = dataDir
    ? childPids(child.pid!).find((pid) => /ferretdb|mongod/.test(commandLine(pid)))
    : undefined;
  const dbName = dataDir ? 'roster' : databaseOf(opts.mongodbUri!);

  // VmHWM is the kernel's own peak; the sampler is a cross-check and covers a process that dies early.
  const sampledPeakRssMiB = { server: 0, store: 0 };
  const sampler = setInterval(() => {
    sampledPeakRssMiB.server = Math.max(sampledPeakRssMiB.server, memoryMiB(child.pid)?.current ?? 0);
    sampledPeakRssMiB.store = Math.max(sampledPeakRssMiB.store, memoryMiB(storePid)?.current ?? 0);
  }, 250);
  sampler.unref();

  log(
    `Roster pid ${child.pid} on ${`http://127.0.0.1:${port}`}, store ${storeUri} (pid ${storePid ?? 'n/a'})`,
  );
  return {
    pid: child.pid!,
    storePid,
    baseUrl: `http://127.0.0.1:${port}`,
    storeUri,
    dbName,
    env,
    sampledPeakRssMiB,
    async storeCalls() {
      const port = fs.readFileSync(countsFile, 'utf8').trim();
      const res = await fetch(`http://127.0.0.1:${port}/`);
      return (await res.json()) as StoreCalls;
    },
    async stop() {
      clearInterval(sampler);
      await stopChild(child, exited);
      fs.rmSync(countsDir, { recursive: true, force: true });
      if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Creates a tenant and its token through the operator CLI, which reaches the running server's store. */
export async function createTenant(
  server: RosterUnderTest,
  name: string,
): Promise<{ tenantId: string; token: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', 'tenant', 'create', name, '--json'],
    {
      cwd: PROJECT_ROOT,
      env: { ...server.env, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  const line = stdout.split('\n').find((l) => l.startsWith('{"tenant"'));
  if (code !== 0 || !line) throw new Error(`roster tenant create failed (exit ${code}): ${stdout}${stderr}`);
  const parsed = JSON.parse(line) as { tenantId: string; token: string };
  return { tenantId: parsed.tenantId, token: parsed.token };
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 20_000).unref());
  if ((await Promise.race([exited, timeout])) === 'timeout') {
    child.kill('SIGKILL');
    await exited;
  }
}

function databaseOf(uri: string): string {
  const match = uri.match(/^mongodb(?:\+srv)?:\/\/[^/]+\/([^?]+)/);
  return match?.[1] ? decodeURIComponent(match[1]) : 'roster';
}

/** The same MongoDB URI with its database path replaced (Roster's database is the URI's path). */
export function withDatabase(uri: string, dbName: string): string {
  return uri.replace(/^(mongodb(?:\+srv)?:\/\/[^/?]+)(\/[^?]*)?/, `$1/${dbName}`);
}
