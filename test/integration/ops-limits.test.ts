/**
 * Limits (the issue "Operations: ... rate limits ... hostile input"): per-token rate limit (429 +
 * Retry-After), body size (413) and nesting depth (400 invalidSyntax) on /scim and /api, and the
 * page size capped at the advertised maximum.
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { buildApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { MAX_JSON_DEPTH } from '../../src/http/json-depth';
import { SCIM_MAX_BODY_BYTES } from '../../src/scim/http/scim-router';
import { LIST_LIMITS } from '../../src/scim/protocol/list-params';
import { startTestApp, type TestApp } from '../harness/app';
import { silentLog } from '../harness/store';
import { expectScimError, expectStatus, newTenant, patchOp, scimClient, userBody } from '../harness/tenant';

/** `[[[...]]]` nested `depth` levels, inside a user body's `nested` attribute. */
function nested(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i += 1) value = [value];
  return value;
}

describe('limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  describe('rate limit per token', () => {
    const RATE = 1;
    const BURST = 3;
    const limited = () =>
      buildApp({
        config: loadConfig({
          ROSTER_RATE_LIMIT_PER_SECOND: String(RATE),
          ROSTER_RATE_LIMIT_BURST: String(BURST),
          ROSTER_METRICS_PUBLIC: 'true',
        }),
        store: t.store,
        log: silentLog,
      });

    /**
     * Sends `count` requests at once; the bucket lets through the burst plus what refilled while
     * they were answered (a loaded machine is slow), and refuses the rest.
     */
    async function flood(send: () => Promise<request.Response>, count: number) {
      const started = Date.now();
      const answers = await Promise.all(Array.from({ length: count }, send));
      const allowedAtMost = BURST + Math.ceil(((Date.now() - started) / 1000) * RATE);
      const ok = answers.filter((r) => r.status === 200);
      expect(ok.length).toBeGreaterThanOrEqual(Math.min(BURST, count));
      expect(ok.length).toBeLessThanOrEqual(allowedAtMost);
      expect(answers.filter((r) => r.status !== 200).every((r) => r.status === 429)).toBe(true);
      return answers.filter((r) => r.status === 429);
    }

    it('answers 429 with Retry-After past the burst, per token', async () => {
      const app = limited();
      const first = scimClient(app, (await newTenant(t.store)).token);
      const second = scimClient(app, (await newTenant(t.store)).token);

      const refused = await flood(() => first.get('/Users'), 12);
      expect(refused.length).toBeGreaterThan(0);
      expectScimError(refused[0]!, 429);
      expect(Number(refused[0]!.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(refused[0]!.body.detail).toMatch(/Too many requests/);

      // Another token has a bucket of its own.
      expectStatus(await second.get('/Users'), 200);

      // Counted under the API's prefix, like any request refused before its route.
      const metrics = (await request(app).get('/metrics')).text;
      expect(metrics).toMatch(
        /^roster_http_requests_total\{route="\/scim\/v2\/\*",method="GET",status="429"\} [1-9]/m,
      );
    });

    it('limits /api too, in its JSON error shape', async () => {
      const app = limited();
      const { token } = await newTenant(t.store);
      const refused = await flood(
        () => request(app).get('/api/v1/account').set('Authorization', `Bearer ${token}`),
        12,
      );
      expect(refused.length).toBeGreaterThan(0);
      expect(refused[0]!.headers['retry-after']).toMatch(/^\d+$/);
      expect(refused[0]!.body.error).toMatchObject({
        kind: 'rate-limited',
        retryAfterSeconds: expect.any(Number),
      });
    });

    it('is off with ROSTER_RATE_LIMIT_PER_SECOND=0, and the defaults let an Entra-paced sync through', async () => {
      const off = buildApp({
        config: loadConfig({ ROSTER_RATE_LIMIT_PER_SECOND: '0', ROSTER_RATE_LIMIT_BURST: '1' }),
        store: t.store,
        log: silentLog,
      });
      const client = scimClient(off, (await newTenant(t.store)).token);
      for (let i = 0; i < 5; i += 1) expectStatus(await client.get('/Users?count=1'), 200);

      // Entra's guideline for a SCIM endpoint is 25 requests/s; a burst of 40 back to back passes.
      const defaults = scimClient(t.app, (await newTenant(t.store)).token);
      const statuses = await Promise.all(
        Array.from({ length: 40 }, () => defaults.get('/Users?count=1').then((r) => r.status)),
      );
      expect(statuses.every((s) => s === 200)).toBe(true);
    });
  });

  describe('body size and depth', () => {
    it('refuses a SCIM body over 1 MiB with 413 and a SCIM error', async () => {
      const scim = scimClient(t.app, (await newTenant(t.store)).token);
      const huge = userBody('big.body@x.com', { displayName: 'x'.repeat(SCIM_MAX_BODY_BYTES) });
      expectScimError(await scim.post('/Users', huge), 413);
    });

    it('refuses an /api body over its limit with 413', async () => {
      const { token } = await newTenant(t.store);
      const res = await request(t.app)
        .put('/api/v1/account/owner')
        .set('Authorization', `Bearer ${token}`)
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ userId: 'x'.repeat(128 * 1024) }));
      expect(res.status).toBe(413);
      expect(res.body.error.kind).toBe('payload-too-large');
    });

    it(`refuses bodies nested deeper than ${MAX_JSON_DEPTH} levels with 400 invalidSyntax, on every JSON route`, async () => {
      const { token } = await newTenant(t.store);
      const scim = scimClient(t.app, token);
      const deep = userBody('deep.body@x.com', { nested: nested(MAX_JSON_DEPTH) });
      const posted = await scim.post('/Users', deep);
      expectScimError(posted, 400, 'invalidSyntax');
      expect(posted.body.detail).toMatch(/deeper than 32 levels/);

      const victim = (await scim.post('/Users', userBody('victim.body@x.com'))).body as { id: string };
      const patched = await scim.patch(
        `/Users/${victim.id}`,
        patchOp({ op: 'replace', path: 'title', value: nested(MAX_JSON_DEPTH) }),
      );
      expectScimError(patched, 400, 'invalidSyntax');
      expectScimError(
        await scim.post('/Users/.search', {
          schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],
          filter: nested(MAX_JSON_DEPTH),
        }),
        400,
        'invalidSyntax',
      );

      const api = await request(t.app)
        .put('/api/v1/account/owner')
        .set('Authorization', `Bearer ${token}`)
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ userId: nested(MAX_JSON_DEPTH) }));
      expect(api.status).toBe(400);
      expect(api.body.error.kind).toBe('invalid-syntax');

      // 400,000 levels (just under the size limit): refused the same way, with no stack overflow.
      const deepest = '['.repeat(400_000) + ']'.repeat(400_000);
      const deepestRes = await scim.raw('post', '/Users', deepest);
      expectScimError(deepestRes, 400, 'invalidSyntax');
      expect(deepestRes.body.detail).toMatch(/deeper than 32 levels/);
    });

    it('accepts what nests exactly to the limit (and judges it on its content)', async () => {
      const scim = scimClient(t.app, (await newTenant(t.store)).token);
      // The body object is level 1, so the attribute may nest MAX_JSON_DEPTH - 1 levels.
      const res = await scim.post(
        '/Users',
        userBody('at.limit@x.com', { nested: nested(MAX_JSON_DEPTH - 1) }),
      );
      expect(res.body.detail ?? '').not.toMatch(/deeper than/);
    });
  });

  describe('page size', () => {
    it(`caps count at the advertised maximum (${LIST_LIMITS.maxCount})`, async () => {
      const { tenantId, token } = await newTenant(t.store);
      const scim = scimClient(t.app, token);
      const advertised = await scim.get('/ServiceProviderConfig');
      expect(advertised.body.filter.maxResults).toBe(LIST_LIMITS.maxCount);

      // Stored directly: only the listing is under test, and 1,001 SCIM creates would take minutes.
      const now = new Date();
      await t.store.raw.collection('users').insertMany(
        Array.from({ length: LIST_LIMITS.maxCount + 1 }, (_, i) => ({
          _id: randomUUID(),
          tenantId,
          userName: `bulk${i}@x.com`,
          userNameKey: `bulk${i}@x.com`,
          active: true,
          activeReports: [],
          activeReportsAt: {},
          primaryOwner: false,
          version: 1,
          created: now,
          lastModified: now,
        })),
      );

      const listed = await scim.get(`/Users?count=${LIST_LIMITS.maxCount * 5}&attributes=userName`);
      expectStatus(listed, 200);
      expect(listed.body.totalResults).toBe(LIST_LIMITS.maxCount + 1);
      expect(listed.body.itemsPerPage).toBe(LIST_LIMITS.maxCount);
      expect(listed.body.Resources).toHaveLength(LIST_LIMITS.maxCount);

      const searched = await scim.post('/Users/.search', {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],
        count: LIST_LIMITS.maxCount * 5,
        attributes: ['userName'],
      });
      expect(searched.body.itemsPerPage).toBe(LIST_LIMITS.maxCount);
    });
  });
});
