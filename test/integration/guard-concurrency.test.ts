import { startTestApp, type TestApp } from '../harness/app';
import { newTenant, scimClient, userBody, ENTERPRISE, PATCH_OP } from '../harness/tenant';
import { isViolation } from '../../src/store/users';

/** A small deterministic PRNG, so a failing seed can be replayed. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * I1 and I2 under concurrency (docs/domain.md): many clients at once assign reports to managers, move
 * them away, deactivate and reactivate anyone. Whatever the interleaving, each request is either
 * applied or refused, never a 500, and afterwards the consistency check finds no violation.
 * This runs on the test store: the embedded FerretDB (one process; writes serialised per tenant)
 * or MONGODB_URI (conditional updates).
 */
describe('lifecycle guard under concurrent clients', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it.each([1, 2, 3])(
    'seed %i: 8 clients × 30 random lifecycle requests leave no I1/I2 violation',
    async (seed) => {
      const { tenantId, token } = await newTenant(t.store);
      const scim = scimClient(t.app, token);
      const ids: string[] = [];
      for (let i = 0; i < 10; i += 1)
        ids.push((await scim.post('/Users', userBody(`user${i}.s${seed}@x.com`))).body.id);
      await t.store.users.transferOwnership(tenantId, ids[0]!, { tokenName: 'test', channel: 'admin' });

      const statuses = new Map<number, number>();
      const client = async (n: number) => {
        const random = prng(seed * 1000 + n);
        const pick = () => ids[Math.floor(random() * ids.length)]!;
        for (let i = 0; i < 30; i += 1) {
          const user = pick();
          const roll = random();
          const ops =
            roll < 0.4
              ? [{ op: 'add', path: `${ENTERPRISE}:manager`, value: pick() }]
              : roll < 0.55
                ? [{ op: 'remove', path: `${ENTERPRISE}:manager` }]
                : roll < 0.8
                  ? [{ op: 'replace', value: { active: false } }]
                  : [{ op: 'replace', value: { active: true } }];
          const res = await scim.patch(`/Users/${user}`, { schemas: [PATCH_OP], Operations: ops });
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        }
      };
      await Promise.all(Array.from({ length: 8 }, (_, n) => client(n)));

      expect([...statuses.keys()].every((s) => [200, 400, 409].includes(s))).toBe(true);
      expect(statuses.get(200)).toBeGreaterThan(0);
      const findings = await t.store.users.check(tenantId, { repair: false });
      expect(findings.filter(isViolation)).toEqual([]);
    },
  );
});
