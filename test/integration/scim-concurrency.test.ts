/**
 * Concurrent writes to one user (docs/domain.md: PUT/PATCH are read-modify-write guarded by a version,
 * which is also the ETag): no lost update, and If-Match preconditions (RFC 7644 §3.14).
 */
import { startTestApp, type TestApp } from '../harness/app';
import {
  createUser,
  expectScimError,
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

const ROUNDS = 10;

describe('SCIM Users: concurrent writes and ETags', () => {
  let t: TestApp;
  let client: ScimClient;

  beforeAll(async () => {
    t = await startTestApp();
    client = scimClient(t.app, (await newTenant(t.store)).token);
  });
  afterAll(() => t.close());

  it(`two concurrent PATCHes of different attributes (title, displayName) both take effect, ${ROUNDS} rounds`, async () => {
    const user = await createUser(client, 'concurrent@example.com');
    let version = Number(/\d+/.exec(user.meta.version)![0]);
    for (let round = 0; round < ROUNDS; round += 1) {
      const [title, displayName] = await Promise.all([
        client.patch(`/Users/${user.id}`, patchOp({ op: 'replace', path: 'title', value: `Title ${round}` })),
        client.patch(
          `/Users/${user.id}`,
          patchOp({ op: 'replace', path: 'displayName', value: `Name ${round}` }),
        ),
      ]);
      expectStatus(title, 200);
      expectStatus(displayName, 200);
      const stored = await readUser(client, user.id);
      expect({ round, title: stored.title, displayName: stored.displayName }).toEqual({
        round,
        title: `Title ${round}`,
        displayName: `Name ${round}`,
      });
      // Each write is its own version: two writes, two increments, two distinct ETags.
      version += 2;
      expect(stored.meta.version).toBe(`W/"${version}"`);
      expect(title.headers.etag).not.toBe(displayName.headers.etag);
    }
  });

  it('many concurrent PATCHes of different attributes on one user: none is lost', async () => {
    const user = await createUser(client, 'many.writers@example.com');
    const attributes = [
      'title',
      'displayName',
      'nickName',
      'userType',
      'locale',
      'timezone',
      'preferredLanguage',
      'profileUrl',
    ];
    const values: Record<string, string> = {
      title: 'T',
      displayName: 'D',
      nickName: 'N',
      userType: 'Employee',
      locale: 'en-GB',
      timezone: 'Europe/London',
      preferredLanguage: 'en',
      profileUrl: 'https://example.com/p',
    };
    const results = await Promise.all(
      attributes.map((path) =>
        client.patch(`/Users/${user.id}`, patchOp({ op: 'add', path, value: values[path] })),
      ),
    );
    for (const res of results) expectStatus(res, 200);
    const stored = await readUser(client, user.id);
    for (const attribute of attributes) expect(stored[attribute]).toBe(values[attribute]);
    expect(stored.meta.version).toBe(`W/"${1 + attributes.length}"`);
  });

  it('concurrent PATCHes adding different emails: both elements are kept', async () => {
    const user = await createUser(client, 'two.emails@example.com');
    for (let round = 0; round < 3; round += 1) {
      await Promise.all([
        client.patch(
          `/Users/${user.id}`,
          patchOp({
            op: 'add',
            path: 'emails',
            value: [{ value: `home${round}@example.com`, type: 'home' }],
          }),
        ),
        client.patch(
          `/Users/${user.id}`,
          patchOp({
            op: 'add',
            path: 'emails',
            value: [{ value: `other${round}@example.com`, type: 'other' }],
          }),
        ),
      ]);
    }
    const emails = ((await readUser(client, user.id)).emails as { value: string }[])
      .map((e) => e.value)
      .sort();
    expect(emails).toEqual(
      [
        'two.emails@example.com',
        ...[0, 1, 2].flatMap((r) => [`home${r}@example.com`, `other${r}@example.com`]),
      ].sort(),
    );
  });

  it('PATCH with If-Match naming a stale ETag → 412 and nothing changes; the current ETag succeeds', async () => {
    const user = await createUser(client, 'etag.patch@example.com');
    const first = await client.patch(
      `/Users/${user.id}`,
      patchOp({ op: 'replace', path: 'title', value: 'One' }),
      {
        'If-Match': user.meta.version,
      },
    );
    expectStatus(first, 200);
    expect(first.headers.etag).toBe(first.body.meta.version);
    expect(first.body.meta.version).not.toBe(user.meta.version);

    const stale = await client.patch(
      `/Users/${user.id}`,
      patchOp({ op: 'replace', path: 'title', value: 'Two' }),
      {
        'If-Match': user.meta.version,
      },
    );
    expectScimError(stale, 412);
    const afterStale = await readUser(client, user.id);
    expect(afterStale.title).toBe('One');
    expect(afterStale.meta.version).toBe(first.body.meta.version);

    const current = await client.patch(
      `/Users/${user.id}`,
      patchOp({ op: 'replace', path: 'title', value: 'Two' }),
      {
        'If-Match': first.headers.etag as string,
      },
    );
    expectStatus(current, 200);
    expect(current.body.title).toBe('Two');
    // The strong form of the same tag and * are accepted too.
    const strong = await client.patch(
      `/Users/${user.id}`,
      patchOp({ op: 'replace', path: 'title', value: 'Three' }),
      {
        'If-Match': current.body.meta.version.replace(/^W\//, ''),
      },
    );
    expectStatus(strong, 200);
    expectStatus(
      await client.patch(`/Users/${user.id}`, patchOp({ op: 'replace', path: 'title', value: 'Four' }), {
        'If-Match': '*',
      }),
      200,
    );
    expect((await readUser(client, user.id)).title).toBe('Four');
  });

  it('PUT with a stale If-Match → 412, nothing changes; with the current one → 200', async () => {
    const user = await createUser(client, 'etag.put@example.com', { title: 'Before' });
    expectStatus(
      await client.patch(
        `/Users/${user.id}`,
        patchOp({ op: 'replace', path: 'nickName', value: 'moved on' }),
      ),
      200,
    );
    const moved = await readUser(client, user.id);
    const stale = await client.put(
      `/Users/${user.id}`,
      userBody('etag.put@example.com', { title: 'After' }),
      {
        'If-Match': user.meta.version,
      },
    );
    expectScimError(stale, 412);
    expect(sansOrigin(await readUser(client, user.id))).toEqual(sansOrigin(moved));
    const ok = await client.put(`/Users/${user.id}`, userBody('etag.put@example.com', { title: 'After' }), {
      'If-Match': moved.meta.version,
    });
    expectStatus(ok, 200);
    expect(ok.body.title).toBe('After');
  });

  it('an unreadable If-Match → 412, nothing changes', async () => {
    const user = await createUser(client, 'etag.garbage@example.com');
    for (const tag of ['garbage', 'W/"abc"', '"1", "2"']) {
      expectScimError(
        await client.patch(`/Users/${user.id}`, patchOp({ op: 'replace', path: 'title', value: 'X' }), {
          'If-Match': tag,
        }),
        412,
      );
    }
    expect(sansOrigin(await readUser(client, user.id))).toEqual(sansOrigin(user));
  });

  it('DELETE with a stale If-Match → 412 and the user stays; with the current one → 204', async () => {
    const user = await createUser(client, 'etag.delete@example.com');
    expectStatus(
      await client.patch(`/Users/${user.id}`, patchOp({ op: 'replace', path: 'title', value: 'New' })),
      200,
    );
    const current = await readUser(client, user.id);
    expectScimError(await client.delete(`/Users/${user.id}`, { 'If-Match': user.meta.version }), 412);
    expect(sansOrigin(await readUser(client, user.id))).toEqual(sansOrigin(current));
    expectStatus(await client.delete(`/Users/${user.id}`, { 'If-Match': current.meta.version }), 204);
    expectScimError(await client.get(`/Users/${user.id}`), 404);
  });

  it('two concurrent PATCHes with the same If-Match: exactly one wins, the other gets 412', async () => {
    for (let round = 0; round < 5; round += 1) {
      const user = await createUser(client, `race${round}@example.com`);
      const results = await Promise.all(
        ['A', 'B'].map((who) =>
          client.patch(`/Users/${user.id}`, patchOp({ op: 'replace', path: 'title', value: who }), {
            'If-Match': user.meta.version,
          }),
        ),
      );
      const statuses = results.map((r) => r.status).sort();
      expect(statuses).toEqual([200, 412]);
      const winner = results.find((r) => r.status === 200)!;
      const stored: ScimUser = await readUser(client, user.id);
      expect(stored.title).toBe(winner.body.title);
      expect(stored.meta.version).toBe('W/"2"');
    }
  });
});
