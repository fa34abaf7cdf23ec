import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../../log';

/** The project root, from src/store/embedded or dist/store/embedded alike. */
export const PROJECT_ROOT = path.resolve(__dirname, '..', '..', '..');
const MODULE_DIR = path.join(PROJECT_ROOT, 'tools', 'ferretdb');
const BINARY_NAME = 'roster-ferretdb';

export function goAvailable(): boolean {
  return spawnSync('go', ['version'], { stdio: 'ignore' }).status === 0;
}

/**
 * Where the embedded FerretDB binary for the current sources lives. The key is a hash of the Go
 * module's files, so editing tools/ferretdb/ rebuilds and an unchanged tree reuses the binary.
 */
export function cachedBinaryPath(): string {
  const hash = createHash('sha256');
  for (const file of ['go.mod', 'go.sum', 'main.go', 'build.sh']) {
    hash.update(fs.readFileSync(path.join(MODULE_DIR, file)));
  }
  return path.join(PROJECT_ROOT, '.cache', 'ferretdb', hash.digest('hex').slice(0, 16), BINARY_NAME);
}

/**
 * Returns a runnable FerretDB binary, building it once (tools/ferretdb/build.sh: `go build` of our
 * module against FerretDB with its `_id` lookups fixed to use their index) when the cache has none.
 * Builds go to a private directory and are renamed into place, so two processes building at
 * once both end with a complete binary.
 */
export async function ensureFerretdbBinary(log: Logger): Promise<string> {
  const target = cachedBinaryPath();
  if (fs.existsSync(target)) return target;

  const cacheRoot = path.dirname(path.dirname(target));
  fs.mkdirSync(cacheRoot, { recursive: true });
  const staging = fs.mkdtempSync(path.join(cacheRoot, '.build-'));
  log.info({ module: MODULE_DIR }, 'building the embedded store (FerretDB) once; later starts reuse it');
  const started = Date.now();
  try {
    await goBuild(path.join(staging, BINARY_NAME), log);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.renameSync(path.join(staging, BINARY_NAME), target);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  log.info({ binary: target, seconds: Math.round((Date.now() - started) / 1000) }, 'embedded store built');
  return target;
}

function goBuild(output: string, log: Logger): Promise<void> {
  return new Promise((resolve, reject) => {
    // go build -v prints each package as it is compiled: the progress of a build of a minute or two.
    const child = spawn('bash', [path.join(MODULE_DIR, 'build.sh'), output], {
      cwd: MODULE_DIR,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let compiled = 0;
    let lastReport = Date.now();
    const tail: string[] = [];
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      for (const line of chunk.split('\n').filter(Boolean)) {
        tail.push(line);
        if (tail.length > 20) tail.shift();
        if (!line.includes(' ')) compiled += 1;
      }
      if (Date.now() - lastReport > 5000) {
        lastReport = Date.now();
        log.info({ packagesCompiled: compiled }, 'building the embedded store');
      }
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`the embedded store build failed (exit ${code}):\n${tail.join('\n')}`));
    });
  });
}
