import { RosterError } from '../../domain';
import type { ListParams } from './list-params';

/**
 * RFC 9865 cursors: the id of the last resource of the page, opaque to the client. Users and
 * groups are both walked in id order, and both ids are UUIDs.
 */
export function encodeCursor(lastId: string): string {
  return Buffer.from(lastId, 'utf8').toString('base64url');
}

/** The id to continue after; undefined for the first page (`cursor=`). */
export function decodeCursor(cursor: string): string | undefined {
  if (cursor === '') return undefined;
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[0-9a-f-]{36}$/.test(id)) {
    throw new RosterError(
      'invalid-value',
      'cursor is not one this server issued; start again with cursor= (empty).',
    );
  }
  return id;
}

type Query = Record<string, unknown>;

/** What a listing needs of a tenant's collection (users or groups). */
export interface PagedCollection<D> {
  count(tenantId: string, query: Query): Promise<number>;
  page(
    tenantId: string,
    query: Query,
    opts: { sort: Record<string, 1 | -1>; skip: number; limit: number },
  ): Promise<D[]>;
}

export interface StorePage<D> {
  total: number;
  docs: D[];
  nextCursor?: string;
}

/**
 * One page of a filter the store evaluates: RFC 9865 cursor pages walk ids in order (one extra
 * document tells whether there is a next page), index pages use `sort` with skip/limit.
 * `totalResults` is always the exact count.
 */
export async function storePage<D extends { _id: string }>(
  collection: PagedCollection<D>,
  tenantId: string,
  query: Query,
  params: ListParams,
  sort: Record<string, 1 | -1>,
): Promise<StorePage<D>> {
  if (params.cursor !== undefined) {
    const after = decodeCursor(params.cursor);
    const [total, page] = await Promise.all([
      collection.count(tenantId, query),
      collection.page(tenantId, after ? { $and: [query, { _id: { $gt: after } }] } : query, {
        sort: { _id: 1 },
        skip: 0,
        limit: params.count + 1,
      }),
    ]);
    const docs = page.slice(0, params.count);
    const last = docs[docs.length - 1];
    return {
      total,
      docs,
      ...(page.length > params.count && last ? { nextCursor: encodeCursor(last._id) } : {}),
    };
  }
  const [total, docs] = await Promise.all([
    collection.count(tenantId, query),
    collection.page(tenantId, query, { sort, skip: params.startIndex - 1, limit: params.count }),
  ]);
  return { total, docs };
}

/** The page of an exact lookup (`id eq`, `userName eq`, ...): the resource, if any, on page one. */
export function exactPage<D>(doc: D | null, params: ListParams): StorePage<D> {
  const docs = doc ? [doc] : [];
  return { total: docs.length, docs: params.startIndex > 1 || params.count === 0 ? [] : docs };
}

/** The RFC 7644 §3.4.2 ListResponse of a page: startIndex for index paging, nextCursor for RFC 9865. */
export function listResponse<R>(
  params: ListParams,
  page: { total: number; nextCursor?: string | undefined },
  resources: R[],
) {
  return {
    schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
    totalResults: page.total,
    itemsPerPage: resources.length,
    ...(params.cursor === undefined ? { startIndex: params.startIndex } : {}),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    Resources: resources,
  };
}
