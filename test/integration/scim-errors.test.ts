/**
 * Errors (RFC 7644 §3.12) as a SCIM client sees them: every one is application/scim+json with the
 * Error schema and a status string, never a 500; and a refused write changes nothing.
 */
import zlib from 'node:zlib';
import pino from 'pino';
import request from 'supertest';
import { startTestApp, type TestApp } from '../harness/app';
import {
  CORE,
  ENTERPRISE,
  SCIM_JSON,
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
  TEST_OPERATOR,
} from '../harness/tenant';

const MISSING_ID = '4f1c2e9a-8d5b-4c3e-9f7a-1b2c3d4e5f60';

describe('SCIM Users: errors', () => {
  let t: TestApp;
  let client: ScimClient;

  beforeAll(async () => {
    t = await startTestApp();
    const { token } = await newTenant(t.store);
    client = scimClient(t.app, token);
  });
  afterAll(() => t.close());

  /** How many users the tenant of `client` has. */
  const total = async (c: ScimClient = client) => (await c.get('/Users?count=0')).body.totalResults as number;

  describe('authentication and scopes', () => {
    it.each([
      ['GET', '/scim/v2/Users'],
      ['POST', '/scim/v2/Users'],
      ['GET', '/scim/v2/ServiceProviderConfig'],
      ['GET', `/scim/v2/Users/${MISSING_ID}`],
      ['DELETE', `/scim/v2/Users/${MISSING_ID}`],
    ])(
      '%s %s without a token → 401 with WWW-Authenticate: Bearer and a SCIM error body',
      async (method, path) => {
        const res = await request(t.app)[method === 'GET' ? 'get' : method === 'POST' ? 'post' : 'delete'](
          path,
        );
        expectScimError(res, 401, null);
        expect(res.headers['www-authenticate']).toMatch(/^Bearer\b/);
      },
    );

    it('an unknown token, a malformed header and Basic credentials → 401 with WWW-Authenticate: Bearer', async () => {
      for (const header of [
        'Bearer rst_not-a-real-token',
        'Bearer',
        'Basic dXNlcjpwYXNz',
        'rst_token-without-scheme',
      ]) {
        const res = await request(t.app).get('/scim/v2/Users').set('Authorization', header);
        expectScimError(res, 401, null);
        expect(res.headers['www-authenticate']).toMatch(/^Bearer\b/);
      }
    });

    it('401 is decided before the body is read: an unauthenticated malformed or oversized body is still 401', async () => {
      const malformed = await request(t.app)
        .post('/scim/v2/Users')
        .set('Content-Type', 'application/scim+json')
        .send('{"schemas": [');
      expectScimError(malformed, 401);
      const big = await request(t.app)
        .post('/scim/v2/Users')
        .set('Content-Type', 'application/scim+json')
        .send(JSON.stringify({ pad: 'x'.repeat(1_200_000) }));
      expectScimError(big, 401);
    });

    it('a revoked token → 401 on its next request', async () => {
      const { tenantId } = await newTenant(t.store);
      const issued = await t.store.tokens.issue(
        tenantId,
        'short-lived',
        ['scim:read', 'scim:write'],
        TEST_OPERATOR,
      );
      const temp = scimClient(t.app, issued.secret);
      expectStatus(await temp.get('/Users'), 200);
      expect(await t.store.tokens.revoke(tenantId, issued.id, TEST_OPERATOR)).toBe(true);
      const res = await temp.get('/Users');
      expectScimError(res, 401);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer\b/);
    });

    it('a token with only the admin scope gets 403 on SCIM reads and writes', async () => {
      const { tenantId } = await newTenant(t.store);
      const admin = scimClient(
        t.app,
        (await t.store.tokens.issue(tenantId, 'admin-only', ['admin'], TEST_OPERATOR)).secret,
      );
      expectScimError(await admin.get('/Users'), 403);
      expectScimError(await admin.post('/Users', userBody('admin.only@example.com')), 403);
    });

    it('a read-only token (scope scim:read) may GET and .search but gets 403 on POST/PUT/PATCH/DELETE, and nothing changes', async () => {
      const { tenantId } = await newTenant(t.store);
      const writer = scimClient(
        t.app,
        (await t.store.tokens.issue(tenantId, 'writer', ['scim:read', 'scim:write'], TEST_OPERATOR)).secret,
      );
      const reader = scimClient(
        t.app,
        (await t.store.tokens.issue(tenantId, 'reader', ['scim:read'], TEST_OPERATOR)).secret,
      );
      const user = await createUser(writer, 'read.only@example.com');

      expectStatus(await reader.get('/Users'), 200);
      expectStatus(await reader.get(`/Users/${user.id}`), 200);
      expectStatus(
        await reader.post('/Users/.search', {
          schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],
        }),
        200,
      );
      expectScimError(await reader.post('/Users', userBody('new.user@example.com')), 403, null);
      expectScimError(
        await reader.put(`/Users/${user.id}`, userBody('read.only@example.com', { title: 'X' })),
        403,
      );
      expectScimError(
        await reader.patch(`/Users/${user.id}`, patchOp({ op: 'replace', path: 'active', value: false })),
        403,
      );
      expectScimError(await reader.delete(`/Users/${user.id}`), 403);

      expect(sansOrigin(await readUser(writer, user.id))).toEqual(sansOrigin(user));
      expect(await total(writer)).toBe(1);
    });

    it('a token with only scim:write (no scim:read) gets 403 on GET', async () => {
      const { tenantId } = await newTenant(t.store);
      const writeOnly = scimClient(
        t.app,
        (await t.store.tokens.issue(tenantId, 'w', ['scim:write'], TEST_OPERATOR)).secret,
      );
      expectScimError(await writeOnly.get('/Users'), 403);
      expectStatus(await writeOnly.post('/Users', userBody('write.only@example.com')), 201);
    });
  });

  describe('request bodies', () => {
    it('malformed JSON → 400 invalidSyntax on POST, PUT and PATCH', async () => {
      const user = await createUser(client, 'malformed.json@example.com');
      for (const [method, path] of [
        ['post', '/Users'],
        ['put', `/Users/${user.id}`],
        ['patch', `/Users/${user.id}`],
      ] as const) {
        for (const text of [
          '{"schemas": [',
          '{userName: "x"}',
          "{'a': 1}",
          '{"a": 1,}',
          'null',
          '"text"',
          '42',
        ]) {
          expectScimError(await client.raw(method, path, text), 400, 'invalidSyntax');
        }
      }
      expect(sansOrigin(await readUser(client, user.id))).toEqual(sansOrigin(user));
    });

    it('a body that is JSON but not an object (an array) → 400 invalidSyntax', async () => {
      expectScimError(await client.raw('post', '/Users', '[]'), 400, 'invalidSyntax');
      expectScimError(
        await client.raw('post', '/Users', JSON.stringify([userBody('arr@example.com')])),
        400,
        'invalidSyntax',
      );
      const user = await createUser(client, 'array.patch@example.com');
      expectScimError(await client.raw('patch', `/Users/${user.id}`, '[]'), 400, 'invalidSyntax');
    });

    it('a wrong content type → 415, nothing stored; application/json is accepted like application/scim+json', async () => {
      const before = await total();
      const body = JSON.stringify(userBody('content.type@example.com'));
      for (const type of [
        'text/plain',
        'application/xml',
        'application/x-www-form-urlencoded',
        'text/json',
      ]) {
        expectScimError(await client.raw('post', '/Users', body, type), 415, null);
      }
      expect(await total()).toBe(before);
      expectStatus(await client.raw('post', '/Users', body, 'application/json'), 201);
      expectStatus(
        await client.raw(
          'post',
          '/Users',
          JSON.stringify(userBody('ct2@example.com')),
          'application/scim+json; charset=utf-8',
        ),
        201,
      );
    });

    it('a gzip-encoded body is read; a corrupt gzip body → 400 invalidSyntax, never a 500', async () => {
      const gzip = (text: string) =>
        request(t.app)
          .post('/scim/v2/Users')
          .set('Authorization', client.authorization)
          .set('Content-Type', 'application/scim+json')
          .set('Content-Encoding', 'gzip')
          .serialize((body: unknown) => body as string)
          .send(text);
      const before = await total();
      expectScimError(await gzip('this is not gzip'), 400, 'invalidSyntax');
      const truncated = zlib.gzipSync(JSON.stringify(userBody('gzip.cut@example.com'))).subarray(0, 20);
      expectScimError(await gzip(truncated as unknown as string), 400, 'invalidSyntax');
      expect(await total()).toBe(before);
      const ok = await gzip(
        zlib.gzipSync(JSON.stringify(userBody('gzip.ok@example.com'))) as unknown as string,
      );
      expectStatus(ok, 201);
      expect(ok.body.userName).toBe('gzip.ok@example.com');
      // The 1 MiB limit applies to the inflated body.
      const bomb = zlib.gzipSync(
        JSON.stringify(userBody('gzip.bomb@example.com', { displayName: 'x'.repeat(3_000_000) })),
      );
      expectScimError(await gzip(bomb as unknown as string), 413);
    });

    it('a body over 1 MiB → 413 with a SCIM error, nothing stored', async () => {
      const before = await total();
      const body = JSON.stringify(userBody('big.body@example.com', { displayName: 'x'.repeat(1024 * 1024) }));
      const res = await client.raw('post', '/Users', body);
      expectScimError(res, 413);
      expect(await total()).toBe(before);
      expect((await client.get(filterQuery('userName eq "big.body@example.com"'))).body.totalResults).toBe(0);
    });

    it('an unknown attribute → 400 (POST, PUT, PATCH with and without a path), nothing stored', async () => {
      const before = await total();
      expectScimError(
        await client.post('/Users', userBody('unknown.attr@example.com', { favouriteColour: 'blue' })),
        400,
        'invalidSyntax',
      );
      expectScimError(
        await client.post(
          '/Users',
          userBody('unknown.attr@example.com', { name: { givenName: 'A', familyName: 'B', nick: 'c' } }),
        ),
        400,
        'invalidSyntax',
      );
      expectScimError(
        await client.post('/Users', userBody('unknown.attr@example.com', { [ENTERPRISE]: { shoeSize: 44 } })),
        400,
        'invalidSyntax',
      );
      expect(await total()).toBe(before);

      const user = await createUser(client, 'known.attr@example.com');
      expectScimError(
        await client.put(
          `/Users/${user.id}`,
          userBody('known.attr@example.com', { favouriteColour: 'blue' }),
        ),
        400,
      );
      expectScimError(
        await client.patch(
          `/Users/${user.id}`,
          patchOp({ op: 'add', path: 'favouriteColour', value: 'blue' }),
        ),
        400,
        'invalidPath',
      );
      expectScimError(
        await client.patch(
          `/Users/${user.id}`,
          patchOp({ op: 'replace', value: { favouriteColour: 'blue' } }),
        ),
        400,
      );
      expect(sansOrigin(await readUser(client, user.id))).toEqual(sansOrigin(user));
    });

    it('schemas missing, userName missing or blank, wrong types → 400 with a SCIM error', async () => {
      const before = await total();
      const { schemas: _schemas, ...noSchemas } = userBody('no.schemas@example.com');
      expectScimError(await client.post('/Users', noSchemas), 400, 'invalidSyntax');
      expectScimError(
        await client.post('/Users', { ...userBody('x'), schemas: ['urn:example:Other'] }),
        400,
        'invalidSyntax',
      );
      const { userName: _userName, ...noUserName } = userBody('no.username@example.com');
      expectScimError(await client.post('/Users', noUserName), 400, 'invalidValue');
      expectScimError(await client.post('/Users', userBody('  ', {})), 400, 'invalidValue');
      expectScimError(
        await client.post('/Users', userBody('types@example.com', { active: 'maybe' })),
        400,
        'invalidValue',
      );
      expectScimError(
        await client.post('/Users', userBody('types@example.com', { emails: { value: 'a@b.c' } })),
        400,
        'invalidValue',
      );
      expectScimError(
        await client.post('/Users', userBody('types@example.com', { name: 'Just A String' })),
        400,
        'invalidValue',
      );
      expectScimError(await client.post('/Users', { ...userBody('x'), userName: 42 }), 400, 'invalidValue');
      expect(await total()).toBe(before);
    });

    it('malformed PATCH messages → 400 (invalidSyntax / invalidPath / mutability / noTarget), nothing changed', async () => {
      const user = await createUser(client, 'bad.patch@example.com');
      const bad: Array<[unknown, string]> = [
        [{ Operations: [{ op: 'replace', path: 'title', value: 'x' }] }, 'invalidSyntax'],
        [patchOp(), 'invalidSyntax'],
        [{ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: {} }, 'invalidSyntax'],
        [patchOp({ op: 'explode', path: 'title', value: 'x' }), 'invalidSyntax'],
        [patchOp({ op: 'replace', path: 'title' }), 'invalidSyntax'],
        [patchOp({ op: 'replace', path: 42, value: 'x' }), 'invalidSyntax'],
        [patchOp({ op: 'remove' }), 'noTarget'],
        [patchOp({ op: 'replace', path: 'emails[type eq "work"', value: 'x' }), 'invalidPath'],
        [patchOp({ op: 'replace', path: 'title[value eq "x"]', value: 'x' }), 'invalidPath'],
        [patchOp({ op: 'replace', path: 'id', value: MISSING_ID }), 'mutability'],
        [patchOp({ op: 'replace', path: 'meta.created', value: '2020-01-01T00:00:00Z' }), 'mutability'],
        [patchOp({ op: 'remove', path: 'userName' }), 'mutability'],
        [patchOp({ op: 'replace', path: 'userName', value: '' }), 'invalidValue'],
        [patchOp({ op: 'replace', path: 'active', value: 'sometimes' }), 'invalidValue'],
        [patchOp({ op: 'replace', value: 'not an object' }), 'invalidSyntax'],
      ];
      for (const [body, scimType] of bad) {
        expectScimError(await client.patch(`/Users/${user.id}`, body), 400, scimType);
      }
      // All or nothing: a good operation before a bad one is not applied either.
      const mixed = patchOp(
        { op: 'replace', path: 'title', value: 'Applied?' },
        { op: 'add', path: 'nosuch', value: 1 },
      );
      const res = await client.patch(`/Users/${user.id}`, mixed);
      expectScimError(res, 400, 'invalidPath');
      expect(res.body.detail).toContain('Operations[1]');
      expect(sansOrigin(await readUser(client, user.id))).toEqual(sansOrigin(user));
    });
  });

  describe('keys that reach Object.prototype or MongoDB operators → 400, nothing stored', () => {
    const CORE_JSON = JSON.stringify([CORE]);
    const hostilePosts: Array<[string, string]> = [
      [
        '__proto__ at the top',
        `{"schemas":${CORE_JSON},"userName":"proto1@example.com","__proto__":{"admin":true}}`,
      ],
      [
        '__proto__ in name',
        `{"schemas":${CORE_JSON},"userName":"proto2@example.com","name":{"__proto__":{"x":1}}}`,
      ],
      [
        '__proto__ in an email',
        `{"schemas":${CORE_JSON},"userName":"proto3@example.com","emails":[{"value":"a@b.c","__proto__":{"x":1}}]}`,
      ],
      [
        'constructor',
        `{"schemas":${CORE_JSON},"userName":"proto4@example.com","constructor":{"prototype":{"x":1}}}`,
      ],
      [
        '$where at the top',
        `{"schemas":${CORE_JSON},"userName":"dollar1@example.com","$where":"sleep(1000)"}`,
      ],
      ['$gt in name', `{"schemas":${CORE_JSON},"userName":"dollar2@example.com","name":{"$gt":""}}`],
      [
        '$set in an extension',
        `{"schemas":${CORE_JSON},"userName":"dollar3@example.com","${ENTERPRISE}":{"$set":{"x":1}}}`,
      ],
      ['an operator as userName', `{"schemas":${CORE_JSON},"userName":{"$gt":""}}`],
    ];

    it.each(hostilePosts)('POST with %s → 400', async (_label, text) => {
      const before = await total();
      const res = await client.raw('post', '/Users', text);
      expectScimError(res, 400);
      expect(await total()).toBe(before);
      expect(({} as Record<string, unknown>).admin).toBeUndefined();
      expect(({} as Record<string, unknown>).x).toBeUndefined();
    });

    it('PUT and PATCH with __proto__ / $-keys / $-paths → 400, the user unchanged', async () => {
      const user = await createUser(client, 'hostile.target@example.com');
      const bodies: Array<['put' | 'patch', string]> = [
        [
          'put',
          `{"schemas":${JSON.stringify([CORE])},"userName":"hostile.target@example.com","__proto__":{"active":false}}`,
        ],
        [
          'put',
          `{"schemas":${JSON.stringify([CORE])},"userName":"hostile.target@example.com","$set":{"active":false}}`,
        ],
        ['patch', JSON.stringify(patchOp({ op: 'replace', path: '__proto__.active', value: false }))],
        ['patch', JSON.stringify(patchOp({ op: 'replace', path: '$where', value: 'x' }))],
        ['patch', JSON.stringify(patchOp({ op: 'replace', path: 'name.$gt', value: 'x' }))],
        ['patch', JSON.stringify(patchOp({ op: 'replace', value: { $set: { active: false } } }))],
        [
          'patch',
          `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"__proto__":{"active":false}}}]}`,
        ],
        [
          'patch',
          `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"name","value":{"__proto__":{"x":1}}}]}`,
        ],
        ['patch', JSON.stringify(patchOp({ op: 'replace', path: 'name', value: { $gt: '' } }))],
      ];
      for (const [method, text] of bodies) {
        expectScimError(await client.raw(method, `/Users/${user.id}`, text), 400);
      }
      expect(sansOrigin(await readUser(client, user.id))).toEqual(sansOrigin(user));
      expect(({} as Record<string, unknown>).active).toBeUndefined();
    });
  });

  describe('uniqueness and references', () => {
    it('userName is unique ignoring case: POST Bob after bob → 409 uniqueness; one user stored', async () => {
      const bob = await createUser(client, 'bob');
      const res = await client.post('/Users', userBody('Bob'));
      expectScimError(res, 409, 'uniqueness');
      expect(res.body.detail).toMatch(/userName/);
      expectScimError(await client.post('/Users', userBody('BOB')), 409, 'uniqueness');
      const found = await client.get(filterQuery('userName eq "bob"'));
      expect(found.body.Resources.map((u: { id: string }) => u.id)).toEqual([bob.id]);
    });

    it('userName comparison is Unicode-normalised: a decomposed é collides with a composed one → 409', async () => {
      await createUser(client, 'jos\u00e9@example.com');
      expectScimError(await client.post('/Users', userBody('JOSE\u0301@example.com')), 409, 'uniqueness');
      const found = await client.get(filterQuery('userName eq "jose\u0301@EXAMPLE.com"'));
      expect(found.body.totalResults).toBe(1);
      expect(found.body.Resources[0].userName).toBe('jos\u00e9@example.com');
    });

    it('renaming onto a taken userName (PUT or PATCH, any case) → 409 uniqueness, nothing changed', async () => {
      await createUser(client, 'taken.name@example.com');
      const other = await createUser(client, 'other.name@example.com');
      expectScimError(
        await client.put(`/Users/${other.id}`, userBody('Taken.Name@example.com')),
        409,
        'uniqueness',
      );
      expectScimError(
        await client.patch(
          `/Users/${other.id}`,
          patchOp({ op: 'replace', path: 'userName', value: 'TAKEN.NAME@EXAMPLE.COM' }),
        ),
        409,
        'uniqueness',
      );
      expect(sansOrigin(await readUser(client, other.id))).toEqual(sansOrigin(other));
      // Changing only the case of one's own userName is not a collision.
      const recased = await client.patch(
        `/Users/${other.id}`,
        patchOp({ op: 'replace', path: 'userName', value: 'Other.Name@example.com' }),
      );
      expectStatus(recased, 200);
      expect(recased.body.userName).toBe('Other.Name@example.com');
    });

    it('an unknown manager id → 400 invalidValue on POST, PUT and PATCH; nothing stored', async () => {
      const before = await total();
      const res = await client.post('/Users', userBody('orphan@example.com', managerOf(MISSING_ID)));
      expectScimError(res, 400, 'invalidValue');
      expect(res.body.detail).toContain(MISSING_ID);
      expect(await total()).toBe(before);
      expectScimError(
        await client.post('/Users', userBody('orphan@example.com', managerOf('not-a-uuid'))),
        400,
        'invalidValue',
      );

      const user = await createUser(client, 'has.no.manager@example.com');
      expectScimError(
        await client.put(`/Users/${user.id}`, userBody('has.no.manager@example.com', managerOf(MISSING_ID))),
        400,
        'invalidValue',
      );
      expectScimError(
        await client.patch(
          `/Users/${user.id}`,
          patchOp({ op: 'add', path: `${ENTERPRISE}:manager`, value: MISSING_ID }),
        ),
        400,
        'invalidValue',
      );
      expect(sansOrigin(await readUser(client, user.id))).toEqual(sansOrigin(user));
    });

    it('a user as their own manager → 400 invalidValue', async () => {
      const user = await createUser(client, 'self.managed@example.com');
      const res = await client.patch(
        `/Users/${user.id}`,
        patchOp({ op: 'replace', path: `${ENTERPRISE}:manager.value`, value: user.id }),
      );
      expectScimError(res, 400, 'invalidValue');
      expect(res.body.detail).toMatch(/own manager/);
      expectScimError(
        await client.put(`/Users/${user.id}`, userBody('self.managed@example.com', managerOf(user.id))),
        400,
        'invalidValue',
      );
      expect(sansOrigin(await readUser(client, user.id))).toEqual(sansOrigin(user));
    });

    it('a manager that would close a reporting cycle (direct or through others) → 400 invalidValue', async () => {
      const top = await createUser(client, 'cycle.top@example.com');
      const middle = await createUser(client, 'cycle.middle@example.com', managerOf(top.id));
      const bottom = await createUser(client, 'cycle.bottom@example.com', managerOf(middle.id));
      const direct = await client.patch(
        `/Users/${top.id}`,
        patchOp({ op: 'replace', path: `${ENTERPRISE}:manager`, value: { value: middle.id } }),
      );
      expectScimError(direct, 400, 'invalidValue');
      expect(direct.body.detail).toMatch(/cycle/);
      const indirect = await client.put(
        `/Users/${top.id}`,
        userBody('cycle.top@example.com', managerOf(bottom.id)),
      );
      expectScimError(indirect, 400, 'invalidValue');
      expect(sansOrigin(await readUser(client, top.id))).toEqual(sansOrigin(top));
    });
  });

  describe('ids', () => {
    it('an id that is not a UUID, or one no user has → 404 on GET, PUT, PATCH and DELETE', async () => {
      for (const id of [
        'not-a-uuid',
        MISSING_ID,
        '..%2F..%2Fetc',
        '%24where',
        MISSING_ID.toUpperCase(),
        '%zz',
        '%E0%A4%A',
      ]) {
        expectScimError(await client.get(`/Users/${id}`), 404, null);
        expectScimError(await client.put(`/Users/${id}`, userBody('ghost@example.com')), 404);
        expectScimError(
          await client.patch(`/Users/${id}`, patchOp({ op: 'replace', path: 'title', value: 'x' })),
          404,
        );
        expectScimError(await client.delete(`/Users/${id}`), 404);
      }
      expect((await client.get(filterQuery('userName eq "ghost@example.com"'))).body.totalResults).toBe(0);
    });

    it('/Me → 501 (RFC 7644 §3.11: not supported) and unknown endpoints → 404, with SCIM errors', async () => {
      expectScimError(await client.get('/Me'), 501);
      expectScimError(await client.get('/NoSuchThing'), 404);
    });
  });

  describe('discovery', () => {
    it('GET /ServiceProviderConfig says patch, filter, sort, etag and bulk are supported, with limits', async () => {
      const res = await client.get('/ServiceProviderConfig');
      expectStatus(res, 200);
      expect(res.headers['content-type']).toMatch(/^application\/scim\+json/);
      expect(res.body.schemas).toEqual(['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig']);
      expect(res.body.patch.supported).toBe(true);
      expect(res.body.filter).toMatchObject({ supported: true, maxResults: 1000 });
      expect(res.body.sort.supported).toBe(true);
      expect(res.body.etag.supported).toBe(true);
      expect(res.body.bulk).toEqual({ supported: true, maxOperations: 1000, maxPayloadSize: 1048576 });
      expect(res.body.changePassword.supported).toBe(false);
      expect(res.body.authenticationSchemes[0].type).toBe('oauthbearertoken');
    });

    it('GET /ResourceTypes and /Schemas describe User with the enterprise and Roster extensions', async () => {
      const types = await client.get('/ResourceTypes');
      expectStatus(types, 200);
      expect(types.body.Resources[0]).toMatchObject({ id: 'User', endpoint: '/Users', schema: CORE });
      expect(types.body.Resources[0].schemaExtensions.map((e: { schema: string }) => e.schema)).toContain(
        ENTERPRISE,
      );
      expectStatus(await client.get('/ResourceTypes/User'), 200);
      expectScimError(await client.get('/ResourceTypes/Nope'), 404);

      const schemas = await client.get('/Schemas');
      expectStatus(schemas, 200);
      const ids = schemas.body.Resources.map((s: { id: string }) => s.id);
      expect(ids).toEqual(
        expect.arrayContaining([CORE, ENTERPRISE, 'urn:ietf:params:scim:schemas:extension:roster:2.0:User']),
      );
      const core = await client.get(`/Schemas/${CORE}`);
      expectStatus(core, 200);
      expect(core.body.attributes.map((a: { name: string }) => a.name)).not.toContain('password');
    });

    it.each([
      '/ServiceProviderConfig',
      '/ResourceTypes',
      '/ResourceTypes/User',
      '/Schemas',
      `/Schemas/${CORE}`,
    ])('%s is read-only: POST, PUT, PATCH and DELETE → 405 with a SCIM error', async (path) => {
      expectScimError(await client.post(path, {}), 405);
      expectScimError(await client.put(path, {}), 405);
      expectScimError(await client.patch(path, patchOp({ op: 'replace', path: 'x', value: 1 })), 405);
      expectScimError(await client.delete(path), 405);
    });

    it.each([
      '/ServiceProviderConfig',
      '/ResourceTypes',
      '/ResourceTypes/User',
      '/Schemas',
      `/Schemas/${CORE}`,
    ])(
      '%s: a write is refused 405 before its body is read (not JSON, wrong type, too deep)',
      async (path) => {
        for (const method of ['post', 'put', 'patch'] as const) {
          for (const [body, type] of [
            ['{not json', SCIM_JSON],
            ['plain text', 'text/plain'],
            [JSON.stringify(Array.from({ length: 100 }).reduce<unknown>((inner) => [inner], 1)), SCIM_JSON],
          ] as const) {
            const res = await client.raw(method, path, body, type);
            expectScimError(res, 405);
            expect(res.headers.allow).toBe('GET, HEAD');
            expect(res.body.detail).toMatch(/is read-only \(RFC 7644 §4\); use GET/);
          }
        }
      },
    );

    it('an unknown path → 404 before its body is read; a known one with a method it does not answer → 405 + Allow', async () => {
      for (const path of ['/NoSuchThing', '/Users/x/y', '/Schemas/a/b']) {
        expectScimError(await client.raw('post', path, '{not json'), 404);
        expectScimError(await client.raw('put', path, 'text', 'text/plain'), 404);
      }
      const res = await client.raw('post', '/Users/2819c223-7f76-453a-919d-413861904646', '{not json');
      expectScimError(res, 405);
      expect(res.headers.allow).toBe('GET, HEAD, PUT, PATCH, DELETE');
      const collection = await client.delete('/Users');
      expectScimError(collection, 405);
      expect(collection.headers.allow).toBe('GET, HEAD, POST');
      // What exists still parses bodies as before.
      expectScimError(await client.raw('post', '/Users', '{not json'), 400, 'invalidSyntax');
    });

    it('/Schemas: manager.$ref is readWrite (RFC 7643 §8.7.1), externalId uniqueness is server for Users and Groups', async () => {
      const enterprise = await client.get(`/Schemas/${ENTERPRISE}`);
      expectStatus(enterprise, 200);
      const manager = enterprise.body.attributes.find((a: { name: string }) => a.name === 'manager');
      const ref = manager.subAttributes.find((a: { name: string }) => a.name === '$ref');
      expect(ref).toMatchObject({ mutability: 'readWrite', type: 'reference', referenceTypes: ['User'] });
      for (const id of [CORE, 'urn:ietf:params:scim:schemas:core:2.0:Group']) {
        const schema = await client.get(`/Schemas/${id}`);
        const externalId = schema.body.attributes.find((a: { name: string }) => a.name === 'externalId');
        expect(externalId).toMatchObject({ uniqueness: 'server', caseExact: true, mutability: 'readWrite' });
        expect(externalId.description).toMatch(/Unique per account by Roster's choice/);
      }
    });
  });

  it('a barrage of odd requests: every answer is a 4xx SCIM error or a success, never a 500', async () => {
    const user = await createUser(client, 'barrage@example.com');
    const deep = JSON.stringify(Array.from({ length: 2000 }).reduce<unknown>((inner) => ({ a: inner }), 1));
    const responses = [
      await client.raw('post', '/Users', deep),
      await client.raw('patch', `/Users/${user.id}`, deep),
      await client.post('/Users', userBody('odd@example.com', { emails: [null, { value: null }] })),
      await client.post(
        '/Users',
        userBody('odd2@example.com', {
          emails: [
            { value: 'a@b.c', primary: true },
            { value: 'd@e.f', primary: true },
          ],
        }),
      ),
      await client.post('/Users', userBody('odd3@example.com', { [ENTERPRISE]: 'not an object' })),
      await client.post('/Users', userBody('odd4@example.com', { [ENTERPRISE]: { manager: 42 } })),
      await client.post(
        '/Users',
        userBody('odd5@example.com', { meta: { created: 'yesterday' }, id: 'mine' }),
      ),
      await client.patch(`/Users/${user.id}`, patchOp({ op: 'add', path: 'emails', value: 'x@y.z' })),
      await client.patch(
        `/Users/${user.id}`,
        patchOp({ op: 'replace', path: 'emails[type eq "work"].nosuch', value: 'x' }),
      ),
      await client.patch(`/Users/${user.id}`, patchOp({ op: 'remove', path: 'emails[value co 1]' })),
      await client.patch(
        `/Users/${user.id}`,
        patchOp({ op: 'replace', path: `${ENTERPRISE}:manager`, value: [1, 2] }),
      ),
      await client.get(`/Users?filter=${'('.repeat(200)}userName eq "a"${')'.repeat(200)}`),
      await client.get(`/Users?filter=${encodeURIComponent('userName eq "' + 'a'.repeat(11000) + '"')}`),
      await client.get('/Users?sortBy=__proto__'),
      await client.get('/Users?attributes=__proto__,$where'),
      await client.get('/Users?filter=userName%20eq%20%22%ZZ'),
      await client.get(`/Users/${user.id}?excludedAttributes=constructor`),
      await client.post('/Users/.search', {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],
        count: 'ten',
      }),
      await client.post('/Users/.search', { filter: 'userName eq "a"' }),
      await client.post('/Users/.search', {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],
        attributes: 'userName',
      }),
      await client.put(`/Users/${user.id}`, { schemas: [CORE] }),
      await client.get(`/Users/${user.id}`, { 'If-Match': 'garbage' }),
    ];
    for (const res of responses) {
      expect(res.status).toBeLessThan(500);
      if (res.status >= 400) expectScimError(res, res.status);
    }
    // The user is intact (apart from what a successful odd request may legitimately have done).
    expect((await readUser(client, user.id)).userName).toBe('barrage@example.com');
  });
});

describe('SCIM errors: the log line of a known 5xx says what happened', () => {
  let t: TestApp;
  let client: ScimClient;
  const lines: Array<Record<string, unknown>> = [];

  beforeAll(async () => {
    const log = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    t = await startTestApp({}, log);
    const { token } = await newTenant(t.store);
    client = scimClient(t.app, token);
  });
  afterAll(() => t.close());

  it('GET /Me (501) is logged as "not implemented", not as a store outage', async () => {
    lines.length = 0;
    expectScimError(await client.get('/Me'), 501);
    // The error handler's line (pino level 40, warn), beside the request log's own line.
    expect(lines.filter((l) => l['kind'] !== undefined)).toEqual([
      expect.objectContaining({ level: 40, msg: 'not implemented', kind: 'not-implemented' }),
    ]);
    expect(lines.some((l) => String(l['msg']).includes('store unavailable'))).toBe(false);
  });
});
