import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { PROJECT_ROOT } from './process';

const MODULE_DIR = path.join(PROJECT_ROOT, 'tools', 'mongo-java-server');
const JAR = path.join(MODULE_DIR, 'target', 'roster-mongo-java-server.jar');
const SOURCES = [path.join(MODULE_DIR, 'pom.xml'), path.join(MODULE_DIR, 'src')];
const START_TIMEOUT_MS = 30_000;

export interface AtomicStore {
  /** A MongoDB connection string without a database; see `databaseUri`. */
  uri: string;
  stop(): Promise<void>;
}

/**
 * A store with MongoDB's single-document atomicity, which tests that spread Roster over several
 * processes need (the embedded FerretDB lacks it; docs/store.md): MONGODB_URI when set, a real
 * MongoDB; else mongo-java-server (tools/mongo-java-server), built with Maven when its jar is
 * missing or older than its sources, and run with `java -jar` until `stop()`.
 */
export async function startAtomicStore(): Promise<AtomicStore> {
  const given = process.env.MONGODB_URI;
  if (given) return { uri: given, stop: () => Promise.resolve() };
  if (!toolWorks('java', ['-version'])) {
    throw new Error(
      'the atomic test store needs Java 17+ (java on PATH) to run tools/mongo-java-server, or MONGODB_URI set to a MongoDB',
    );
  }
  if (!jarIsCurrent()) await buildJar();
  return runJar();
}

/** `uri` with its database path set to `dbName` (Roster takes its database from there); options kept. */
export function databaseUri(uri: string, dbName: string): string {
  const match = /^(mongodb(?:\+srv)?:\/\/[^/?]+)\/?[^?]*(\?.*)?$/.exec(uri);
  if (!match) throw new Error(`not a MongoDB connection string: ${uri}`);
  return `${match[1]}/${dbName}${match[2] ?? ''}`;
}

function toolWorks(command: string, args: string[]): boolean {
  return spawnSync(command, args, { stdio: 'ignore' }).status === 0;
}

function newestMtime(file: string): number {
  const stat = fs.statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...fs.readdirSync(file).map((name) => newestMtime(path.join(file, name))));
}

function jarIsCurrent(): boolean {
  return fs.existsSync(JAR) && fs.statSync(JAR).mtimeMs >= Math.max(...SOURCES.map(newestMtime));
}

/** `mvn package`; its output goes to the terminal: the first build downloads dependencies for a minute. */
function buildJar(): Promise<void> {
  if (!toolWorks('mvn', ['-v'])) {
    throw new Error(
      `the atomic test store needs Maven (mvn on PATH) to build ${JAR} once, or MONGODB_URI set to a MongoDB`,
    );
  }
  process.stderr.write(`atomic test store: building ${path.relative(PROJECT_ROOT, JAR)} with Maven\n`);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const mvn = spawn('mvn', ['-B', '--no-transfer-progress', 'package'], {
      cwd: MODULE_DIR,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    mvn.on('error', reject);
    mvn.on('exit', (code) => {
      if (code !== 0)
        return reject(new Error(`mvn package in ${MODULE_DIR} failed (exit ${code}); see its output`));
      process.stderr.write(`atomic test store: built in ${Math.round((Date.now() - started) / 1000)} s\n`);
      resolve();
    });
  });
}

/** Starts the jar; it prints its URI as one JSON line and exits when its stdin closes. */
function runJar(): Promise<AtomicStore> {
  const child = spawn('java', ['-jar', JAR], { stdio: ['pipe', 'pipe', 'pipe'] });
  const stderr: string[] = [];
  readline.createInterface({ input: child.stderr! }).on('line', (line) => stderr.push(line));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (why: string) => {
      if (settled) return;
      settled = true;
      child.kill('SIGKILL');
      reject(new Error(`mongo-java-server ${why}; stderr:\n${stderr.slice(-20).join('\n')}`));
    };
    const timer = setTimeout(() => fail(`printed no URI within ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS);
    void exited.then(() => fail('exited before printing its URI'));
    readline.createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timer);
      if (settled) return;
      settled = true;
      const { uri } = JSON.parse(line) as { uri: string };
      resolve({ uri, stop: () => stopJar(child, exited) });
    });
  });
}

async function stopJar(child: ChildProcess, exited: Promise<void>): Promise<void> {
  child.stdin!.end();
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
