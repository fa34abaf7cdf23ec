/**
 * A page of a filter the store cannot evaluate (FerretDB 1.x has no `$elemMatch` on
 * sub-documents), found by streaming the tenant in id order through the caller's in-memory
 * matcher. It answers like the store path: the same order (sortBy, else creation), the same index
 * pages, `after` pages in key order; it holds at most one page (plus what index paging skips)
 * while it counts every match for the total.
 */
import type { FoundPage, ResultPage } from '../../domain';
import type { Sort } from './find-page';

export async function scanPage<D extends { _id: string }>(
  matches: AsyncIterable<D>,
  page: ResultPage,
  order: {
    readonly index: Sort;
    readonly after: { readonly field: string; readonly keyOf: (doc: D) => string };
  },
): Promise<FoundPage<D>> {
  if (page.kind === 'after') {
    const { field, keyOf } = order.after;
    const skip = page.skip ?? 0;
    const after = page.after;
    let total = 0;
    const kept = await firstInOrder(
      matches,
      comparatorOf<D>({ [field]: 1 }),
      skip + page.limit + 1,
      (doc) => after === undefined || keyOf(doc) > after,
      () => (total += 1),
    );
    const found = kept.slice(skip);
    const docs = found.slice(0, page.limit);
    const last = docs[docs.length - 1];
    return { total, docs, ...(found.length > page.limit && last ? { next: keyOf(last) } : {}) };
  }
  let total = 0;
  const kept = await firstInOrder(
    matches,
    comparatorOf<D>(order.index),
    page.skip + page.limit,
    () => true,
    () => (total += 1),
  );
  return { total, docs: kept.slice(page.skip) };
}

/** The first `keep` matches that pass `wanted`, in `compare` order, kept sorted (binary insertion). */
async function firstInOrder<D>(
  matches: AsyncIterable<D>,
  compare: (a: D, b: D) => number,
  keep: number,
  wanted: (doc: D) => boolean,
  counted: () => void,
): Promise<D[]> {
  const first: D[] = [];
  for await (const doc of matches) {
    counted();
    if (keep === 0 || !wanted(doc)) continue;
    if (first.length === keep && compare(doc, first[keep - 1]!) >= 0) continue;
    let lo = 0;
    let hi = first.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compare(first[mid]!, doc) <= 0) lo = mid + 1;
      else hi = mid;
    }
    first.splice(lo, 0, doc);
    if (first.length > keep) first.pop();
  }
  return first;
}

/**
 * The order a store page gives for `sort` (ties broken by ascending _id), in memory: missing
 * values first, then numbers, strings, booleans, dates (MongoDB's BSON order for these types); an
 * array sorts by its least element ascending and its greatest descending, as in MongoDB.
 */
function comparatorOf<D extends { _id: string }>(sort: Sort): (a: D, b: D) => number {
  const keys = Object.entries(sort).filter(([field]) => field !== '_id');
  return (a, b) => {
    for (const [field, direction] of keys) {
      const order = compareSortValues(sortValue(a, field, direction), sortValue(b, field, direction));
      if (order !== 0) return order * direction;
    }
    const idDirection = sort._id ?? 1;
    return a._id === b._id ? 0 : (a._id < b._id ? -1 : 1) * idDirection;
  };
}

function sortValue(doc: object, field: string, direction: 1 | -1): unknown {
  let values: unknown[] = [doc];
  for (const part of field.split('.')) {
    values = values.flatMap((value) => {
      if (typeof value !== 'object' || value === null || value instanceof Date) return [];
      const next = Object.hasOwn(value, part) ? (value as Record<string, unknown>)[part] : undefined;
      return Array.isArray(next) ? next : [next];
    });
  }
  const present = values.filter((v) => v !== undefined && v !== null);
  if (present.length === 0) return undefined;
  return present.reduce((best, v) => (compareSortValues(v, best) * direction < 0 ? v : best));
}

function compareSortValues(a: unknown, b: unknown): number {
  const rank = (v: unknown) =>
    v === undefined || v === null
      ? 0
      : typeof v === 'number'
        ? 1
        : typeof v === 'string'
          ? 2
          : typeof v === 'boolean'
            ? 3
            : v instanceof Date
              ? 4
              : 5;
  const [ra, rb] = [rank(a), rank(b)];
  if (ra !== rb) return ra < rb ? -1 : 1;
  const [va, vb] = a instanceof Date && b instanceof Date ? [a.getTime(), b.getTime()] : [a, b];
  if (ra === 0 || ra === 5 || va === vb) return 0;
  return (va as number | string | boolean) < (vb as number | string | boolean) ? -1 : 1;
}
