/**
 * A store whose disk is full (issue 16 item 3): every write was an opaque 500 and /readyz stayed
 * 200. Now a write is 503 + Retry-After with a detail an operator can act on, /readyz is 503
 * saying why, the log says it and a metric counts it, a /Bulk says what it did and did not do,
 * and all of it clears by itself once there is room again.
 *
 * The "disk" is a real one: an embedded FerretDB started by this test with its data directory
 * on a 24 MB tmpfs (test/harness/filesystem.ts), filled with a file until the kernel answers
 * ENOSPC, so SQLite fails exactly as on a full volume ("database or disk is full").
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Express } from 'express';
import pino from 'pino';
import request from 'supertest';
import { buildApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { connectStore, type Store } from '../../src/store';
import type { EmbeddedServer } from '../../src/store/embedded/embedded-server';
import { ensureFerretdbBinary } from '../../src/store/embedded/ferretdb-binary';
import { startFerretdb } from '../../src/store/embedded/ferretdb-process';
import { mountSmallFilesystem, type SmallFilesystem } from '../harness/filesystem';
import { silentLog } from '../harness/store';
import { expectScimError, newTenant, scimClient, userBody, type ScimClient } from '../harness/tenant';

const BULK_REQUEST = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';

describe('store out of disk space', () => {
  let disk: SmallFilesystem;
  let server: EmbeddedServer;
  let store: Store;
  let app: Express;
  let scim: ScimClient;
  const logged: Record<string, unknown>[] = [];

  beforeAll(async () => {
    const binary = process.env.ROSTER_TEST_FERRETDB_BIN ?? (await ensureFerretdbBinary(silentLog));
    disk = mountSmallFilesystem(24 * 1024 * 1024);
    server = await startFerretdb({ binary, dataDir: disk.dir, log: silentLog, timeoutMs: 30000 });
    const log = pino({ level: 'info' }, { write: (line: string) => void logged.push(JSON.parse(line)) });
    store = await connectStore({ uri: server.uri, dbName: 'full', log });
    app = buildApp({ config: loadConfig({ ROSTER_METRICS_PUBLIC: 'true' }), store, log });
    scim = scimClient(app, (await newTenant(store)).token);
  });
  afterAll(async () => {
    await store?.close();
    await server?.stop();
    disk?.unmount();
  });

  it('writes answer 503 + Retry-After saying what to do, /readyz says why, and both clear once there is room', async () => {
    expect((await scim.post('/Users', userBody('before.full@full.example'))).status).toBe(201);
    expect((await request(app).get('/readyz')).status).toBe(200);

    const filler = disk.fill();
    // A small write may still fit in pages SQLite already freed; a few creates exhaust those.
    let refused;
    for (let i = 0; i < 200 && refused === undefined; i += 1) {
      const res = await scim.post('/Users', userBody(`u${i}.${'x'.repeat(200)}@full.example`));
      if (res.status !== 201) refused = res;
    }
    expect(refused).toBeDefined();
    expectScimError(refused!, 503);
    expect(refused!.headers['retry-after']).toBe('60');
    expect(refused!.body.detail).toMatch(/disk is full or its files are read-only/);
    expect(refused!.body.detail).toContain('ROSTER_DATA_DIR');

    const notReady = await request(app).get('/readyz');
    expect(notReady.status).toBe(503);
    expect(notReady.body).toEqual({
      status: 'store cannot write',
      detail: expect.stringContaining('disk is full'),
    });

    // The admin API answers the same outage in its own shape.
    const admin = await request(app)
      .post('/api/v1/users/import')
      .set('Authorization', scim.authorization)
      .set('Content-Type', 'text/csv')
      .send('userName,Title\r\nbefore.full@full.example,Engineer\r\n');
    expect(admin.status).toBe(503);
    expect(admin.body.error).toMatchObject({ kind: 'store-full', retryAfterSeconds: 60 });

    // A /Bulk while the disk is full: either nothing was done (one 503), or what was done is
    // reported with its own status and the rest 503, never a bare 500.
    const bulk = await scim.post('/Bulk', {
      schemas: [BULK_REQUEST],
      Operations: [1, 2, 3].map((n) => ({
        method: 'POST',
        path: '/Users',
        bulkId: `b${n}`,
        data: userBody(`bulk${n}.${'y'.repeat(200)}@full.example`),
      })),
    });
    if (bulk.status === 503) expectScimError(bulk, 503);
    else {
      expect(bulk.status).toBe(200);
      const statuses = (bulk.body.Operations as { status: string }[]).map((o) => o.status);
      expect(statuses).toHaveLength(3);
      expect(statuses.join(',')).toMatch(/^(201,)*503(,503)*$/);
    }

    const metrics = await request(app).get('/metrics');
    expect(Number(/^roster_store_full_total (\d+)$/m.exec(metrics.text)?.[1])).toBeGreaterThan(0);
    expect(logged.some((l) => l.msg === 'store cannot write: disk full or read-only' && l.level === 50)).toBe(
      true,
    );

    // Room again: /readyz's probe write succeeds, and so do the IdP's retries.
    fs.rmSync(filler);
    expect(fs.existsSync(path.join(disk.dir, 'filler'))).toBe(false);
    const ready = await request(app).get('/readyz');
    expect(ready.status).toBe(200);
    expect((await scim.post('/Users', userBody('after.full@full.example'))).status).toBe(201);
  });
});
