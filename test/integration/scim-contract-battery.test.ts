/**
 * The contract battery: the same protocol checks over every resource type, so /Users and /Groups
 * cannot drift apart (docs/contract.md; RFC 7644 §3.4.2 lists and paging, RFC 9865 cursors,
 * §3.4.2.5 attributes, §3.14 versions, tenant isolation). One factory, one run per resource type.
 */
import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from '../harness/app';
import {
  CORE,
  expectScimError,
  expectStatus,
  newTenant,
  patchOp,
  sansOrigin,
  scimClient,
  userBody,
  type ScimClient,
} from '../harness/tenant';

const CORE_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const LIST_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

type Resource = Record<string, unknown> & { id: string; meta: { version: string; location: string } };

/** What the battery needs to know of a resource type; everything else it checks the same way. */
interface ResourceKind {
  readonly name: 'User' | 'Group';
  readonly endpoint: '/Users' | '/Groups';
  readonly coreSchema: string;
  /** A valid POST/PUT body whose naming attribute is `key` (unique per resource). */
  body(key: string, extra?: Record<string, unknown>): Record<string, unknown>;
  /** The attribute `body` names the resource by, and a filter matching keys starting with `prefix`. */
  readonly naming: string;
  startsWith(prefix: string): string;
  /** A PATCH operation that changes something harmless (a new value each time). */
  harmlessPatch(): Record<string, unknown>;
  /** The status of a successful PATCH without `attributes`. */
  readonly patchStatus: 200 | 204;
}

const users: ResourceKind = {
  name: 'User',
  endpoint: '/Users',
  coreSchema: CORE,
  body: (key, extra = {}) => userBody(`${key}@battery.example`, extra),
  naming: 'userName',
  startsWith: (prefix) => `userName sw "${prefix}"`,
  harmlessPatch: () => ({ op: 'replace', path: 'title', value: `Patched ${randomUUID()}` }),
  patchStatus: 200,
};

const groups: ResourceKind = {
  name: 'Group',
  endpoint: '/Groups',
  coreSchema: CORE_GROUP,
  body: (key, extra = {}) => ({ schemas: [CORE_GROUP], displayName: key, ...extra }),
  naming: 'displayName',
  startsWith: (prefix) => `displayName sw "${prefix}"`,
  harmlessPatch: () => ({ op: 'replace', path: 'externalId', value: `patched-${randomUUID()}` }),
  patchStatus: 204,
};

/** schemas, id and meta.resourceType are returned "always" (RFC 7643 §3.1); the rest only when named. */
function expectOnly(body: Record<string, unknown>, kind: ResourceKind): void {
  expect(Object.keys(body).sort()).toEqual(['id', 'meta', kind.naming, 'schemas'].sort());
  expect(body.meta).toEqual({ resourceType: kind.name });
}

