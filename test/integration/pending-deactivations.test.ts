import request from 'supertest';
import { startTestApp, type TestApp } from '../harness/app';
import {
  expectScimError,
  expectStatus,
  fixture,
  newTenant,
  scimClient,
  userBody,
  type ScimClient,
  TEST_OPERATOR,
} from '../harness/tenant';
import { adminClient, arrangeTeam, type Team } from './admin-support';

/**
 * Pending deactivations (docs/contract.md "Pending deactivations", issue 14): an IdP's deactivation
 * or DELETE refused by I1/I2 is kept, counted on retries, and carried out by Roster as soon as
 * the block ends — whichever channel ends it — or withdrawn. All on the real store.
 */
describe('pending deactivations', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const BULK_REQUEST = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
  const oktaDeactivate = fixture('okta/deactivate-user.json');
  const entraDisable = fixture('entra/disable-user.json');

  /** A lead with three active reports, a spare lead to take them, and an IdP token named `idp`. */
  async function leadWithTeam(idp: string): Promise<Team & { idp: ScimClient }> {
    const team = await arrangeTeam(t.app, t.store, [
      { userName: 'olga.owner@x.com', lead: true },
      { userName: 'mia.lead@x.com', lead: true },
      { userName: 'rob.one@x.com', manager: 'mia.lead' },
      { userName: 'raj.two@x.com', manager: 'mia.lead' },
      { userName: 'li.three@x.com', manager: 'mia.lead' },
      { userName: 'kai.next@x.com', lead: true },
    ]);
    expectStatus(await team.admin.put('/account/owner', { userId: team.ids['olga.owner'] }), 200);
    const token = await t.store.tokens.issue(team.tenantId, idp, ['scim:read', 'scim:write'], TEST_OPERATOR);
    return { ...team, idp: scimClient(t.app, token.secret) };
  }

  type Pending = {
    user: { id: string; userName: string; displayName: string | null };
    action: string;
    requestedBy: string;
    channel: string;
    requestedAt: string;
    lastRequestedAt: string;
    attempts: number;
    blockedBy: Record<string, unknown> | null;
  };
  const pendingOf = async (team: Team): Promise<Pending[]> => {
    const res = await team.admin.get('/pending-deactivations');
    expectStatus(res, 200);
    return res.body.pendingDeactivations as Pending[];
  };
  type Event = Record<string, unknown> & { action: string; outcome: string; actor: string; channel: string };
  const auditOf = async (team: Team, name: string): Promise<Event[]> =>
    (await team.admin.get(`/audit?userId=${team.ids[name]}`)).body.events as Event[];
  const stored = async (team: Team, name: string) => t.store.users.byId(team.tenantId, team.ids[name]!);
  const moveTo = (team: Team, report: string, lead: string) =>
    team.admin.patch(`/users/${team.ids[report]}`, { managerId: team.ids[lead] });

  it('Okta: a refused deactivation becomes one pending request; retries count; reassigning the team finishes it', async () => {
    const team = await leadWithTeam('okta');
    const lead = team.ids['mia.lead']!;

    const refused = await team.idp.patch(`/Users/${lead}`, oktaDeactivate);
    expectScimError(refused, 409, 'mutability');
    expect(refused.body.detail).toBe(
      'Cannot deactivate "mia.lead@x.com": 3 active direct reports (rob.one@x.com, raj.two@x.com, li.three@x.com); reassign them to another manager first. Roster has recorded this request and will deactivate the user once their team is reassigned; no retry is needed.',
    );
    const [first, ...others] = await pendingOf(team);
    expect(others).toEqual([]);
    expect(first).toEqual({
      user: { id: lead, userName: 'mia.lead@x.com', displayName: 'mia lead' },
      action: 'deactivate',
      requestedBy: 'okta',
      channel: 'scim',
      requestedAt: first!.requestedAt,
      lastRequestedAt: first!.requestedAt,
      attempts: 1,
      blockedBy: { activeReports: 3, names: ['rob.one@x.com', 'raj.two@x.com', 'li.three@x.com'] },
      reports: ['rob.one', 'raj.two', 'li.three'].map((n) => ({ id: team.ids[n], userName: `${n}@x.com` })),
    });

    // Okta's retries (the dashboard's "retry" and the next push): still one record, three attempts.
    for (let i = 0; i < 2; i += 1)
      expectScimError(await team.idp.patch(`/Users/${lead}`, oktaDeactivate), 409, 'mutability');
    const retried = await pendingOf(team);
    expect(retried).toHaveLength(1);
    expect(retried[0]).toMatchObject({ attempts: 3, requestedAt: first!.requestedAt, requestedBy: 'okta' });
    expect(Date.parse(retried[0]!.lastRequestedAt)).toBeGreaterThanOrEqual(Date.parse(first!.requestedAt));

    // The team admin reassigns the team through the admin API, one report at a time.
    expectStatus(await moveTo(team, 'rob.one', 'kai.next'), 200);
    expectStatus(await moveTo(team, 'raj.two', 'kai.next'), 200);
    expect((await pendingOf(team))[0]!.blockedBy).toEqual({ activeReports: 1, names: ['li.three@x.com'] });
    expect((await stored(team, 'mia.lead'))!.active).toBe(true);
    expectStatus(await moveTo(team, 'li.three', 'kai.next'), 200);

    expect((await stored(team, 'mia.lead'))!.active).toBe(false);
    expect(await pendingOf(team)).toEqual([]);
    const [completion] = await auditOf(team, 'mia.lead');
    expect(completion).toMatchObject({
      action: 'deactivate',
      outcome: 'applied',
      actor: 'okta',
      channel: 'scim',
      pendingDeactivation: {
        requestedBy: 'okta',
        channel: 'scim',
        requestedAt: first!.requestedAt,
        attempts: 3,
        unblockedBy: {
          actor: 'test-idp',
          channel: 'admin',
          action: 'manager-change',
          user: { id: team.ids['li.three'], userName: 'li.three@x.com' },
        },
      },
    });
    // Exactly one completion, and the three refusals before it.
    const events = await auditOf(team, 'mia.lead');
    expect(events.filter((e) => e.outcome === 'applied' && e.action === 'deactivate')).toHaveLength(1);
    expect(events.filter((e) => e.outcome === 'refused' && e.actor === 'okta')).toHaveLength(3);
    expect((await t.store.users.check(team.tenantId, { repair: false })).length).toBe(0);
  });

  it('Entra: PATCH "Replace" active False is kept the same way; the Deactivate a Manager flow finishes it', async () => {
    const team = await leadWithTeam('entra');
    const lead = team.ids['mia.lead']!;
    for (let i = 0; i < 3; i += 1)
      expectScimError(await team.idp.patch(`/Users/${lead}`, entraDisable), 409, 'mutability');
    const pending = await pendingOf(team);
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({
      action: 'deactivate',
      requestedBy: 'entra',
      channel: 'scim',
      attempts: 3,
    });

    const done = await team.admin.post(`/users/${lead}/deactivate`, { reassignAllTo: team.ids['kai.next'] });
    expectStatus(done, 200);
    expect(done.body.user.active).toBe(false);
    expect(await pendingOf(team)).toEqual([]);
    const events = await auditOf(team, 'mia.lead');
    const completions = events.filter((e) => e.outcome === 'applied' && e.action === 'deactivate');
    expect(completions).toHaveLength(1);
    expect(completions[0]).toMatchObject({
      actor: 'entra',
      pendingDeactivation: { requestedBy: 'entra', attempts: 3, unblockedBy: { channel: 'admin' } },
    });
  });

  it('/Bulk DELETE refused by I1 is kept as a pending delete; a spreadsheet deactivating the last report finishes it', async () => {
    const team = await leadWithTeam('okta');
    const lead = team.ids['mia.lead']!;
    const bulk = {
      schemas: [BULK_REQUEST],
      Operations: [{ method: 'DELETE', path: `/Users/${lead}` }],
    };
    const res = await team.idp.post('/Bulk', bulk);
    expectStatus(res, 200);
    const [op] = res.body.Operations as { status: string; response: { detail: string } }[];
    expect(op!.status).toBe('409');
    expect(op!.response.detail).toContain(
      'Roster has recorded this request and will delete the user once their team is reassigned',
    );
    expect(await pendingOf(team)).toEqual([
      expect.objectContaining({ action: 'delete', channel: 'scim-bulk', requestedBy: 'okta', attempts: 1 }),
    ]);

    expectStatus(await moveTo(team, 'rob.one', 'kai.next'), 200);
    expectStatus(await moveTo(team, 'raj.two', 'kai.next'), 200);
    const sheet = 'userName,Deactivated\nli.three@x.com,y\n';
    const imported = await team.admin.importCsv(sheet);
    expectStatus(imported, 200);
    expect(imported.body.summary).toMatchObject({ applied: 1 });

    expect(await stored(team, 'mia.lead')).toBeNull();
    expect((await team.idp.get(`/Users/${lead}`)).status).toBe(404);
    expect(await pendingOf(team)).toEqual([]);
    const [deleted] = await auditOf(team, 'mia.lead');
    expect(deleted).toMatchObject({
      action: 'delete',
      outcome: 'applied',
      actor: 'okta',
      channel: 'scim-bulk',
      pendingDeactivation: {
        requestedBy: 'okta',
        channel: 'scim-bulk',
        unblockedBy: { channel: 'csv', action: 'deactivate', user: { userName: 'li.three@x.com' } },
      },
    });
  });

  it('the primary owner: kept as pending (blockedBy primaryOwner) and finished by the owner transfer', async () => {
    const team = await leadWithTeam('okta');
    const owner = team.ids['olga.owner']!;
    const refused = await team.idp.patch(`/Users/${owner}`, oktaDeactivate);
    expectScimError(refused, 409, 'mutability');
    expect(refused.body.detail).toContain('primary account owner');
    expect(refused.body.detail).toContain(
      'will deactivate the user once ownership of the account is transferred',
    );
    expect(await pendingOf(team)).toEqual([
      expect.objectContaining({
        user: expect.objectContaining({ id: owner }),
        blockedBy: { primaryOwner: true },
      }),
    ]);

    expectStatus(await team.admin.put('/account/owner', { userId: team.ids['kai.next'] }), 200);
    expect((await stored(team, 'olga.owner'))!.active).toBe(false);
    expect(await pendingOf(team)).toEqual([]);
    const [completion] = await auditOf(team, 'olga.owner');
    expect(completion).toMatchObject({
      action: 'deactivate',
      actor: 'okta',
      pendingDeactivation: {
        requestedBy: 'okta',
        unblockedBy: { action: 'owner-transfer', user: { id: team.ids['kai.next'] } },
      },
    });
  });

  it('a later PUT with active: true cancels it (the IdP changed its mind); reassigning then leaves the lead active', async () => {
    const team = await leadWithTeam('okta');
    const lead = team.ids['mia.lead']!;
    expectScimError(await team.idp.patch(`/Users/${lead}`, oktaDeactivate), 409, 'mutability');
    expect(await pendingOf(team)).toHaveLength(1);

    // An unrelated edit that leaves `active` alone does not cancel it.
    expectStatus(await team.admin.patch(`/users/${lead}`, { title: 'Lead' }), 200);
    expect(await pendingOf(team)).toHaveLength(1);

    const put = await team.idp.put(`/Users/${lead}`, userBody('mia.lead@x.com', { active: true }));
    expectStatus(put, 200);
    expect(await pendingOf(team)).toEqual([]);
    const [cancelled] = await auditOf(team, 'mia.lead');
    expect(cancelled).toMatchObject({
      action: 'pending-cancel',
      actor: 'okta',
      outcome: 'applied',
      pendingDeactivation: { requestedBy: 'okta', attempts: 1 },
    });

    for (const report of ['rob.one', 'raj.two', 'li.three'])
      expectStatus(await moveTo(team, report, 'kai.next'), 200);
    expect((await stored(team, 'mia.lead'))!.active).toBe(true);
  });

  it('Entra PATCH "Replace" active "True" cancels it too', async () => {
    const team = await leadWithTeam('entra');
    const lead = team.ids['mia.lead']!;
    expectScimError(await team.idp.patch(`/Users/${lead}`, entraDisable), 409, 'mutability');
    expectStatus(
      await team.idp.patch(`/Users/${lead}`, fixture('entra/enable-user-string-boolean.json')),
      200,
    );
    expect(await pendingOf(team)).toEqual([]);
  });

  it('an admin cancels one with DELETE /api/v1/pending-deactivations/{userId} (audited); a second answers 404', async () => {
    const team = await leadWithTeam('okta');
    const lead = team.ids['mia.lead']!;
    expectScimError(await team.idp.patch(`/Users/${lead}`, oktaDeactivate), 409, 'mutability');

    // Another account's admin neither sees nor cancels it.
    const other = await newTenant(t.store);
    const stranger = adminClient(t.app, other.token);
    expect((await stranger.get('/pending-deactivations')).body.pendingDeactivations).toEqual([]);
    expect((await stranger.delete(`/pending-deactivations/${lead}`)).status).toBe(404);
    expect(await pendingOf(team)).toHaveLength(1);

    expect((await team.admin.delete(`/pending-deactivations/${lead}`)).status).toBe(204);
    expect(await pendingOf(team)).toEqual([]);
    const [cancelled] = await auditOf(team, 'mia.lead');
    expect(cancelled).toMatchObject({ action: 'pending-cancel', actor: 'test-idp', channel: 'admin' });
    const again = await team.admin.delete(`/pending-deactivations/${lead}`);
    expect(again.status).toBe(404);
    expect(again.body.error.message).toBe(`User ${lead} has no pending deactivation.`);
    expect((await team.admin.delete('/pending-deactivations/not-an-id')).status).toBe(404);

    for (const report of ['rob.one', 'raj.two', 'li.three'])
      expectStatus(await moveTo(team, report, 'kai.next'), 200);
    expect((await stored(team, 'mia.lead'))!.active).toBe(true);
  });

  it('I3: when the profile is incomplete it stays pending with blockedBy.missing, and filling it in finishes it', async () => {
    const team = await leadWithTeam('okta');
    await t.store.tenants.setRequiredFields(team.tenantId, ['name.givenName', 'title']);
    const lead = team.ids['mia.lead']!;
    expectScimError(await team.idp.patch(`/Users/${lead}`, oktaDeactivate), 409, 'mutability');
    for (const report of ['rob.one', 'raj.two', 'li.three'])
      expectStatus(await moveTo(team, report, 'kai.next'), 200);

    expect((await stored(team, 'mia.lead'))!.active).toBe(true);
    expect(await pendingOf(team)).toEqual([
      expect.objectContaining({ blockedBy: { missing: ['title'] }, attempts: 1 }),
    ]);
    const [blocked] = await auditOf(team, 'mia.lead');
    expect(blocked).toMatchObject({
      action: 'deactivate',
      outcome: 'refused',
      kind: 'incomplete-profile',
      actor: 'okta',
      pendingDeactivation: { requestedBy: 'okta', unblockedBy: { action: 'manager-change' } },
    });

    expectStatus(await team.admin.patch(`/users/${lead}`, { title: 'Former lead' }), 200);
    expect((await stored(team, 'mia.lead'))!.active).toBe(false);
    expect(await pendingOf(team)).toEqual([]);
    const [completion] = await auditOf(team, 'mia.lead');
    expect(completion).toMatchObject({
      action: 'deactivate',
      outcome: 'applied',
      actor: 'okta',
      pendingDeactivation: { unblockedBy: { action: 'update', channel: 'admin' } },
    });
  });

  it('refusals that are not an IdP deprovisioning blocked by I1/I2 are not kept', async () => {
    const team = await leadWithTeam('okta');
    const lead = team.ids['mia.lead']!;
    // The page and the admin API: the person is shown the Deactivate a Manager step instead.
    expect((await team.admin.post(`/users/${lead}/deactivate`, {})).status).toBe(409);
    expect((await team.admin.patch(`/users/${lead}`, { active: false })).status).toBe(409);
    // An IdP request refused by I3 is the IdP's to fix.
    await t.store.tenants.setRequiredFields(team.tenantId, ['title']);
    const plain = team.ids['kai.next']!;
    expectScimError(await team.idp.patch(`/Users/${plain}`, oktaDeactivate), 400, 'invalidValue');
    expect(await pendingOf(team)).toEqual([]);
  });

  it('needs scope admin; metrics report the count and the oldest age from the store', async () => {
    const team = await leadWithTeam('okta');
    expectScimError(
      await team.idp.patch(`/Users/${team.ids['mia.lead']}`, oktaDeactivate),
      409,
      'mutability',
    );
    const scimOnly = await t.store.tokens.issue(
      team.tenantId,
      'reader',
      ['scim:read', 'scim:write'],
      TEST_OPERATOR,
    );
    const forbidden = await request(t.app)
      .get('/api/v1/pending-deactivations')
      .set('Authorization', `Bearer ${scimOnly.secret}`);
    expect(forbidden.status).toBe(403);

    const metrics = await request(t.app).get('/metrics').set('Authorization', `Bearer ${team.token}`);
    expectStatus(metrics, 200);
    const { count, oldestRequestedAt } = await t.store.users.pendingDeactivations.totals();
    expect(count).toBeGreaterThanOrEqual(1);
    expect(metrics.text).toContain(`\nroster_pending_deactivations ${count}\n`);
    const oldest = Number(/\nroster_pending_deactivation_oldest_seconds (\S+)\n/.exec(metrics.text)![1]);
    expect(oldest).toBeGreaterThan(0);
    expect(oldest).toBeLessThanOrEqual((Date.now() - oldestRequestedAt!.getTime()) / 1000 + 1);
  });
});
