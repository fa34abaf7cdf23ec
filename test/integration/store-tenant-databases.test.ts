import { randomUUID } from 'node:crypto';
import type { Express } from 'express';
import { buildApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import {
  connectStore,
  TENANT_COLLECTIONS,
  tenantDatabaseName,
  type Store,
  type StoreOperation,
} from '../../src/store';
import { rawDatabase, silentLog, testStoreUri, type RawDatabase } from '../harness/store';
import { newTenant, scimClient, userBody } from '../harness/tenant';
import { storedUser } from '../harness/stored-user';
import { tenantDatabases } from '../../src/store/tenant-databases';

/**
 * Tenant isolation in the store's layout (docs/store.md): on FerretDB each tenant's collections
 * are a database of their own, so a tenant's listing reads its own documents only; on MongoDB
 * they stay shared, the tenant-prefixed indexes confining each query. Which one applies is the
 * store's capability `databasePerTenant`; every test states what it must be on both.
 */
describe('a database per tenant', () => {
  const dbName = `roster_test_tdb_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  let store: Store;
  let raw: RawDatabase;
  let app: Express;
  let ops: StoreOperation[] = [];
  const open = () =>
    connectStore({
      uri: testStoreUri(),
      dbName,
      log: silentLog,
      testing: { onOperation: (op) => ops.push(op) },
    });

  beforeAll(async () => {
    store = await open();
    raw = await rawDatabase(dbName);
    app = buildApp({ config: loadConfig({}), store, log: silentLog });
  });
  afterAll(async () => {
    await store.close();
    await raw.drop();
    await raw.close();
  });

  /** Where a tenant's collections are: its own database, or the shared main one. */
  const databaseOf = (tenantId: string) =>
    store.capabilities.databasePerTenant ? tenantDatabaseName(dbName, tenantId) : dbName;

  const bulkUser = (tenantId: string, i: number) => storedUser(tenantId, `bulk${i}@big.example`);

  it('is FerretDB only: MongoDB keeps the shared collections', () => {
    expect(store.capabilities.databasePerTenant).toBe(store.capabilities.engine === 'ferretdb');
  });

  it("a 2-user tenant beside a 5,000-user one lists and counts 2, touching only its own database's collections", async () => {
    const big = await newTenant(store);
    const small = await newTenant(store);
    // Stored directly: only the neighbour's size is under test, and 5,000 SCIM creates take minutes.
    const neighbours = raw.tenantCollection(big.tenantId, 'users');
    for (let start = 0; start < 5000; start += 1000) {
      await neighbours.insertMany(
        Array.from({ length: 1000 }, (_, i) => bulkUser(big.tenantId, start + i)) as never[],
      );
    }
    const scim = scimClient(app, small.token);
    for (const name of ['ana@small.example', 'raj@small.example'])
      expect((await scim.post('/Users', userBody(name))).status).toBe(201);

    if (store.capabilities.databasePerTenant) {
      expect(databaseOf(small.tenantId)).not.toBe(databaseOf(big.tenantId));
      expect(await raw.tenantCollection(small.tenantId, 'users').countDocuments({})).toBe(2);
      expect(await raw.tenantCollection(big.tenantId, 'users').countDocuments({})).toBe(5000);
      // Nothing of either tenant is in the main database's collections.
      expect(await raw.collection('users').countDocuments({})).toBe(0);
    } else {
      expect(await raw.collection('users').countDocuments({})).toBe(5002);
    }

    ops = [];
    const listed = await scim.get('/Users?count=100');
    expect(listed.status).toBe(200);
    expect(listed.body.totalResults).toBe(2);
    expect((listed.body.Resources as { userName: string }[]).map((u) => u.userName).sort()).toEqual([
      'ana@small.example',
      'raj@small.example',
    ]);
    const listOps = ops.filter((op) => (TENANT_COLLECTIONS as readonly string[]).includes(op.collectionName));
    expect(listOps.map((op) => op.collectionName)).toContain('users');
    expect(new Set(listOps.map((op) => op.database))).toEqual(new Set([databaseOf(small.tenantId)]));

    ops = [];
    expect(await store.users.count(small.tenantId, {})).toBe(2);
    expect(ops.map((op) => `${op.database}/${op.collectionName}.${op.method}`)).toEqual([
      `${databaseOf(small.tenantId)}/users.countDocuments`,
    ]);
  });

  it('tenants.remove drops the tenant database', async () => {
    const gone = await newTenant(store);
    const scim = scimClient(app, gone.token);
    expect((await scim.post('/Users', userBody('only@gone.example'))).status).toBe(201);
    const name = tenantDatabaseName(dbName, gone.tenantId);
    expect(await raw.tenantDatabases()).toContain(name);
    await store.tenants.remove(gone.tenantId);
    expect(await raw.tenantDatabases()).not.toContain(name);
  });

  describe('the upgrade: documents in the shared collections move to their tenant databases at start', () => {
    it('moves users, keys, groups, memberships and audit rows; resumes a half-done move; a second start moves nothing', async () => {
      const a = await newTenant(store);
      const b = await newTenant(store);
      const shared = (name: (typeof TENANT_COLLECTIONS)[number]) => raw.collection(name);
      // As an older Roster stored them: every tenant in the main database's collections.
      const users = [bulkUser(a.tenantId, 1), bulkUser(a.tenantId, 2), bulkUser(b.tenantId, 3)];
      await shared('users').insertMany(users as never[]);
      await shared('user_keys').insertMany(
        users.map((u) => ({ _id: `${u.tenantId}|u|${u.userNameKey}`, tenantId: u.tenantId, userId: u._id })),
      );
      const groupId = randomUUID();
      await shared('groups').insertOne({
        _id: groupId,
        tenantId: a.tenantId,
        displayName: 'Eng',
        displayNameKey: 'eng',
        version: 1,
        created: new Date(),
        lastModified: new Date(),
      });
      await shared('group_members').insertOne({
        _id: `${groupId}|${users[0]!._id}`,
        tenantId: a.tenantId,
        groupId,
        userId: users[0]!._id,
      });
      await shared('audit_events').insertOne({
        _id: randomUUID(),
        tenantId: b.tenantId,
        at: new Date(),
        actor: 'older-roster',
        channel: 'scim',
        action: 'create',
        userId: users[2]!._id,
        userName: users[2]!.userName,
        outcome: 'applied',
      });
      // A move that stopped after its insert and before its delete: the document is in both.
      if (store.capabilities.databasePerTenant)
        await raw.tenantCollection(a.tenantId, 'users').insertOne(users[0] as never);

      await store.close();
      store = await open();
      app = buildApp({ config: loadConfig({}), store, log: silentLog });

      if (store.capabilities.databasePerTenant) {
        for (const name of TENANT_COLLECTIONS) expect(await shared(name).countDocuments({})).toBe(0);
        expect(await raw.tenantCollection(a.tenantId, 'users').countDocuments({})).toBe(2);
        expect(await raw.tenantCollection(b.tenantId, 'users').countDocuments({})).toBe(1);
      } else {
        expect(await shared('users').countDocuments({ tenantId: { $in: [a.tenantId, b.tenantId] } })).toBe(3);
      }
      // Served as before: by id, by key (the key documents moved too), the group with its member, the trail.
      expect((await store.users.byId(a.tenantId, users[1]!._id))?.userName).toBe(users[1]!.userName);
      const scimA = scimClient(app, a.token);
      const hit = await scimA.get(
        `/Users?filter=${encodeURIComponent(`userName eq "${users[0]!.userName}"`)}`,
      );
      expect(hit.body.Resources.map((u: { id: string }) => u.id)).toEqual([users[0]!._id]);
      expect(await store.groups.memberships.memberIds(a.tenantId, groupId)).toEqual([users[0]!._id]);
      expect((await store.audit.list(b.tenantId, { limit: 10 })).map((e) => e.actor)).toContain(
        'older-roster',
      );
      // Another tenant sees none of it.
      expect(await store.users.byId(b.tenantId, users[0]!._id)).toBeNull();

      const before = await Promise.all(
        [a.tenantId, b.tenantId].map((t) => raw.tenantCollection(t, 'users').countDocuments({})),
      );
      await store.close();
      store = await open();
      app = buildApp({ config: loadConfig({}), store, log: silentLog });
      const after = await Promise.all(
        [a.tenantId, b.tenantId].map((t) => raw.tenantCollection(t, 'users').countDocuments({})),
      );
      expect(after).toEqual(before);
    });
  });

  describe('a process keeps a bounded number of tenant database handles (docs/store.md)', () => {
    it('past the bound the least recently used handle is let go: models held across it still work, the next use opens a new handle without making indexes again', async () => {
      const opened: string[] = [];
      const connection = raw.connection;
      // mongoose's record of the handles a connection passes its state on to (what letGo removes from).
      const handleCount = () => (connection as unknown as { otherDbs: unknown[] }).otherDbs.length;
      const handlesBefore = handleCount();
      const databases = tenantDatabases(connection, {
        perTenant: store.capabilities.databasePerTenant,
        maxHandles: 2,
        onDatabase: (db) => opened.push(db.name),
      });
      const [t1, t2, t3] = [randomUUID(), randomUUID(), randomUUID()];
      if (!databases.perTenant) {
        // MongoDB: every tenant is served by the one shared handle; nothing is opened to bound.
        expect(await databases.of(t1)).toBe(databases.shared);
        expect(opened).toEqual([]);
        return;
      }
      const held = await databases.of(t1);
      await databases.of(t2);
      await databases.of(t1); // t1 is now the most recently used: t2 goes first
      await databases.of(t3);
      expect(handleCount() - handlesBefore).toBe(2);
      expect(opened).toEqual([t1, t2, t3].map((t) => tenantDatabaseName(dbName, t)));

      await databases.of(t2); // t2 again: a new handle, t1 let go
      expect(opened).toHaveLength(4);
      expect(handleCount() - handlesBefore).toBe(2);
      // A request that took t1's models before they were let go finishes on them.
      await held.users.collection.insertOne(bulkUser(t1, 1) as never);
      // Indexes are made once per tenant per process: dropped here, a new handle does not remake them.
      await raw.tenantCollection(t1, 'users').dropIndexes();
      const again = await databases.of(t1);
      expect(opened).toHaveLength(5);
      expect(await again.users.collection.countDocuments({})).toBe(1);
      expect((await raw.tenantCollection(t1, 'users').indexes()).map((i) => i.name)).toEqual(['_id_']);
    });

    it('a store bounded to 2 handles serves 4 tenants, each reading its own users after its handle was let go', async () => {
      const bounded = await connectStore({
        uri: testStoreUri(),
        dbName,
        log: silentLog,
        testing: { tenantHandlesMax: 2 },
      });
      try {
        const served = buildApp({ config: loadConfig({}), store: bounded, log: silentLog });
        const tenants = await Promise.all([1, 2, 3, 4].map(() => newTenant(bounded)));
        const ids: string[] = [];
        for (const [i, t] of tenants.entries()) {
          const created = await scimClient(served, t.token).post('/Users', userBody(`u${i}@bounded.example`));
          expect(created.status).toBe(201);
          ids.push(created.body.id as string);
        }
        for (const [i, t] of tenants.entries()) {
          const scim = scimClient(served, t.token);
          const read = await scim.get(`/Users/${ids[i]}`);
          expect(read.status).toBe(200);
          expect(read.body.userName).toBe(`u${i}@bounded.example`);
          expect((await scim.get('/Users')).body.totalResults).toBe(1);
          // Another tenant's id is not found: the handle reopened is the tenant's own database.
          expect((await scim.get(`/Users/${ids[(i + 1) % 4]}`)).status).toBe(404);
        }
      } finally {
        await bounded.close();
      }
    });
  });

  it("dropping a test's database drops its tenant databases too (test/harness/store.ts)", async () => {
    const other = `${dbName}_drop`;
    const second = await connectStore({ uri: testStoreUri(), dbName: other, log: silentLog });
    const someone = await newTenant(second);
    const scim = scimClient(
      buildApp({ config: loadConfig({}), store: second, log: silentLog }),
      someone.token,
    );
    expect((await scim.post('/Users', userBody('x@drop.example'))).status).toBe(201);
    await second.close();
    const otherRaw = await rawDatabase(other);
    if (second.capabilities.databasePerTenant) expect(await otherRaw.tenantDatabases()).toHaveLength(1);
    await otherRaw.drop();
    expect(await otherRaw.tenantDatabases()).toEqual([]);
    await otherRaw.close();
  });
});
