import { RosterError, type ResultPage } from '../../domain';
import { parseAttrPath } from '../filter/parse';
import type { ListParams } from './list-params';
import { LIST_RESPONSE } from './urns';

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

/**
 * The page a list request asks the store for: RFC 9865 cursor pages continue after an id,
 * index pages skip startIndex - 1 in sortBy order.
 */
export function resultPageOf(params: ListParams): ResultPage {
  if (params.cursor !== undefined) {
    return { kind: 'after', order: 'id', after: decodeCursor(params.cursor), limit: params.count };
  }
  return {
    kind: 'index',
    skip: params.startIndex - 1,
    limit: params.count,
    sortBy: params.sortBy === undefined ? undefined : parseAttrPath(params.sortBy),
    descending: params.sortOrder === 'descending',
  };
}

/** RFC 7644 §3.4.2: a page of resources, index-paged (startIndex) or RFC 9865 cursor-paged. */
export interface ListResponse {
  schemas: string[];
  totalResults: number;
  itemsPerPage: number;
  startIndex?: number;
  nextCursor?: string;
  Resources: Record<string, unknown>[];
}

/** The RFC 7644 §3.4.2 ListResponse of a page: startIndex for index paging, nextCursor for RFC 9865. */
export function listResponse(
  params: ListParams,
  page: { readonly total: number; readonly next?: string | undefined },
  resources: Record<string, unknown>[],
): ListResponse {
  const nextCursor = page.next === undefined ? undefined : encodeCursor(page.next);
  return {
    schemas: [LIST_RESPONSE],
    totalResults: page.total,
    itemsPerPage: resources.length,
    ...(params.cursor === undefined ? { startIndex: params.startIndex } : {}),
    ...(nextCursor ? { nextCursor } : {}),
    Resources: resources,
  };
}
