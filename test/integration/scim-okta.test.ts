/**
 * Okta's SCIM 2.0 provisioning sequence (developer.okta.com, "SCIM 2.0 protocol reference"),
 * replayed request by request against the real app and store. Bodies are Okta's documented
 * request shapes (test/fixtures/okta/); only the ids Okta learned from earlier answers are ours.
 */
import { startTestApp, type TestApp } from '../harness/app';
import {
  ENTERPRISE,
  createUser,
  expectScimError,
  expectStatus,
  filterQuery,
  fixture,
  newTenant,
  readUser,
  scimClient,
  withIds,
  type ScimClient,
  type ScimUser,
} from '../harness/tenant';

/** The ids in Okta's documented examples, to be swapped for the ids this run creates. */
const OKTA_USER_ID = '23a35c27-23d3-4c03-b4c5-6443c09e7173';
const OKTA_MANAGER_ID = 'ff2c9f5e-0f44-4a9e-9a1b-5f0e6a7c2b31';
const USER_NAME = 'test.user@okta.local';

describe('SCIM Users: the Okta provisioning sequence', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  async function oktaClient(): Promise<ScimClient> {
    const { token } = await newTenant(t.store);
    return scimClient(t.app, token);
  }

  /** Okta's existence check before every create: `userName eq` with startIndex=1&count=100. */
  const lookUp = (client: ScimClient, userName = USER_NAME) =>
    client.get(filterQuery(`userName eq "${userName}"`, '&startIndex=1&count=100'));

  it('GET ?filter=userName eq … &startIndex=1&count=100 for an unknown user → 200 ListResponse with totalResults 0', async () => {
    const client = await oktaClient();
    const res = await lookUp(client);
    expectStatus(res, 200);
    expect(res.headers['content-type']).toMatch(/^application\/scim\+json/);
    expect(res.body).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
      totalResults: 0,
      itemsPerPage: 0,
      startIndex: 1,
      Resources: [],
    });
  });

  it('POST the create-user body (password and groups included) → 201 with Location, meta and ETag; the password is not stored', async () => {
    const client = await oktaClient();
    const body = fixture('okta/create-user.json');
    const res = await client.post('/Users', body);
    expectStatus(res, 201);
    const user = res.body as ScimUser;
    expect(user.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(user.userName).toBe(USER_NAME);
    expect(user.externalId).toBe('00ujl29u0le5T6Aj10h7');
    expect(user.name).toEqual({ givenName: 'Test', familyName: 'User' });
    expect(user.displayName).toBe('Test User');
    expect(user.locale).toBe('en-US');
    expect(user.active).toBe(true);
    expect(user).not.toHaveProperty('password');
    expect(JSON.stringify(user)).not.toContain('1mz050nq');
    expect(user.meta.location).toMatch(new RegExp(`/scim/v2/Users/${user.id}$`));
    expect(res.headers.location).toBe(user.meta.location);
    expect(res.headers.etag).toBe(user.meta.version);
    expect(user.meta.created).toBe(user.meta.lastModified);
    const stored = await t.store.raw.collection('users').findOne({ _id: user.id });
    expect(JSON.stringify(stored)).not.toContain('1mz050nq');
  });

  it('replays create → look up → GET by id → PUT update → PUT active false → PATCH reactivate → PATCH deactivate', async () => {
    const client = await oktaClient();
    expect((await lookUp(client)).body.totalResults).toBe(0);

    const created = await client.post('/Users', fixture('okta/create-user.json'));
    expectStatus(created, 201);
    const id = (created.body as ScimUser).id;

    // Okta looks the user up again (e.g. on the next assignment) and by id before writes.
    const found = await lookUp(client);
    expectStatus(found, 200);
    expect(found.body.totalResults).toBe(1);
    expect(found.body.Resources[0].id).toBe(id);
    const byId = await client.get(`/Users/${id}`);
    expectStatus(byId, 200);
    expect(byId.body.userName).toBe(USER_NAME);
    expect(byId.headers.etag).toBe(byId.body.meta.version);

    // Profile push: PUT of the whole user, echoing id, meta and groups as Okta does.
    const replaced = await client.put(
      `/Users/${id}`,
      withIds(fixture('okta/replace-user.json'), { [OKTA_USER_ID]: id }),
    );
    expectStatus(replaced, 200);
    expect(replaced.body.name.givenName).toBe('Another');
    expect(replaced.body.name.familyName).toBe('User');
    expect(replaced.body.externalId).toBe('00u1dhhb1fkIGP7RL1d8');
    expect(replaced.body.emails).toEqual([
      { primary: true, value: USER_NAME, type: 'work', display: USER_NAME },
    ]);
    // meta in the body is Okta's echo, not ours: created stays, lastModified and version move on.
    expect(replaced.body.meta.created).toBe(created.body.meta.created);
    expect(replaced.body.meta.lastModified).not.toBe('2019-10-24T15:45:28.000Z');
    expect(Date.parse(replaced.body.meta.lastModified)).toBeGreaterThan(
      Date.parse(created.body.meta.lastModified),
    );
    expect(replaced.body.meta.version).not.toBe(created.body.meta.version);
    expect(replaced.headers.etag).toBe(replaced.body.meta.version);

    // Deactivation by PUT with active false.
    const deactivated = await client.put(
      `/Users/${id}`,
      withIds(fixture('okta/replace-user-deactivate.json'), { [OKTA_USER_ID]: id }),
    );
    expectStatus(deactivated, 200);
    expect(deactivated.body.active).toBe(false);
    expect((await readUser(client, id)).active).toBe(false);

    // Reactivation and deactivation by PATCH without a path: {"op":"replace","value":{"active":…}}.
    const reactivated = await client.patch(`/Users/${id}`, fixture('okta/reactivate-user.json'));
    expectStatus(reactivated, 200);
    expect(reactivated.body.active).toBe(true);
    expect((await readUser(client, id)).active).toBe(true);

    const patchedOff = await client.patch(`/Users/${id}`, fixture('okta/deactivate-user.json'));
    expectStatus(patchedOff, 200);
    expect(patchedOff.body.active).toBe(false);
    const after = await readUser(client, id);
    expect(after.active).toBe(false);
    expect((after.name as Record<string, unknown>).givenName).toBe('Another');

    // A deactivated user is still found by Okta's lookup (profiles are deactivated, never deleted).
    const still = await lookUp(client);
    expect(still.body.totalResults).toBe(1);
    expect(still.body.Resources[0].active).toBe(false);
  });

  it('Okta looks the user up case-insensitively: userName eq "TEST.USER@OKTA.LOCAL" finds test.user@okta.local', async () => {
    const client = await oktaClient();
    const created = await client.post('/Users', fixture('okta/create-user.json'));
    expectStatus(created, 201);
    const res = await lookUp(client, USER_NAME.toUpperCase());
    expect(res.body.totalResults).toBe(1);
    expect(res.body.Resources[0].id).toBe(created.body.id);
  });

  it('a second POST of the same user (Okta retrying a create) → 409 uniqueness, one user stored', async () => {
    const client = await oktaClient();
    expectStatus(await client.post('/Users', fixture('okta/create-user.json')), 201);
    const again = await client.post('/Users', fixture('okta/create-user.json'));
    expectScimError(again, 409, 'uniqueness');
    expect((await lookUp(client)).body.totalResults).toBe(1);
    expect((await client.get('/Users')).body.totalResults).toBe(1);
  });

  it('PUT with the enterprise manager sets it (displayName filled in by Roster); a PUT without it removes it', async () => {
    const client = await oktaClient();
    const manager = await createUser(client, 'boss.person@okta.local', { displayName: 'Boss Person' });
    const created = await client.post('/Users', fixture('okta/create-user.json'));
    expectStatus(created, 201);
    const id = created.body.id as string;

    const withManager = withIds(fixture('okta/replace-user-with-manager.json'), {
      [OKTA_USER_ID]: id,
      [OKTA_MANAGER_ID]: manager.id,
    });
    const set = await client.put(`/Users/${id}`, withManager);
    expectStatus(set, 200);
    expect(set.body[ENTERPRISE].manager).toEqual({
      value: manager.id,
      $ref: expect.stringMatching(new RegExp(`/scim/v2/Users/${manager.id}$`)),
      displayName: 'Boss Person',
    });
    expect(((await readUser(client, id))[ENTERPRISE] as { manager: { value: string } }).manager.value).toBe(
      manager.id,
    );
    // The manager now has an active report: deactivating them is refused (the lifecycle guard).
    const refused = await client.patch(`/Users/${manager.id}`, fixture('okta/deactivate-user.json'));
    expectScimError(refused, 409, 'mutability');

    const removed = await client.put(
      `/Users/${id}`,
      withIds(fixture('okta/replace-user.json'), { [OKTA_USER_ID]: id }),
    );
    expectStatus(removed, 200);
    expect(removed.body[ENTERPRISE]?.manager).toBeUndefined();
    expect((await readUser(client, id))[ENTERPRISE]).toBeUndefined();
    // With the report gone, the manager may be deactivated.
    expectStatus(await client.patch(`/Users/${manager.id}`, fixture('okta/deactivate-user.json')), 200);
  });
});
