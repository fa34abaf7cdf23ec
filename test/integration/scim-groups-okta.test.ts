/**
 * Okta's group push (developer.okta.com, "SCIM 2.0 protocol reference", SCIM Group operations),
 * replayed request by request against the real app and store. Bodies are Okta's documented
 * shapes (test/fixtures/okta/groups-*.json); only the ids Okta learned from earlier answers are ours.
 */
import { startTestApp, type TestApp } from '../harness/app';
import {
  createUser,
  expectScimError,
  expectStatus,
  fixture,
  newTenant,
  readUser,
  scimClient,
  type ScimClient,
} from '../harness/tenant';

/** The ids in Okta's documented examples, to be swapped for the ids this run creates. */
const OKTA_GROUP_ID = 'abf4dd94-a4c0-4f67-89c9-76b03340cb9b';
const OKTA_USER_ID = '23a35c27-23d3-4c03-b4c5-6443c09e7173';
const OKTA_OTHER_USER_ID = '89bb1940-b905-4575-9e7f-6f887cfb368e';
const GROUP_NAME = 'Test SCIMv2';

type Member = { value: string; display?: string; $ref?: string; type?: string };

/**
 * A documented body with Okta's ids replaced by this run's, wherever they occur: inside a PATCH
 * path such as `members[value eq "89bb…"]` too (harness withIds swaps whole values only).
 */
function withIds<T>(body: T, ids: Record<string, string>): T {
  let text = JSON.stringify(body);
  for (const [theirs, ours] of Object.entries(ids)) text = text.split(theirs).join(ours);
  return JSON.parse(text) as T;
}

