/**
 * Issue 16 item 5 on the real store: names people cannot tell apart are one name for uniqueness,
 * `eq` lookup and `sw` filters alike; names holding what people cannot see are refused; lone
 * surrogates are 400; and keys stored by the older fold are migrated at start (idempotently).
 */
import fc from 'fast-check';
import { identifierKey } from '../../src/domain/identifiers';
import { IDENTIFIER_KEYS_MIGRATION, migrateIdentifierKeys } from '../../src/store/identifier-keys';
import { userNameKeyId } from '../../src/store/users/user-keys';
import { startTestApp, type TestApp } from '../harness/app';
import { silentLog } from '../harness/store';
import {
  expectScimError,
  expectStatus,
  newTenant,
  scimClient,
  userBody,
  type ScimClient,
} from '../harness/tenant';

const filterOf = (op: string, value: string) =>
  `/Users?filter=${encodeURIComponent(`userName ${op} ${JSON.stringify(value)}`)}`;

describe('userName normalisation on the store', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const tenant = async () => {
    const { tenantId, token } = await newTenant(t.store);
    return { tenantId, scim: scimClient(t.app, token) };
  };
  const create = (scim: ScimClient, userName: string) =>
    scim.post('/Users', userBody('x@x.com', { userName }));

  it.each([
    ['ẗx', 'T̈x'],
    ['οδοσ', 'ΟΔΟΣ'],
    ['spaceuser', 'spaceuser '],
    ['ｂｏｂ', 'BOB'],
  ])('%j and %j cannot coexist, and eq finds the first by the second', async (first, second) => {
    const { scim } = await tenant();
    expectStatus(await create(scim, first), 201);
    expectScimError(await create(scim, second), 409, 'uniqueness');
    const found = await scim.get(filterOf('eq', second));
    expect(found.body.Resources.map((r: { userName: string }) => r.userName)).toEqual([first]);
  });

  it('userName sw "ΟΔΟΣ" finds ΟΔΟΣΑ', async () => {
    const { scim } = await tenant();
    expectStatus(await create(scim, 'ΟΔΟΣΑ'), 201);
    const found = await scim.get(filterOf('sw', 'ΟΔΟΣ'));
    expect(found.body.totalResults).toBe(1);
  });

  it.each([
    ['a zero-width space', 'bob\u200b'],
    ['a bidi override', 'admin\u202egpj.exe'],
    ['a control character', 'bob\u0007'],
    ['a no-break space', 'bob\u00a0smith'],
  ])('refuses a userName with %s: 400 invalidValue naming the character', async (_what, userName) => {
    const { scim } = await tenant();
    const res = await create(scim, userName);
    expectScimError(res, 400, 'invalidValue');
    expect(res.body.detail).toMatch(/U\+[0-9A-F]{4}/);
  });

  it('a lone surrogate anywhere in the body is 400 invalidValue, and blocks nothing afterwards', async () => {
    const { scim } = await tenant();
    const raw = JSON.stringify(userBody('x@x.com', { userName: 'lone' })).replace('"lone"', '"lone\\ud800"');
    const res = await scim.raw('post', '/Users', raw);
    expectScimError(res, 400, 'invalidValue');
    expect(res.body.detail).toMatch(/not valid Unicode/);
    const inTitle = JSON.stringify(userBody('t@x.com', { title: 'T' })).replace('"T"', '"\\udc00T"');
    expectScimError(await scim.raw('post', '/Users', inTitle), 400, 'invalidValue');
    expectStatus(await create(scim, 'lone'), 201);
  });

  it('uniqueness and eq lookup agree on the store for generated pairs', async () => {
    const letters = fc.constantFrom(...'aAsSσςΣßẗT', 'ﬁ', 'ｂ', 'e\u0301', 'é', ' ');
    const name = fc.array(letters, { minLength: 1, maxLength: 6 }).map((cs) => `n${cs.join('')}`);
    const pairs = fc.sample(fc.tuple(name, name), { numRuns: 12, seed: 16 });
    pairs.push(['nstraße', 'NSTRASSE'], ['nﬁ', 'NFI'], ['né', 'ne\u0301']);
    for (const [a, b] of pairs) {
      const { scim } = await tenant();
      expectStatus(await create(scim, a), 201);
      const same = identifierKey(a) === identifierKey(b);
      const second = await create(scim, b);
      expect([a, b, second.status]).toEqual([a, b, same ? 409 : 201]);
      const found = await scim.get(filterOf('eq', b));
      const names = found.body.Resources.map((r: { userName: string }) => r.userName);
      expect([a, b, names]).toEqual([a, b, same ? [a] : [b]]);
    }
  });

  describe('migration of stored keys', () => {
    /** What the store held before: the old fold (NFC, toLowerCase) in the user and its key document. */
    async function storeOldKey(tenantId: string, id: string, userName: string): Promise<void> {
      const keys = t.store.raw.collection('user_keys');
      const user = (await t.store.users.byId(tenantId, id))!;
      const oldKey = userName.normalize('NFC').toLowerCase();
      await keys.deleteOne({ _id: userNameKeyId(tenantId, user.userNameKey) });
      await keys.insertOne({
        _id: userNameKeyId(tenantId, oldKey),
        tenantId,
        userId: id,
      });
      await t.store.raw
        .collection('users')
        .updateOne({ _id: id }, { $set: { userName, userNameKey: oldKey } });
    }
    const unmark = () => t.store.raw.collection('migrations').deleteOne({ _id: IDENTIFIER_KEYS_MIGRATION });

    it('moves old keys so lookups and uniqueness use the new rule; a second run changes nothing', async () => {
      const { tenantId, scim } = await tenant();
      const greek = (await create(scim, 'greek')).body.id as string;
      const german = (await create(scim, 'german')).body.id as string;
      await storeOldKey(tenantId, greek, 'ΟΔΟΣ');
      await storeOldKey(tenantId, german, 'Straße');
      // Before the migration the old keys answer wrongly: οδοσ is not found.
      expect((await scim.get(filterOf('eq', 'οδοσ'))).body.totalResults).toBe(0);

      await unmark();
      const first = await migrateIdentifierKeys(t.store.raw.connection, silentLog);
      expect(first).toMatchObject({ skipped: false, conflicts: [] });
      expect(first.moved).toBeGreaterThanOrEqual(2);
      expect((await scim.get(filterOf('eq', 'οδοσ'))).body.Resources[0].id).toBe(greek);
      expect((await scim.get(filterOf('eq', 'STRASSE'))).body.Resources[0].id).toBe(german);
      expectScimError(await create(scim, 'strasse'), 409, 'uniqueness');
      // The old key documents are gone, so the old spellings block nothing.
      expect(
        await t.store.raw.collection('user_keys').findOne({ _id: userNameKeyId(tenantId, 'οδος') }),
      ).toBeNull();

      expect(await migrateIdentifierKeys(t.store.raw.connection, silentLog)).toEqual({
        skipped: true,
        moved: 0,
        conflicts: [],
      });
      await unmark();
      expect(await migrateIdentifierKeys(t.store.raw.connection, silentLog)).toEqual({
        skipped: false,
        moved: 0,
        conflicts: [],
      });
    });

    it('reports two stored names that became one, keeps both users, and runs again next start', async () => {
      const { tenantId, scim } = await tenant();
      const first = (await create(scim, 'spaceuser')).body.id as string;
      const second = (await create(scim, 'other')).body.id as string;
      await storeOldKey(tenantId, second, 'spaceuser ');
      await unmark();
      const report = await migrateIdentifierKeys(t.store.raw.connection, silentLog);
      expect(report.conflicts).toEqual([
        { collection: 'users', tenantId, id: second, name: 'spaceuser ', heldBy: first },
      ]);
      expect((await t.store.users.byId(tenantId, second))!.userName).toBe('spaceuser ');
      expect((await migrateIdentifierKeys(t.store.raw.connection, silentLog)).skipped).toBe(false);
    });
  });
});
