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

  /**
   * A bound on blocking, not a performance assertion: the worst allowed PATCH yields after every
   * operation, so no probe should wait for it. On a shared machine a probe can also stall for
   * reasons outside the process (CPU quota throttling, another job's burst), so the measurement
   * is taken on up to three PATCHes and one of them must keep every probe under 100 ms. A PATCH
   * that blocks (as one applied in a single synchronous piece does: one probe waited 316 ms
   * here) fails all three the same way.
   */
  it('/healthz answers within 100 ms while the worst allowed PATCH runs', async () => {
    const { token } = await newTenant(t.store);
    const scim = scimClient(t.app, token);
    const emails = Array.from({ length: valuesPerAttribute }, (_, i) => ({
      value: longEmail(i),
      type: 'work',
    }));
    const newUser = async (name: string) => {
      const created = await scim.post('/Users', userBody(name, { emails }));
      expectStatus(created, 201);
      return created.body.id as string;
    };

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

    // Once unmeasured: what is measured is blocking, not first-use compilation.
    expectStatus(await scim.patch(`/Users/${await newUser('warm@x.com')}`, worst), 200);

    const server = http.createServer(t.app).listen(0, '127.0.0.1');
    await once(server, 'listening');
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const probe = async () => {
      const started = performance.now();
      const res = await fetch(`${base}/healthz`);
      await res.text();
      return performance.now() - started;
    };

    /** The slowest /healthz answer while one worst allowed PATCH is in flight. */
    async function slowestProbeDuringPatch(id: string): Promise<number> {
      let done = false;
      const patch = fetch(`${base}/scim/v2/Users/${id}`, {
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
      // The PATCH did its work (every operation ran)...
      expect(answer.status).toBe(200);
      expect(answer.body.emails[valuesPerAttribute - 1]!.type).toBe(`t${patchOperations - 1}`);
      // ...while the probes kept being answered (more than a handful while it ran).
      expect(latencies.length).toBeGreaterThan(5);
      return Math.max(...latencies);
    }

    try {
      await probe(); // the first connection's setup is not what is measured
      const slowest: number[] = [];
      for (let attempt = 0; attempt < 3 && !slowest.some((ms) => ms < 100); attempt += 1) {
        slowest.push(await slowestProbeDuringPatch(await newUser(`worst${attempt}@x.com`)));
      }
      // The best of the attempts: each attempt's slowest probe, so one stall elsewhere is forgiven.
      expect(Math.min(...slowest)).toBeLessThan(100);
    } finally {
      server.close();
      server.closeAllConnections();
    }
  });
});
