/**
 * bulkId references (RFC 7644 §3.7.2): a value `"bulkId:<id>"` anywhere in an operation's data,
 * or as the resource id of its path, stands for the id of the resource the POST with that bulkId
 * creates. The whole string is the reference; a bulkId is never spliced into a longer string.
 */
import type { BulkOperation } from './bulk-request';

const PREFIX = 'bulkId:';

/** The bulkId a value references, if it is a reference. */
export function referencedBulkId(value: unknown): string | undefined {
  return typeof value === 'string' && value.startsWith(PREFIX) && value.length > PREFIX.length
    ? value.slice(PREFIX.length)
    : undefined;
}

/** Every bulkId an operation references, in its path and its data. */
export function referencesOf(op: BulkOperation): Set<string> {
  const found = new Set<string>();
  const target = referencedBulkId(op.target);
  if (target !== undefined) found.add(target);
  // Values nest no deeper than the request body may (src/http/json-depth.ts), so recursion is bounded.
  const walk = (value: unknown): void => {
    const id = referencedBulkId(value);
    if (id !== undefined) found.add(id);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (typeof value === 'object' && value !== null) Object.values(value).forEach(walk);
  };
  walk(op.data);
  return found;
}

/** A copy of `value` with every reference replaced by the id its POST created. */
export function resolveReferences<T>(value: T, created: ReadonlyMap<string, string>): T {
  const swap = (v: unknown): unknown => {
    const id = referencedBulkId(v);
    if (id !== undefined) return created.get(id) ?? v;
    if (Array.isArray(v)) return v.map(swap);
    if (typeof v === 'object' && v !== null) {
      return Object.fromEntries(Object.entries(v).map(([k, inner]) => [k, swap(inner)]));
    }
    return v;
  };
  return swap(value) as T;
}
