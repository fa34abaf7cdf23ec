import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from '../harness/app';
import { arrangeTeam, type Member, type Team } from './admin-support';

/** The Manage Team page's user API: GET /api/v1/users, GET and PATCH /api/v1/users/{id}. */
const PEOPLE: Member[] = [
  { userName: 'ana.lima@x.com', lead: true },
  { userName: 'bo.chen@x.com', manager: 'ana.lima' },
  { userName: 'Cara.Diaz@x.com', manager: 'ana.lima' },
  { userName: 'dev.patel@x.com', active: false },
  { userName: 'eli.lima@x.com', extra: { emails: [{ value: 'eli.work@corp.example', primary: true }] } },
  { userName: 'fay.ortiz@x.com' },
  { userName: 'gus.lima@x.com', active: false },
];

describe('admin users API', () => {
  let t: TestApp;
  let team: Team;
  beforeAll(async () => {
    t = await startTestApp();
    team = await arrangeTeam(t.app, t.store, PEOPLE);
  });
  afterAll(() => t.close());

  const names = (body: { users: { userName: string }[] }) => body.users.map((u) => u.userName);

  it('GET /users: every user in userName order (case-insensitive), as flat users for a UI', async () => {
    const res = await team.admin.get('/users');
    expect(res.status).toBe(200);
    expect(names(res.body)).toEqual([
      'ana.lima@x.com',
      'bo.chen@x.com',
      'Cara.Diaz@x.com',
      'dev.patel@x.com',
      'eli.lima@x.com',
      'fay.ortiz@x.com',
      'gus.lima@x.com',
    ]);
    expect(res.body.total).toBe(7);
    expect(res.body.nextCursor).toBeNull();
    expect(res.body.users[1]).toEqual({
      id: team.ids['bo.chen'],
      userName: 'bo.chen@x.com',
      givenName: 'bo',
      familyName: 'chen',
      displayName: 'bo chen',
      email: 'bo.chen@x.com',
      title: null,
      managerId: team.ids['ana.lima'],
      managerUserName: 'ana.lima@x.com',
      canManageTeam: false,
      active: true,
      primaryOwner: false,
      manageUsers: false,
      missingFields: [],
      version: 1,
    });
  });

  it.each([
    ['a userName prefix, any case', 'CARA', ['Cara.Diaz@x.com']],
    ['a family name', 'lima', ['ana.lima@x.com', 'eli.lima@x.com', 'gus.lima@x.com']],
    ['a given and a family name', 'eli LIMA', ['eli.lima@x.com']],
    ['an email that is not the userName', 'eli.work', ['eli.lima@x.com']],
    ['regex syntax, taken literally', 'a.*', []],
    ['nothing that matches', 'zed', []],
  ])('GET /users?q= finds by %s', async (_what, q, expected) => {
    const res = await team.admin.get(`/users?q=${encodeURIComponent(q)}`);
    expect(res.status).toBe(200);
    expect(names(res.body)).toEqual(expected);
    expect(res.body.total).toBe(expected.length);
  });

  it('GET /users?status= filters active and deactivated users, with the search', async () => {
    const deactivated = await team.admin.get('/users?status=deactivated');
    expect(names(deactivated.body)).toEqual(['dev.patel@x.com', 'gus.lima@x.com']);
    const active = await team.admin.get('/users?status=active&q=lima');
    expect(names(active.body)).toEqual(['ana.lima@x.com', 'eli.lima@x.com']);
    expect(active.body.total).toBe(2);
  });

  it('pages with a cursor or an offset walk the same list', async () => {
    const walked: string[] = [];
    let cursor: string | null = '';
    do {
      const url: string = `/users?limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await team.admin.get(url);
      expect(page.status).toBe(200);
      expect(page.body.total).toBe(7);
      walked.push(...names(page.body));
      cursor = page.body.nextCursor as string | null;
    } while (cursor);
    expect(walked).toEqual(names((await team.admin.get('/users')).body));

    const second = await team.admin.get('/users?limit=3&offset=3');
    expect(names(second.body)).toEqual(walked.slice(3, 6));
  });

  it.each([
    ['status=gone', 'status'],
    ['limit=0', 'limit'],
    ['limit=201', 'limit'],
    ['offset=-1', 'offset'],
    ['cursor=abc&offset=2', 'cursor or with offset'],
    ['cursor=%25%25', 'cursor'],
    ['q=a&q=b', '"q"'],
  ])('GET /users?%s → 400 invalid-value', async (query, mention) => {
    const res = await team.admin.get(`/users?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error.kind).toBe('invalid-value');
    expect(res.body.error.message).toContain(mention);
  });

  it('GET /users/{id}: the flat user and its ETag; unknown or malformed ids → 404', async () => {
    const res = await team.admin.get(`/users/${team.ids['ana.lima']}`);
    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe(`W/"${res.body.user.version}"`);
    expect(res.body.user).toMatchObject({ userName: 'ana.lima@x.com', canManageTeam: true, managerId: null });
    expect((await team.admin.get(`/users/${randomUUID()}`)).status).toBe(404);
    expect((await team.admin.get('/users/ana.lima@x.com')).status).toBe(404);
  });
});