function contractBattery(kind: ResourceKind): void {
  describe(`SCIM contract battery: ${kind.endpoint}`, () => {
    let t: TestApp;
    let a: ScimClient;
    let b: ScimClient;
    let seq = 0;
    const key = (label: string) => `${label}-${kind.name.toLowerCase()}-${++seq}`;
    const list = (client: ScimClient, filter: string, extra = '') =>
      client.get(`${kind.endpoint}?filter=${encodeURIComponent(filter)}${extra}`);

    async function create(client: ScimClient, name: string, extra?: Record<string, unknown>) {
      const res = await client.post(kind.endpoint, kind.body(name, extra));
      expectStatus(res, 201);
      return res.body as Resource;
    }

    beforeAll(async () => {
      t = await startTestApp();
      a = scimClient(t.app, (await newTenant(t.store)).token);
      b = scimClient(t.app, (await newTenant(t.store)).token);
    });
    afterAll(() => t.close());

    describe('ETag and If-Match (RFC 7644 §3.14)', () => {
      it('sends meta.version as the ETag on create and read, and a new one after each write', async () => {
        const res = await a.post(kind.endpoint, kind.body(key('etag')));
        expectStatus(res, 201);
        const created = res.body as Resource;
        expect(res.headers.etag).toBe(created.meta.version);
        expect(created.meta.version).toMatch(/^W\/"\d+"$/);

        const read = await a.get(`${kind.endpoint}/${created.id}`);
        expectStatus(read, 200);
        expect(read.headers.etag).toBe(created.meta.version);

        const patched = await a.patch(`${kind.endpoint}/${created.id}`, patchOp(kind.harmlessPatch()), {
          'If-Match': created.meta.version,
        });
        expectStatus(patched, kind.patchStatus);
        expect(patched.headers.etag).toMatch(/^W\/"\d+"$/);
        expect(patched.headers.etag).not.toBe(created.meta.version);
        expect((await a.get(`${kind.endpoint}/${created.id}`)).headers.etag).toBe(patched.headers.etag);
      });

      it('refuses PUT, PATCH and DELETE with a stale If-Match (412) and changes nothing', async () => {
        const created = await create(a, key('stale'));
        const stale = created.meta.version;
        expectStatus(
          await a.patch(`${kind.endpoint}/${created.id}`, patchOp(kind.harmlessPatch()), {
            'If-Match': stale,
          }),
          kind.patchStatus,
        );
        const current = (await a.get(`${kind.endpoint}/${created.id}`)).body as Resource;

        expectScimError(
          await a.put(`${kind.endpoint}/${created.id}`, kind.body(`${created[kind.naming]}-renamed`), {
            'If-Match': stale,
          }),
          412,
        );
        expectScimError(
          await a.patch(`${kind.endpoint}/${created.id}`, patchOp(kind.harmlessPatch()), {
            'If-Match': stale,
          }),
          412,
        );
        expectScimError(await a.delete(`${kind.endpoint}/${created.id}`, { 'If-Match': stale }), 412);

        const after = await a.get(`${kind.endpoint}/${created.id}`);
        expectStatus(after, 200);
        expect(sansOrigin(after.body)).toEqual(sansOrigin(current));
      });

      it('refuses an If-Match this server never issued (412), and accepts * and the current ETag', async () => {
        const created = await create(a, key('ifmatch'));
        expectScimError(await a.delete(`${kind.endpoint}/${created.id}`, { 'If-Match': 'not-an-etag' }), 412);
        expectStatus(
          await a.put(`${kind.endpoint}/${created.id}`, kind.body(String(created[kind.naming])), {
            'If-Match': '*',
          }),
          200,
        );
        const current = (await a.get(`${kind.endpoint}/${created.id}`)).headers.etag as string;
        expectStatus(await a.delete(`${kind.endpoint}/${created.id}`, { 'If-Match': current }), 204);
        expectScimError(await a.get(`${kind.endpoint}/${created.id}`), 404);
      });
    });

    describe('paging (RFC 7644 §3.4.2.4) and cursors (RFC 9865)', () => {
      const prefix = `page-${kind.name.toLowerCase()}-`;
      let ids: string[];

      beforeAll(async () => {
        ids = [];
        for (let i = 0; i < 5; i += 1) ids.push((await create(a, `${prefix}${i}`)).id);
      });

      it('pages by startIndex and count, counting every match', async () => {
        const first = await list(a, kind.startsWith(prefix), '&count=2');
        expectStatus(first, 200);
        expect(first.body).toMatchObject({
          schemas: [LIST_RESPONSE],
          totalResults: 5,
          itemsPerPage: 2,
          startIndex: 1,
        });
        const last = await list(a, kind.startsWith(prefix), '&startIndex=5&count=2');
        expect(last.body).toMatchObject({ totalResults: 5, itemsPerPage: 1, startIndex: 5 });
        const none = await list(a, kind.startsWith(prefix), '&count=0');
        expect(none.body).toMatchObject({ totalResults: 5, itemsPerPage: 0, Resources: [] });

        // Creation order by default: the pages put together are the resources as created.
        const all: string[] = [];
        for (let start = 1; start <= 5; start += 2) {
          const page = await list(a, kind.startsWith(prefix), `&startIndex=${start}&count=2`);
          all.push(...(page.body.Resources as Resource[]).map((r) => r.id));
        }
        expect(all).toEqual(ids);
      });

      it('walks every match once with cursors, in id order, and says when the last page is reached', async () => {
        const seen: string[] = [];
        let cursor = '';
        for (let pages = 0; pages < 10; pages += 1) {
          const res = await list(a, kind.startsWith(prefix), `&count=2&cursor=${encodeURIComponent(cursor)}`);
          expectStatus(res, 200);
          expect(res.body.totalResults).toBe(5);
          expect(res.body.startIndex).toBeUndefined();
          seen.push(...(res.body.Resources as Resource[]).map((r) => r.id));
          if (res.body.nextCursor === undefined) break;
          cursor = res.body.nextCursor as string;
        }
        expect(seen).toEqual([...ids].sort());
      });

      it('refuses a cursor it did not issue, and a cursor with startIndex', async () => {
        expectScimError(await list(a, kind.startsWith(prefix), '&cursor=bm90LWFuLWlk'), 400, 'invalidValue');
        expectScimError(await list(a, kind.startsWith(prefix), '&cursor=&startIndex=2'), 400, 'invalidValue');
      });
    });

    describe('attributes and excludedAttributes (RFC 7644 §3.4.2.5)', () => {
      let created: Resource;

      beforeAll(async () => {
        created = await create(a, key('project'), { externalId: `ext-${randomUUID()}` });
      });

      it('returns only what `attributes` names, plus what is returned "always"', async () => {
        const one = await a.get(`${kind.endpoint}/${created.id}?attributes=${kind.naming}`);
        expectStatus(one, 200);
        expectOnly(one.body, kind);

        const listed = await list(a, `id eq "${created.id}"`, `&attributes=${kind.naming}`);
        expect(listed.body.Resources).toEqual([one.body]);
      });

      it('leaves out what `excludedAttributes` names, but never id', async () => {
        const res = await a.get(`${kind.endpoint}/${created.id}?excludedAttributes=externalId,id`);
        expectStatus(res, 200);
        expect(res.body.externalId).toBeUndefined();
        expect(res.body.id).toBe(created.id);
        expect(res.body[kind.naming]).toBe(created[kind.naming]);
        expect(res.body.meta).toBeDefined();

        const full = await a.get(`${kind.endpoint}/${created.id}`);
        expect(full.body.externalId).toBe(created.externalId);
      });

      it('accepts names qualified with the core schema URN, in any case', async () => {
        const qualified = `${kind.coreSchema}:${kind.naming}`.toUpperCase();
        const res = await a.get(`${kind.endpoint}/${created.id}?attributes=${encodeURIComponent(qualified)}`);
        expectStatus(res, 200);
        expectOnly(res.body, kind);
      });
    });

    describe('tenant isolation', () => {
      it("answers 404 for another tenant's id, on every method, and changes nothing", async () => {
        const theirs = await create(a, key('isolated'));
        const path = `${kind.endpoint}/${theirs.id}`;
        expectScimError(await b.get(path), 404);
        expectScimError(await b.put(path, kind.body(key('hijack'))), 404);
        expectScimError(await b.patch(path, patchOp(kind.harmlessPatch())), 404);
        expectScimError(await b.delete(path), 404);
        const still = await a.get(path);
        expectStatus(still, 200);
        expect(still.body.meta.version).toBe(theirs.meta.version);
      });

      it("never finds another tenant's resources in a filter, by id or otherwise", async () => {
        const theirs = await create(a, key('hidden'));
        for (const filter of [`id eq "${theirs.id}"`, `${kind.naming} eq "${theirs[kind.naming]}"`]) {
          const res = await list(b, filter);
          expectStatus(res, 200);
          expect(res.body).toMatchObject({ totalResults: 0, Resources: [] });
        }
        const mine = await list(a, `id eq "${theirs.id}"`);
        expect(mine.body.totalResults).toBe(1);
        const everything = await b.get(`${kind.endpoint}?count=1000`);
        expect((everything.body.Resources as Resource[]).map((r) => r.id)).not.toContain(theirs.id);
      });
    });

    describe('unknown ids', () => {
      it.each([
        ['an id no resource has', randomUUID()],
        ['an id that is not a UUID', 'not-a-uuid'],
      ])('answers 404 for %s on every method', async (_label, id) => {
        const path = `${kind.endpoint}/${id}`;
        expectScimError(await a.get(path), 404);
        expectScimError(await a.put(path, kind.body(key('ghost'))), 404);
        expectScimError(await a.patch(path, patchOp(kind.harmlessPatch())), 404);
        expectScimError(await a.delete(path), 404);
      });
    });
  });
}

contractBattery(users);
contractBattery(groups);
