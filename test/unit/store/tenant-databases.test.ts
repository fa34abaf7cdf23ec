import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import {
  isTenantDatabaseOf,
  MAX_DATABASE_NAME_FOR_TENANTS,
  tenantDatabaseName,
  tenantDatabasePrefix,
} from '../../../src/store/tenant-databases';

/** FerretDB's (and MongoDB's) rule for a database name: these characters, at most 63 of them. */
const VALID = /^[A-Za-z0-9_-]{1,63}$/;

describe('tenantDatabaseName: where a tenant keeps its collections on FerretDB', () => {
  it('is the main name, `_t_`, and a fixed-length hash: the same tenant always maps to the same database', () => {
    const tenantId = randomUUID();
    const name = tenantDatabaseName('roster', tenantId);
    expect(name).toMatch(/^roster_t_[0-9a-f]{24}$/);
    expect(tenantDatabaseName('roster', tenantId)).toBe(name);
    expect(name.startsWith(tenantDatabasePrefix('roster'))).toBe(true);
  });

  it('gives distinct tenants distinct databases, valid names for any tenant id, up to the longest main name', () => {
    const main = 'd'.repeat(MAX_DATABASE_NAME_FOR_TENANTS);
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        fc.pre(a !== b);
        const [x, y] = [tenantDatabaseName(main, a), tenantDatabaseName(main, b)];
        expect(x).toMatch(VALID);
        expect(y).toMatch(VALID);
        expect(x).not.toBe(y);
      }),
    );
  });

  it("keeps one main database's tenant databases apart from another's whose name extends it", () => {
    // What the harness's drop and the store's totals list: never another main database's tenants.
    const tenantId = randomUUID();
    expect(isTenantDatabaseOf('roster', tenantDatabaseName('roster', tenantId))).toBe(true);
    expect(isTenantDatabaseOf('roster', tenantDatabaseName('roster_t_x', tenantId))).toBe(false);
    expect(isTenantDatabaseOf('roster', tenantDatabaseName('roster_2', tenantId))).toBe(false);
    expect(isTenantDatabaseOf('roster', 'roster')).toBe(false);
  });
});
