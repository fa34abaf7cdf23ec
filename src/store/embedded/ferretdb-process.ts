import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import type { Logger } from '../../log';
import type { EmbeddedServer } from './embedded-server';

/**
 * Runs tools/ferretdb (FerretDB on SQLite) as a child process with its data under `dataDir`,
 * listening on 127.0.0.1 only, on `port` (default: any free one). The child prints {"uri": ...}
 * once it listens, and exits on SIGTERM or when its stdin closes, so it cannot outlive this
 * process even after a SIGKILL. One run: src/store/embedded/supervisor.ts restarts it.
 */
export async function startFerretdb(opts: {
  binary: string;
  dataDir: string;
  log: Logger;
  timeoutMs: number;
  port?: number;
}): Promise<EmbeddedServer> {
  const dir = path.join(opts.dataDir, 'ferretdb');
  fs.mkdirSync(dir, { recursive: true });
  const child = spawn(opts.binary, ['--dir', dir, '--listen', `127.0.0.1:${opts.port ?? 0}`], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const stderrTail: string[] = [];
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    for (const line of chunk.split('\n').filter(Boolean)) {
      stderrTail.push(line);
      if (stderrTail.length > 20) stderrTail.shift();
      opts.log.warn({ store: 'ferretdb', line }, 'embedded store said');
    }
  });

  const uri = await readUri(child, opts.timeoutMs, stderrTail);
  opts.log.info({ store: 'ferretdb', pid: child.pid, dataDir: dir }, 'embedded store started');
  // The operator CLI finds the running server's store here (the data directory is locked to it).
  const uriFile = runningStoreUriFile(opts.dataDir);
  fs.writeFileSync(uriFile, uri, { mode: 0o600 });

  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      fs.rmSync(uriFile, { force: true });
      resolve();
    }),
  );
  return {
    kind: 'ferretdb',
    uri,
    pid: child.pid,
    exited,
    restarts: 0,
    stop: () => stopChild(child, exited),
  };
}

/** Where a running embedded store publishes its address, for the CLI. */
export function runningStoreUriFile(dataDir: string): string {
  return path.join(dataDir, 'ferretdb', 'store.uri');
}

function readUri(child: ChildProcess, timeoutMs: number, stderrTail: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout! });
    const fail = (why: string) => {
      clearTimeout(timer);
      lines.close();
      child.kill('SIGKILL');
      reject(new Error(`${why}${stderrTail.length ? `: ${stderrTail.join(' | ')}` : ''}`));
    };
    const timer = setTimeout(() => fail(`embedded store did not start within ${timeoutMs} ms`), timeoutMs);
    child.once('error', (err) => fail(`embedded store could not be started (${err.message})`));
    child.once('exit', (code) => fail(`embedded store exited during start-up (exit ${code})`));
    lines.once('line', (line) => {
      clearTimeout(timer);
      child.removeAllListeners('exit');
      child.removeAllListeners('error');
      try {
        const { uri } = JSON.parse(line) as { uri?: unknown };
        if (typeof uri !== 'string') throw new Error('no uri');
        resolve(uri);
      } catch {
        fail(`embedded store printed an unexpected first line: ${line}`);
      }
    });
  });
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.stdin?.end();
  child.kill('SIGTERM');
  const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 5000).unref());
  if ((await Promise.race([exited, timeout])) === 'timeout') {
    child.kill('SIGKILL');
    await exited;
  }
}
