/**
 * The order a bulk request runs in. RFC 7644 §3.7.2 lets an operation reference a resource another
 * operation of the same request creates; the operations then run in request order, except that a
 * POST runs before the first operation that references it (a forward reference: the group listed
 * before the user it names). Each operation runs once, so nothing is created twice.
 *
 * RFC 7644 §3.7.1: "The service provider MUST try to resolve circular cross-references between
 * resources in a single bulk job but MAY stop after a failed attempt and instead return HTTP
 * status code 409 (Conflict)." In Roster a cycle can only join users through `manager` (users
 * name no groups, and a group's members are users), and a manager cycle is refused anyway (400
 * invalidValue), so no attempt could succeed: the operations of a cycle answer 409 and do not run.
 */
import { referencesOf } from './bulk-references';
import type { BulkOperation } from './bulk-request';

export interface BulkPlan {
  /** Operation indexes in running order: each after the POSTs it references. */
  readonly order: readonly number[];
  /** Per operation, the POSTs it references: bulkId → index. */
  readonly references: ReadonlyMap<number, ReadonlyMap<string, number>>;
  /** Operations on a reference cycle (an operation referencing its own bulkId included). */
  readonly circular: ReadonlySet<number>;
  /** Per operation, a bulkId it references that no POST of the request declares. */
  readonly unknown: ReadonlyMap<number, string>;
}

export function planBulk(operations: readonly BulkOperation[]): BulkPlan {
  const declared = new Map<string, number>();
  for (const op of operations)
    if (op.method === 'POST' && op.bulkId !== undefined) declared.set(op.bulkId, op.index);

  const references = new Map<number, Map<string, number>>();
  const unknown = new Map<number, string>();
  for (const op of operations) {
    const named = new Map<string, number>();
    for (const bulkId of referencesOf(op)) {
      const target = declared.get(bulkId);
      if (target === undefined) unknown.set(op.index, bulkId);
      else named.set(bulkId, target);
    }
    references.set(op.index, named);
  }

  // Tarjan's strongly connected components, started in request order with references followed in
  // request order: components come out dependencies first, and otherwise in request order.
  const order: number[] = [];
  const circular = new Set<number>();
  const indexOf = new Map<number, number>();
  const lowLink = new Map<number, number>();
  const stack: number[] = [];
  const onStack = new Set<number>();
  const visit = (node: number): void => {
    indexOf.set(node, indexOf.size);
    lowLink.set(node, indexOf.get(node)!);
    stack.push(node);
    onStack.add(node);
    const next = [...references.get(node)!.values()].sort((a, b) => a - b);
    for (const target of next) {
      if (!indexOf.has(target)) {
        visit(target);
        lowLink.set(node, Math.min(lowLink.get(node)!, lowLink.get(target)!));
      } else if (onStack.has(target)) {
        lowLink.set(node, Math.min(lowLink.get(node)!, indexOf.get(target)!));
      }
    }
    if (lowLink.get(node) !== indexOf.get(node)) return;
    const component: number[] = [];
    let member: number;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1 || next.includes(node)) for (const m of component) circular.add(m);
    order.push(...component.sort((a, b) => a - b));
  };
  // Requests hold at most maxOperations (1000), so the recursion stays shallow enough.
  for (const op of operations) if (!indexOf.has(op.index)) visit(op.index);
  return { order, references, circular, unknown };
}
