/**
 * Filters (RFC 7644 §3.4.2.2) against the real store: every operator, logic and grouping,
 * case-insensitive userName, value paths, the enterprise manager, meta.lastModified, and filters
 * that try to reach Object.prototype or MongoDB operators.
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
  sansOrigin,
  scimClient,
  type ScimClient,
  type ScimUser,
} from '../harness/tenant';

describe('SCIM Users: filters against the real store', () => {
  let t: TestApp;
  let client: ScimClient;
  const users: Record<string, ScimUser> = {};
  /** meta.lastModified of the last write before erin was created. */
  let before: string;

  beforeAll(async () => {
    t = await startTestApp();
    const { token } = await newTenant(t.store);
    client = scimClient(t.app, token);
    users.alice = await createUser(client, 'alice@x.com', {
      title: 'Engineer',
      displayName: 'Alice Smith',
      nickName: 'al',
    });
    users.bob = await createUser(client, 'bob', {
      title: 'Manager',
      displayName: 'Bob Jones',
      emails: [
        { value: 'bob@y.com', type: 'work', primary: true },
        { value: 'bob@x.com', type: 'home' },
      ],
    });
    users.carol = await createUser(client, 'Carol@X.com', {
      displayName: 'Carol King',
      emails: [{ value: 'carol@z.com', type: 'home' }],
      ...managerOf(users.bob.id),
    });
    users.dave = await createUser(client, 'dave@y.com', { title: 'engineer', ...managerOf(users.bob.id) });
    const off = await client.patch(
      `/Users/${users.dave.id}`,
      patchOp({ op: 'replace', path: 'active', value: false }),
    );
    expectStatus(off, 200);
    users.dave = off.body as ScimUser;
    before = users.dave.meta.lastModified;
    await new Promise((resolve) => setTimeout(resolve, 5));
    users.erin = await createUser(client, 'erin@z.com');
  });
  afterAll(() => t.close());

  /** The userNames a filter finds, sorted (GET ?filter=). */
  async function find(filter: string): Promise<string[]> {
    const res = await client.get(filterQuery(filter));
    expectStatus(res, 200);
    expect(res.body.totalResults).toBe(res.body.Resources.length);
    return (res.body.Resources as ScimUser[]).map((u) => u.userName).sort();
  }

  const cases: Array<[string, string[]]> = [
    ['userName eq "BOB"', ['bob']],
    ['userName eq "carol@x.com"', ['Carol@X.com']],
    ['USERNAME Eq "Alice@X.COM"', ['alice@x.com']],
    ['userName ne "bob"', ['Carol@X.com', 'alice@x.com', 'dave@y.com', 'erin@z.com']],
    ['title eq "engineer"', ['alice@x.com', 'dave@y.com']],
    ['title ne "engineer"', ['Carol@X.com', 'bob', 'erin@z.com']],
    ['displayName co "JON"', ['bob']],
    ['displayName sw "car"', ['Carol@X.com']],
    ['userName ew "@Y.COM"', ['dave@y.com']],
    ['userName sw "c"', ['Carol@X.com']],
    ['userName gt "bob"', ['Carol@X.com', 'dave@y.com', 'erin@z.com']],
    ['userName ge "bob"', ['Carol@X.com', 'bob', 'dave@y.com', 'erin@z.com']],
    ['userName lt "bob"', ['alice@x.com']],
    ['userName le "BOB"', ['alice@x.com', 'bob']],
    ['title pr', ['alice@x.com', 'bob', 'dave@y.com']],
    ['not (title pr)', ['Carol@X.com', 'erin@z.com']],
    ['active eq false', ['dave@y.com']],
    ['active eq true and title eq "engineer"', ['alice@x.com']],
    ['title eq "manager" or displayName sw "carol"', ['Carol@X.com', 'bob']],
    // and binds tighter than or (RFC 7644 §3.4.2.2); parentheses change the grouping.
    ['title eq "manager" or title eq "engineer" and active eq false', ['bob', 'dave@y.com']],
    ['(title eq "manager" or title eq "engineer") and active eq false', ['dave@y.com']],
    ['(title eq "manager" or title eq "engineer") and not (active eq false)', ['alice@x.com', 'bob']],
    ['not (title eq "engineer" or title eq "manager")', ['Carol@X.com', 'erin@z.com']],
    ['((userName eq "bob") or ((userName eq "erin@z.com")))', ['bob', 'erin@z.com']],
    ['name.givenName eq "ALICE"', ['alice@x.com']],
    ['emails.value co "@y.com"', ['bob', 'dave@y.com']],
    ['emails co "@Z.COM"', ['Carol@X.com', 'erin@z.com']],
    // Both conditions on ONE element: bob's x.com address is his home one.
    ['emails[type eq "work" and value co "@x.com"]', ['alice@x.com']],
    ['emails[type eq "home"]', ['Carol@X.com', 'bob']],
    ['emails[type eq "work" and value co "@y.com"] and active eq true', ['bob']],
    ['emails[type eq "home"] or userName eq "erin@z.com"', ['Carol@X.com', 'bob', 'erin@z.com']],
    ['not (emails[type eq "home"])', ['alice@x.com', 'dave@y.com', 'erin@z.com']],
  ];

  it.each(cases)('%s', async (filter, expected) => {
    expect(await find(filter)).toEqual(expected);
  });

  it('userName eq "BOB" finds bob (userName is case-insensitive), also through POST /Users/.search', async () => {
    expect(await find('userName eq "BOB"')).toEqual(['bob']);
    const res = await client.post('/Users/.search', {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],
      filter: 'userName eq "BOB"',
    });
    expectStatus(res, 200);
    expect(res.body.Resources.map((u: ScimUser) => u.id)).toEqual([users.bob!.id]);
    const root = await client.post('/.search', {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],
      filter: 'title eq "engineer" and active eq true',
    });
    expectStatus(root, 200);
    expect(root.body.Resources.map((u: ScimUser) => u.id)).toEqual([users.alice!.id]);
  });

  it('the enterprise manager filter …:manager.value eq "ID" finds that manager\'s reports, active or not', async () => {
    expect(await find(`${ENTERPRISE}:manager.value eq "${users.bob!.id}"`)).toEqual([
      'Carol@X.com',
      'dave@y.com',
    ]);
    expect(await find(`${ENTERPRISE}:manager.value eq "${users.bob!.id}" and active eq true`)).toEqual([
      'Carol@X.com',
    ]);
    expect(await find(`${ENTERPRISE}:manager.value eq "${users.alice!.id}"`)).toEqual([]);
    // Ids compare exactly.
    expect(await find(`${ENTERPRISE}:manager.value eq "${users.bob!.id.toUpperCase()}"`)).toEqual([]);
  });

  it('id eq and externalId eq find by identifier', async () => {
    expect(await find(`id eq "${users.carol!.id}"`)).toEqual(['Carol@X.com']);
    expect(await find('id eq "00000000-0000-4000-8000-000000000000"')).toEqual([]);
    const withExternal = await createUser(client, 'frank@z.com', { externalId: 'Ext-1' });
    try {
      expect(await find('externalId eq "Ext-1"')).toEqual(['frank@z.com']);
      expect(await find('externalId eq "ext-1"')).toEqual([]);
    } finally {
      expectStatus(await client.delete(`/Users/${withExternal.id}`), 204);
    }
  });

  it('meta.lastModified gt / ge / lt compare chronologically', async () => {
    expect(await find(`meta.lastModified gt "${before}"`)).toEqual(['erin@z.com']);
    expect(await find(`meta.lastModified ge "${before}"`)).toEqual(['dave@y.com', 'erin@z.com']);
    expect(await find(`meta.lastModified lt "${before}"`)).toEqual(['Carol@X.com', 'alice@x.com', 'bob']);
    expect(await find(`meta.lastModified gt "${before}" or userName eq "bob"`)).toEqual([
      'bob',
      'erin@z.com',
    ]);
    expect(await find('meta.created gt "2000-01-01T00:00:00Z"')).toHaveLength(5);
    expect(await find('meta.created lt "2000-01-01"')).toEqual([]);
    // A write moves lastModified forward: the user is now in the delta.
    await new Promise((resolve) => setTimeout(resolve, 5));
    const touched = await client.patch(
      `/Users/${users.alice!.id}`,
      patchOp({ op: 'replace', path: 'nickName', value: 'ally' }),
    );
    expectStatus(touched, 200);
    expect(await find(`meta.lastModified gt "${users.erin!.meta.lastModified}"`)).toEqual(['alice@x.com']);
  });

  it('filters that name unknown attributes or misuse operators → 400 invalidFilter', async () => {
    for (const filter of [
      'nosuch eq "x"',
      'userName eq',
      'userName xx "a"',
      'userName eq "a" and',
      '(userName eq "a"',
      'emails[type eq "work"',
      'active gt true',
      'meta.lastModified gt "yesterday"',
      'title co 1',
      'userName eq bob',
    ]) {
      const res = await client.get(filterQuery(filter));
      expectScimError(res, 400, 'invalidFilter');
    }
  });

  describe('injection attempts → 400 invalidFilter or no match, and nothing changes', () => {
    let snapshot: unknown;
    const everyone = async () =>
      sansOrigin((await client.get('/Users?count=1000')).body.Resources as unknown);
    beforeAll(async () => {
      snapshot = await everyone();
    });

    it.each([
      '__proto__.x eq 1',
      '__proto__.polluted eq "yes"',
      'constructor.prototype eq 1',
      'emails[__proto__ eq 1]',
      '$where eq 1',
      '$where eq "sleep(1000)"',
      'userName.$ne eq 1',
      `${ENTERPRISE}:$where eq 1`,
      'userName eq "a" or $expr eq 1',
    ])('%s → 400 invalidFilter', async (filter) => {
      const res = await client.get(filterQuery(filter));
      expectScimError(res, 400, 'invalidFilter');
      const search = await client.post('/Users/.search', {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],
        filter,
      });
      expectScimError(search, 400, 'invalidFilter');
    });

    it.each([
      'userName eq "{\\"$gt\\":\\"\\"}"',
      'title eq "{\\"$gt\\":\\"\\"}"',
      'externalId eq "{\\"$ne\\":null}"',
      `${ENTERPRISE}:manager.value eq "{\\"$gt\\":\\"\\"}"`,
      'title co ".*"',
      'displayName sw "^"',
      'userName ew "$"',
      'title eq "Engineer|Manager"',
      'emails[value co ".*"]',
    ])('%s is data, not an operator: finds nothing', async (filter) => {
      expect(await find(filter)).toEqual([]);
    });

    it('after every attempt: no user created, changed or removed, and Object.prototype untouched', async () => {
      expect(await everyone()).toEqual(snapshot);
      expect(({} as Record<string, unknown>).x).toBeUndefined();
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(await t.store.raw.collection('users').countDocuments({})).toBe(5);
    });
  });
});
