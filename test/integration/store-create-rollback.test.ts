/**
 * A create claims its userName and externalId keys and its manager's I1 ledger entry at once
 * (src/store/users/user-writes.ts): whichever claim is refused, the others are undone, so a refused
 * POST leaves no key that would block the name later and no ledger entry that would keep the
 * manager from being deactivated (docs/domain.md, I1).
 */
import { startTestApp, type TestApp } from '../harness/app';
import {
  createUser,
  expectScimError,
  expectStatus,
  managerOf,
  newTenant,
  scimClient,
  userBody,
} from '../harness/tenant';

describe('a refused create undoes its other claims', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  async function teamOfOne() {
    const { tenantId, token } = await newTenant(t.store);
    const scim = scimClient(t.app, token);
    const lead = await createUser(scim, 'lead@x.com');
    const first = await createUser(scim, 'first@x.com', { externalId: 'ext-first', ...managerOf(lead.id) });
    const ledgerOfLead = async () => (await t.store.users.byId(tenantId, lead.id))!.activeReports;
    expect(await ledgerOfLead()).toEqual([first.id]);
    return { scim, lead, first, ledgerOfLead };
  }

  it('a userName already taken: 409, and the manager keeps only the reports it has', async () => {
    const { scim, lead, first, ledgerOfLead } = await teamOfOne();
    const res = await scim.post(
      '/Users',
      userBody('FIRST@x.com', { externalId: 'ext-new', ...managerOf(lead.id) }),
    );
    expectScimError(res, 409, 'uniqueness');
    expect(res.body.detail).toMatch(/userName "first@x.com" is already taken/);
    expect(await ledgerOfLead()).toEqual([first.id]);
    // The externalId claimed beside it was given back: a user may take it now.
    await createUser(scim, 'other@x.com', { externalId: 'ext-new' });
  });

  it('an externalId already used: 409, the userName is free again, and the ledger is as it was', async () => {
    const { scim, lead, first, ledgerOfLead } = await teamOfOne();
    const res = await scim.post(
      '/Users',
      userBody('second@x.com', { externalId: 'ext-first', ...managerOf(lead.id) }),
    );
    expectScimError(res, 409, 'uniqueness');
    expect(res.body.detail).toMatch(/externalId "ext-first" is already used/);
    expect(await ledgerOfLead()).toEqual([first.id]);
    await createUser(scim, 'second@x.com', { externalId: 'ext-second' });
  });

  it('both taken: the userName is the one named, as when the keys were claimed in turn', async () => {
    const { scim, lead } = await teamOfOne();
    const res = await scim.post(
      '/Users',
      userBody('first@x.com', { externalId: 'ext-first', ...managerOf(lead.id) }),
    );
    expectScimError(res, 409, 'uniqueness');
    expect(res.body.detail).toMatch(/userName "first@x.com"/);
  });

  it('the manager whose new report was refused can be deactivated once its real report leaves', async () => {
    const { scim, lead, first } = await teamOfOne();
    expectScimError(
      await scim.post('/Users', userBody('first@x.com', managerOf(lead.id))),
      409,
      'uniqueness',
    );
    expectStatus(await scim.delete(`/Users/${first.id}`), 204);
    const deactivated = await scim.patch(`/Users/${lead.id}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', value: { active: false } }],
    });
    expectStatus(deactivated, 200);
  });
});
