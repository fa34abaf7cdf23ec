/**
 * GET /metrics (the issue "Operations: ... metrics"): Prometheus text, admin-only unless made
 * public, counting requests by route pattern (never raw ids), latency, guard refusals by rule.
 */
import request from 'supertest';
import { buildApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { startTestApp, type TestApp } from '../harness/app';
import { silentLog } from '../harness/store';
import { adminClient, arrangeTeam } from './admin-support';
import {
  createUser,
  expectStatus,
  managerOf,
  newTenant,
  patchOp,
  scimClient,
  type ScimClient,
} from '../harness/tenant';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a Prometheus text exposition (enough of the format for these assertions). */
function parseExposition(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`not an exposition line: ${line}`);
      const labels = Object.fromEntries(
        [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1]!, m[2]!]),
      );
      return { name: match[1]!, labels, value: Number(match[3]) };
    });
}

function valueOf(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  return samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
}

describe('metrics', () => {
  let t: TestApp;
  let admin: string;
  let scim: ScimClient;
  beforeAll(async () => {
    t = await startTestApp();
    const tenant = await newTenant(t.store);
    admin = tenant.token;
    scim = scimClient(t.app, tenant.token);
  });
  afterAll(() => t.close());

  const scrape = async (app = t.app) => {
    const res = await request(app).get('/metrics').set('Authorization', `Bearer ${admin}`);
    expectStatus(res, 200);
    return parseExposition(res.text);
  };

  it('needs a token with scope admin', async () => {
    expect((await request(t.app).get('/metrics')).status).toBe(401);
    const { token } = await newTenant(t.store, ['scim:read', 'scim:write']);
    expect((await request(t.app).get('/metrics').set('Authorization', `Bearer ${token}`)).status).toBe(403);
    const ok = await request(t.app).get('/metrics').set('Authorization', `Bearer ${admin}`);
    expect(ok.status).toBe(200);
    expect(ok.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it('is open without a token when ROSTER_METRICS_PUBLIC=true', async () => {
    const app = buildApp({
      config: loadConfig({ ROSTER_METRICS_PUBLIC: 'true' }),
      store: t.store,
      log: silentLog,
    });
    expect((await request(app).get('/metrics')).status).toBe(200);
  });

  it('counts requests by route pattern, method and status, and times them; never a raw id', async () => {
    const user = await createUser(scim, 'counted.user@metrics.example');
    const before = await scrape();
    const labels = { route: '/scim/v2/Users/:id', method: 'GET', status: '200' };
    await scim.get(`/Users/${user.id}`);
    await scim.get(`/Users/${user.id}`);
    await scim.get('/Users/00000000-0000-4000-8000-000000000000');
    await request(t.app).get('/scim/v2/Users');
    const after = await scrape();

    expect(valueOf(after, 'roster_http_requests_total', labels)).toBe(
      valueOf(before, 'roster_http_requests_total', labels) + 2,
    );
    const notFound = { route: '/scim/v2/Users/:id', method: 'GET', status: '404' };
    expect(valueOf(after, 'roster_http_requests_total', notFound)).toBe(
      valueOf(before, 'roster_http_requests_total', notFound) + 1,
    );
    // Refused before any route matched (no token): the router's prefix, not the path.
    expect(
      valueOf(after, 'roster_http_requests_total', { route: '/scim/v2/*', method: 'GET', status: '401' }),
    ).toBeGreaterThan(0);
    expect(
      valueOf(after, 'roster_http_request_duration_seconds_count', {
        route: '/scim/v2/Users/:id',
        method: 'GET',
      }),
    ).toBeGreaterThanOrEqual(3);
    expect(after.some((s) => s.name === 'roster_http_request_duration_seconds_bucket')).toBe(true);

    const text = (await request(t.app).get('/metrics').set('Authorization', `Bearer ${admin}`)).text;
    expect(text).not.toContain(user.id);
    expect(text).not.toContain('00000000-0000-4000-8000-000000000000');
  });

  it('counts guard refusals by rule', async () => {
    const manager = await createUser(scim, 'lead.manager@metrics.example');
    const report = await createUser(scim, 'some.report@metrics.example', managerOf(manager.id));
    const before = await scrape();

    const refused = await scim.patch(
      `/Users/${manager.id}`,
      patchOp({ op: 'replace', path: 'active', value: false }),
    );
    expect(refused.status).toBe(409);
    const selfManaged = await scim.patch(
      `/Users/${report.id}`,
      patchOp({
        op: 'replace',
        path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager',
        value: report.id,
      }),
    );
    expect(selfManaged.status).toBe(400);
    const after = await scrape();

    const rule = (name: string) =>
      valueOf(after, 'roster_guard_refusals_total', { rule: name }) -
      valueOf(before, 'roster_guard_refusals_total', { rule: name });
    expect(rule('has-active-reports')).toBe(1);
    expect(rule('invalid-manager')).toBe(1);
    expect(rule('owner-protected')).toBe(0);
    // Every rule is exported from the start, so a dashboard sees zeros rather than gaps.
    expect(after.filter((s) => s.name === 'roster_guard_refusals_total').map((s) => s.labels.rule)).toEqual(
      expect.arrayContaining([
        'owner-protected',
        'inactive-manager',
        'incomplete-profile',
        'team-lead-in-bulk',
      ]),
    );
  });

  it('counts refusals inside a 200: a /Bulk operation and a spreadsheet row, but not a dry run', async () => {
    const team = await arrangeTeam(t.app, t.store, [
      { userName: 'ana.lead@metrics.example', lead: true },
      { userName: 'bo.report@metrics.example', manager: 'ana.lead' },
    ]);
    const rule = async (name: string) =>
      valueOf(await scrape(), 'roster_guard_refusals_total', { rule: name });
    const leadRows = 'userName,deactivated\nana.lead@metrics.example,y\n';
    const admin = adminClient(t.app, team.token);

    const inBulkBefore = await rule('team-lead-in-bulk');
    const dry = await admin.importCsv(leadRows, '?dryRun=true');
    expect(dry.body.rows).toEqual([
      expect.objectContaining({ outcome: 'refused', kind: 'team-lead-in-bulk' }),
    ]);
    expect(await rule('team-lead-in-bulk')).toBe(inBulkBefore);
    const real = await admin.importCsv(leadRows);
    expect(real.status).toBe(200);
    expect(real.body.rows).toEqual([
      expect.objectContaining({ outcome: 'refused', kind: 'team-lead-in-bulk' }),
    ]);
    expect(await rule('team-lead-in-bulk')).toBe(inBulkBefore + 1);

    const reportsBefore = await rule('has-active-reports');
    const bulk = await scimClient(t.app, team.token).post('/Bulk', {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
      Operations: [
        {
          method: 'PATCH',
          path: `/Users/${team.ids['ana.lead']}`,
          data: patchOp({ op: 'replace', path: 'active', value: false }),
        },
      ],
    });
    expect(bulk.status).toBe(200);
    expect(bulk.body.Operations[0].status).toBe('409');
    expect(await rule('has-active-reports')).toBe(reportsBefore + 1);
  });

  it('exports the store and process metrics, in a registry per app', async () => {
    const samples = await scrape();
    expect(valueOf(samples, 'roster_store_unavailable_total')).toBe(0);
    expect(valueOf(samples, 'roster_embedded_store_restarts_total')).toBe(0);
    expect(samples.some((s) => s.name === 'process_cpu_user_seconds_total')).toBe(true);
    expect(samples.some((s) => s.name === 'nodejs_eventloop_lag_seconds')).toBe(true);

    const fresh = buildApp({ config: loadConfig({}), store: t.store, log: silentLog });
    const own = await scrape(fresh);
    expect(valueOf(own, 'roster_http_requests_total', { route: '/scim/v2/Users/:id' })).toBe(0);
  });
});
