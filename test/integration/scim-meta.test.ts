/**
 * meta (RFC 7643 §3.1) and the HTTP headers that mirror it (RFC 7644 §3.3 Location, §3.14 ETag):
 * what Okta and Entra read back after every write.
 */
import { startTestApp, type TestApp } from '../harness/app';
import {
  ROSTER,
  createUser,
  expectStatus,
  newTenant,
  patchOp,
  readUser,
  sansOrigin,
  scimClient,
  userBody,
  type ScimClient,
  type ScimUser,
} from '../harness/tenant';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const pause = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('SCIM Users: meta, Location and ETag', () => {
  let t: TestApp;
  let client: ScimClient;

  beforeAll(async () => {
    t = await startTestApp();
    client = scimClient(t.app, (await newTenant(t.store)).token);
  });
  afterAll(() => t.close());

  it('POST → 201 with Location = meta.location (absolute), ETag = meta.version = W/"1", created = lastModified', async () => {
    const res = await client.post('/Users', userBody('meta.new@example.com'));
    expectStatus(res, 201);
    const user = res.body as ScimUser;
    expect(res.headers['content-type']).toMatch(/^application\/scim\+json/);
    expect(user.meta).toEqual({
      resourceType: 'User',
      created: expect.stringMatching(ISO),
      lastModified: user.meta.created,
      location: expect.stringMatching(new RegExp(`^http://[^/]+/scim/v2/Users/${user.id}$`)),
      version: 'W/"1"',
    });
    expect(res.headers.location).toBe(user.meta.location);
    expect(res.headers.etag).toBe('W/"1"');
    expect(Math.abs(Date.parse(user.meta.created) - Date.now())).toBeLessThan(60_000);
  });

  it('GET by id carries the same meta, and ETag = meta.version', async () => {
    const user = await createUser(client, 'meta.get@example.com');
    const res = await client.get(`/Users/${user.id}`);
    expectStatus(res, 200);
    expect(sansOrigin(res.body.meta)).toEqual(sansOrigin(user.meta));
    expect(res.headers.etag).toBe(res.body.meta.version);
    const listed = await client.get(
      `/Users?filter=${encodeURIComponent('userName eq "meta.get@example.com"')}`,
    );
    expect(sansOrigin(listed.body.Resources[0].meta)).toEqual(sansOrigin(user.meta));
  });

  it('every write moves lastModified and version on; created never changes; ETag follows', async () => {
    const user = await createUser(client, 'meta.write@example.com');
    let previous = user;
    const writes = [
      () => client.patch(`/Users/${user.id}`, patchOp({ op: 'replace', path: 'title', value: 'One' })),
      () => client.put(`/Users/${user.id}`, userBody('meta.write@example.com', { title: 'Two' })),
      () => client.patch(`/Users/${user.id}`, patchOp({ op: 'replace', path: 'active', value: false })),
      () => client.patch(`/Users/${user.id}`, patchOp({ op: 'replace', path: 'active', value: true })),
    ];
    for (const [i, write] of writes.entries()) {
      await pause();
      const res = await write();
      expectStatus(res, 200);
      const now = res.body as ScimUser;
      expect(now.meta.created).toBe(user.meta.created);
      expect(Date.parse(now.meta.lastModified)).toBeGreaterThan(Date.parse(previous.meta.lastModified));
      expect(now.meta.version).toBe(`W/"${i + 2}"`);
      expect(res.headers.etag).toBe(now.meta.version);
      expect(sansOrigin(now.meta.location)).toBe(sansOrigin(user.meta.location));
      expect(sansOrigin(await readUser(client, user.id))).toEqual(sansOrigin(now));
      previous = now;
    }
  });

  it('a PATCH or PUT that changes nothing keeps version and lastModified', async () => {
    const user = await createUser(client, 'meta.noop@example.com', { title: 'Same' });
    await pause();
    const patched = await client.patch(
      `/Users/${user.id}`,
      patchOp({ op: 'replace', path: 'title', value: 'Same' }),
    );
    expectStatus(patched, 200);
    expect(patched.body.meta.version).toBe(user.meta.version);
    expect(patched.body.meta.lastModified).toBe(user.meta.lastModified);
    expect(patched.headers.etag).toBe(user.meta.version);
    const put = await client.put(`/Users/${user.id}`, userBody('meta.noop@example.com', { title: 'Same' }));
    expectStatus(put, 200);
    expect(put.body.meta.version).toBe(user.meta.version);
  });

  it('id and meta sent by the client are ignored (readOnly), on POST and on PUT', async () => {
    const fake = {
      id: '11111111-1111-4111-8111-111111111111',
      meta: {
        created: '2001-01-01T00:00:00Z',
        lastModified: '2001-01-01T00:00:00Z',
        version: 'W/"99"',
        location: 'x',
      },
    };
    const res = await client.post('/Users', userBody('meta.fake@example.com', fake));
    expectStatus(res, 201);
    expect(res.body.id).not.toBe(fake.id);
    expect(res.body.meta.version).toBe('W/"1"');
    expect(res.body.meta.created).not.toBe(fake.meta.created);
    const put = await client.put(
      `/Users/${res.body.id}`,
      userBody('meta.fake@example.com', { ...fake, title: 'T' }),
    );
    expectStatus(put, 200);
    expect(put.body.id).toBe(res.body.id);
    expect(put.body.meta.created).toBe(res.body.meta.created);
    expect(put.body.meta.version).toBe('W/"2"');
  });

  it('PUT without active keeps the stored active; PUT without the Roster extension keeps canManageTeam', async () => {
    const user = await createUser(client, 'meta.keep@example.com', { [ROSTER]: { canManageTeam: true } });
    expect(user[ROSTER]).toEqual({ canManageTeam: true, primaryOwner: false });
    expectStatus(
      await client.patch(`/Users/${user.id}`, patchOp({ op: 'replace', path: 'active', value: false })),
      200,
    );
    const { active: _active, ...withoutActive } = userBody('meta.keep@example.com', { title: 'Kept' });
    const put = await client.put(`/Users/${user.id}`, withoutActive);
    expectStatus(put, 200);
    expect(put.body.active).toBe(false);
    expect(put.body[ROSTER].canManageTeam).toBe(true);
  });

  it('GET with If-None-Match naming the current ETag → 304, ETag and no body; an old ETag → 200 (RFC 7644 §3.14)', async () => {
    const user = await createUser(client, 'meta.conditional@example.com');
    const current = user.meta.version;
    for (const header of [current, current.replace(/^W\//, ''), `W/"999999", ${current}`, '*']) {
      const res = await client.get(`/Users/${user.id}`, { 'If-None-Match': header });
      expectStatus(res, 304);
      expect(res.headers.etag).toBe(current);
      expect(res.text).toBeFalsy();
    }
    expectStatus(
      await client.patch(`/Users/${user.id}`, patchOp({ op: 'replace', path: 'title', value: 'Moved on' })),
      200,
    );
    const changed = await client.get(`/Users/${user.id}`, { 'If-None-Match': current });
    expectStatus(changed, 200);
    expect(changed.body.title).toBe('Moved on');
    expect(changed.headers.etag).toBe(changed.body.meta.version);
    expect(changed.headers.etag).not.toBe(current);
  });

  it('GET /Groups/{id} with If-None-Match naming the current ETag → 304; after a change → 200', async () => {
    const created = await client.post('/Groups', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      displayName: 'Conditional readers',
    });
    expectStatus(created, 201);
    const etag = created.headers.etag as string;
    const same = await client.get(`/Groups/${created.body.id}`, { 'If-None-Match': etag });
    expectStatus(same, 304);
    expect(same.headers.etag).toBe(etag);
    expect(same.text).toBeFalsy();
    const renamed = await client.patch(
      `/Groups/${created.body.id}`,
      patchOp({ op: 'replace', path: 'displayName', value: 'Conditional writers' }),
    );
    expectStatus(renamed, 204);
    const after = await client.get(`/Groups/${created.body.id}`, { 'If-None-Match': etag });
    expectStatus(after, 200);
    expect(after.body.displayName).toBe('Conditional writers');
  });

  it('If-None-Match on a user that does not exist → 404, not 304', async () => {
    const res = await client.get('/Users/8f0c2a47-0000-4000-8000-000000000000', { 'If-None-Match': '*' });
    expect(res.status).toBe(404);
  });
});
