/**
 * `groups.find(tenantId, filter, page)`: a SCIM filter evaluated over the stored groups, as
 * users.find does for users. The lookups IdPs make before each write are `_id` reads:
 * `displayName eq` (Entra), `externalId eq`, `id eq`, and `id eq "G" and members eq "U"` (a
 * membership check: one group read and one membership read). Member conditions are resolved
 * through the memberships (group-filter.ts).
 */
import type { AttrPath, Filter, FoundPage, ResultPage } from '../../domain';
import { knowsField, resolveField } from '../filter/field-map';
import { exactPage, findPage, type Sort } from '../filter/find-page';
import { groupFieldMap } from '../filter/group-fields';
import type { GroupDocument } from './group-document';
import { groupQueryOf, memberCondition } from './group-filter';
import type { GroupReads } from './group-reads';
import type { Memberships } from './memberships';

export function groupFind(reads: GroupReads, memberships: Memberships) {
  /**
   * The group an exact filter names (null: none), or undefined when the filter is not one of the
   * lookups served by `_id` reads.
   */
  async function exactLookup(tenantId: string, filter: Filter): Promise<GroupDocument | null | undefined> {
    const key = keyComparison(filter);
    if (key !== undefined) {
      return key.kind === 'id' ? reads.byId(tenantId, key.value) : reads.byKey(tenantId, key.kind, key.value);
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
      const group = await reads.byId(tenantId, id.value);
      return group && (await memberships.isMember(tenantId, group._id, member.userId)) ? group : null;
    }
    return undefined;
  }

  return {
    /** Whether a filter may name this attribute of a Group (`members` included). */
    filters: (path: AttrPath): boolean =>
      path.attr.toLowerCase() === 'members' || knowsField(groupFieldMap, path),

    async find(
      tenantId: string,
      filter: Filter | undefined,
      page: ResultPage,
    ): Promise<FoundPage<GroupDocument>> {
      const exact = filter && (await exactLookup(tenantId, filter));
      if (exact !== undefined) return exactPage(exact, page);
      const query = filter ? await groupQueryOf(memberships, tenantId, filter) : {};
      return findPage(reads, tenantId, query, page, {
        index: page.kind === 'index' ? sortOf(page.sortBy, page.descending) : {},
        after: { field: '_id', keyOf: (doc) => doc._id },
      });
    },
  };
}

function keyComparison(
  filter: Filter,
): { kind: 'displayName' | 'externalId' | 'id'; value: string } | undefined {
  if (filter.kind !== 'compare' || filter.op !== 'eq' || typeof filter.value !== 'string') return undefined;
  const { schema, attr, subAttr } = filter.path;
  if (subAttr !== undefined || (schema !== undefined && schema.toLowerCase() !== groupFieldMap.coreSchema)) {
    return undefined;
  }
  const name = attr.toLowerCase();
  if (name === 'displayname') return { kind: 'displayName', value: filter.value };
  if (name === 'externalid') return { kind: 'externalId', value: filter.value };
  if (name === 'id') return { kind: 'id', value: filter.value };
  return undefined;
}

/** sortBy as for users (RFC 7644 §3.4.2.3); by default creation order, ties by id. */
function sortOf(sortBy: AttrPath | undefined, descending: boolean | undefined): Sort {
  if (sortBy === undefined) return { created: 1, _id: 1 };
  const spec = resolveField(groupFieldMap, sortBy);
  return { [spec.keyField ?? spec.field]: descending ? -1 : 1 };
}