describe('PATCH /api/v1/users/{id}', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const arrange = () =>
    arrangeTeam(t.app, t.store, [
      { userName: 'ana@x.com', lead: true },
      { userName: 'bo@x.com', manager: 'ana', extra: { title: 'Analyst' } },
      { userName: 'cy@x.com' },
    ]);

  it('edits the fields a team admin edits; a field left out stays, null clears', async () => {
    const { admin, ids, scim } = await arrange();
    const res = await admin.patch(`/users/${ids.bo}`, {
      givenName: ' Bo ',
      familyName: 'Chen',
      email: 'bo.chen@corp.example',
      title: null,
      managerId: ids.cy,
      canManageTeam: true,
    });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({
      givenName: 'Bo',
      familyName: 'Chen',
      email: 'bo.chen@corp.example',
      title: null,
      managerId: ids.cy,
      managerUserName: 'cy@x.com',
      canManageTeam: true,
      active: true,
      version: 2,
    });
    expect(res.headers.etag).toBe('W/"2"');
    // The SCIM view agrees: one email, still primary and of its type.
    const scimUser = (await scim.get(`/Users/${ids.bo}`)).body;
    expect(scimUser.emails).toEqual([{ value: 'bo.chen@corp.example', type: 'work', primary: true }]);
    expect(scimUser.title).toBeUndefined();
  });

  it('goes through the guard: a manager with reports → 409, self as manager → 400, stale If-Match → 412', async () => {
    const { admin, ids } = await arrange();
    const deactivate = await admin.patch(`/users/${ids.ana}`, { active: false });
    expect(deactivate.status).toBe(409);
    expect(deactivate.body.error).toMatchObject({ kind: 'has-active-reports' });
    expect(deactivate.body.error.message).toContain('bo@x.com');

    const self = await admin.patch(`/users/${ids.bo}`, { managerId: ids.bo });
    expect(self.status).toBe(400);
    expect(self.body.error.kind).toBe('invalid-manager');

    const stale = await admin.patch(`/users/${ids.cy}`, { title: 'Lead' }, { 'If-Match': 'W/"7"' });
    expect(stale.status).toBe(412);
    const fresh = await admin.patch(`/users/${ids.cy}`, { title: 'Lead' }, { 'If-Match': 'W/"1"' });
    expect(fresh.status).toBe(200);
  });

  it.each([
    [{ nickName: 'B' }, 'Unknown field "nickName"'],
    [{ title: 7 }, 'title must be a string or null'],
    [{ email: 'not an email' }, 'not an email address'],
    [{ active: 'false' }, 'active must be true or false'],
    [{ managerId: 'ana@x.com' }, 'managerId must be the id'],
  ])('bad body %j → 400', async (body, mention) => {
    const { admin, ids } = await arrange();
    const res = await admin.patch(`/users/${ids.cy}`, body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(mention);
  });
});
