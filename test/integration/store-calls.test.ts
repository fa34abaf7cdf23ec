import type { Express } from 'express';
import { buildApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { connectStore, type Store } from '../../src/store';
import { dropTestDatabase, silentLog, testStoreUri } from '../harness/store';
import { ENTERPRISE, newTenant, patchOp, scimClient, userBody } from '../harness/tenant';

/**
 * The store calls each SCIM request makes, as bench/README.md documents their minimum: counted
 * by mongoose's 'operation-start' event on the store's connection (every collection call). The
 * token and tenant caches hold within the test (its clock stands still), so the counts are of a
 * request after the first, as in steady traffic.
 */
/** A PATCH of `active` on a report-less user: read, its manager, the write, the ledger, audit, groups. */
const STATUS_PATCH_CALLS = [
  'audit_events.insertOne',
  'group_members.find',
  'users.findOne',
  'users.findOne',
  'users.updateOne',
  'users.updateOne',
];

describe('store calls per request', () => {
  const clock = Date.now();
  let store: Store;
  let app: Express;
  let scim: ReturnType<typeof scimClient>;
  let calls: string[] = [];
  /** Times the request waited for the store: a call sent after an answer came opens a new wait. */
  let waits = 0;
  let answeredSinceLastWait = true;
  let lead: { id: string };
  let report: { id: string; userName: string };

  beforeAll(async () => {
    store = await connectStore({
      uri: testStoreUri(),
      dbName: `roster_test_calls_${process.pid}`,
      log: silentLog,
      now: () => new Date(clock),
      testing: {
        onOperation: (op) => {
          calls.push(`${op.collectionName}.${op.method}`);
          if (answeredSinceLastWait) waits += 1;
          answeredSinceLastWait = false;
        },
        onOperationEnd: (op) => {
          // Mongoose reports a find as ended once its cursor is made, before the store answers it.
          if (op.method !== 'find') answeredSinceLastWait = true;
        },
      },
    });
    app = buildApp({ config: loadConfig({}), store, log: silentLog });
    const { token } = await newTenant(store);
    scim = scimClient(app, token);
    lead = (await scim.post('/Users', userBody('lena.lead@x.com'))).body;
    report = (
      await scim.post(
        '/Users',
        userBody('rui.report@x.com', { [ENTERPRISE]: { manager: { value: lead.id } } }),
      )
    ).body;
    // Warm the token and tenant caches.
    await scim.get(`/Users/${lead.id}`);
  });
  afterAll(async () => {
    await store.close();
    await dropTestDatabase(`roster_test_calls_${process.pid}`);
  });

  async function counted(send: () => Promise<{ status: number }>, status: number): Promise<string[]> {
    return (await measured(send, status)).calls;
  }

  /**
   * The calls a request makes, and how many times it waited for the store: calls sent together
   * (before any answer came back) are one wait; a call sent after an answer opens the next.
   */
  async function measured(
    send: () => Promise<{ status: number }>,
    status: number,
  ): Promise<{ calls: string[]; waits: number }> {
    calls = [];
    waits = 0;
    answeredSinceLastWait = true;
    const res = await send();
    expect(res.status).toBe(status);
    return { calls: calls.sort(), waits };
  }

  it('GET /Users/{id}: the user, its manager (manager.displayName), its memberships (groups)', async () => {
    expect(await counted(() => scim.get(`/Users/${report.id}`), 200)).toEqual([
      'group_members.find',
      'users.findOne',
      'users.findOne',
    ]);
  });

  it('GET /Users/{id} without groups in the answer reads no memberships', async () => {
    expect(await counted(() => scim.get(`/Users/${report.id}?excludedAttributes=groups`), 200)).toEqual([
      'users.findOne',
      'users.findOne',
    ]);
  });

  it('filter userName eq, hit: the key document, then as GET by id', async () => {
    const filter = encodeURIComponent(`userName eq "${report.userName}"`);
    expect(await counted(() => scim.get(`/Users?filter=${filter}`), 200)).toEqual([
      'group_members.find',
      'user_keys.findOne',
      'users.findOne',
      'users.findOne',
    ]);
  });

  it('filter userName eq, miss: the key document only', async () => {
    const filter = encodeURIComponent('userName eq "nobody@x.com"');
    expect(await counted(() => scim.get(`/Users?filter=${filter}`), 200)).toEqual(['user_keys.findOne']);
  });

  it("PATCH active of a report-less user: read, its manager, conditional write, the manager's ledger, audit, groups", async () => {
    for (const active of [false, true]) {
      const ops = await counted(
        () => scim.patch(`/Users/${report.id}`, patchOp({ op: 'replace', value: { active } })),
        200,
      );
      // On a store with atomic updates (MongoDB) the lane does not serialise writes, so a
      // deactivation reads the old manager again for a pending deactivation it may complete.
      const recheck = !active && store.capabilities.atomicUpdates ? ['users.findOne'] : [];
      expect(ops).toEqual([...STATUS_PATCH_CALLS, ...recheck].sort());
    }
  });

  it('PUT with the manager unchanged: read, its manager, conditional write, groups (no audit row)', async () => {
    const body = userBody(report.userName, {
      title: 'Engineer',
      [ENTERPRISE]: { manager: { value: lead.id } },
    });
    expect(await counted(() => scim.put(`/Users/${report.id}`, body), 200)).toEqual([
      'group_members.find',
      'users.findOne',
      'users.findOne',
      'users.updateOne',
    ]);
  });

  it("POST under a manager: the manager, the userName key, the manager's ledger, the user, audit", async () => {
    const body = userBody('nia.new@x.com', { [ENTERPRISE]: { manager: { value: lead.id } } });
    expect(await counted(() => scim.post('/Users', body), 201)).toEqual([
      'audit_events.insertOne',
      'user_keys.insertOne',
      'users.findOne',
      'users.insertOne',
      'users.updateOne',
    ]);
  });

  describe('beside a pending deactivation, a write reads nothing again that it read in its lane turn (docs/store.md)', () => {
    let pam: { id: string };
    let reports: { id: string }[];
    /** Where the lane does not serialise writes (MongoDB), the look for a pending request reads. */
    const reread = () => (store.capabilities.atomicUpdates ? ['users.findOne'] : []);

    beforeAll(async () => {
      pam = (await scim.post('/Users', userBody('pam.lead@x.com'))).body;
      reports = await Promise.all(
        ['ria.one@x.com', 'sol.two@x.com'].map(
          async (name) =>
            (await scim.post('/Users', userBody(name, { [ENTERPRISE]: { manager: { value: pam.id } } })))
              .body as { id: string },
        ),
      );
      // Refused for her two active reports, and kept as her pending deactivation.
      const refused = await scim.patch(
        `/Users/${pam.id}`,
        patchOp({ op: 'replace', value: { active: false } }),
      );
      expect(refused.status).toBe(409);
    });

    it("a report's deactivation while another report is still listed: the report-less PATCH's six calls", async () => {
      const ops = await counted(
        () => scim.patch(`/Users/${reports[0]!.id}`, patchOp({ op: 'replace', value: { active: false } })),
        200,
      );
      expect(ops).toEqual([...STATUS_PATCH_CALLS, ...reread()].sort());
      expect((await scim.get(`/Users/${pam.id}`)).body.active).toBe(true);
    });

    it('a profile change of the lead herself, her pending request kept: no second read of her', async () => {
      const ops = await counted(
        () =>
          scim.patch(`/Users/${pam.id}`, patchOp({ op: 'replace', path: 'title', value: 'Head of Sales' })),
        200,
      );
      expect(ops).toEqual(['group_members.find', 'users.findOne', 'users.updateOne', ...reread()].sort());
    });

    it('the last report leaving still carries out her pending deactivation', async () => {
      const last = await scim.patch(
        `/Users/${reports[1]!.id}`,
        patchOp({ op: 'replace', value: { active: false } }),
      );
      expect(last.status).toBe(200);
      expect((await scim.get(`/Users/${pam.id}`)).body.active).toBe(false);
    });
  });

  describe('independent calls are sent together', () => {
    it('PATCH active false: the user (with its memberships), its manager, the write, then the ledger and audit row at once', async () => {
      const { waits } = await measured(
        () => scim.patch(`/Users/${report.id}`, patchOp({ op: 'replace', value: { active: false } })),
        200,
      );
      // Once more on MongoDB: the old manager's pending request (above).
      expect(waits).toBe(4 + (store.capabilities.atomicUpdates ? 1 : 0));
    });

    it("PATCH active true: the user (with its memberships), its manager, the manager's ledger, the write, the audit row", async () => {
      // The ledger entry is made before the write, as I1 needs (docs/domain.md), so it is a wait of its own.
      const { waits } = await measured(
        () => scim.patch(`/Users/${report.id}`, patchOp({ op: 'replace', value: { active: true } })),
        200,
      );
      expect(waits).toBe(5);
    });

    it('PUT: the user (with its memberships), its manager, the write', async () => {
      const body = userBody(report.userName, {
        title: 'Staff Engineer',
        [ENTERPRISE]: { manager: { value: lead.id } },
      });
      expect((await measured(() => scim.put(`/Users/${report.id}`, body), 200)).waits).toBe(3);
    });

    it('POST: the manager, then its ledger entry and the keys at once, the user, the audit row', async () => {
      const body = userBody('ona.new@x.com', {
        externalId: 'ona-ext',
        [ENTERPRISE]: { manager: { value: lead.id } },
      });
      const { calls: sent, waits } = await measured(() => scim.post('/Users', body), 201);
      expect(sent.filter((c) => c === 'user_keys.insertOne')).toHaveLength(2);
      expect(waits).toBe(4);
    });
  });
});
