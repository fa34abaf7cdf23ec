/**
 * Issue 16 item 1: one request cannot freeze the process. The hostile requests are refused
 * at the caps (src/domain/limits.ts) with the right scimType and a detail naming the cap, and the
 * worst request the caps allow is served while /healthz keeps answering.
 */
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { REQUEST_LIMITS, STRING_LIMITS } from '../../src/domain/limits';
import { startTestApp, type TestApp } from '../harness/app';
import { expectScimError, expectStatus, newTenant, patchOp, scimClient, userBody } from '../harness/tenant';

const { patchOperations, valuesPerAttribute, patchFilterConditions } = REQUEST_LIMITS;
/** Long non-ASCII emails: the slow path of folding, at the email cap. */
const longEmail = (i: number) => `é${'ü'.repeat(STRING_LIMITS.email - 20)}${i}@x.com`;

describe('bounded work per request', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it("refuses the issue's requests at the caps: 15,000 emails, 1,000 operations, a 100,000-character userName", async () => {
    const scim = scimClient(t.app, (await newTenant(t.store)).token);
    const emails = Array.from({ length: 15_000 }, (_, i) => ({ value: `u${i}@x.com`, type: 'work' }));
    const many = await scim.post('/Users', userBody('many@x.com', { emails }));
    expectScimError(many, 400, 'invalidValue');
    expect(many.body.detail).toMatch(/emails has 15000 values; a user may have at most 100/);

    const victim = await scim.post('/Users', userBody('victim@x.com'));
    expectStatus(victim, 201);
    const ops = Array.from({ length: 1_000 }, (_, i) => ({
      op: 'replace',
      path: `emails[value eq "u${i}@x.com"].type`,
      value: 'home',
    }));
    const patched = await scim.patch(`/Users/${victim.body.id}`, patchOp(...ops));
    expectScimError(patched, 400, 'tooMany');
    expect(patched.body.detail).toMatch(/1000 operations; Roster accepts at most 100/);

    const long = await scim.post('/Users', userBody(`${'x'.repeat(100_000)}@x.com`));
    expectScimError(long, 400, 'invalidValue');
    expect(long.body.detail).toMatch(/userName is longer than 256 characters/);

    // The same cap on each PATCH of a /Bulk.
    const bulk = await scim.post('/Bulk', {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
      Operations: [{ method: 'PATCH', path: `/Users/${victim.body.id}`, data: patchOp(...ops) }],
    });
    expectStatus(bulk, 200);
    expect(bulk.body.Operations[0].status).toBe('400');
    expect(bulk.body.Operations[0].response.scimType).toBe('tooMany');
  });

  it('advertises the caps SCIM has attributes for, and no key RFC 7643 §5 lacks', async () => {
    const scim = scimClient(t.app, (await newTenant(t.store)).token);
    const res = await scim.get('/ServiceProviderConfig');
    expect(res.body.patch).toEqual({ supported: true });
    expect(res.body.bulk).toEqual({ supported: true, maxOperations: 1000, maxPayloadSize: 1048576 });
    expect(res.body.filter).toEqual({ supported: true, maxResults: 1000 });
    expect(Object.keys(res.body).filter((key) => key.startsWith('urn:'))).toEqual([]);
  });

  /**
   * The worst request the caps allow is served whole, and the process keeps answering others while
   * it runs. That it gives up the event loop after every operation is counted in turns, not timed,
   * in test/unit/scim/patch/patch-yields.test.ts.
   */
  it('the worst allowed PATCH is applied whole while /healthz keeps answering', async () => {
    const { token } = await newTenant(t.store);
    const scim = scimClient(t.app, token);
    const emails = Array.from({ length: valuesPerAttribute }, (_, i) => ({
      value: longEmail(i),
      type: 'work',
    }));
    const created = await scim.post('/Users', userBody('worst@x.com', { emails }));
    expectStatus(created, 201);

    // Every operation runs a filter of the most conditions against every email; only its last
    // condition matches (the last email), so each one does the whole work.
    const misses = Array.from(
      { length: patchFilterConditions - 1 },
      (_, c) => `value eq "${c}${'Ö'.repeat(200)}"`,
    );
    const filter = [...misses, `value eq "${longEmail(valuesPerAttribute - 1).toUpperCase()}"`].join(' or ');
    const worst = patchOp(
      ...Array.from({ length: patchOperations }, (_, i) => ({
        op: 'replace',
        path: `emails[${filter}].type`,
        value: `t${i}`,
      })),
    );

    const server = http.createServer(t.app).listen(0, '127.0.0.1');
    await once(server, 'listening');
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      let done = false;
      const patch = fetch(`${base}/scim/v2/Users/${created.body.id}`, {
        method: 'PATCH',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/scim+json' },
        body: JSON.stringify(worst),
      }).then(async (res) => {
        done = true;
        return { status: res.status, body: (await res.json()) as { emails: { type: string }[] } };
      });
      const healthAnswers: number[] = [];
      while (!done) {
        const res = await fetch(`${base}/healthz`);
        await res.text();
        if (!done) healthAnswers.push(res.status);
      }
      const answer = await patch;
      // The PATCH did its work: every operation ran, the last one's value stands...
      expect(answer.status).toBe(200);
      expect(answer.body.emails[valuesPerAttribute - 1]!.type).toBe(`t${patchOperations - 1}`);
      // ...and /healthz was answered while it was in flight.
      expect(healthAnswers.length).toBeGreaterThan(0);
      expect(new Set(healthAnswers)).toEqual(new Set([200]));
    } finally {
      server.close();
      server.closeAllConnections();
    }
  });
});
