/**
 * The lifecycle guard through SCIM (docs/contract.md "Lifecycle guard", docs/domain.md I1–I3): refusals are
 * SCIM errors naming what blocks them, and a refused write leaves the stored users as they were.
 */
import { startTestApp, type TestApp } from '../harness/app';
import {
  CORE,
  ENTERPRISE,
  createUser,
  expectScimError,
  expectStatus,
  fixture,
  managerOf,
  newTenant,
  patchOp,
  readUser,
  sansOrigin,
  scimClient,
  userBody,
  type ScimClient,
  type ScimUser,
} from '../harness/tenant';

const deactivate = patchOp({ op: 'replace', path: 'active', value: false });
const reactivate = patchOp({ op: 'replace', path: 'active', value: true });
const managerValue = (user: Record<string, unknown>) =>
  (user[ENTERPRISE] as { manager?: { value: string } } | undefined)?.manager?.value;

describe('SCIM Users: the lifecycle guard', () => {
  let t: TestApp;
  let client: ScimClient;
  let tenantId: string;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  beforeEach(async () => {
    const tenant = await newTenant(t.store);
    tenantId = tenant.tenantId;
    client = scimClient(t.app, tenant.token);
  });

  /** I1 over the whole tenant: no active user has an inactive (or missing) manager. */
  async function expectI1(): Promise<void> {
    const users = (await client.get('/Users?count=1000')).body.Resources as ScimUser[];
    const byId = new Map(users.map((u) => [u.id, u]));
    for (const user of users) {
      const managerId = managerValue(user);
      if (!user.active || managerId === undefined) continue;
      expect({ user: user.userName, managerActive: byId.get(managerId)?.active }).toEqual({
        user: user.userName,
        managerActive: true,
      });
    }
  }

  describe('I1: deactivating or deleting a manager with active reports', () => {
    it('PATCH active false on a manager with an active report → 409 mutability naming the report; nothing changes', async () => {
      const manager = await createUser(client, 'mia.manager@example.com');
      await createUser(client, 'ana@example.com', managerOf(manager.id));
      const res = await client.patch(`/Users/${manager.id}`, deactivate);
      expectScimError(res, 409, 'mutability');
      expect(res.body.detail).toContain('mia.manager@example.com');
      expect(res.body.detail).toContain('1 active direct report');
      expect(res.body.detail).toContain('ana@example.com');
      expect(res.body.detail).toMatch(/reassign/);
      expect(sansOrigin(await readUser(client, manager.id))).toEqual(sansOrigin(manager));
    });

    it('the same refusal for every deactivation form: PUT active false, Okta replace-without-path, Entra "False"', async () => {
      const manager = await createUser(client, 'lead@example.com');
      await createUser(client, 'raj@example.com', managerOf(manager.id));
      const forms = [
        client.put(`/Users/${manager.id}`, userBody('lead@example.com', { active: false })),
        client.patch(`/Users/${manager.id}`, fixture('okta/deactivate-user.json')),
        client.patch(`/Users/${manager.id}`, fixture('entra/disable-user-string-boolean.json')),
        client.patch(`/Users/${manager.id}`, fixture('entra/disable-user.json')),
      ];
      for (const res of await Promise.all(forms)) {
        expectScimError(res, 409, 'mutability');
        expect(res.body.detail).toContain('raj@example.com');
      }
      expect(sansOrigin(await readUser(client, manager.id))).toEqual(sansOrigin(manager));
    });

    it('several active reports: the detail gives their number and names them; inactive reports do not count', async () => {
      const manager = await createUser(client, 'big.team.lead@example.com');
      const reports = [];
      for (const name of ['ana', 'raj', 'li', 'kim']) {
        reports.push(await createUser(client, `${name}@example.com`, managerOf(manager.id)));
      }
      expectStatus(await client.patch(`/Users/${reports[3]!.id}`, deactivate), 200);
      const res = await client.patch(`/Users/${manager.id}`, deactivate);
      expectScimError(res, 409, 'mutability');
      expect(res.body.detail).toContain('3 active direct reports');
      for (const name of ['ana', 'raj', 'li']) expect(res.body.detail).toContain(`${name}@example.com`);
      expect(res.body.detail).not.toContain('kim@example.com');
      expect((await readUser(client, manager.id)).active).toBe(true);
    });

    it('once the reports are moved, deactivated or unassigned, the manager may be deactivated', async () => {
      const manager = await createUser(client, 'old.lead@example.com');
      const other = await createUser(client, 'new.lead@example.com');
      const moved = await createUser(client, 'moved@example.com', managerOf(manager.id));
      const gone = await createUser(client, 'gone@example.com', managerOf(manager.id));
      const freed = await createUser(client, 'freed@example.com', managerOf(manager.id));
      expectStatus(
        await client.patch(
          `/Users/${moved.id}`,
          patchOp({ op: 'replace', path: `${ENTERPRISE}:manager`, value: other.id }),
        ),
        200,
      );
      expectStatus(await client.patch(`/Users/${gone.id}`, deactivate), 200);
      expectScimError(await client.patch(`/Users/${manager.id}`, deactivate), 409, 'mutability');
      expectStatus(
        await client.patch(`/Users/${freed.id}`, patchOp({ op: 'remove', path: `${ENTERPRISE}:manager` })),
        200,
      );
      const res = await client.patch(`/Users/${manager.id}`, deactivate);
      expectStatus(res, 200);
      expect(res.body.active).toBe(false);
      await expectI1();
    });

    it('DELETE of a manager with active reports → 409 mutability naming them; the manager stays', async () => {
      const manager = await createUser(client, 'del.lead@example.com');
      const report = await createUser(client, 'li@example.com', managerOf(manager.id));
      const res = await client.delete(`/Users/${manager.id}`);
      expectScimError(res, 409, 'mutability');
      expect(res.body.detail).toContain('li@example.com');
      expect(sansOrigin(await readUser(client, manager.id))).toEqual(sansOrigin(manager));
      // An inactive report does not block the delete: once the last one is deactivated, Roster
      // carries out the refused DELETE it kept pending (docs/contract.md "Pending deactivations").
      expectStatus(await client.patch(`/Users/${report.id}`, deactivate), 200);
      expectScimError(await client.get(`/Users/${manager.id}`), 404);
      expectScimError(await client.delete(`/Users/${manager.id}`), 404);
    });
    it('deleting the last active report frees the manager to be deactivated', async () => {
      const manager = await createUser(client, 'freed.lead@example.com');
      const report = await createUser(client, 'leaver@example.com', managerOf(manager.id));
      expectScimError(await client.patch(`/Users/${manager.id}`, deactivate), 409, 'mutability');
      expectStatus(await client.delete(`/Users/${report.id}`), 204);
      expectStatus(await client.patch(`/Users/${manager.id}`, deactivate), 200);
    });
  });

  describe('I1: an active user under an inactive manager', () => {
    it('giving an active user an inactive manager → 409 mutability (PATCH, PUT, POST); nothing stored', async () => {
      const inactive = await createUser(client, 'away@example.com', { active: false });
      expect(inactive.active).toBe(false);
      const user = await createUser(client, 'worker@example.com');

      const patched = await client.patch(
        `/Users/${user.id}`,
        patchOp({ op: 'Add', path: `${ENTERPRISE}:manager`, value: inactive.id }),
      );
      expectScimError(patched, 409, 'mutability');
      expect(patched.body.detail).toContain('away@example.com');
      expect(patched.body.detail).toMatch(/deactivated/);
      expectScimError(
        await client.put(`/Users/${user.id}`, userBody('worker@example.com', managerOf(inactive.id))),
        409,
        'mutability',
      );
      expect(sansOrigin(await readUser(client, user.id))).toEqual(sansOrigin(user));

      expectScimError(
        await client.post('/Users', userBody('new.hire@example.com', managerOf(inactive.id))),
        409,
        'mutability',
      );
      expect((await client.get('/Users?count=0')).body.totalResults).toBe(2);
      // An inactive user may be placed under an inactive manager.
      const parked = await client.post(
        '/Users',
        userBody('parked@example.com', { active: false, ...managerOf(inactive.id) }),
      );
      expectStatus(parked, 201);
      await expectI1();
    });

    it('reactivating a user whose manager is inactive → 409 mutability; allowed when the same request changes or removes the manager', async () => {
      const manager = await createUser(client, 'former.lead@example.com');
      const report = await createUser(client, 'returning@example.com', managerOf(manager.id));
      const report2 = await createUser(client, 'returning2@example.com', managerOf(manager.id));
      const newLead = await createUser(client, 'current.lead@example.com');
      expectStatus(await client.patch(`/Users/${report.id}`, deactivate), 200);
      expectStatus(await client.patch(`/Users/${report2.id}`, deactivate), 200);
      expectStatus(await client.patch(`/Users/${manager.id}`, deactivate), 200);
      const before = await readUser(client, report.id);

      for (const body of [
        reactivate,
        fixture('okta/reactivate-user.json'),
        fixture('entra/enable-user-string-boolean.json'),
      ]) {
        const res = await client.patch(`/Users/${report.id}`, body);
        expectScimError(res, 409, 'mutability');
        expect(res.body.detail).toContain('former.lead@example.com');
      }
      expectScimError(
        await client.put(
          `/Users/${report.id}`,
          userBody('returning@example.com', { active: true, ...managerOf(manager.id) }),
        ),
        409,
        'mutability',
      );
      expect(sansOrigin(await readUser(client, report.id))).toEqual(sansOrigin(before));

      const moved = await client.patch(
        `/Users/${report.id}`,
        patchOp(
          { op: 'replace', path: 'active', value: true },
          { op: 'replace', path: `${ENTERPRISE}:manager.value`, value: newLead.id },
        ),
      );
      expectStatus(moved, 200);
      expect(moved.body.active).toBe(true);
      expect(managerValue(moved.body)).toBe(newLead.id);

      const unassigned = await client.patch(
        `/Users/${report2.id}`,
        patchOp(
          { op: 'Remove', path: `${ENTERPRISE}:manager` },
          { op: 'Replace', path: 'active', value: 'True' },
        ),
      );
      expectStatus(unassigned, 200);
      expect(unassigned.body.active).toBe(true);
      expect(managerValue(unassigned.body)).toBeUndefined();
      // The new lead now has an active report and is protected in turn.
      expectScimError(await client.patch(`/Users/${newLead.id}`, deactivate), 409, 'mutability');
      await expectI1();
    });

    it('reactivating while moving to another inactive manager → 409 mutability naming that manager', async () => {
      const gone = await createUser(client, 'gone.lead@example.com');
      const alsoGone = await createUser(client, 'also.gone@example.com', { active: false });
      const report = await createUser(client, 'stuck@example.com', managerOf(gone.id));
      expectStatus(await client.patch(`/Users/${report.id}`, deactivate), 200);
      expectStatus(await client.patch(`/Users/${gone.id}`, deactivate), 200);
      const res = await client.patch(
        `/Users/${report.id}`,
        patchOp(
          { op: 'replace', path: 'active', value: true },
          { op: 'replace', path: `${ENTERPRISE}:manager`, value: { value: alsoGone.id } },
        ),
      );
      expectScimError(res, 409, 'mutability');
      expect(res.body.detail).toContain('also.gone@example.com');
      const stored = await readUser(client, report.id);
      expect(stored.active).toBe(false);
      expect(managerValue(stored)).toBe(gone.id);
    });

    it('a report whose manager was deleted comes back only with another manager or none (the old id is unknown → 400 invalidValue)', async () => {
      const manager = await createUser(client, 'deleted.lead@example.com');
      const report = await createUser(client, 'orphaned@example.com', managerOf(manager.id));
      expectStatus(await client.patch(`/Users/${report.id}`, deactivate), 200);
      expectStatus(await client.delete(`/Users/${manager.id}`), 204);
      // Editing the inactive report is not this request's doing of the dangling reference.
      expectStatus(
        await client.patch(
          `/Users/${report.id}`,
          patchOp({ op: 'replace', path: 'title', value: 'Waiting' }),
        ),
        200,
      );
      const refused = await client.patch(`/Users/${report.id}`, reactivate);
      expectScimError(refused, 400, 'invalidValue');
      expect(refused.body.detail).toContain(manager.id);
      expect((await readUser(client, report.id)).active).toBe(false);
      const back = await client.patch(
        `/Users/${report.id}`,
        patchOp(
          { op: 'remove', path: `${ENTERPRISE}:manager` },
          { op: 'replace', path: 'active', value: true },
        ),
      );
      expectStatus(back, 200);
      expect(back.body.active).toBe(true);
    });

    it('reactivating the manager first lets the report come back under them', async () => {
      const manager = await createUser(client, 'back.lead@example.com');
      const report = await createUser(client, 'back.report@example.com', managerOf(manager.id));
      expectStatus(await client.patch(`/Users/${report.id}`, deactivate), 200);
      expectStatus(await client.patch(`/Users/${manager.id}`, deactivate), 200);
      expectStatus(await client.patch(`/Users/${manager.id}`, reactivate), 200);
      expectStatus(await client.patch(`/Users/${report.id}`, reactivate), 200);
      expectScimError(await client.patch(`/Users/${manager.id}`, deactivate), 409, 'mutability');
      await expectI1();
    });

    it('editing other attributes of an inactive report under an inactive manager is allowed', async () => {
      const manager = await createUser(client, 'quiet.lead@example.com');
      const report = await createUser(client, 'quiet.report@example.com', managerOf(manager.id));
      expectStatus(await client.patch(`/Users/${report.id}`, deactivate), 200);
      expectStatus(await client.patch(`/Users/${manager.id}`, deactivate), 200);
      const res = await client.patch(
        `/Users/${report.id}`,
        patchOp({ op: 'replace', path: 'title', value: 'Alumnus' }),
      );
      expectStatus(res, 200);
      expect(res.body).toMatchObject({ active: false, title: 'Alumnus' });
    });
  });

  describe('I1 under concurrency', () => {
    it('deactivating a manager while a report is being assigned to them: never both, I1 holds (5 rounds)', async () => {
      for (let round = 0; round < 5; round += 1) {
        const manager = await createUser(client, `race.lead${round}@example.com`);
        const user = await createUser(client, `race.user${round}@example.com`);
        const [off, assign, hire] = await Promise.all([
          client.patch(`/Users/${manager.id}`, deactivate),
          client.patch(
            `/Users/${user.id}`,
            patchOp({ op: 'add', path: `${ENTERPRISE}:manager`, value: manager.id }),
          ),
          client.post('/Users', userBody(`race.hire${round}@example.com`, managerOf(manager.id))),
        ]);
        for (const res of [off, assign, hire]) expect([200, 201, 409]).toContain(res.status);
        const managerActive = (await readUser(client, manager.id)).active;
        if (!managerActive) {
          // The deactivation won: neither report may be active under them.
          expect(assign.status).toBe(409);
          expect(hire.status).toBe(409);
        } else {
          expect(off.status).toBe(409);
        }
      }
      await expectI1();
    });
  });

  describe('I2: the primary owner', () => {
    it('deactivating or deleting the primary owner → 409 mutability naming the primary account owner', async () => {
      const owner = await createUser(client, 'owner@example.com');
      await t.store.tenants.setOwnerId(tenantId, owner.id);
      await t.store.raw.collection('users').updateOne({ _id: owner.id }, { $set: { primaryOwner: true } });
      const off = await client.patch(`/Users/${owner.id}`, deactivate);
      expectScimError(off, 409, 'mutability');
      expect(off.body.detail).toMatch(/primary account owner/);
      const del = await client.delete(`/Users/${owner.id}`);
      expectScimError(del, 409, 'mutability');
      expect(del.body.detail).toMatch(/primary account owner/);
      const stored = await readUser(client, owner.id);
      expect(stored.active).toBe(true);
      expect(stored['urn:ietf:params:scim:schemas:extension:roster:2.0:User']).toEqual({
        canManageTeam: false,
        primaryOwner: true,
      });
      // primaryOwner is readOnly: a client cannot clear it.
      expectScimError(
        await client.patch(
          `/Users/${owner.id}`,
          patchOp({
            op: 'replace',
            path: 'urn:ietf:params:scim:schemas:extension:roster:2.0:User:primaryOwner',
            value: false,
          }),
        ),
        400,
        'mutability',
      );
    });
  });

  describe('I3: status changes need a complete profile', () => {
    async function createWithoutFamilyName(userName: string): Promise<ScimUser> {
      const res = await client.post('/Users', {
        schemas: [CORE],
        userName,
        name: { givenName: 'Nofamily' },
        emails: [{ value: userName, type: 'work' }],
      });
      expectStatus(res, 201);
      return res.body as ScimUser;
    }

    it('PATCH active false on a user lacking name.familyName → 400 invalidValue naming it; nothing changes', async () => {
      const user = await createWithoutFamilyName('no.family@example.com');
      const res = await client.patch(`/Users/${user.id}`, deactivate);
      expectScimError(res, 400, 'invalidValue');
      expect(res.body.detail).toContain('name.familyName');
      expect(res.body.detail).not.toContain('name.givenName');
      expect(sansOrigin(await readUser(client, user.id))).toEqual(sansOrigin(user));
      // Okta's and Entra's deactivation forms meet the same rule.
      expectScimError(
        await client.patch(`/Users/${user.id}`, fixture('okta/deactivate-user.json')),
        400,
        'invalidValue',
      );
      expectScimError(
        await client.patch(`/Users/${user.id}`, fixture('entra/disable-user-string-boolean.json')),
        400,
        'invalidValue',
      );
      expect((await readUser(client, user.id)).active).toBe(true);
    });

    it('the same PATCH filling name.familyName in may deactivate (path form and Okta value-object form)', async () => {
      const user = await createWithoutFamilyName('fills.in@example.com');
      const res = await client.patch(
        `/Users/${user.id}`,
        patchOp(
          { op: 'add', path: 'name.familyName', value: 'Placeholder' },
          { op: 'replace', path: 'active', value: false },
        ),
      );
      expectStatus(res, 200);
      expect(res.body).toMatchObject({
        active: false,
        name: { givenName: 'Nofamily', familyName: 'Placeholder' },
      });

      const other = await createWithoutFamilyName('fills.in2@example.com');
      const valueForm = await client.patch(
        `/Users/${other.id}`,
        patchOp({ op: 'replace', value: { active: false, 'name.familyName': 'Filled' } }),
      );
      expectStatus(valueForm, 200);
      expect(valueForm.body.active).toBe(false);
    });

    it('reactivation needs a complete profile too, and every missing attribute is named', async () => {
      const res = await client.post('/Users', {
        schemas: [CORE],
        userName: 'bare@example.com',
        active: false,
      });
      expectStatus(res, 201);
      const user = res.body as ScimUser;
      const refused = await client.patch(`/Users/${user.id}`, reactivate);
      expectScimError(refused, 400, 'invalidValue');
      for (const attribute of ['name.givenName', 'name.familyName', 'emails']) {
        expect(refused.body.detail).toContain(attribute);
      }
      expect((await readUser(client, user.id)).active).toBe(false);
      // Blank placeholders do not count; real ones do.
      expectScimError(
        await client.put(`/Users/${user.id}`, {
          schemas: [CORE],
          userName: 'bare@example.com',
          active: true,
          name: { givenName: ' ', familyName: 'X' },
          emails: [{ value: 'bare@example.com' }],
        }),
        400,
        'invalidValue',
      );
      const ok = await client.put(`/Users/${user.id}`, userBody('bare@example.com'));
      expectStatus(ok, 200);
      expect(ok.body.active).toBe(true);
    });

    it("the tenant's policy decides what is required: with title required, deactivating a user without one names title", async () => {
      await t.store.tenants.setRequiredFields(tenantId, ['name.givenName', 'title']);
      const user = await createUser(client, 'policy.user@example.com');
      const res = await client.patch(`/Users/${user.id}`, deactivate);
      expectScimError(res, 400, 'invalidValue');
      expect(res.body.detail).toContain('title');
      expect(res.body.detail).not.toContain('familyName');
      const ok = await client.patch(
        `/Users/${user.id}`,
        patchOp({ op: 'replace', value: { title: 'Contractor', active: 'False' } }),
      );
      expectStatus(ok, 200);
      expect(ok.body).toMatchObject({ active: false, title: 'Contractor' });
    });

    it('editing an incomplete profile without changing active is allowed', async () => {
      const user = await createWithoutFamilyName('edit.only@example.com');
      expectStatus(
        await client.patch(
          `/Users/${user.id}`,
          patchOp({ op: 'replace', path: 'title', value: 'Still here' }),
        ),
        200,
      );
    });
  });
});
