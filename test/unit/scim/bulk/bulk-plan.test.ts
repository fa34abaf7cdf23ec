import { planBulk } from '../../../../src/scim/bulk/bulk-plan';
import { readBulkRequest } from '../../../../src/scim/bulk/bulk-request';

const BULK_REQUEST = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';

/** Operations from a compact description: POSTs declaring bulkIds, each naming the bulkIds it references. */
function operations(...ops: Array<{ post?: string; refs?: string[]; path?: string }>) {
  return readBulkRequest({
    schemas: [BULK_REQUEST],
    Operations: ops.map((op) =>
      op.post !== undefined
        ? {
            method: 'POST',
            path: '/Users',
            bulkId: op.post,
            data: { refs: (op.refs ?? []).map((r) => ({ value: `bulkId:${r}` })) },
          }
        : {
            method: 'PATCH',
            path: op.path ?? '/Users/bulkId:x',
            data: { refs: (op.refs ?? []).map((r) => `bulkId:${r}`) },
          },
    ),
  }).operations;
}

describe('planBulk (RFC 7644 §3.7.1, §3.7.2)', () => {
  it('keeps request order when nothing references forward', () => {
    const plan = planBulk(operations({ post: 'a' }, { post: 'b', refs: ['a'] }, { post: 'c' }));
    expect(plan.order).toEqual([0, 1, 2]);
    expect(plan.circular.size).toBe(0);
    expect([...plan.references.get(1)!]).toEqual([['a', 0]]);
  });

  it('runs a POST before the first operation that references it, and each operation once', () => {
    const plan = planBulk(
      operations({ post: 'g', refs: ['u'] }, { path: '/Users/bulkId:u' }, { post: 'u' }, { post: 'v' }),
    );
    expect(plan.order).toEqual([2, 0, 1, 3]);
  });

  it('follows chains of forward references', () => {
    const plan = planBulk(operations({ post: 'a', refs: ['b'] }, { post: 'b', refs: ['c'] }, { post: 'c' }));
    expect(plan.order).toEqual([2, 1, 0]);
  });

  it('marks every operation of a cycle, self-references included, and only those', () => {
    const plan = planBulk(
      operations(
        { post: 'a', refs: ['b'] },
        { post: 'b', refs: ['c'] },
        { post: 'c', refs: ['a'] },
        { post: 'self', refs: ['self'] },
        { post: 'd', refs: ['a'] },
        { post: 'e' },
      ),
    );
    expect([...plan.circular].sort()).toEqual([0, 1, 2, 3]);
    expect([...plan.order].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    // The operation depending on the cycle comes after it.
    expect(plan.order.indexOf(4)).toBeGreaterThan(Math.max(...[0, 1, 2].map((i) => plan.order.indexOf(i))));
  });

  it('reports references to bulkIds no POST declares', () => {
    const plan = planBulk(
      operations({ post: 'a', refs: ['nowhere'] }, { path: '/Users/bulkId:also-nowhere' }),
    );
    expect(plan.unknown).toEqual(
      new Map([
        [0, 'nowhere'],
        [1, 'also-nowhere'],
      ]),
    );
  });

  it('orders a chain as long as maxOperations allows', () => {
    const chain = Array.from({ length: 1000 }, (_, i) => ({
      post: `n${i}`,
      refs: i < 999 ? [`n${i + 1}`] : [],
    }));
    const plan = planBulk(operations(...chain));
    expect(plan.order).toEqual(Array.from({ length: 1000 }, (_, i) => 999 - i));
    expect(plan.circular.size).toBe(0);
  });
});
