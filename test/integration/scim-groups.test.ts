/**
 * /Groups (RFC 7643 §4.2, RFC 7644 §3) against the real app and store: the resource, its
 * validation, filters, paging, projections, versions, the User `groups` attribute, what deleting
 * a user or a group does to memberships, discovery, and the searches across resource types.
 * The IdPs' own request sequences are in scim-groups-okta and scim-groups-entra.
 */
import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from '../harness/app';
import {
  CORE,
  createUser,
  expectScimError,
  expectStatus,
  newTenant,
  patchOp,
  readUser,
  scimClient,
  type ScimClient,
  type ScimUser,
  TEST_OPERATOR,
} from '../harness/tenant';

const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const SEARCH = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';

type Group = Record<string, unknown> & {
  id: string;
  displayName: string;
  members?: { value: string; display: string; $ref: string; type: string }[];
  meta: { version: string; location: string; resourceType: string };
};

const groupBody = (displayName: string, members: string[] = [], extra: Record<string, unknown> = {}) => ({
  schemas: [GROUP],
  displayName,
  members: members.map((value) => ({ value })),
  ...extra,
});

describe('SCIM Groups', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  async function tenant() {
    const { tenantId, token } = await newTenant(t.store);
    return { tenantId, client: scimClient(t.app, token) };
  }

  async function createGroup(
    client: ScimClient,
    name: string,
    members: string[] = [],
    extra = {},
  ): Promise<Group> {
    const res = await client.post('/Groups', groupBody(name, members, extra));
    expectStatus(res, 201);
    return res.body as Group;
  }

  const memberIds = async (client: ScimClient, id: string) => {
    const res = await client.get(`/Groups/${id}`);
    expectStatus(res, 200);
    return ((res.body as Group).members ?? []).map((m) => m.value).sort();
  };

  const filterGroups = async (client: ScimClient, filter: string, extra = '') => {
    const res = await client.get(`/Groups?filter=${encodeURIComponent(filter)}${extra}`);
    expectStatus(res, 200);
    return (res.body.Resources as Group[]).map((g) => g.displayName);
  };

  describe('the resource', () => {
    it('POST with members → 201: members shown with value, $ref, display and type User; readOnly id and meta ignored', async () => {
      const { client } = await tenant();
      const ana = await createUser(client, 'ana@example.com', { displayName: 'Ana' });
      const raj = await createUser(client, 'raj@example.com');
      const res = await client.post(
        '/Groups',
        groupBody('Engineering', [ana.id, raj.id, ana.id], {
          id: 'chosen-by-client',
          externalId: 'ext-eng',
          meta: { version: 'W/"99"' },
        }),
      );
      expectStatus(res, 201);
      const group = res.body as Group;
      expect(group.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(group.externalId).toBe('ext-eng');
      expect(group.meta).toMatchObject({ resourceType: 'Group', version: 'W/"1"' });
      expect(group.meta.location).toMatch(new RegExp(`/scim/v2/Groups/${group.id}$`));
      expect(res.headers.location).toBe(group.meta.location);
      expect(res.headers.etag).toBe('W/"1"');
      expect([...group.members!].sort((a, b) => (a.value < b.value ? -1 : 1))).toEqual(
        [
          { value: ana.id, display: 'Ana', type: 'User', $ref: expect.stringMatching(`/Users/${ana.id}$`) },
          {
            value: raj.id,
            display: raj.userName,
            type: 'User',
            $ref: expect.stringMatching(`/Users/${raj.id}$`),
          },
        ].sort((a, b) => (a.value < b.value ? -1 : 1)),
      );
    });

    it('refuses a body without the Group schema, without displayName, with an unknown attribute, or naming a Group as member', async () => {
      const { client } = await tenant();
      const other = await createGroup(client, 'Other');
      expectScimError(await client.post('/Groups', { displayName: 'X' }), 400, 'invalidSyntax');
      expectScimError(
        await client.post('/Groups', { schemas: [CORE], displayName: 'X' }),
        400,
        'invalidSyntax',
      );
      expectScimError(await client.post('/Groups', { schemas: [GROUP] }), 400, 'invalidValue');
      expectScimError(await client.post('/Groups', groupBody('  ')), 400, 'invalidValue');
      expectScimError(
        await client.post('/Groups', groupBody('X', [], { owner: 'me' })),
        400,
        'invalidSyntax',
      );
      expectScimError(
        await client.post('/Groups', {
          schemas: [GROUP],
          displayName: 'X',
          members: [{ value: other.id, type: 'Group' }],
        }),
        400,
        'invalidValue',
      );
      expectScimError(
        await client.post('/Groups', {
          schemas: [GROUP],
          displayName: 'X',
          members: [{ display: 'nobody' }],
        }),
        400,
        'invalidValue',
      );
      expect((await client.get('/Groups')).body.totalResults).toBe(1);
    });

    it('an unknown member → 400 invalidValue naming it, and no group is created', async () => {
      const { client } = await tenant();
      const ana = await createUser(client, 'ana@example.com');
      const ghost = randomUUID();
      const res = await client.post('/Groups', groupBody('Eng', [ana.id, ghost]));
      expectScimError(res, 400, 'invalidValue');
      expect(res.body.detail).toContain(ghost);
      expect(res.body.detail).not.toContain(ana.id);
      expect((await client.get('/Groups')).body.totalResults).toBe(0);
      // The name was not taken by the failed create.
      await createGroup(client, 'Eng', [ana.id]);
    });

    it('displayName is unique per tenant ignoring case (409 uniqueness), also on rename; other tenants are free to use it', async () => {
      const a = await tenant();
      const b = await tenant();
      await createGroup(a.client, 'Sales');
      expectScimError(await a.client.post('/Groups', groupBody('SALES')), 409, 'uniqueness');
      const other = await createGroup(a.client, 'Marketing');
      expectScimError(
        await a.client.patch(
          `/Groups/${other.id}`,
          patchOp({ op: 'replace', path: 'displayName', value: 'sales' }),
        ),
        409,
        'uniqueness',
      );
      expect((await a.client.get(`/Groups/${other.id}`)).body.displayName).toBe('Marketing');
      await createGroup(b.client, 'Sales');
    });

    it("a group of another tenant is 404 everywhere, and another tenant's user cannot be a member", async () => {
      const a = await tenant();
      const b = await tenant();
      const ana = await createUser(a.client, 'ana@example.com');
      const group = await createGroup(a.client, 'Secret', [ana.id]);
      expectScimError(await b.client.get(`/Groups/${group.id}`), 404);
      expectScimError(
        await b.client.patch(`/Groups/${group.id}`, patchOp({ op: 'add', path: 'members', value: [] })),
        404,
      );
      expectScimError(await b.client.put(`/Groups/${group.id}`, groupBody('Mine')), 404);
      expectScimError(await b.client.delete(`/Groups/${group.id}`), 404);
      expectScimError(await b.client.get('/Groups/not-a-uuid'), 404);
      expect(await filterGroups(b.client, `id eq "${group.id}"`)).toEqual([]);
      expect(await filterGroups(b.client, `members eq "${ana.id}"`)).toEqual([]);
      expectScimError(await b.client.post('/Groups', groupBody('Mine', [ana.id])), 400, 'invalidValue');
    });

    it('a read-only token may GET groups but gets 403 on writes', async () => {
      const { tenantId, client } = await tenant();
      const group = await createGroup(client, 'Eng');
      const token = await t.store.tokens.issue(tenantId, 'reader', ['scim:read'], TEST_OPERATOR);
      const reader = scimClient(t.app, token.secret);
      expectStatus(await reader.get(`/Groups/${group.id}`), 200);
      expectScimError(await reader.post('/Groups', groupBody('X')), 403);
      expectScimError(
        await reader.patch(
          `/Groups/${group.id}`,
          patchOp({ op: 'replace', path: 'displayName', value: 'Y' }),
        ),
        403,
      );
      expectScimError(await reader.delete(`/Groups/${group.id}`), 403);
    });
  });

  describe('PATCH and PUT', () => {
    it('operations apply in order and all or nothing: a failing operation leaves the group as it was', async () => {
      const { client } = await tenant();
      const ana = await createUser(client, 'ana@example.com');
      const raj = await createUser(client, 'raj@example.com');
      const group = await createGroup(client, 'Eng', [ana.id]);
      const failing = await client.patch(
        `/Groups/${group.id}`,
        patchOp(
          { op: 'add', path: 'members', value: [{ value: raj.id }] },
          { op: 'replace', path: 'displayName', value: 'Renamed' },
          { op: 'add', path: 'members', value: [{ value: randomUUID() }] },
        ),
      );
      expectScimError(failing, 400, 'invalidValue');
      const after = (await client.get(`/Groups/${group.id}`)).body as Group;
      expect(after.displayName).toBe('Eng');
      expect(after.meta.version).toBe(group.meta.version);
      expect(await memberIds(client, group.id)).toEqual([ana.id]);

      // Later operations see earlier ones: remove then add again keeps the member; add then remove drops it.
      const ordered = await client.patch(
        `/Groups/${group.id}`,
        patchOp(
          { op: 'remove', path: `members[value eq "${ana.id}"]` },
          { op: 'add', path: 'members', value: [{ value: ana.id }, { value: raj.id }] },
          { op: 'remove', path: 'members', value: [{ value: raj.id }] },
        ),
      );
      expectStatus(ordered, 204);
      expect(await memberIds(client, group.id)).toEqual([ana.id]);
    });

    it('answers 204 by default, 200 without members when attributes are asked for, members only when named', async () => {
      const { client } = await tenant();
      const ana = await createUser(client, 'ana@example.com');
      const group = await createGroup(client, 'Eng');
      const add = patchOp({ op: 'add', path: 'members', value: [{ value: ana.id }] });
      const named = await client.patch(`/Groups/${group.id}?attributes=displayName`, add);
      expectStatus(named, 200);
      expect(named.body).toEqual({
        schemas: [GROUP],
        id: group.id,
        displayName: 'Eng',
        meta: { resourceType: 'Group' },
      });
      expect(named.headers.etag).toBe('W/"2"');
      const excluded = await client.patch(`/Groups/${group.id}?excludedAttributes=externalId`, add);
      expectStatus(excluded, 200);
      expect(excluded.body).not.toHaveProperty('members');
      expect(excluded.body.meta.version).toBe('W/"3"');
      const withMembers = await client.patch(`/Groups/${group.id}?attributes=members`, add);
      expectStatus(withMembers, 200);
      expect(withMembers.body.members.map((m: { value: string }) => m.value)).toEqual([ana.id]);
    });

    it('If-Match: a stale version → 412 and nothing changes; the current one applies (PATCH, PUT, DELETE)', async () => {
      const { client } = await tenant();
      const ana = await createUser(client, 'ana@example.com');
      const group = await createGroup(client, 'Eng');
      const stale = group.meta.version;
      const moved = await client.patch(
        `/Groups/${group.id}`,
        patchOp({ op: 'replace', path: 'displayName', value: 'Eng 2' }),
        {
          'If-Match': stale,
        },
      );
      expectStatus(moved, 204);
      const current = moved.headers.etag as string;
      const add = patchOp({ op: 'add', path: 'members', value: [{ value: ana.id }] });
      expectScimError(await client.patch(`/Groups/${group.id}`, add, { 'If-Match': stale }), 412);
      expectScimError(await client.put(`/Groups/${group.id}`, groupBody('X'), { 'If-Match': stale }), 412);
      expectScimError(await client.delete(`/Groups/${group.id}`, { 'If-Match': stale }), 412);
      expectScimError(await client.patch(`/Groups/${group.id}`, add, { 'If-Match': 'garbage' }), 412);
      expect(await memberIds(client, group.id)).toEqual([]);
      expectStatus(await client.patch(`/Groups/${group.id}`, add, { 'If-Match': current }), 204);
      expect(await memberIds(client, group.id)).toEqual([ana.id]);
    });

    it('refuses what a group PATCH cannot do: remove displayName, member sub-attributes, other member filters, no path', async () => {
      const { client } = await tenant();
      const ana = await createUser(client, 'ana@example.com');
      const group = await createGroup(client, 'Eng', [ana.id]);
      const patch = (...ops: Record<string, unknown>[]) =>
        client.patch(`/Groups/${group.id}`, patchOp(...ops));
      expectScimError(await patch({ op: 'remove', path: 'displayName' }), 400, 'mutability');
      expectScimError(await patch({ op: 'replace', path: 'id', value: randomUUID() }), 400, 'mutability');
      expectScimError(
        await patch({ op: 'replace', path: 'meta.version', value: 'W/"9"' }),
        400,
        'mutability',
      );
      expectScimError(
        await patch({ op: 'replace', path: 'members.display', value: 'x' }),
        400,
        'invalidPath',
      );
      expectScimError(await patch({ op: 'remove', path: 'members[display eq "Ana"]' }), 400, 'invalidPath');
      expectScimError(
        await patch({ op: 'replace', path: `members[value eq "${ana.id}"]`, value: { value: ana.id } }),
        400,
        'invalidPath',
      );
      expectScimError(await patch({ op: 'add', path: 'owners', value: 'x' }), 400, 'invalidPath');
      expectScimError(await patch({ op: 'remove' }), 400, 'noTarget');
      expect(await memberIds(client, group.id)).toEqual([ana.id]);
      // remove on members without a value empties the group; externalId can be set and removed.
      expectStatus(await patch({ op: 'add', path: 'externalId', value: 'x1' }), 204);
      expect((await client.get(`/Groups/${group.id}`)).body.externalId).toBe('x1');
      expectStatus(await patch({ op: 'remove', path: 'externalId' }, { op: 'remove', path: 'members' }), 204);
      const emptied = (await client.get(`/Groups/${group.id}`)).body as Group;
      expect(emptied.externalId).toBeUndefined();
      expect(emptied.members).toEqual([]);
    });

    it('PUT replaces displayName and externalId; members as sent, kept when the body has none, emptied by []', async () => {
      const { client } = await tenant();
      const ana = await createUser(client, 'ana@example.com');
      const raj = await createUser(client, 'raj@example.com');
      const group = await createGroup(client, 'Eng', [ana.id], { externalId: 'e1' });
      const kept = await client.put(`/Groups/${group.id}`, { schemas: [GROUP], displayName: 'Engineering' });
      expectStatus(kept, 200);
      expect(kept.body.externalId).toBeUndefined();
      expect(kept.body.members.map((m: { value: string }) => m.value)).toEqual([ana.id]);
      const swapped = await client.put(`/Groups/${group.id}`, groupBody('Engineering', [raj.id]));
      expect(swapped.body.members.map((m: { value: string }) => m.value)).toEqual([raj.id]);
      expectScimError(
        await client.put(`/Groups/${group.id}`, groupBody('Engineering', [randomUUID()])),
        400,
        'invalidValue',
      );
      expect(await memberIds(client, group.id)).toEqual([raj.id]);
      const emptied = await client.put(`/Groups/${group.id}`, groupBody('Engineering', []));
      expect(emptied.body.members).toEqual([]);
    });
  });

  describe('members and users', () => {
    it("GET /Users/{id} shows the user's groups (readOnly); excludedAttributes=groups leaves them out; a PUT echoing them is fine", async () => {
      const { client } = await tenant();
      const ana = await createUser(client, 'ana@example.com');
      const eng = await createGroup(client, 'Engineering', [ana.id]);
      const all = await createGroup(client, 'All staff', [ana.id]);
      const user = await readUser(client, ana.id);
      expect(user.groups).toEqual([
        {
          value: all.id,
          $ref: expect.stringMatching(`/Groups/${all.id}$`),
          display: 'All staff',
          type: 'direct',
        },
        {
          value: eng.id,
          $ref: expect.stringMatching(`/Groups/${eng.id}$`),
          display: 'Engineering',
          type: 'direct',
        },
      ]);
      expect((await client.get(`/Users/${ana.id}?excludedAttributes=groups`)).body).not.toHaveProperty(
        'groups',
      );
      expect((await client.get(`/Users/${ana.id}?attributes=groups.display`)).body.groups).toEqual([
        { display: 'All staff' },
        { display: 'Engineering' },
      ]);
      const listed = await client.get(`/Users?filter=${encodeURIComponent('userName eq "ana@example.com"')}`);
      expect(listed.body.Resources[0].groups).toHaveLength(2);
      const echoed = await client.put(`/Users/${ana.id}`, { ...user, title: 'Engineer' });
      expectStatus(echoed, 200);
      expect(echoed.body.groups).toHaveLength(2);
      expectScimError(
        await client.patch(
          `/Users/${ana.id}`,
          patchOp({ op: 'add', path: 'groups', value: [{ value: eng.id }] }),
        ),
        400,
        'mutability',
      );
    });

    it('deleting a user removes their memberships; deactivating keeps them; deleting a group leaves users alone', async () => {
      const { client } = await tenant();
      const ana = await createUser(client, 'ana@example.com');
      const raj = await createUser(client, 'raj@example.com');
      const group = await createGroup(client, 'Eng', [ana.id, raj.id]);
      expectStatus(await client.delete(`/Users/${ana.id}`), 204);
      expect(await memberIds(client, group.id)).toEqual([raj.id]);
      expect(await t.store.raw.collection('group_members').countDocuments({ userId: ana.id })).toBe(0);

      expectStatus(
        await client.patch(`/Users/${raj.id}`, patchOp({ op: 'replace', path: 'active', value: false })),
        200,
      );
      expect(await memberIds(client, group.id)).toEqual([raj.id]);

      const before = await readUser(client, raj.id);
      expectStatus(await client.delete(`/Groups/${group.id}`), 204);
      const after = await readUser(client, raj.id);
      expect(after.meta.version).toBe(before.meta.version);
      expect(after.groups).toBeUndefined();
    });

    it('a membership left behind for a user that no longer exists is not shown', async () => {
      const { tenantId, client } = await tenant();
      const ana = await createUser(client, 'ana@example.com');
      const group = await createGroup(client, 'Eng', [ana.id]);
      const gone = randomUUID();
      // As a deletion racing a member add could leave one on a store where writes run in parallel.
      await t.store.raw
        .collection('group_members')
        .insertMany([{ _id: `${group.id}|${gone}`, tenantId, groupId: group.id, userId: gone }]);
      expect(await memberIds(client, group.id)).toEqual([ana.id]);
    });
  });

  describe('listing', () => {
    async function seeded() {
      const { client } = await tenant();
      const ana = await createUser(client, 'ana@example.com');
      const raj = await createUser(client, 'raj@example.com');
      await createGroup(client, 'Engineering', [ana.id], { externalId: 'x-eng' });
      await createGroup(client, 'Sales', [raj.id]);
      await createGroup(client, 'engagement', [ana.id, raj.id]);
      await createGroup(client, 'Board');
      return { client, ana, raj };
    }

    it('filters: displayName (ignoring case), externalId, id, members in every form, and combinations', async () => {
      const { client, ana, raj } = await seeded();
      const eng = (await client.get(`/Groups?filter=${encodeURIComponent('displayName eq "ENGINEERING"')}`))
        .body.Resources[0] as Group;
      expect(eng.displayName).toBe('Engineering');
      expect(await filterGroups(client, 'externalId eq "x-eng"')).toEqual(['Engineering']);
      expect(await filterGroups(client, 'externalId eq "X-ENG"')).toEqual([]);
      expect(await filterGroups(client, `id eq "${eng.id}"`)).toEqual(['Engineering']);
      expect(await filterGroups(client, 'displayName sw "eng"')).toEqual(['Engineering', 'engagement']);
      expect(await filterGroups(client, `members eq "${ana.id}"`)).toEqual(['Engineering', 'engagement']);
      expect(await filterGroups(client, `members.value eq "${raj.id}"`)).toEqual(['Sales', 'engagement']);
      expect(await filterGroups(client, `members[value eq "${raj.id}"] and displayName sw "S"`)).toEqual([
        'Sales',
      ]);
      expect(await filterGroups(client, `id eq "${eng.id}" and members eq "${ana.id}"`)).toEqual([
        'Engineering',
      ]);
      expect(await filterGroups(client, `members eq "${raj.id}" and id eq "${eng.id}"`)).toEqual([]);
      expect(await filterGroups(client, `not (members eq "${ana.id}") and members ne "${raj.id}"`)).toEqual([
        'Board',
      ]);
      expect(await filterGroups(client, `members eq "${ana.id}" or displayName eq "board"`)).toEqual([
        'Engineering',
        'engagement',
        'Board',
      ]);
      expectScimError(
        await client.get(`/Groups?filter=${encodeURIComponent('members co "a"')}`),
        400,
        'invalidFilter',
      );
      expectScimError(
        await client.get(`/Groups?filter=${encodeURIComponent('members pr')}`),
        400,
        'invalidFilter',
      );
      expectScimError(
        await client.get(`/Groups?filter=${encodeURIComponent('userName eq "a"')}`),
        400,
        'invalidFilter',
      );
    });

    it('pages and sorts like /Users (creation order by default, sortBy displayName ignoring case, cursors)', async () => {
      const { client } = await seeded();
      expect(await filterGroups(client, 'displayName pr', '&startIndex=2&count=2')).toEqual([
        'Sales',
        'engagement',
      ]);
      const page = await client.get('/Groups?sortBy=displayName&sortOrder=descending&count=3');
      expect(page.body.totalResults).toBe(4);
      expect(page.body.itemsPerPage).toBe(3);
      expect(page.body.Resources.map((g: Group) => g.displayName)).toEqual([
        'Sales',
        'Engineering',
        'engagement',
      ]);
      const seen: string[] = [];
      let cursor = '';
      for (let guard = 0; guard < 10; guard += 1) {
        const res = await client.get(`/Groups?count=3&cursor=${encodeURIComponent(cursor)}`);
        expectStatus(res, 200);
        seen.push(...res.body.Resources.map((g: Group) => g.id));
        if (res.body.nextCursor === undefined) break;
        cursor = res.body.nextCursor as string;
      }
      expect(seen).toHaveLength(4);
      expect([...seen].sort()).toEqual(seen);
    });

    it('excludedAttributes=members leaves members out (and unread); attributes selects', async () => {
      const { client } = await seeded();
      const listed = await client.get('/Groups?excludedAttributes=members');
      expect(listed.body.Resources).toHaveLength(4);
      for (const g of listed.body.Resources as Group[]) expect(g).not.toHaveProperty('members');
      const names = await client.get('/Groups?attributes=displayName&count=1');
      expect(Object.keys(names.body.Resources[0]).sort()).toEqual(['displayName', 'id', 'meta', 'schemas']);
      expect(names.body.Resources[0].meta).toEqual({ resourceType: 'Group' });
      const withMembers = await client.get('/Groups?attributes=members.value&filter=displayName eq "Sales"');
      expect(withMembers.body.Resources[0].members).toEqual([{ value: expect.any(String) }]);
    });

    it('POST /Groups/.search and POST /.search (users then groups, paged across both)', async () => {
      const { client, ana } = await seeded();
      const search = await client.post('/Groups/.search', {
        schemas: [SEARCH],
        filter: `members eq "${ana.id}"`,
        excludedAttributes: ['members'],
      });
      expectStatus(search, 200);
      expect(search.body.Resources.map((g: Group) => g.displayName)).toEqual(['Engineering', 'engagement']);

      const everything = await client.post('/.search', { schemas: [SEARCH], count: 3, startIndex: 2 });
      expectStatus(everything, 200);
      expect(everything.body.totalResults).toBe(6);
      expect(everything.body.Resources.map((r: ScimUser & Group) => r.userName ?? r.displayName)).toEqual([
        'raj@example.com',
        'Engineering',
        'Sales',
      ]);
      const groupsOnly = await client.post('/.search', {
        schemas: [SEARCH],
        filter: 'displayName eq "sales"',
      });
      expect(groupsOnly.body.Resources.map((r: Group) => r.meta.resourceType)).toEqual(['Group']);
      const usersOnly = await client.post('/.search', { schemas: [SEARCH], filter: 'userName sw "ana"' });
      expect(usersOnly.body.Resources.map((r: ScimUser) => r.userName)).toEqual(['ana@example.com']);
      expectScimError(
        await client.post('/.search', { schemas: [SEARCH], filter: 'userName eq "x" and members eq "y"' }),
        400,
        'invalidFilter',
      );
      expectScimError(await client.post('/.search', { schemas: [SEARCH], cursor: '' }), 400, 'invalidValue');
    });
  });

  describe('discovery', () => {
    it('ResourceTypes lists Group; /Schemas serves the Group schema; ServiceProviderConfig advertises bulk and its limits', async () => {
      const { client } = await tenant();
      const type = await client.get('/ResourceTypes/Group');
      expectStatus(type, 200);
      expect(type.body).toMatchObject({ id: 'Group', name: 'Group', endpoint: '/Groups', schema: GROUP });
      const types = await client.get('/ResourceTypes');
      expect(types.body.Resources.map((r: { id: string }) => r.id)).toEqual(['User', 'Group']);
      const schema = await client.get(`/Schemas/${GROUP}`);
      expectStatus(schema, 200);
      expect(schema.body.attributes.map((a: { name: string }) => a.name)).toEqual(
        expect.arrayContaining(['id', 'externalId', 'meta', 'displayName', 'members']),
      );
      const members = schema.body.attributes.find((a: { name: string }) => a.name === 'members');
      expect(members.subAttributes.map((a: { name: string }) => a.name)).toEqual([
        'value',
        '$ref',
        'display',
        'type',
      ]);
      const config = await client.get('/ServiceProviderConfig');
      expect(config.body.bulk).toEqual({ supported: true, maxOperations: 1000, maxPayloadSize: 1048576 });
    });
  });
});
