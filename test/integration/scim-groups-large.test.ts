/**
 * A group of 50,000 members: adding and removing one member by PATCH writes one membership, never
 * the member list, and neither the answer nor the work carries the list (docs/scimmy-notes.md
 * §10, where a generic PATCH of a 10,000-member group took 2.5 s of CPU). The users and
 * memberships are stored directly in batches: 50,000 SCIM creates would take far longer than the
 * behaviour under test.
 */
import type { MembershipDocument } from '../../src/store/groups/group-document';
import type { UserDocument } from '../../src/store/users';
import { startTestApp, type TestApp } from '../harness/app';
import { expectStatus, newTenant, patchOp, scimClient, type ScimClient } from '../harness/tenant';
import { storedUser } from '../harness/stored-user';

const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const MEMBERS = 50_000;
const BATCH = 5_000;

describe('SCIM Groups: a 50,000-member group', () => {
  let t: TestApp;
  let client: ScimClient;
  let groupId: string;
  let newcomer: string;
  let seededMember: string;

  beforeAll(async () => {
    t = await startTestApp();
    const { tenantId, token } = await newTenant(t.store);
    client = scimClient(t.app, token);
    const created = await client.post('/Groups', { schemas: [GROUP], displayName: 'Everyone' });
    expectStatus(created, 201);
    groupId = created.body.id as string;

    // Minimal users of the stored shape (src/store/users/user-document.ts), and their memberships
    // (src/store/groups/group-document.ts), plus one user who is not a member yet.
    const now = new Date();
    const user = (i: number): UserDocument => storedUser(tenantId, `member${i}@large.example`, now);
    for (let start = 0; start <= MEMBERS; start += BATCH) {
      const users = Array.from({ length: Math.min(BATCH, MEMBERS + 1 - start) }, (_, i) => user(start + i));
      await t.store.raw.tenantCollection(tenantId, 'users').insertMany(users as never[]);
      const members = users
        .filter((_, i) => start + i < MEMBERS)
        .map((u): MembershipDocument => ({ _id: `${groupId}|${u._id}`, tenantId, groupId, userId: u._id }));
      if (members.length > 0)
        await t.store.raw.tenantCollection(tenantId, 'group_members').insertMany(members as never[]);
      if (start === 0) seededMember = users[0]!._id;
      if (start + users.length > MEMBERS) newcomer = users[users.length - 1]!._id;
    }
  }, 120_000);
  afterAll(() => t.close());

  const isMember = async (userId: string) => {
    const filter = encodeURIComponent(`id eq "${groupId}" and members eq "${userId}"`);
    const res = await client.get(`/Groups?filter=${filter}&excludedAttributes=members`);
    expectStatus(res, 200);
    return res.body.totalResults === 1;
  };

  it('adds one member by PATCH: 204, no body; the user is a member', async () => {
    const res = await client.patch(
      `/Groups/${groupId}`,
      patchOp({ op: 'add', path: 'members', value: [{ value: newcomer }] }),
    );
    expectStatus(res, 204);
    expect(res.text).toBe('');
    expect(await isMember(newcomer)).toBe(true);
  });

  it('removes that member by PATCH members[value eq …]: 204, no body; the others stay', async () => {
    const res = await client.patch(
      `/Groups/${groupId}`,
      patchOp({ op: 'remove', path: `members[value eq "${newcomer}"]` }),
    );
    expectStatus(res, 204);
    expect(res.text).toBe('');
    expect(await isMember(newcomer)).toBe(false);
    expect(await isMember(seededMember)).toBe(true);
  });

  it('answers a PATCH asking for attributes, and a GET excluding members, without the member list', async () => {
    const patched = await client.patch(
      `/Groups/${groupId}?attributes=displayName`,
      patchOp({ op: 'add', path: 'members', value: [{ value: newcomer }] }),
    );
    expectStatus(patched, 200);
    expect(patched.body).not.toHaveProperty('members');
    expect(patched.text.length).toBeLessThan(1000);

    const read = await client.get(`/Groups/${groupId}?excludedAttributes=members`);
    expectStatus(read, 200);
    expect(read.body).not.toHaveProperty('members');
    expect(read.body.displayName).toBe('Everyone');
  });
});
