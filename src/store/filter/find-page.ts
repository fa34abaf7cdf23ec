/**
 * One page of a translated filter, evaluated by the store: `after` pages walk a key in order (one
 * extra document tells whether there is a next page), index pages use `sort` with skip/limit.
 * `total` is always the exact count.
 */
import type { FoundPage, ResultPage } from '../../domain';

type Query = Record<string, unknown>;
export type Sort = Record<string, 1 | -1>;

/** What a listing needs of a tenant's collection (users or groups). */
export interface PagedCollection<D> {
  count(tenantId: string, query: Query): Promise<number>;
  page(tenantId: string, query: Query, opts: { sort: Sort; skip: number; limit: number }): Promise<D[]>;
}

/** `keyOf` names the key an `after` page walks and reads it from a document. */
export interface KeyOrder<D> {
  readonly field: string;
  readonly keyOf: (doc: D) => string;
}

export async function findPage<D>(
  collection: PagedCollection<D>,
  tenantId: string,
  query: Query,
  page: ResultPage,
  order: { readonly index: Sort; readonly after: KeyOrder<D> },
): Promise<FoundPage<D>> {
  if (page.kind === 'after') {
    const { field, keyOf } = order.after;
    const [total, found] = await Promise.all([
      collection.count(tenantId, query),
      collection.page(
        tenantId,
        page.after === undefined ? query : { $and: [query, { [field]: { $gt: page.after } }] },
        { sort: { [field]: 1 }, skip: page.skip ?? 0, limit: page.limit + 1 },
      ),
    ]);
    return pageAfter(total, found, page.limit, keyOf);
  }
  const [total, docs] = await Promise.all([
    collection.count(tenantId, query),
    collection.page(tenantId, query, { sort: order.index, skip: page.skip, limit: page.limit }),
  ]);
  return { total, docs };
}

/** The page of `found` (up to one more than `limit`), and the key to continue after when there is more. */
export function pageAfter<D>(
  total: number,
  found: readonly D[],
  limit: number,
  keyOf: (doc: D) => string,
): FoundPage<D> {
  const docs = found.slice(0, limit);
  const last = docs[docs.length - 1];
  return { total, docs, ...(found.length > limit && last !== undefined ? { next: keyOf(last) } : {}) };
}

/** The page of an exact lookup (`id eq`, `userName eq`, ...): the resource, if any, on page one. */
export function exactPage<D>(doc: D | null, page: ResultPage): FoundPage<D> {
  const docs = doc ? [doc] : [];
  const first = page.kind === 'index' ? page.skip === 0 : (page.skip ?? 0) === 0;
  return { total: docs.length, docs: first && page.limit > 0 ? docs : [] };
}
