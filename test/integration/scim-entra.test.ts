/**
 * Microsoft Entra ID's provisioning requests (learn.microsoft.com, "Tutorial: Develop and plan
 * provisioning for a SCIM endpoint in Microsoft Entra ID", Request examples), replayed against the
 * real app and store. Bodies are Entra's documented shapes (test/fixtures/entra/): capitalised ops,
 * "True"/"False" strings, a manager given as a bare string value. Only the ids are ours.
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
  patchOp,
  readUser,
  sansOrigin,
  scimClient,
  withIds,
  type ScimClient,
  type ScimUser,
} from '../harness/tenant';

/** The manager id in Entra's documented examples. */
const ENTRA_MANAGER_ID = '2819c223-7f76-453a-919d-413861904646';
const ENTRA_OTHER_MANAGER_ID = '9c5ba3a6-1c6b-4a2e-9c53-0b3f3a7d2f10';
const CREATE_USER_NAME = 'Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1';

type Manager = { value: string; $ref?: string; displayName?: string };
const managerOfUser = (user: Record<string, unknown>) =>
  (user[ENTERPRISE] as { manager?: Manager } | undefined)?.manager;

describe('SCIM Users: the Microsoft Entra ID provisioning requests', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  async function entraClient(): Promise<ScimClient> {
    const { token } = await newTenant(t.store);
    return scimClient(t.app, token);
  }

  async function createDocumentedUser(client: ScimClient): Promise<ScimUser> {
    const res = await client.post('/Users', fixture('entra/create-user.json'));
    expectStatus(res, 201);
    return res.body as ScimUser;
  }

  it('Get User by query, zero results: GET ?filter=userName eq "…" for a missing user → 200 with totalResults 0 (never 404)', async () => {
    const client = await entraClient();
    const res = await client.get(filterQuery('userName eq "non-existent user"'));
    expectStatus(res, 200);
    expect(res.headers['content-type']).toMatch(/^application\/scim\+json/);
    expect(res.body.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:ListResponse']);
    expect(res.body.totalResults).toBe(0);
    expect(res.body.Resources).toEqual([]);
    const byExternalId = await client.get(
      filterQuery('externalId eq "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef"'),
    );
    expectStatus(byExternalId, 200);
    expect(byExternalId.body.totalResults).toBe(0);
  });

  it('Create User: POST the documented body → 201; Get User by id and by query (userName, externalId) find it', async () => {
    const client = await entraClient();
    const res = await client.post('/Users', fixture('entra/create-user.json'));
    expectStatus(res, 201);
    const user = res.body as ScimUser;
    expect(user.userName).toBe(CREATE_USER_NAME);
    expect(user.externalId).toBe('0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef');
    expect(user.name).toEqual({
      formatted: 'givenName familyName',
      familyName: 'familyName',
      givenName: 'givenName',
    });
    expect(user.active).toBe(true);
    expect(user.meta.resourceType).toBe('User');
    expect(res.headers.location).toBe(user.meta.location);
    expect(res.headers.etag).toBe(user.meta.version);

    const byId = await client.get(`/Users/${user.id}`);
    expectStatus(byId, 200);
    expect(sansOrigin(byId.body)).toEqual(sansOrigin(user));

    const byUserName = await client.get(filterQuery(`userName eq "${CREATE_USER_NAME}"`));
    expect(byUserName.body.totalResults).toBe(1);
    expect(sansOrigin(byUserName.body.Resources[0])).toEqual(sansOrigin(user));
    const byExternalId = await client.get(
      filterQuery('externalId eq "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef"'),
    );
    expect(byExternalId.body.totalResults).toBe(1);
    expect(byExternalId.body.Resources[0].id).toBe(user.id);
  });

  it('Create User with "True"/"False" strings and a bare-string manager → 201 with booleans and manager.value set', async () => {
    const client = await entraClient();
    const manager = await createUser(client, 'manager.person@contoso.com', { displayName: 'Manager Person' });
    const body = withIds(fixture('entra/create-user-string-booleans.json'), {
      [ENTRA_MANAGER_ID]: manager.id,
    });
    const res = await client.post('/Users', body);
    expectStatus(res, 201);
    expect(res.body.active).toBe(true);
    expect(res.body.emails[0].primary).toBe(true);
    expect(res.body.roles[0].primary).toBe(false);
    expect(res.body[ENTERPRISE]).toMatchObject({
      employeeNumber: '1002',
      department: 'Tour Operations',
      manager: { value: manager.id, displayName: 'Manager Person' },
    });
    const stored = await readUser(client, res.body.id);
    expect(managerOfUser(stored)?.value).toBe(manager.id);
  });

  it('Update User [Multi-valued properties]: Replace emails[type eq "work"].value and name.familyName → both stored', async () => {
    const client = await entraClient();
    const user = await createDocumentedUser(client);
    const res = await client.patch(`/Users/${user.id}`, fixture('entra/update-user-multi-valued.json'));
    expectStatus(res, 200);
    expect(res.body.emails).toEqual([{ primary: true, type: 'work', value: 'updatedEmail@microsoft.com' }]);
    expect(res.body.name.familyName).toBe('updatedFamilyName');
    expect(res.body.name.givenName).toBe('givenName');
    const stored = await readUser(client, user.id);
    expect(stored.emails).toEqual(res.body.emails);
    expect(stored.meta.version).toBe(res.headers.etag);
    expect(stored.meta.version).not.toBe(user.meta.version);
    // The new address is what a later filter finds.
    const found = await client.get(
      filterQuery('emails[type eq "work" and value eq "updatedEmail@microsoft.com"]'),
    );
    expectStatus(found, 200);
    expect(found.body.Resources.map((r: ScimUser) => r.id)).toEqual([user.id]);
  });

  it('Update User [Single-valued properties]: Replace userName → renamed; the old userName no longer finds the user', async () => {
    const client = await entraClient();
    const user = await createDocumentedUser(client);
    const res = await client.patch(`/Users/${user.id}`, fixture('entra/update-user-single-valued.json'));
    expectStatus(res, 200);
    expect(res.body.userName).toBe('5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com');
    expect((await client.get(filterQuery(`userName eq "${CREATE_USER_NAME}"`))).body.totalResults).toBe(0);
    const renamed = await client.get(
      filterQuery('userName eq "5B50642D-79FC-4410-9E90-4C077CDD1A59@testuser.com"'),
    );
    expect(renamed.body.totalResults).toBe(1);
    // The old userName is free again for another user (the externalId still belongs to this one).
    const { externalId: _externalId, ...again } = fixture('entra/create-user.json');
    expectStatus(await client.post('/Users', again), 201);
    expectScimError(await client.post('/Users', fixture('entra/create-user.json')), 409, 'uniqueness');
  });

  it('Disable User: Replace active false, and the "False" string form → active false; "True" re-enables', async () => {
    const client = await entraClient();
    const user = await createDocumentedUser(client);

    const off = await client.patch(`/Users/${user.id}`, fixture('entra/disable-user.json'));
    expectStatus(off, 200);
    expect(off.body.active).toBe(false);
    expect((await readUser(client, user.id)).active).toBe(false);

    const on = await client.patch(`/Users/${user.id}`, fixture('entra/enable-user-string-boolean.json'));
    expectStatus(on, 200);
    expect(on.body.active).toBe(true);

    const offAgain = await client.patch(
      `/Users/${user.id}`,
      fixture('entra/disable-user-string-boolean.json'),
    );
    expectStatus(offAgain, 200);
    expect(offAgain.body.active).toBe(false);
    expect((await readUser(client, user.id)).active).toBe(false);
  });

  it('Update User manager: Add with a bare string value sets manager.value; Remove clears it', async () => {
    const client = await entraClient();
    const manager = await createUser(client, 'manager.person@contoso.com', { displayName: 'Manager Person' });
    const user = await createDocumentedUser(client);

    const added = await client.patch(
      `/Users/${user.id}`,
      withIds(fixture('entra/add-manager.json'), { [ENTRA_MANAGER_ID]: manager.id }),
    );
    expectStatus(added, 200);
    expect(managerOfUser(added.body)).toEqual({
      value: manager.id,
      $ref: expect.stringMatching(new RegExp(`/Users/${manager.id}$`)),
      displayName: 'Manager Person',
    });
    expect(managerOfUser(await readUser(client, user.id))?.value).toBe(manager.id);
    const reports = await client.get(filterQuery(`${ENTERPRISE}:manager.value eq "${manager.id}"`));
    expect(reports.body.Resources.map((r: ScimUser) => r.id)).toEqual([user.id]);

    const removed = await client.patch(`/Users/${user.id}`, fixture('entra/remove-manager.json'));
    expectStatus(removed, 200);
    expect(managerOfUser(removed.body)).toBeUndefined();
    expect(managerOfUser(await readUser(client, user.id))).toBeUndefined();
    expect(
      (await client.get(filterQuery(`${ENTERPRISE}:manager.value eq "${manager.id}"`))).body.totalResults,
    ).toBe(0);
  });

  it('Replace manager.value moves the user to another manager; the old manager may then be disabled', async () => {
    const client = await entraClient();
    const first = await createUser(client, 'first.manager@contoso.com');
    const second = await createUser(client, 'second.manager@contoso.com');
    const user = await createDocumentedUser(client);
    expectStatus(
      await client.patch(
        `/Users/${user.id}`,
        withIds(fixture('entra/add-manager.json'), { [ENTRA_MANAGER_ID]: first.id }),
      ),
      200,
    );
    const moved = await client.patch(
      `/Users/${user.id}`,
      withIds(fixture('entra/replace-manager-value.json'), { [ENTRA_OTHER_MANAGER_ID]: second.id }),
    );
    expectStatus(moved, 200);
    expect(managerOfUser(moved.body)?.value).toBe(second.id);
    expectStatus(await client.patch(`/Users/${first.id}`, fixture('entra/disable-user.json')), 200);
    expectScimError(
      await client.patch(`/Users/${second.id}`, fixture('entra/disable-user.json')),
      409,
      'mutability',
    );
  });

  it('Replace without a path, value an object with dotted and URN-qualified keys → every attribute set', async () => {
    const client = await entraClient();
    const manager = await createUser(client, 'manager.person@contoso.com');
    const user = await createDocumentedUser(client);
    const res = await client.patch(
      `/Users/${user.id}`,
      withIds(fixture('entra/update-user-no-path.json'), { [ENTRA_MANAGER_ID]: manager.id }),
    );
    expectStatus(res, 200);
    expect(res.body.displayName).toBe('Babs Jensen');
    expect(res.body.name.givenName).toBe('Barbara');
    expect(res.body.name.familyName).toBe('familyName');
    expect(res.body.active).toBe(true);
    expect(res.body[ENTERPRISE].department).toBe('Tour Operations');
    expect(managerOfUser(res.body)?.value).toBe(manager.id);
    expect(sansOrigin(await readUser(client, user.id))).toEqual(sansOrigin(res.body));
  });

  it('Add with value filters (emails[type eq "work"].value, phoneNumbers[…], addresses[…].formatted, employeeNumber) → stored', async () => {
    const client = await entraClient();
    const user = await createDocumentedUser(client);
    const res = await client.patch(`/Users/${user.id}`, fixture('entra/add-attributes-filtered.json'));
    expectStatus(res, 200);
    const stored = await readUser(client, user.id);
    expect(stored.emails).toEqual([{ primary: true, type: 'work', value: 'ryan@contoso.com' }]);
    expect(stored.phoneNumbers).toEqual([
      expect.objectContaining({ type: 'mobile', value: '+1 425 555 0100' }),
    ]);
    expect(stored.addresses).toEqual([
      expect.objectContaining({ type: 'work', formatted: '1 Microsoft Way, Redmond, WA 98052' }),
    ]);
    expect((stored[ENTERPRISE] as Record<string, unknown>).employeeNumber).toBe('701984');
  });

  it.each([
    ['emails[type eq "work"].value eq "ryan@contoso.com"', true],
    ['emails[type eq "work"].value eq "RYAN@contoso.com"', true],
    ['emails[type eq "home"].value eq "ryan@contoso.com"', false],
    ['phoneNumbers[type eq "mobile"].value eq "+1 425 555 0100"', true],
    ['phoneNumbers[type eq "work"].value eq "+1 425 555 0100"', false],
    ['addresses[type eq "work"].formatted eq "1 Microsoft Way, Redmond, WA 98052"', true],
    ['addresses[type eq "work"].formatted pr', true],
    ['addresses[type eq "work"].postalCode pr', false],
    ['urn:ietf:params:scim:schemas:core:2.0:User:emails[type eq "work"].value eq "ryan@contoso.com"', true],
  ])('Get User by query on a matching attribute: GET ?filter=%s → found: %s', async (filter, found) => {
    const client = await entraClient();
    const user = await createDocumentedUser(client);
    expectStatus(await client.patch(`/Users/${user.id}`, fixture('entra/add-attributes-filtered.json')), 200);
    const res = await client.get(filterQuery(filter));
    expectStatus(res, 200);
    expect(res.body.Resources.map((r: ScimUser) => r.id)).toEqual(found ? [user.id] : []);
  });

  it('Update User manager as the tutorial sends it: Add path "manager", value [{$ref, value}] → manager set', async () => {
    const client = await entraClient();
    const manager = await createUser(client, 'manager.person@contoso.com', { displayName: 'Manager Person' });
    const user = await createDocumentedUser(client);
    const res = await client.patch(
      `/Users/${user.id}`,
      withIds(fixture('entra/add-manager-array.json'), { [ENTRA_MANAGER_ID]: manager.id }),
    );
    expectStatus(res, 200);
    expect(managerOfUser(res.body)).toEqual({
      value: manager.id,
      $ref: expect.stringMatching(new RegExp(`/scim/v2/Users/${manager.id}$`)),
      displayName: 'Manager Person',
    });
    expect(managerOfUser(await readUser(client, user.id))?.value).toBe(manager.id);
  });

  it('manager as an array of two → 400 invalidValue saying to send one, nothing changed', async () => {
    const client = await entraClient();
    const first = await createUser(client, 'first.manager@contoso.com');
    const second = await createUser(client, 'second.manager@contoso.com');
    const user = await createDocumentedUser(client);
    const res = await client.patch(
      `/Users/${user.id}`,
      patchOp({ op: 'Add', path: 'manager', value: [{ value: first.id }, { value: second.id }] }),
    );
    expectScimError(res, 400, 'invalidValue');
    expect(res.body.detail).toMatch(/manager is single-valued: send one object .*found an array of 2/);
    const stored = await readUser(client, user.id);
    expect(managerOfUser(stored)).toBeUndefined();
    expect(stored.meta.version).toBe(user.meta.version);
  });

  it('Remove path "active" → 400 invalidValue telling how to deactivate; the user stays active', async () => {
    const client = await entraClient();
    const user = await createDocumentedUser(client);
    const res = await client.patch(`/Users/${user.id}`, patchOp({ op: 'Remove', path: 'active' }));
    expectScimError(res, 400, 'invalidValue');
    expect(res.body.detail).toContain('{"op": "replace", "path": "active", "value": false}');
    const stored = await readUser(client, user.id);
    expect(stored.active).toBe(true);
    expect(stored.meta.version).toBe(user.meta.version);
  });

  it('Add manager naming an id that is not a user of this account → 400 invalidValue, nothing changed', async () => {
    const client = await entraClient();
    const user = await createDocumentedUser(client);
    const res = await client.patch(`/Users/${user.id}`, fixture('entra/add-manager.json'));
    expectScimError(res, 400, 'invalidValue');
    expect(res.body.detail).toContain(ENTRA_MANAGER_ID);
    const stored = await readUser(client, user.id);
    expect(managerOfUser(stored)).toBeUndefined();
    expect(stored.meta.version).toBe(user.meta.version);
  });

  it('Delete User: DELETE → 204 with no body; GET by id → 404 and the query finds nothing', async () => {
    const client = await entraClient();
    const user = await createDocumentedUser(client);
    const res = await client.delete(`/Users/${user.id}`);
    expectStatus(res, 204);
    expect(res.text).toBe('');
    expectScimError(await client.get(`/Users/${user.id}`), 404);
    expect((await client.get(filterQuery(`userName eq "${CREATE_USER_NAME}"`))).body.totalResults).toBe(0);
    expectScimError(await client.delete(`/Users/${user.id}`), 404);
    // The userName is free again.
    expectStatus(await client.post('/Users', fixture('entra/create-user.json')), 201);
  });

  it('Delete User releases the userName and externalId keys and leaves no key claimed by the deleted user', async () => {
    const { tenantId, token } = await newTenant(t.store);
    const client = scimClient(t.app, token);
    const user = await createDocumentedUser(client);
    expectStatus(await client.delete(`/Users/${user.id}`), 204);
    // Key documents are how userName/externalId uniqueness is claimed (src/store/users/user-keys.ts).
    const leftovers = await t.store.raw.collection('user_keys').find({ tenantId, userId: user.id }).toArray();
    expect(leftovers).toEqual([]);
  });

  it('replays the whole sequence on one user: query miss → create → query → update → manager add/remove → disable → enable → delete', async () => {
    const client = await entraClient();
    const manager = await createUser(client, 'manager.person@contoso.com');
    expect((await client.get(filterQuery(`userName eq "${CREATE_USER_NAME}"`))).body.totalResults).toBe(0);
    const user = await createDocumentedUser(client);
    expect((await client.get(filterQuery(`userName eq "${CREATE_USER_NAME}"`))).body.Resources[0].id).toBe(
      user.id,
    );
    const steps = [
      fixture('entra/update-user-multi-valued.json'),
      withIds(fixture('entra/add-manager.json'), { [ENTRA_MANAGER_ID]: manager.id }),
      fixture('entra/remove-manager.json'),
      fixture('entra/disable-user-string-boolean.json'),
      fixture('entra/enable-user-string-boolean.json'),
      patchOp({ op: 'Replace', path: 'displayName', value: 'Final Name' }),
    ];
    let version = user.meta.version;
    for (const step of steps) {
      const res = await client.patch(`/Users/${user.id}`, step);
      expectStatus(res, 200);
      expect(res.body.meta.version).not.toBe(version);
      expect(res.headers.etag).toBe(res.body.meta.version);
      version = res.body.meta.version;
    }
    const final = await readUser(client, user.id);
    expect(final).toMatchObject({ active: true, displayName: 'Final Name' });
    expect(managerOfUser(final)).toBeUndefined();
    expectStatus(await client.delete(`/Users/${user.id}`), 204);
    expectScimError(await client.get(`/Users/${user.id}`), 404);
  });
});
