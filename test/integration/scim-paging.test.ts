/**
 * Listing (RFC 7644 §3.4.2.3–§3.4.2.5, RFC 9865 cursors) against the real store: index paging with
 * exact totals, the count cap, sorting, attribute projection and cursor paging.
 */
import { startTestApp, type TestApp } from '../harness/app';
import { storedUser } from '../harness/stored-user';
import {
  ROSTER,
  createUser,
  expectScimError,
  expectStatus,
  filterQuery,
  newTenant,
  scimClient,
  type ScimClient,
  type ScimUser,
} from '../harness/tenant';

const TOTAL = 23;

describe('SCIM Users: paging, sorting and projection', () => {
  let t: TestApp;
  let client: ScimClient;
  /** userNames as created: mixed case, so sorting must ignore case. */
  const names: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    const { token } = await newTenant(t.store);
    client = scimClient(t.app, token);
    for (let i = 0; i < TOTAL; i += 1) {
      const name = `${i % 2 === 0 ? 'User' : 'user'}${String(i).padStart(2, '0')}@example.com`;
      names.push(name);
      await createUser(client, name, { title: i % 3 === 0 ? 'Engineer' : 'Designer' });
    }
  });
  afterAll(() => t.close());

  const byFolded = (a: string, b: string) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1);

  it('GET /Users without parameters → every user, totalResults exact, startIndex 1', async () => {
    const res = await client.get('/Users');
    expectStatus(res, 200);
    expect(res.body.totalResults).toBe(TOTAL);
    expect(res.body.itemsPerPage).toBe(TOTAL);
    expect(res.body.startIndex).toBe(1);
    expect(res.body.Resources.map((u: ScimUser) => u.userName).sort(byFolded)).toEqual(
      [...names].sort(byFolded),
    );
  });

  it('startIndex/count pages are disjoint, cover every user once, and each carries the exact totalResults', async () => {
    const seen: string[] = [];
    for (let start = 1; start <= TOTAL; start += 5) {
      const res = await client.get(`/Users?startIndex=${start}&count=5`);
      expectStatus(res, 200);
      expect(res.body.totalResults).toBe(TOTAL);
      expect(res.body.startIndex).toBe(start);
      expect(res.body.itemsPerPage).toBe(Math.min(5, TOTAL - start + 1));
      expect(res.body.Resources).toHaveLength(res.body.itemsPerPage);
      seen.push(...res.body.Resources.map((u: ScimUser) => u.id));
    }
    expect(seen).toHaveLength(TOTAL);
    expect(new Set(seen).size).toBe(TOTAL);
  });

  it('past the end → empty page with the exact total; count=0 → only the total; startIndex below 1 reads as 1', async () => {
    const past = await client.get(`/Users?startIndex=${TOTAL + 1}&count=10`);
    expect(past.body).toMatchObject({ totalResults: TOTAL, itemsPerPage: 0, Resources: [] });
    const none = await client.get('/Users?count=0');
    expect(none.body).toMatchObject({ totalResults: TOTAL, itemsPerPage: 0, Resources: [] });
    const zero = await client.get('/Users?startIndex=0&count=3');
    expect(zero.body.startIndex).toBe(1);
    expect(zero.body.itemsPerPage).toBe(3);
    const first = await client.get('/Users?startIndex=1&count=3');
    expect(zero.body.Resources.map((u: ScimUser) => u.id)).toEqual(
      first.body.Resources.map((u: ScimUser) => u.id),
    );
  });

  it('paging a filter: totalResults counts the matches, not the page', async () => {
    const engineers = names.filter((_, i) => i % 3 === 0).length;
    const res = await client.get(filterQuery('title eq "engineer"', '&startIndex=2&count=3'));
    expect(res.body.totalResults).toBe(engineers);
    expect(res.body.itemsPerPage).toBe(3);
    expect(res.body.Resources.every((u: ScimUser) => u.title === 'Engineer')).toBe(true);
    // Value-path filters (evaluated by a scan on FerretDB) page the same way.
    const work = await client.get(filterQuery('emails[type eq "work"]', '&startIndex=21&count=10'));
    expect(work.body.totalResults).toBe(TOTAL);
    expect(work.body.itemsPerPage).toBe(TOTAL - 20);
  });

  it('sortBy=userName ascending and descending order case-insensitively', async () => {
    const sorted = [...names].sort(byFolded);
    const asc = await client.get('/Users?sortBy=userName&sortOrder=ascending&count=100');
    expect(asc.body.Resources.map((u: ScimUser) => u.userName)).toEqual(sorted);
    const byDefault = await client.get('/Users?sortBy=userName');
    expect(byDefault.body.Resources.map((u: ScimUser) => u.userName)).toEqual(sorted);
    const desc = await client.get('/Users?sortBy=userName&sortOrder=descending');
    expect(desc.body.Resources.map((u: ScimUser) => u.userName)).toEqual([...sorted].reverse());
    // A sorted page is a slice of the sorted whole.
    const page = await client.get('/Users?sortBy=userName&sortOrder=descending&startIndex=4&count=5');
    expect(page.body.Resources.map((u: ScimUser) => u.userName)).toEqual([...sorted].reverse().slice(3, 8));
  });

  it('sortOrder other than ascending/descending → 400 invalidValue; sortBy an unknown attribute → 400', async () => {
    expectScimError(await client.get('/Users?sortBy=userName&sortOrder=sideways'), 400, 'invalidValue');
    const unknown = await client.get('/Users?sortBy=nosuch');
    expect(unknown.status).toBe(400);
    expectScimError(unknown, 400);
  });

  it('attributes=userName returns userName and what is returned "always" (id, schemas, meta.resourceType); excludedAttributes drops only what it names', async () => {
    const picked = await client.get('/Users?attributes=userName&count=3');
    expectStatus(picked, 200);
    for (const user of picked.body.Resources as Record<string, unknown>[]) {
      expect(Object.keys(user).sort()).toEqual(['id', 'meta', 'schemas', 'userName']);
      expect(user.meta).toEqual({ resourceType: 'User' });
    }
    const sub = await client.get('/Users?attributes=name.givenName,emails.value&count=1');
    const [one] = sub.body.Resources as Record<string, unknown>[];
    expect(one).toMatchObject({
      name: { givenName: expect.any(String) },
      emails: [{ value: expect.any(String) }],
    });
    expect(one!.name).not.toHaveProperty('familyName');
    expect((one!.emails as object[])[0]).not.toHaveProperty('type');
    expect(one).not.toHaveProperty('userName');

    const trimmed = await client.get('/Users?excludedAttributes=emails,title&count=3');
    for (const user of trimmed.body.Resources as Record<string, unknown>[]) {
      expect(user).not.toHaveProperty('emails');
      expect(user).not.toHaveProperty('title');
      expect(user).toHaveProperty('userName');
      expect(user).toHaveProperty('meta');
      expect(user).toHaveProperty([ROSTER]);
    }
    // id is returned "always": excluding it changes nothing.
    const always = await client.get('/Users?excludedAttributes=id&count=1');
    expect(always.body.Resources[0]).toHaveProperty('id');

    const single = await client.get(`/Users/${picked.body.Resources[0].id}?attributes=userName`);
    expect(Object.keys(single.body).sort()).toEqual(['id', 'meta', 'schemas', 'userName']);
    const search = await client.post('/Users/.search', {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],
      attributes: ['userName'],
      startIndex: 1,
      count: 2,
    });
    expectStatus(search, 200);
    expect(search.body.totalResults).toBe(TOTAL);
    expect(Object.keys(search.body.Resources[0]).sort()).toEqual(['id', 'meta', 'schemas', 'userName']);
  });

  it('cursor paging: cursor= then nextCursor until absent visits every user exactly once', async () => {
    const seen: string[] = [];
    let cursor = '';
    let pages = 0;
    for (;;) {
      const res = await client.get(`/Users?count=4&cursor=${encodeURIComponent(cursor)}`);
      expectStatus(res, 200);
      expect(res.body.totalResults).toBe(TOTAL);
      expect(res.body).not.toHaveProperty('startIndex');
      seen.push(...res.body.Resources.map((u: ScimUser) => u.id));
      pages += 1;
      expect(pages).toBeLessThanOrEqual(Math.ceil(TOTAL / 4));
      if (res.body.nextCursor === undefined) break;
      expect(res.body.itemsPerPage).toBe(4);
      cursor = res.body.nextCursor as string;
    }
    expect(pages).toBe(Math.ceil(TOTAL / 4));
    expect(seen).toHaveLength(TOTAL);
    expect(new Set(seen).size).toBe(TOTAL);
  });

  it('cursor paging with a filter visits every match once; a forged cursor → 400; cursor with startIndex → 400', async () => {
    const engineers = names.filter((_, i) => i % 3 === 0).length;
    const seen: string[] = [];
    let cursor = '';
    for (let guard = 0; guard < 20; guard += 1) {
      const res = await client.get(
        filterQuery('title eq "Engineer"', `&count=2&cursor=${encodeURIComponent(cursor)}`),
      );
      expectStatus(res, 200);
      expect(res.body.totalResults).toBe(engineers);
      seen.push(...res.body.Resources.map((u: ScimUser) => u.id));
      if (res.body.nextCursor === undefined) break;
      cursor = res.body.nextCursor as string;
    }
    expect(new Set(seen).size).toBe(engineers);
    expect(seen).toHaveLength(engineers);

    expectScimError(await client.get('/Users?cursor=not-a-cursor'), 400, 'invalidValue');
    expectScimError(await client.get('/Users?cursor=&startIndex=2'), 400, 'invalidValue');
    expectScimError(await client.get('/Users?cursor=&sortBy=userName'), 400, 'invalidValue');
  });

  it('cursor paging keeps a filter on id: `id lt LAST` walked by cursor never returns LAST', async () => {
    const all = await client.get('/Users?count=1000');
    const excluded = (all.body.Resources as ScimUser[])
      .map((u) => u.id)
      .sort()
      .at(-1)!;
    const seen: string[] = [];
    let cursor = '';
    for (let guard = 0; guard < 20; guard += 1) {
      const res = await client.get(
        filterQuery(`id lt "${excluded}"`, `&count=3&cursor=${encodeURIComponent(cursor)}`),
      );
      expectStatus(res, 200);
      expect(res.body.totalResults).toBe(TOTAL - 1);
      seen.push(...res.body.Resources.map((u: ScimUser) => u.id));
      if (res.body.nextCursor === undefined) break;
      cursor = res.body.nextCursor as string;
    }
    expect(seen).not.toContain(excluded);
    expect(new Set(seen).size).toBe(TOTAL - 1);
  });

  it('value-path filters (evaluated in memory on FerretDB) honour sortBy and sortOrder', async () => {
    const sorted = [...names].sort(byFolded);
    const asc = await client.get(filterQuery('emails[type eq "work"]', '&sortBy=userName&count=100'));
    expectStatus(asc, 200);
    expect(asc.body.Resources.map((u: ScimUser) => u.userName)).toEqual(sorted);
    const desc = await client.get(
      filterQuery('emails[type eq "work"]', '&sortBy=userName&sortOrder=descending&startIndex=2&count=4'),
    );
    expect(desc.body.totalResults).toBe(TOTAL);
    expect(desc.body.Resources.map((u: ScimUser) => u.userName)).toEqual([...sorted].reverse().slice(1, 5));
  });

  it('cursor paging with a value-path filter visits every match once, then stops', async () => {
    const seen: string[] = [];
    let cursor = '';
    let pages = 0;
    for (; pages < 20; pages += 1) {
      const res = await client.get(
        filterQuery('emails[type eq "work"]', `&count=5&cursor=${encodeURIComponent(cursor)}`),
      );
      expectStatus(res, 200);
      expect(res.body.totalResults).toBe(TOTAL);
      expect(res.body).not.toHaveProperty('startIndex');
      seen.push(...res.body.Resources.map((u: ScimUser) => u.id));
      if (res.body.nextCursor === undefined) break;
      cursor = res.body.nextCursor as string;
    }
    expect(pages + 1).toBe(Math.ceil(TOTAL / 5));
    expect(seen).toHaveLength(TOTAL);
    expect(new Set(seen).size).toBe(TOTAL);
  });

  it('non-integer startIndex or count → 400 invalidValue, never a 500', async () => {
    for (const query of [
      'count=ten',
      'startIndex=1.5',
      'count=1e3',
      'count=99999999999',
      'count=1&count=2',
    ]) {
      expectScimError(await client.get(`/Users?${query}`), 400, 'invalidValue');
    }
  });

  describe('count is capped at 1000 (ServiceProviderConfig filter.maxResults)', () => {
    const BIG = 1003;
    let big: ScimClient;
    beforeAll(async () => {
      // Seeded straight into the store: 1003 POSTs would take longer than this whole suite.
      const { tenantId, token } = await newTenant(t.store);
      big = scimClient(t.app, token);
      const now = Date.now();
      const docs = Array.from({ length: BIG }, (_, i) => {
        const userName = `bulk${String(i).padStart(4, '0')}@example.com`;
        return storedUser(tenantId, userName, new Date(now + i), {
          name: { givenName: 'Bulk', familyName: String(i) },
          emails: [{ value: userName, type: 'work', primary: true }],
        });
      });
      await t.store.raw.tenantCollection(tenantId, 'users').insertMany(docs as never[]);
    });

    it(`count=5000 over ${BIG} users → 1000 resources, totalResults ${BIG}`, async () => {
      const res = await big.get('/Users?count=5000&attributes=userName');
      expectStatus(res, 200);
      expect(res.body.totalResults).toBe(BIG);
      expect(res.body.itemsPerPage).toBe(1000);
      expect(res.body.Resources).toHaveLength(1000);
      const rest = await big.get('/Users?startIndex=1001&count=5000&attributes=userName');
      expect(rest.body.itemsPerPage).toBe(BIG - 1000);
      const all = [...res.body.Resources, ...rest.body.Resources].map((u: ScimUser) => u.userName);
      expect(new Set(all).size).toBe(BIG);
    });

    it('the default page is 100 users', async () => {
      const res = await big.get('/Users?attributes=userName');
      expect(res.body.totalResults).toBe(BIG);
      expect(res.body.itemsPerPage).toBe(100);
    });

    it('the other tenant still sees only its own users', async () => {
      expect((await client.get('/Users?count=0')).body.totalResults).toBe(TOTAL);
    });
  });
});
