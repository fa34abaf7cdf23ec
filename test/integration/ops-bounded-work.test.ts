/**
 * Issue 16 item 1: one request cannot freeze the process. The hostile requests are refused
 * at the caps (src/domain/limits.ts) with the right scimType and a detail naming the cap, and
 * /healthz keeps answering within 100 ms while the worst request the caps allow is in flight.
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

  it('advertises the caps in ServiceProviderConfig', async () => {
    const scim = scimClient(t.app, (await newTenant(t.store)).token);
    const res = await scim.get('/ServiceProviderConfig');
    expect(res.body.patch).toEqual({ supported: true, maxOperations: patchOperations });
    expect(res.body.filter.maxResults).toBe(1000);
    expect(res.body['urn:ietf:params:scim:schemas:extension:roster:2.0:Limits']).toEqual({
      maxValuesPerAttribute: valuesPerAttribute,
      maxPatchFilterConditions: patchFilterConditions,
      maxStringLength: { identifier: 256, email: 254, text: 1024, reference: 2048, binary: 16384 },
    });
  });

  it('/healthz answers within 100 ms while the worst allowed PATCH runs', async () => {
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
      const probe = async () => {
        const started = performance.now();
        const res = await fetch(`${base}/healthz`);
        await res.text();
        return performance.now() - started;
      };
      await probe(); // the first connection's setup is not what is measured

      let done = false;
      const patch = fetch(`${base}/scim/v2/Users/${created.body.id}`, {
        method: 'PATCH',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/scim+json' },
        body: JSON.stringify(worst),
      }).then(async (res) => {
        done = true;
        return { status: res.status, body: (await res.json()) as { emails: { type: string }[] } };
      });
      const latencies: number[] = [];
      while (!done || latencies.length < 5) latencies.push(await probe());
      const answer = await patch;

      // The PATCH did its work, and none of it kept the process from answering for long.
      expect(answer.status).toBe(200);
      expect(answer.body.emails[valuesPerAttribute - 1]!.type).toBe(`t${patchOperations - 1}`);
      expect(Math.max(...latencies)).toBeLessThan(100);
    } finally {
      server.close();
      server.closeAllConnections();
    }
  });
});
