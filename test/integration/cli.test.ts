import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connectStore, type Store } from '../../src/store';
import { ensureFerretdbBinary } from '../../src/store/embedded/ferretdb-binary';
import { runningStoreUriFile, startFerretdb } from '../../src/store/embedded/ferretdb-process';
import { SCOPES } from '../../src/store/tokens/token-store';
import { cli, withDatabase } from '../harness/cli';
import { spawnRoster } from '../harness/process';
import { dropTestDatabase, silentLog, testStoreUri } from '../harness/store';

describe('roster CLI on MONGODB_URI', () => {
  const dbName = `cli_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const env = { MONGODB_URI: withDatabase(testStoreUri(), dbName) };
  let store: Store;

  beforeAll(async () => {
    store = await connectStore({ uri: testStoreUri(), dbName, log: silentLog });
  });
  afterAll(async () => {
    await dropTestDatabase(dbName);
    await store.close();
  });

  it('tenant create --json prints only the tenant and a token that has every scope', async () => {
    const run = await cli(env, ['tenant', 'create', 'acme', '--json']);

    expect(run).toMatchObject({ code: 0, stderr: [] });
    expect(run.lines).toEqual([{ tenant: 'acme', token: expect.any(String), tenantId: expect.any(String) }]);
    const { token, tenantId } = run.lines[0] as { token: string; tenantId: string };
    const presented = await store.tokens.authenticate(token);
    expect(presented).toMatchObject({ tenantId, name: 'initial' });
    expect([...presented!.scopes].sort()).toEqual([...SCOPES].sort());
    expect((await store.tenants.byName('acme'))?._id).toBe(tenantId);
  });

  it('tenant create without --json says the token is shown once; a duplicate name exits 1', async () => {
    const first = await cli(env, ['tenant', 'create', 'globex']);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Created tenant "globex"/);
    expect(first.stdout).toMatch(/rst_\S+/);
    expect(first.stdout).toMatch(/shown only this once/);

    const again = await cli(env, ['tenant', 'create', 'globex', '--json']);
    expect(again).toMatchObject({ code: 1, stdout: '', stderr: ['roster: Tenant "globex" already exists.'] });

    const listed = await cli(env, ['tenant', 'list', '--json']);
    expect(listed.lines[0]).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'globex', id: expect.any(String) })]),
    );
  });

  it('token create prints the secret once; token list never shows a secret; revoke ends the token', async () => {
    const tenant = await store.tenants.create('initech');
    const created = await cli(env, [
      'token',
      'create',
      '--tenant',
      'initech',
      '--name',
      'okta',
      '--scopes',
      'scim:read,scim:write',
      '--json',
    ]);
    expect(created).toMatchObject({ code: 0, stderr: [] });
    expect(created.lines).toEqual([
      {
        id: expect.any(String),
        name: 'okta',
        scopes: ['scim:read', 'scim:write'],
        token: expect.any(String),
      },
    ]);
    const { id, token } = created.lines[0] as { id: string; token: string };
    expect(await store.tokens.authenticate(token)).toMatchObject({ id, tenantId: tenant._id });

    const [json, human] = await Promise.all([
      cli(env, ['token', 'list', '--tenant', 'initech', '--json']),
      cli(env, ['token', 'list', '--tenant', 'initech']),
    ]);
    expect(json.lines).toEqual([
      [{ id, name: 'okta', scopes: ['scim:read', 'scim:write'], created: expect.any(String) }],
    ]);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain(id);
    for (const listing of [json.stdout, human.stdout]) {
      expect(listing).not.toContain(token);
      expect(listing).not.toMatch(/rst_|[0-9a-f]{64}/);
    }

    const revoked = await cli(env, ['token', 'revoke', '--tenant', 'initech', id]);
    expect(revoked).toMatchObject({ code: 0, stderr: [] });
    // This process read the token a moment ago and may trust that copy for up to TOKEN_CACHE_MS
    // (a revoke in another process takes that long to reach it); the store itself no longer has it.
    expect((await store.tokens.list(tenant._id)).map((t) => t.id)).not.toContain(id);

    const [twice, elsewhere] = await Promise.all([
      cli(env, ['token', 'revoke', '--tenant', 'initech', id]),
      cli(env, ['token', 'list', '--tenant', 'nosuch']),
    ]);
    expect(twice).toMatchObject({
      code: 1,
      stderr: [`roster: Tenant "initech" has no token with id "${id}".`],
    });
    expect(elsewhere).toMatchObject({ code: 1, stderr: ['roster: No tenant named "nosuch".'] });
  });

  it('token create and token revoke leave audit rows as the admin API does, naming the operator', async () => {
    const tenant = await store.tenants.create('hooli');
    const created = await cli(env, [
      'token',
      'create',
      '--tenant',
      'hooli',
      '--name',
      'entra',
      '--scopes',
      'scim:read',
      '--json',
    ]);
    expect(created).toMatchObject({ code: 0, stderr: [] });
    const { id, token } = created.lines[0] as { id: string; token: string };
    const issued = {
      action: 'token-issue',
      outcome: 'applied',
      channel: 'admin',
      actor: 'operator-cli',
      user: { id: null, userName: null },
      token: { id, name: 'entra' },
    };
    expect(await store.audit.list(tenant._id, { limit: 10 })).toEqual([expect.objectContaining(issued)]);

    expect(await cli(env, ['token', 'revoke', '--tenant', 'hooli', id])).toMatchObject({ code: 0 });
    const rows = await store.audit.list(tenant._id, { limit: 10 });
    expect(rows).toEqual([
      expect.objectContaining({ ...issued, action: 'token-revoke' }),
      expect.objectContaining(issued),
    ]);
    expect(JSON.stringify(rows)).not.toContain(token);

    // A revoke that revokes nothing audits nothing.
    expect((await cli(env, ['token', 'revoke', '--tenant', 'hooli', id])).code).toBe(1);
    expect(await store.audit.list(tenant._id, { limit: 10 })).toHaveLength(2);
  });

  it('an unknown scope exits 1 naming the valid ones', async () => {
    await store.tenants.create('umbrella');
    const run = await cli(env, [
      'token',
      'create',
      '--tenant',
      'umbrella',
      '--name',
      'x',
      '--scopes',
      'scim:root',
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toEqual([expect.stringMatching(/^roster: .*scim:root.*scim:read, scim:write, admin/)]);
    expect(await store.tokens.list((await store.tenants.byName('umbrella'))!._id)).toEqual([]);
  });

  it('usage: --help exits 0, no command or an unknown one exits 2, a missing option exits 2', async () => {
    const [help, none, unknown, missing] = await Promise.all([
      cli(env, ['--help']),
      cli(env, []),
      cli(env, ['tenant', 'destroy', 'acme']),
      cli(env, ['token', 'list']),
    ]);
    expect(help).toMatchObject({ code: 0, stderr: [] });
    expect(help.stdout).toMatch(/tenant create\s+NAME \[--json\]/);
    expect(none.code).toBe(2);
    expect(none.stdout).toMatch(/^Usage:/);
    expect(unknown).toMatchObject({ code: 2, stdout: '' });
    expect(unknown.stderr).toEqual([expect.stringMatching(/^roster: unknown command "tenant destroy"/)]);
    expect(missing).toMatchObject({ code: 2, stdout: '' });
    expect(missing.stderr).toEqual([expect.stringMatching(/^roster: missing --tenant NAME/)]);
  });
});

describe('roster CLI on the embedded store (no MONGODB_URI)', () => {
  let binary: string;
  let dataDir: string;
  beforeAll(async () => {
    binary = process.env.ROSTER_TEST_FERRETDB_BIN ?? (await ensureFerretdbBinary(silentLog));
  });
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-cli-'));
  });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  const embeddedEnv = () => ({ ROSTER_DATA_DIR: dataDir, FERRETDB_BIN: binary });

  /** The server's (or our own) embedded store on dataDir, as the CLI would reach it. */
  async function storeAt(uri: string): Promise<Store> {
    return connectStore({ uri, dbName: 'roster', log: silentLog });
  }

  it('with no server running, starts the embedded store for the command and stops it after', async () => {
    const run = await cli(embeddedEnv(), ['tenant', 'create', 'solo', '--json']);
    expect(run).toMatchObject({ code: 0, stderr: [] });
    const { token } = run.lines[0] as { token: string };
    expect(fs.existsSync(runningStoreUriFile(dataDir))).toBe(false);

    // The data directory's lock can be taken again: no store process of the CLI's still holds it.
    const embedded = await startFerretdb({ binary, dataDir, log: silentLog, timeoutMs: 30000 });
    try {
      const store = await storeAt(embedded.uri);
      expect(await store.tokens.authenticate(token)).toMatchObject({ name: 'initial' });
      await store.close();
    } finally {
      await embedded.stop();
    }
  });

  it('while a server runs on the data directory, goes through its store and leaves it serving', async () => {
    const server = spawnRoster({ PORT: '0', LOG_LEVEL: 'info', ...embeddedEnv() }, 'src/main.ts');
    try {
      const listening = await server.waitForLine((l) => l.msg === 'roster listening');

      const run = await cli({ ...embeddedEnv(), LOG_LEVEL: 'info' }, [
        'tenant',
        'create',
        'shared',
        '--json',
      ]);
      expect(run.code).toBe(0);
      // Its logs (stderr) show it connected to a store without starting one of its own.
      expect(run.stderr.join('\n')).toContain('store connected');
      expect(run.stderr.join('\n')).not.toContain('embedded store started');
      const { token } = run.lines[0] as { token: string };

      const store = await storeAt(fs.readFileSync(runningStoreUriFile(dataDir), 'utf8'));
      expect(await store.tokens.authenticate(token)).toMatchObject({ name: 'initial' });
      await store.close();
      const ready = await fetch(`http://127.0.0.1:${listening.port as number}/readyz`);
      expect(ready.status).toBe(200);
    } finally {
      server.child.kill('SIGINT');
      expect(await server.exited).toBe(0);
    }
  });
});
