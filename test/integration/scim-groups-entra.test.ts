/**
 * Microsoft Entra ID's group provisioning (learn.microsoft.com, "Tutorial: Develop and plan
 * provisioning for a SCIM endpoint in Microsoft Entra ID": Group Operations), replayed against the
 * real app and store. Bodies are Entra's documented shapes (test/fixtures/entra/groups-*.json):
 * capitalised ops, `$ref: null` in member values, its own schema URN next to the core one,
 * `excludedAttributes=members` on every read. Only the ids are ours.
 */
import { startTestApp, type TestApp } from '../harness/app';
import {
  expectScimError,
  expectStatus,
  fixture,
  newTenant,
  patchOp,
  readUser,
  scimClient,
  withIds,
  type ScimClient,
  type ScimUser,
} from '../harness/tenant';

/** The ids in Entra's documented examples. */
const ENTRA_USER_ID = 'f648f8d5ea4e4cd38e9c';
const DISPLAY_NAME = 'displayName';
const UPDATED_NAME = '1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName';

describe('SCIM Groups: the Microsoft Entra ID group provisioning requests', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  async function entraTenant() {
    const client: ScimClient = scimClient(t.app, (await newTenant(t.store)).token);
    const created = await client.post('/Users', fixture('entra/create-user.json'));
    expectStatus(created, 201);
    return { client, user: created.body as ScimUser };
  }

  /** Get Group by displayName, as Entra asks it: members excluded. */
  const byDisplayName = (client: ScimClient, name: string) =>
    client.get(`/Groups?excludedAttributes=members&filter=${encodeURIComponent(`displayName eq "${name}"`)}`);

  /** Entra's membership question: is this reference attribute's value there? */
  const isMember = async (client: ScimClient, groupId: string, userId: string) => {
    const res = await client.get(
      `/Groups?excludedAttributes=members&filter=${encodeURIComponent(`id eq "${groupId}" and members eq "${userId}"`)}`,
    );
    expectStatus(res, 200);
    return res.body.totalResults === 1;
  };

  it('Get Group by displayName for a group not there yet → 200 ListResponse with totalResults 0', async () => {
    const { client } = await entraTenant();
    const res = await byDisplayName(client, DISPLAY_NAME);
    expectStatus(res, 200);
    expect(res.body.totalResults).toBe(0);
    expect(res.body.Resources).toEqual([]);
  });

  it("Create Group (with Entra's schema URN and meta) → 201 with id, externalId and an empty member list", async () => {
    const { client } = await entraTenant();
    const res = await client.post('/Groups', fixture('entra/groups-create.json'));
    expectStatus(res, 201);
    expect(res.body).toMatchObject({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      externalId: '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159',
      displayName: DISPLAY_NAME,
      members: [],
      meta: { resourceType: 'Group' },
    });
    expect(res.headers.location).toBe(res.body.meta.location);
  });

  it('Get Group and Get Group by displayName with excludedAttributes=members → no members key at all', async () => {
    const { client, user } = await entraTenant();
    const group = (await client.post('/Groups', fixture('entra/groups-create.json'))).body;
    await client.patch(
      `/Groups/${group.id}`,
      withIds(fixture('entra/groups-add-members.json'), { [ENTRA_USER_ID]: user.id }),
    );

    const byId = await client.get(`/Groups/${group.id}?excludedAttributes=members`);
    expectStatus(byId, 200);
    expect(byId.body).not.toHaveProperty('members');
    expect(byId.body).toMatchObject({
      id: group.id,
      displayName: DISPLAY_NAME,
      externalId: group.externalId,
    });

    // displayName is matched ignoring case, as Entra's uniqueness on it expects.
    const found = await byDisplayName(client, DISPLAY_NAME.toUpperCase());
    expectStatus(found, 200);
    expect(found.body.totalResults).toBe(1);
    expect(found.body.Resources[0].id).toBe(group.id);
    expect(found.body.Resources[0]).not.toHaveProperty('members');

    const byExternalId = await client.get(
      `/Groups?excludedAttributes=members&filter=${encodeURIComponent(`externalId eq "${group.externalId}"`)}`,
    );
    expect(byExternalId.body.Resources.map((g: { id: string }) => g.id)).toEqual([group.id]);
  });

  it('Update Group [Add Members] then [Remove Members] → 204 No Content each, no body; membership follows', async () => {
    const { client, user } = await entraTenant();
    const group = (await client.post('/Groups', fixture('entra/groups-create.json'))).body;
    const ids = { [ENTRA_USER_ID]: user.id };

    const added = await client.patch(
      `/Groups/${group.id}`,
      withIds(fixture('entra/groups-add-members.json'), ids),
    );
    expectStatus(added, 204);
    expect(added.text).toBe('');
    expect(await isMember(client, group.id, user.id)).toBe(true);
    expect((await readUser(client, user.id)).groups).toEqual([
      expect.objectContaining({ value: group.id, display: DISPLAY_NAME }),
    ]);

    // Adding a member twice is no change (RFC 7644 §3.5.2.1).
    expectStatus(
      await client.patch(`/Groups/${group.id}`, withIds(fixture('entra/groups-add-members.json'), ids)),
      204,
    );
    expect((await client.get(`/Groups/${group.id}`)).body.members).toHaveLength(1);

    const removed = await client.patch(
      `/Groups/${group.id}`,
      withIds(fixture('entra/groups-remove-members.json'), ids),
    );
    expectStatus(removed, 204);
    expect(removed.text).toBe('');
    expect(await isMember(client, group.id, user.id)).toBe(false);
    expect((await readUser(client, user.id)).groups).toBeUndefined();
  });

  it('Remove with a members[value eq "ID"] path (capitalised op) removes that member only', async () => {
    const { client, user } = await entraTenant();
    const second = await client.post('/Users', {
      ...fixture<Record<string, unknown>>('entra/create-user.json'),
      userName: 'second@testuser.com',
      externalId: 'second',
    });
    const group = (await client.post('/Groups', fixture('entra/groups-create.json'))).body;
    await client.patch(
      `/Groups/${group.id}`,
      patchOp({ op: 'Add', path: 'members', value: [{ value: user.id }, { value: second.body.id }] }),
    );
    const res = await client.patch(
      `/Groups/${group.id}`,
      patchOp({ op: 'Remove', path: `members[value eq "${user.id}"]` }),
    );
    expectStatus(res, 204);
    expect(await isMember(client, group.id, user.id)).toBe(false);
    expect(await isMember(client, group.id, second.body.id)).toBe(true);
  });

  it('Update Group [Non-member attributes]: Replace displayName → 204; the old name finds nothing, the new one finds it', async () => {
    const { client } = await entraTenant();
    const group = (await client.post('/Groups', fixture('entra/groups-create.json'))).body;
    const res = await client.patch(
      `/Groups/${group.id}`,
      fixture('entra/groups-update-non-member-attributes.json'),
    );
    expectStatus(res, 204);
    expect(res.headers.etag).not.toBe(group.meta.version);
    expect((await byDisplayName(client, DISPLAY_NAME)).body.totalResults).toBe(0);
    const renamed = await byDisplayName(client, UPDATED_NAME);
    expect(renamed.body.Resources.map((g: { id: string }) => g.id)).toEqual([group.id]);
    // The old name is free again.
    expectStatus(
      await client.post('/Groups', {
        ...fixture<Record<string, unknown>>('entra/groups-create.json'),
        externalId: 'other',
      }),
      201,
    );
  });

  it('a second group with the same displayName in another case → 409 uniqueness; the unknown member of an Add → 400 invalidValue', async () => {
    const { client } = await entraTenant();
    const group = (await client.post('/Groups', fixture('entra/groups-create.json'))).body;
    expectScimError(
      await client.post('/Groups', {
        ...fixture<Record<string, unknown>>('entra/groups-create.json'),
        displayName: 'DISPLAYNAME',
        externalId: 'another-object-id',
      }),
      409,
      'uniqueness',
    );
    const unknown = await client.patch(`/Groups/${group.id}`, fixture('entra/groups-add-members.json'));
    expectScimError(unknown, 400, 'invalidValue');
    expect(unknown.body.detail).toContain(ENTRA_USER_ID);
  });

  it('Delete Group → 204 No Content; the member user is untouched', async () => {
    const { client, user } = await entraTenant();
    const group = (await client.post('/Groups', fixture('entra/groups-create.json'))).body;
    await client.patch(
      `/Groups/${group.id}`,
      withIds(fixture('entra/groups-add-members.json'), { [ENTRA_USER_ID]: user.id }),
    );
    const res = await client.delete(`/Groups/${group.id}`);
    expectStatus(res, 204);
    expect(res.text).toBe('');
    expect((await byDisplayName(client, DISPLAY_NAME)).body.totalResults).toBe(0);
    const after = await readUser(client, user.id);
    expect(after.meta.version).toBe(user.meta.version);
    expect(after.groups).toBeUndefined();
  });
});