describe('SCIM Groups: Okta group push', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  async function oktaTenant() {
    const client: ScimClient = scimClient(t.app, (await newTenant(t.store)).token);
    const user = await createUser(client, 'test.user@okta.local', { displayName: 'Test User' });
    const other = await createUser(client, 'other.user@okta.local');
    const created = await client.post('/Groups', fixture('okta/groups-create.json'));
    expectStatus(created, 201);
    const ids = {
      [OKTA_GROUP_ID]: created.body.id as string,
      [OKTA_USER_ID]: user.id,
      [OKTA_OTHER_USER_ID]: other.id,
    };
    return { client, user, other, group: created.body as Record<string, unknown>, ids };
  }

  const membersOf = async (client: ScimClient, groupId: string) => {
    const res = await client.get(`/Groups/${groupId}`);
    expectStatus(res, 200);
    return (res.body.members as Member[]).map((m) => m.value).sort();
  };

  it('GET /Groups?startIndex=1&count=100 (the import Okta runs first) → 200 ListResponse', async () => {
    const client = scimClient(t.app, (await newTenant(t.store)).token);
    const res = await client.get('/Groups?startIndex=1&count=100');
    expectStatus(res, 200);
    expect(res.body).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
      totalResults: 0,
      itemsPerPage: 0,
      startIndex: 1,
      Resources: [],
    });
  });

  it('POST the create-group body → 201 with id, displayName, empty members, meta, Location and ETag', async () => {
    const { group, client } = await oktaTenant();
    expect(group).toMatchObject({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      displayName: GROUP_NAME,
      members: [],
      meta: { resourceType: 'Group' },
    });
    expect(group.id).toMatch(/^[0-9a-f-]{36}$/);
    const again = await client.get(`/Groups/${group.id as string}`);
    expectStatus(again, 200);
    expect(again.headers.etag).toBe((group.meta as { version: string }).version);
    expect(again.body.displayName).toBe(GROUP_NAME);
  });

  it('the rename PATCH ({"op":"replace","value":{"id","displayName"}}) → 204; unchanged name keeps the version, a new one moves it', async () => {
    const { client, group, ids } = await oktaTenant();
    const id = group.id as string;
    const version = (group.meta as { version: string }).version;

    // Okta sends the name "each time there is a group membership update": the same name is no change.
    const same = await client.patch(`/Groups/${id}`, withIds(fixture('okta/groups-rename.json'), ids));
    expectStatus(same, 204);
    expect(same.text).toBe('');
    expect(same.headers.etag).toBe(version);

    const renamed = await client.patch(
      `/Groups/${id}`,
      withIds(fixture('okta/groups-rename.json'), { ...ids, [GROUP_NAME]: 'Engineering' }),
    );
    expectStatus(renamed, 204);
    expect(renamed.headers.etag).not.toBe(version);
    expect((await client.get(`/Groups/${id}`)).body.displayName).toBe('Engineering');

    // The id in the value must be the group's own: it is readOnly (RFC 7644 §3.5.2).
    const foreign = await client.patch(
      `/Groups/${id}`,
      withIds(fixture('okta/groups-rename.json'), { ...ids, [OKTA_GROUP_ID]: OKTA_USER_ID }),
    );
    expectScimError(foreign, 400, 'mutability');
  });

  it('update membership (remove members[value eq …], add members) → 204; the group and the user show it', async () => {
    const { client, group, user, other, ids } = await oktaTenant();
    const id = group.id as string;
    const res = await client.patch(
      `/Groups/${id}`,
      withIds(fixture('okta/groups-update-membership.json'), ids),
    );
    expectStatus(res, 204);
    expect(res.text).toBe('');

    const read = await client.get(`/Groups/${id}`);
    expect(read.body.members).toEqual([
      {
        value: user.id,
        $ref: expect.stringMatching(new RegExp(`/scim/v2/Users/${user.id}$`)),
        display: 'Test User',
        type: 'User',
      },
    ]);
    expect((await readUser(client, user.id)).groups).toEqual([
      {
        value: id,
        $ref: expect.stringMatching(new RegExp(`/scim/v2/Groups/${id}$`)),
        display: GROUP_NAME,
        type: 'direct',
      },
    ]);
    expect((await readUser(client, other.id)).groups).toBeUndefined();
  });

  it('a full push (replace of members) then the next membership update: the list Okta sends is the list kept', async () => {
    const { client, group, user, other, ids } = await oktaTenant();
    const id = group.id as string;
    expectStatus(
      await client.patch(`/Groups/${id}`, withIds(fixture('okta/groups-push-members.json'), ids)),
      204,
    );
    expect(await membersOf(client, id)).toEqual([user.id, other.id].sort());

    // remove 89bb… (a member now), add 23a3… (already one): one member left.
    expectStatus(
      await client.patch(`/Groups/${id}`, withIds(fixture('okta/groups-update-membership.json'), ids)),
      204,
    );
    expect(await membersOf(client, id)).toEqual([user.id]);
  });

  it('PUT of the whole group (custom integrations) → 200 with the members as sent, displayed by the server', async () => {
    const { client, group, user, other, ids } = await oktaTenant();
    const id = group.id as string;
    expectStatus(
      await client.patch(`/Groups/${id}`, withIds(fixture('okta/groups-push-members.json'), ids)),
      204,
    );

    const res = await client.put(`/Groups/${id}`, withIds(fixture('okta/groups-replace.json'), ids));
    expectStatus(res, 200);
    expect(res.body.displayName).toBe(GROUP_NAME);
    expect(res.body.members.map((m: Member) => m.value)).toEqual([user.id]);
    expect(res.body.members[0].display).toBe('Test User');
    expect(res.headers.etag).toBe(res.body.meta.version);
    expect((await readUser(client, other.id)).groups).toBeUndefined();
  });

  it('membership check id eq "G" and members eq "U", before and after the user joins', async () => {
    const { client, group, user, ids } = await oktaTenant();
    const id = group.id as string;
    const check = (userId: string) =>
      client.get(`/Groups?filter=${encodeURIComponent(`id eq "${id}" and members eq "${userId}"`)}`);
    expect((await check(user.id)).body.totalResults).toBe(0);
    await client.patch(`/Groups/${id}`, withIds(fixture('okta/groups-update-membership.json'), ids));
    const found = await check(user.id);
    expectStatus(found, 200);
    expect(found.body.totalResults).toBe(1);
    expect(found.body.Resources[0].id).toBe(id);
  });

  it('DELETE (unlink pushed group, "delete the group in the target app") → 204; the users stay, without the group', async () => {
    const { client, group, user, other, ids } = await oktaTenant();
    const id = group.id as string;
    await client.patch(`/Groups/${id}`, withIds(fixture('okta/groups-push-members.json'), ids));

    const res = await client.delete(`/Groups/${id}`);
    expectStatus(res, 204);
    expect(res.text).toBe('');
    expectScimError(await client.get(`/Groups/${id}`), 404);
    for (const member of [user, other]) {
      const after = await readUser(client, member.id);
      expect(after.active).toBe(true);
      expect(after.groups).toBeUndefined();
    }
    expect(await t.store.raw.collection('group_members').countDocuments({ groupId: id })).toBe(0);
    // Pushing the group again creates it afresh: its name was released.
    expectStatus(await client.post('/Groups', fixture('okta/groups-create.json')), 201);
  });
});
