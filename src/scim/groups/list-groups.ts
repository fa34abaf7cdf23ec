import type { Store, GroupDocument, GroupQuery, GroupSort } from '../../store';
import type { Filter } from '../filter/ast';
import { resolveField } from '../filter/field-map';
import { groupFieldMap } from '../filter/group-fields';
import { parseAttrPath, parseFilter } from '../filter/parse';
import { exactPage, listResponse, storePage } from '../users/list-cursor';
import type { ListParams } from '../users/list-params';
import type { ListResponse } from '../users/list-users';
import { groupQueryOf, memberCondition } from './group-filter';
import { toScimGroup } from './group-mapping';
import { membersOf } from './group-members';
import { compileGroupProjection } from './group-projection';
import { CORE_GROUP } from './group-schema';

/**
 * A page of a tenant's groups (RFC 7644 §3.4.2), as listUsers pages users: the filter becomes a
 * store query, paging and counting run in the store. The lookups IdPs make before each write are
 * `_id` reads: `displayName eq` (Entra), `externalId eq`, `id eq`, and `id eq "G" and members eq
 * "U"` (a membership check: one group read and one membership read). Members are read only for
 * the page, and only when the response shows them.
 */
export async function listGroups(
  store: Store,
  tenantId: string,
  baseUrl: string,
  params: ListParams,
): Promise<ListResponse> {
  const filter =
    params.filter === undefined || params.filter.trim() === '' ? undefined : parseFilter(params.filter);
  const projection = compileGroupProjection({
    attributes: params.attributes,
    excludedAttributes: params.excludedAttributes,
  });
  const { total, docs, nextCursor } = await findPage(store, tenantId, filter, params);
  const members = projection.showsMembers
    ? await membersOf(
        store,
        tenantId,
        baseUrl,
        docs.map((d) => d._id),
      )
    : undefined;
  const resources = docs.map((doc) =>
    projection.project(toScimGroup(doc, baseUrl, members && (members.get(doc._id) ?? []))),
  );
  return listResponse(params, { total, nextCursor }, resources);
}

async function findPage(
  store: Store,
  tenantId: string,
  filter: Filter | undefined,
  params: ListParams,
): Promise<{ total: number; docs: GroupDocument[]; nextCursor?: string }> {
  const exact = filter && (await exactLookup(store, tenantId, filter));
  if (exact !== undefined) return exactPage(exact, params);
  const query: GroupQuery = filter ? await groupQueryOf(store, tenantId, filter) : {};
  return storePage(store.groups, tenantId, query, params, sortOf(params));
}

/**
 * The group an exact filter names (null: none), or undefined when the filter is not one of the
 * lookups served by `_id` reads.
 */
async function exactLookup(
  store: Store,
  tenantId: string,
  filter: Filter,
): Promise<GroupDocument | null | undefined> {
  const key = keyComparison(filter);
  if (key !== undefined) {
    return key.kind === 'id'
      ? store.groups.byId(tenantId, key.value)
      : store.groups.byKey(tenantId, key.kind, key.value);
  }
  if (filter.kind !== 'and') return undefined;
  // interop (Okta, Entra): is U a member of G? `id eq "G" and members eq "U"`, in either order.
  for (const [idSide, memberSide] of [
    [filter.left, filter.right],
    [filter.right, filter.left],
  ] as const) {
    const id = keyComparison(idSide);
    const member = memberCondition(memberSide);
    if (id?.kind !== 'id' || member?.op !== 'eq') continue;
    const group = await store.groups.byId(tenantId, id.value);
    return group && (await store.groups.memberships.isMember(tenantId, group._id, member.userId))
      ? group
      : null;
  }
  return undefined;
}

function keyComparison(
  filter: Filter,
): { kind: 'displayName' | 'externalId' | 'id'; value: string } | undefined {
  if (filter.kind !== 'compare' || filter.op !== 'eq' || typeof filter.value !== 'string') return undefined;
  const { schema, attr, subAttr } = filter.path;
  if (subAttr !== undefined || (schema !== undefined && schema.toLowerCase() !== CORE_GROUP.toLowerCase())) {
    return undefined;
  }
  const name = attr.toLowerCase();
  if (name === 'displayname') return { kind: 'displayName', value: filter.value };
  if (name === 'externalid') return { kind: 'externalId', value: filter.value };
  if (name === 'id') return { kind: 'id', value: filter.value };
  return undefined;
}

/** sortBy as for users (RFC 7644 §3.4.2.3); by default creation order, ties by id. */
function sortOf(params: ListParams): GroupSort {
  if (params.sortBy === undefined) return { created: 1, _id: 1 };
  const spec = resolveField(groupFieldMap, parseAttrPath(params.sortBy));
  return { [spec.keyField ?? spec.field]: params.sortOrder === 'descending' ? -1 : 1 };
}
