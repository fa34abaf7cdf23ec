/**
 * Tenant isolation (docs/contract.md: "A token sees only its own tenant"): two tenants on one store,
 * tenant B probing everything it can about tenant A's users.
 */
import { startTestApp, type TestApp } from '../harness/app';
import {
  ENTERPRISE,
  createUser,
  expectScimError,
  expectStatus,
  filterQuery,
  managerOf,
  newTenant,
  patchOp,
  readUser,
  sansOrigin,
  scimClient,
  userBody,
  type ScimClient,
  type ScimUser,
} from '../harness/tenant';

describe('SCIM Users: tenant isolation', () => {
  let t: TestApp;
  let a: ScimClient;
  let b: ScimClient;
  let aliceA: ScimUser;
  let managerA: ScimUser;
  let bobB: ScimUser;

  beforeAll(async () => {
    t = await startTestApp();
    a = scimClient(t.app, (await newTenant(t.store)).token);
    b = scimClient(t.app, (await newTenant(t.store)).token);
    managerA = await createUser(a, 'manager@a.example', { title: 'Lead', externalId: 'ext-manager' });
    aliceA = await createUser(a, 'alice@shared.example', {
      title: 'Engineer',
      externalId: 'ext-alice',
      ...managerOf(managerA.id),
    });
    bobB = await createUser(b, 'bob@b.example', { title: 'Engineer' });
  });
  afterAll(() => t.close());

  it("tenant B cannot GET, PUT, PATCH or DELETE tenant A's user id → 404, and A's user is unchanged", async () => {
    expectScimError(await b.get(`/Users/${aliceA.id}`), 404);
    expectScimError(
      await b.put(`/Users/${aliceA.id}`, userBody('alice@shared.example', { title: 'Hijacked' })),
      404,
    );
    expectScimError(
      await b.patch(`/Users/${aliceA.id}`, patchOp({ op: 'replace', path: 'active', value: false })),
      404,
    );
    expectScimError(
      await b.patch(`/Users/${aliceA.id}`, patchOp({ op: 'replace', path: 'title', value: 'Hijacked' })),
      404,
    );
    expectScimError(await b.delete(`/Users/${aliceA.id}`), 404);
    expectScimError(await b.delete(`/Users/${managerA.id}`), 404);
    expect(sansOrigin(await readUser(a, aliceA.id))).toEqual(sansOrigin(aliceA));
    expect((await readUser(a, managerA.id)).active).toBe(true);
  });

  it("a 404 for another tenant's id reads exactly like one for an id nobody has", async () => {
    const foreign = await b.get(`/Users/${aliceA.id}`);
    const missing = await b.get('/Users/0d6f1e0c-8b7a-4c5d-9e3f-2a1b0c9d8e7f');
    expect(foreign.status).toBe(missing.status);
    expect(foreign.body.detail.replace(aliceA.id, 'ID')).toBe(
      missing.body.detail.replace('0d6f1e0c-8b7a-4c5d-9e3f-2a1b0c9d8e7f', 'ID'),
    );
  });

  it("lists and filters never return A's users to B", async () => {
    const all = await b.get('/Users?count=1000');
    expect(all.body.totalResults).toBe(1);
    expect(all.body.Resources.map((u: ScimUser) => u.id)).toEqual([bobB.id]);
    for (const filter of [
      'userName eq "alice@shared.example"',
      'userName eq "manager@a.example"',
      'externalId eq "ext-alice"',
      `id eq "${aliceA.id}"`,
      'title eq "Lead"',
      'userName co "a.example"',
      'emails[value co "shared.example"]',
      `${ENTERPRISE}:manager.value eq "${managerA.id}"`,
      'meta.created gt "2000-01-01T00:00:00Z" and not (userName eq "bob@b.example")',
    ]) {
      const res = await b.get(filterQuery(filter));
      expectStatus(res, 200);
      expect(res.body.totalResults).toBe(0);
      expect(res.body.Resources).toEqual([]);
    }
    // Filters matching everything match everything of B's only.
    for (const filter of [
      'title pr or not (title pr)',
      'meta.created gt "2000-01-01"',
      'userName ne "nobody"',
    ]) {
      const res = await b.get(filterQuery(filter));
      expect(res.body.totalResults).toBe(1);
      expect(res.body.Resources.map((u: ScimUser) => u.id)).toEqual([bobB.id]);
    }
    const engineers = await b.get(filterQuery('title eq "Engineer"'));
    expect(engineers.body.Resources.map((u: ScimUser) => u.id)).toEqual([bobB.id]);
    const search = await b.post('/.search', {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],
      filter: 'userName eq "alice@shared.example"',
    });
    expect(search.body.totalResults).toBe(0);
    let cursor = '';
    const seen: string[] = [];
    for (let guard = 0; guard < 10; guard += 1) {
      const page = await b.get(`/Users?count=1&cursor=${encodeURIComponent(cursor)}`);
      seen.push(...page.body.Resources.map((u: ScimUser) => u.id));
      if (page.body.nextCursor === undefined) break;
      cursor = page.body.nextCursor as string;
    }
    expect(seen).toEqual([bobB.id]);
  });

  it('B may create the same userName (and externalId) independently; each tenant finds its own', async () => {
    const bAlice = await b.post('/Users', userBody('Alice@Shared.example', { externalId: 'ext-alice' }));
    expectStatus(bAlice, 201);
    expect(bAlice.body.id).not.toBe(aliceA.id);
    const inA = await a.get(filterQuery('userName eq "alice@shared.example"'));
    const inB = await b.get(filterQuery('userName eq "alice@shared.example"'));
    expect(inA.body.Resources.map((u: ScimUser) => u.id)).toEqual([aliceA.id]);
    expect(inB.body.Resources.map((u: ScimUser) => u.id)).toEqual([bAlice.body.id]);
    expect((await b.get(filterQuery('externalId eq "ext-alice"'))).body.Resources[0].id).toBe(bAlice.body.id);
    expect((await a.get(filterQuery('externalId eq "ext-alice"'))).body.Resources[0].id).toBe(aliceA.id);
    // Within B, the name is now taken.
    expectScimError(await b.post('/Users', userBody('ALICE@shared.example')), 409, 'uniqueness');
    // Deleting B's alice leaves A's alone.
    expectStatus(await b.delete(`/Users/${bAlice.body.id}`), 204);
    expect((await readUser(a, aliceA.id)).userName).toBe('alice@shared.example');
  });

  it('a manager id from tenant A is refused in tenant B as unknown → 400 invalidValue (POST, PUT, PATCH)', async () => {
    const post = await b.post('/Users', userBody('carol@b.example', managerOf(managerA.id)));
    expectScimError(post, 400, 'invalidValue');
    expect(post.body.detail).toContain(managerA.id);
    expect((await b.get(filterQuery('userName eq "carol@b.example"'))).body.totalResults).toBe(0);

    expectScimError(
      await b.put(`/Users/${bobB.id}`, userBody('bob@b.example', managerOf(managerA.id))),
      400,
      'invalidValue',
    );
    expectScimError(
      await b.patch(
        `/Users/${bobB.id}`,
        patchOp({ op: 'Add', path: `${ENTERPRISE}:manager`, value: managerA.id }),
      ),
      400,
      'invalidValue',
    );
    const stored = await readUser(b, bobB.id);
    expect(stored[ENTERPRISE]).toBeUndefined();
    // A's manager gained no report from B: A may still move alice away and deactivate the manager.
    expectStatus(
      await a.patch(`/Users/${aliceA.id}`, patchOp({ op: 'remove', path: `${ENTERPRISE}:manager` })),
      200,
    );
    expectStatus(
      await a.patch(`/Users/${managerA.id}`, patchOp({ op: 'replace', path: 'active', value: false })),
      200,
    );
    expectStatus(
      await a.patch(`/Users/${managerA.id}`, patchOp({ op: 'replace', path: 'active', value: true })),
      200,
    );
    expectStatus(
      await a.patch(
        `/Users/${aliceA.id}`,
        patchOp({ op: 'add', path: `${ENTERPRISE}:manager`, value: managerA.id }),
      ),
      200,
    );
  });

  it("B's writes never show up in A: a B user renamed to an A userName is still B's only", async () => {
    const res = await b.patch(
      `/Users/${bobB.id}`,
      patchOp({ op: 'replace', path: 'userName', value: 'manager@a.example' }),
    );
    expectStatus(res, 200);
    expect(
      (await a.get(filterQuery('userName eq "manager@a.example"'))).body.Resources.map((u: ScimUser) => u.id),
    ).toEqual([managerA.id]);
    expect(
      (await b.get(filterQuery('userName eq "manager@a.example"'))).body.Resources.map((u: ScimUser) => u.id),
    ).toEqual([bobB.id]);
    expect((await a.get('/Users?count=0')).body.totalResults).toBe(2);
  });
});
