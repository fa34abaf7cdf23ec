/**
 * The CLI as the package ships it (issue 16 item 7): `npm run roster` needs tsx, a devDependency,
 * so an image with production dependencies only had no CLI at all. `npm run build` compiles it
 * into dist/ and package.json names it as the `roster` bin, which the Docker image puts on PATH
 * (`docker exec … roster tenant create …`). This runs the real build and then the built file as
 * an executable, with nothing but node and production code, as the image would.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { connectStore } from '../../src/store';
import { withDatabase } from '../harness/cli';
import { PROJECT_ROOT } from '../harness/process';
import { dropTestDatabase, silentLog, testStoreUri } from '../harness/store';

describe('the roster bin', () => {
  it('npm run build makes the package bin an executable that creates a tenant', async () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
      bin?: Record<string, string>;
    };
    expect(pkg.bin?.roster).toBe('dist/cli/main.js');
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: PROJECT_ROOT, stdio: 'pipe' });
    const bin = path.join(PROJECT_ROOT, pkg.bin!.roster!);
    expect(fs.statSync(bin).mode & 0o111).not.toBe(0);

    const dbName = `cli_bin_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    // Run from elsewhere, by its path, as a symlink on PATH would run it: no npm, no tsx.
    const run = spawnSync(bin, ['tenant', 'create', 'bin-acme', '--json'], {
      cwd: path.parse(PROJECT_ROOT).root,
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'production',
        MONGODB_URI: withDatabase(testStoreUri(), dbName),
      },
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const printed = JSON.parse(run.stdout) as { tenant: string; tenantId: string };
    expect(printed.tenant).toBe('bin-acme');

    const store = await connectStore({ uri: testStoreUri(), dbName, log: silentLog });
    try {
      expect((await store.tenants.byName('bin-acme'))?._id).toBe(printed.tenantId);
    } finally {
      await store.close();
      await dropTestDatabase(dbName);
    }
  }, 240_000);
});
