import { applyUpdate, snapshotDocuments } from '../../../src/store/snapshot-documents';
import type { TenantDocuments } from '../../../src/store/tenant-documents';

/**
 * The dry run's sink (src/store/snapshot-documents.ts): MongoDB's update operators as the store's
 * writes use them, and a snapshot that keeps its writes away from the documents it read.
 */
interface Doc {
  _id: string;
  tenantId: string;
  active: boolean;
  activeReports: string[];
  activeReportsAt: Record<string, Date>;
  title?: string;
}

const AT = new Date('2026-01-01T00:00:00Z');
const manager = (): Doc => ({
  _id: 'm',
  tenantId: 't',
  active: true,
  activeReports: [],
  activeReportsAt: {},
});

describe('applyUpdate', () => {
  it('applies the ledger entry and its removal as the store writes them', () => {
    const added = applyUpdate(manager(), {
      $push: { activeReports: 'r1' },
      $set: { 'activeReportsAt.r1': AT },
    });
    expect(added).toEqual({ ...manager(), activeReports: ['r1'], activeReportsAt: { r1: AT } });
    const removed = applyUpdate(added, {
      $pull: { activeReports: 'r1' },
      $unset: { 'activeReportsAt.r1': '' },
    });
    expect(removed).toEqual(manager());
  });

  it('sets and unsets fields, and never changes the document it was given', () => {
    const before = { ...manager(), title: 'Lead' };
    const after = applyUpdate(before, { $set: { active: false }, $unset: { title: '' } });
    expect(after).toEqual({ ...manager(), active: false });
    expect(before).toEqual({ ...manager(), title: 'Lead' });
  });

  it('counts a repeated pending request as the store writes it ($inc on a dotted path)', () => {
    const pending = { ...manager(), pendingDeactivation: { attempts: 1 } };
    const repeated = applyUpdate(pending, {
      $inc: { 'pendingDeactivation.attempts': 1 },
      $set: { 'pendingDeactivation.lastRequestedAt': AT },
    });
    expect(repeated.pendingDeactivation).toEqual({ attempts: 2, lastRequestedAt: AT });
    expect(pending.pendingDeactivation).toEqual({ attempts: 1 });
  });

  it('refuses an operator the store does not use, rather than ignoring it', () => {
    expect(() => applyUpdate(manager(), { $mul: { version: 2 } })).toThrow(/\$mul/);
  });
});

describe('snapshotDocuments', () => {
  /** The documents underneath, and every write that reached them (there must be none). */
  function base(docs: Doc[]) {
    const writes: string[] = [];
    const byId = new Map(docs.map((d) => [d._id, d]));
    const documents: TenantDocuments<Doc> = {
      get: async (tenantId, id) => {
        const doc = byId.get(id);
        return doc && doc.tenantId === tenantId ? doc : null;
      },
      getMany: async (tenantId, ids) =>
        ids.map((id) => byId.get(id)).filter((d): d is Doc => d?.tenantId === tenantId),
      insert: async () => void writes.push('insert'),
      update: async () => Boolean(writes.push('update')),
      remove: async () => Boolean(writes.push('remove')),
    };
    return { documents, writes };
  }

  it('answers its own writes from then on, matching conditions as MongoDB would, and writes nothing below', async () => {
    const { documents, writes } = base([manager()]);
    const snapshot = snapshotDocuments(documents);
    expect(
      await snapshot.update(
        't',
        'm',
        { active: true, activeReports: { $ne: 'r1' } },
        { $push: { activeReports: 'r1' } },
      ),
    ).toBe(true);
    // The same condition no longer holds: the entry is there.
    expect(
      await snapshot.update('t', 'm', { activeReports: { $ne: 'r1' } }, { $push: { activeReports: 'r1' } }),
    ).toBe(false);
    expect((await snapshot.get('t', 'm'))?.activeReports).toEqual(['r1']);
    expect(await snapshot.remove('t', 'm', { activeReports: { $size: 0 } })).toBe(false);
    expect(await snapshot.remove('t', 'm', {})).toBe(true);
    expect(await snapshot.get('t', 'm')).toBeNull();
    await snapshot.insert({ ...manager(), _id: 'n' });
    expect(await snapshot.getMany('t', ['m', 'n'])).toEqual([{ ...manager(), _id: 'n' }]);
    expect(writes).toEqual([]);
    expect((await documents.get('t', 'm'))?.activeReports).toEqual([]);
  });

  it("keeps tenants apart and refuses a duplicate _id as the store's insert does", async () => {
    const { documents } = base([manager()]);
    const snapshot = snapshotDocuments(documents);
    expect(await snapshot.get('other', 'm')).toBeNull();
    expect(await snapshot.update('other', 'm', {}, { $set: { active: false } })).toBe(false);
    await expect(snapshot.insert(manager())).rejects.toMatchObject({ code: 11000 });
  });
});
