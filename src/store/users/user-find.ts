/**
 * `users.find(tenantId, filter, page)`: a SCIM filter (src/domain/filter.ts) evaluated over the
 * stored users, the one entry for every listing (SCIM /Users and the Manage Team search). The
 * filter becomes a query over an allowlist of stored fields (src/store/filter), so paging,
 * counting and sorting run in the store and a listing never holds more than one page. Two
 * refinements:
 * - `userName eq` / `externalId eq` / `id eq` alone (what IdPs send before every write) read one
 *   key document and one user by `_id`, the one lookup FerretDB serves without a scan;
 * - on FerretDB, which cannot `$elemMatch` sub-documents, value-path filters are evaluated by
 *   streaming the tenant through the caller's in-memory matcher (FerretDB scans for any filter
 *   anyway).
 */
import { RosterError, type AttrPath, type Filter, type FoundPage, type ResultPage } from '../../domain';
import { knowsField, resolveField } from '../filter/field-map';
import { exactPage, findPage, pageAfter, type Sort } from '../filter/find-page';
import { scanPage } from '../filter/scan-page';
import { toMongoQuery } from '../filter/to-mongo';
import { userFieldMap } from '../filter/user-fields';
import type { UserDirectory } from './user-directory';
import type { UserDocument } from './user-document';
import type { UserReads } from './user-reads';

/** The in-memory test of one stored user, for filters the store cannot evaluate. */
export type UserMatcher = (doc: UserDocument) => Promise<boolean>;

export function userFind(reads: UserReads, directory: UserDirectory, opts: { elemMatch: boolean }) {
  const evaluates = (filter: Filter | undefined): boolean =>
    filter === undefined || opts.elemMatch || !usesElemMatch(toMongoQuery(filter, userFieldMap));

  return {
    /** Whether the store evaluates this filter itself; when not, find needs a matcher. */
    evaluates,

    /** Whether a filter may name this attribute of a User. */
    filters: (path: AttrPath): boolean => knowsField(userFieldMap, path),

    async find(
      tenantId: string,
      filter: Filter | undefined,
      page: ResultPage,
      matcher?: UserMatcher,
    ): Promise<FoundPage<UserDocument>> {
      const exact = filter && exactLookup(filter);
      if (exact) {
        const doc =
          exact.kind === 'id'
            ? await reads.byId(tenantId, exact.value)
            : await reads.byKey(tenantId, exact.kind, exact.value);
        return exactPage(doc, page);
      }
      const order = orderOf(page);
      if (!evaluates(filter)) {
        if (matcher === undefined) {
          throw new RosterError('invalid-filter', 'This store cannot evaluate value filters "[...]" here.');
        }
        return scanPage(matching(reads.scan(tenantId, {}), matcher), page, order);
      }
      const query = filter ? toMongoQuery(filter, userFieldMap) : {};
      if (page.kind === 'after' && page.order === 'userName') {
        // userName pages follow the {tenantId, userNameKey} index alone (user-directory.ts).
        const [total, found] = await Promise.all([
          reads.count(tenantId, query),
          directory.pageByUserName(tenantId, query, {
            afterKey: page.after,
            skip: page.skip ?? 0,
            limit: page.limit + 1,
          }),
        ]);
        return pageAfter(total, found, page.limit, (doc) => doc.userNameKey);
      }
      return findPage(reads, tenantId, query, page, order);
    },
  };
}

export type UserFind = ReturnType<typeof userFind>;

async function* matching(docs: AsyncIterable<UserDocument>, matcher: UserMatcher) {
  for await (const doc of docs) if (await matcher(doc)) yield doc;
}

function orderOf(page: ResultPage) {
  const after =
    page.kind === 'after' && page.order === 'userName'
      ? { field: 'userNameKey', keyOf: (doc: UserDocument) => doc.userNameKey }
      : { field: '_id', keyOf: (doc: UserDocument) => doc._id };
  return { index: page.kind === 'index' ? sortOf(page.sortBy, page.descending) : {}, after };
}

function sortOf(sortBy: AttrPath | undefined, descending: boolean | undefined): Sort {
  if (sortBy === undefined) return { created: 1, _id: 1 };
  const spec = resolveField(userFieldMap, sortBy);
  return { [spec.keyField ?? spec.field]: descending ? -1 : 1 };
}

function exactLookup(filter: Filter): { kind: 'userName' | 'externalId' | 'id'; value: string } | undefined {
  if (filter.kind !== 'compare' || filter.op !== 'eq' || typeof filter.value !== 'string') return undefined;
  const { schema, attr, subAttr } = filter.path;
  if (subAttr !== undefined || (schema !== undefined && schema.toLowerCase() !== userFieldMap.coreSchema))
    return undefined;
  const name = attr.toLowerCase();
  if (name === 'username') return { kind: 'userName', value: filter.value };
  if (name === 'externalid') return { kind: 'externalId', value: filter.value };
  if (name === 'id') return { kind: 'id', value: filter.value };
  return undefined;
}

function usesElemMatch(query: unknown): boolean {
  if (Array.isArray(query)) return query.some(usesElemMatch);
  if (typeof query !== 'object' || query === null || query instanceof RegExp || query instanceof Date)
    return false;
  return Object.entries(query).some(([k, v]) => k === '$elemMatch' || usesElemMatch(v));
}
