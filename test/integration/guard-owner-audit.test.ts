import request from 'supertest';
import { startTestApp, type TestApp } from '../harness/app';
import { newTenant, scimClient, userBody, PATCH_OP, ROSTER } from '../harness/tenant';

/** I2 (docs/contract.md): the primary owner exists and is active; transfer via the admin API; the audit trail. */
describe('primary owner and audit trail', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  async function arrange() {
    const { token } = await newTenant(t.store);
    const scim = scimClient(t.app, token);
    const admin = (method: 'get' | 'put', path: string) =>
      request(t.app)[method](`/api/v1${path}`).set('Authorization', `Bearer ${token}`);
    const owner = (await scim.post('/Users', userBody('olga.owner@x.com'))).body;
    const next = (await scim.post('/Users', userBody('nina.next@x.com'))).body;
    const moved = await admin('put', '/account/owner').send({ userId: owner.id });
    expect(moved.status).toBe(200);
    return { scim, admin, owner, next };
  }

  it('PATCH active false on the owner → 409 mutability saying primary account owner; nothing changes', async () => {
    const { scim, owner } = await arrange();
    const res = await scim.patch(`/Users/${owner.id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', value: { active: false } }],
    });
    expect(res.status).toBe(409);
    expect(res.body.scimType).toBe('mutability');
    expect(res.body.detail).toContain('primary account owner');
    const after = await scim.get(`/Users/${owner.id}`);
    expect(after.body.active).toBe(true);
    expect(after.body[ROSTER].primaryOwner).toBe(true);
  });

  it('PUT active false and DELETE on the owner are refused the same way', async () => {
    const { scim, owner } = await arrange();
    const put = await scim.put(`/Users/${owner.id}`, userBody('olga.owner@x.com', { active: false }));
    expect(put.status).toBe(409);
    const del = await scim.delete(`/Users/${owner.id}`);
    expect(del.status).toBe(409);
    expect(del.body.detail).toContain('primary account owner');
    expect((await scim.get(`/Users/${owner.id}`)).status).toBe(200);
  });

  it('owner transfer moves the flag; the old owner may then be deactivated', async () => {
    const { scim, admin, owner, next } = await arrange();
    const moved = await admin('put', '/account/owner').send({ userId: next.id });
    expect(moved.body.owner).toMatchObject({ id: next.id, userName: 'nina.next@x.com' });
    const account = await admin('get', '/account');
    expect(account.body.owner.id).toBe(next.id);
    expect(account.body.policy.requiredFields).toEqual(['name.givenName', 'name.familyName', 'emails']);
    expect((await scim.get(`/Users/${owner.id}`)).body[ROSTER].primaryOwner).toBe(false);
    expect((await scim.get(`/Users/${next.id}`)).body[ROSTER].primaryOwner).toBe(true);
    const deactivated = await scim.patch(`/Users/${owner.id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', path: 'active', value: false }],
    });
    expect(deactivated.status).toBe(200);
  });

  it('owner transfer to a deactivated user → 409 and the owner stays', async () => {
    const { scim, admin, owner, next } = await arrange();
    await scim.patch(`/Users/${next.id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', path: 'active', value: false }],
    });
    const res = await admin('put', '/account/owner').send({ userId: next.id });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain('deactivated');
    expect((await admin('get', '/account')).body.owner.id).toBe(owner.id);
  });

  it('primaryOwner is read-only through SCIM: a PATCH setting it is refused or ignored, never applied', async () => {
    const { scim, next } = await arrange();
    const res = await scim.patch(`/Users/${next.id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', path: `${ROSTER}:primaryOwner`, value: true }],
    });
    expect(res.status).toBe(400);
    expect((await scim.get(`/Users/${next.id}`)).body[ROSTER].primaryOwner).toBe(false);
  });

  it('GET /api/v1/audit?userId= lists lifecycle changes and refusals, newest first, with actor and channel', async () => {
    const { scim, admin, owner } = await arrange();
    await scim.patch(`/Users/${owner.id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', value: { active: false } }],
    });
    const res = await admin('get', `/audit?userId=${owner.id}`);
    expect(res.status).toBe(200);
    const events = res.body.events as Record<string, unknown>[];
    expect(events.map((e) => [e.action, e.outcome, e.channel])).toEqual([
      ['deactivate', 'refused', 'scim'],
      ['owner-transfer', 'applied', 'admin'],
      ['create', 'applied', 'scim'],
    ]);
    expect(events[0]).toMatchObject({
      actor: 'test-idp',
      user: { id: owner.id, userName: 'olga.owner@x.com' },
      kind: 'owner-protected',
    });
    expect(String(events[0]!.detail)).toContain('primary account owner');
    const times = events.map((e) => Date.parse(String(e.time)));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it("audit events carry the contract's keys: time (ISO 8601) and user {id, userName}, not at/userId/userName", async () => {
    const { admin, owner } = await arrange();
    const events = (await admin('get', `/audit?userId=${owner.id}`)).body.events as Record<string, unknown>[];
    expect(events.length).toBeGreaterThan(0);
    for (const event of events) {
      expect(Object.keys(event).sort()).toEqual(
        expect.arrayContaining(['action', 'actor', 'channel', 'id', 'outcome', 'time', 'user']),
      );
      for (const legacy of ['at', 'userId', 'userName', 'tenantId', '_id'])
        expect(event).not.toHaveProperty(legacy);
      expect(event.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(event.user).toEqual({ id: owner.id, userName: 'olga.owner@x.com' });
    }
  });

  it('the admin API needs the admin scope', async () => {
    const { token } = await newTenant(t.store, ['scim:read', 'scim:write']);
    const res = await request(t.app).get('/api/v1/account').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(403);
    expect(res.body.error.kind).toBe('forbidden');
  });
});
