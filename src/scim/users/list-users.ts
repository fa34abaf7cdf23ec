import type { Store, UserDocument, UserQuery, UserSort } from '../../store';
import type { Filter } from '../filter/ast';
import { resolveField } from '../filter/field-map';
import { matchesFilter } from '../filter/match';
import { parseAttrPath, parseFilter } from '../filter/parse';
import { toMongoQuery, userFieldMap } from '../filter/to-mongo';
import { compileProjection } from '../schema/project';
import { CORE_USER } from '../schema/urns';
import { decodeCursor, encodeCursor, exactPage, listResponse, storePage } from './list-cursor';
import type { ListParams } from './list-params';
import { showsGroups } from './user-groups';
import { toScimUsers } from './user-representation';

export interface ListResponse {
  schemas: string[];
  totalResults: number;
  itemsPerPage: number;
  startIndex?: number;
  nextCursor?: string;
  Resources: Record<string, unknown>[];
}

/**
 * A page of a tenant's users (RFC 7644 §3.4.2). The filter becomes a MongoDB query over an
 * allowlist of fields, so paging, counting and sorting run in the store and a listing never
 * holds more than one page. Two refinements:
 * - `userName eq` / `externalId eq` / `id eq` alone (what IdPs send before every write) read
 *   one key document and one user by `_id`, the one lookup FerretDB serves without a scan;
 * - on FerretDB, which cannot `$elemMatch` sub-documents, value-path filters are evaluated by
 *   streaming the tenant through the in-memory matcher (FerretDB scans for any filter anyway).
 */
export async function listUsers(
  store: Store,
  tenantId: string,
  baseUrl: string,
  params: ListParams,
): Promise<ListResponse> {
  const filter =
    params.filter === undefined || params.filter.trim() === '' ? undefined : parseFilter(params.filter);
  const project = compileProjection({
    attributes: params.attributes,
    excludedAttributes: params.excludedAttributes,
  });
  const { total, docs, nextCursor } = await findPage(store, tenantId, baseUrl, filter, params);
  const resources = (
    await toScimUsers(store, tenantId, baseUrl, docs, { withGroups: showsGroups(params) })
  ).map((u) => project(u as unknown as Record<string, unknown>));
  return listResponse(params, { total, nextCursor }, resources);
}

async function findPage(
  store: Store,
  tenantId: string,
  baseUrl: string,
  filter: Filter | undefined,
  params: ListParams,
): Promise<{ total: number; docs: UserDocument[]; nextCursor?: string }> {
  const exact = filter && exactLookup(filter);
  if (exact) {
    const doc =
      exact.kind === 'id'
        ? await store.users.byId(tenantId, exact.value)
        : await store.users.byKey(tenantId, exact.kind, exact.value);
    return exactPage(doc, params);
  }

  const query: UserQuery = filter ? toMongoQuery(filter, userFieldMap) : {};
  if (filter && !store.capabilities.elemMatch && usesElemMatch(query)) {
    return scanPage(store, tenantId, baseUrl, filter, params);
  }
  return storePage(store.users, tenantId, query, params, sortOf(params));
}

/**
 * A page of a filter the store cannot evaluate, found by streaming the tenant (in id order) through
 * the in-memory matcher. It answers like the store path: the same order (sortBy, else creation),
 * the same index pages, and RFC 9865 cursors in id order; it holds at most one page (plus what
 * index paging skips) while it counts every match for totalResults.
 */
async function scanPage(
  store: Store,
  tenantId: string,
  baseUrl: string,
  filter: Filter,
  params: ListParams,
): Promise<{ total: number; docs: UserDocument[]; nextCursor?: string }> {
  const matches = async function* () {
    for await (const doc of store.users.scan(tenantId, {})) {
      const [resource] = await toScimUsers(store, tenantId, baseUrl, [doc], { withManagerNames: false });
      if (matchesFilter(filter, resource as unknown as Record<string, unknown>)) yield doc;
    }
  };

  if (params.cursor !== undefined) {
    // The scan runs in id order, which is the cursor's order.
    const after = decodeCursor(params.cursor);
    let total = 0;
    const page: UserDocument[] = [];
    for await (const doc of matches()) {
      total += 1;
      if ((after === undefined || doc._id > after) && page.length <= params.count) page.push(doc);
    }
    const docs = page.slice(0, params.count);
    const last = docs[docs.length - 1];
    return {
      total,
      docs,
      ...(page.length > params.count && last ? { nextCursor: encodeCursor(last._id) } : {}),
    };
  }

  const compare = comparatorOf(sortOf(params));
  const skip = params.startIndex - 1;
  const keep = skip + params.count;
  let total = 0;
  // The first `keep` matches in sort order, kept sorted (binary insertion).
  const first: UserDocument[] = [];
  for await (const doc of matches()) {
    total += 1;
    if (keep === 0) continue;
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
  return { total, docs: first.slice(skip) };
}

/**
 * The order store.users.page gives for `sort` (ties broken by ascending _id), in memory: missing
 * values first, then numbers, strings, booleans, dates (MongoDB's BSON order for these types); an
 * array sorts by its least element ascending and its greatest descending, as in MongoDB.
 */
function comparatorOf(sort: UserSort): (a: UserDocument, b: UserDocument) => number {
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

function sortValue(doc: UserDocument, field: string, direction: 1 | -1): unknown {
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

function exactLookup(filter: Filter): { kind: 'userName' | 'externalId' | 'id'; value: string } | undefined {
  if (filter.kind !== 'compare' || filter.op !== 'eq' || typeof filter.value !== 'string') return undefined;
  const { schema, attr, subAttr } = filter.path;
  if (subAttr !== undefined || (schema !== undefined && schema.toLowerCase() !== CORE_USER.toLowerCase()))
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

function sortOf(params: ListParams): UserSort {
  if (params.sortBy === undefined) return { created: 1, _id: 1 };
  const spec = resolveField(userFieldMap, parseAttrPath(params.sortBy));
  return { [spec.keyField ?? spec.field]: params.sortOrder === 'descending' ? -1 : 1 };
}
