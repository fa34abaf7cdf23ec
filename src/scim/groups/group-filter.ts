/**
 * A filter on Groups (RFC 7644 §3.4.2.2) as a query on the group documents. Attributes of the group
 * itself go through the allowlisted translator (src/scim/filter/to-mongo.ts, groupFieldMap).
 * `members` lives in the memberships, so a member condition becomes "the group is one of this
 * user's groups", read from them first: `members eq "U"`, `members.value eq "U"` and
 * `members[value eq "U"]` (Okta and Entra check a membership with `id eq "G" and members eq "U"`).
 * Members are ids, compared exactly with eq or ne; other conditions on them are refused.
 */
import { RosterError } from '../../domain';
import type { GroupQuery, Store } from '../../store';
import type { AttrPath, Filter } from '../filter/ast';
import { groupFieldMap } from '../filter/group-fields';
import { toMongoQuery } from '../filter/to-mongo';
import { CORE_GROUP } from './group-schema';

export interface MemberCondition {
  readonly op: 'eq' | 'ne';
  readonly userId: string;
}

export async function groupQueryOf(store: Store, tenantId: string, filter: Filter): Promise<GroupQuery> {
  const userIds = [...new Set(memberConditions(filter).map((c) => c.userId))];
  const groupsOf = await store.groups.memberships.groupIdsOf(tenantId, userIds);
  return translate(filter, groupsOf);
}

function translate(filter: Filter, groupsOf: ReadonlyMap<string, readonly string[]>): GroupQuery {
  switch (filter.kind) {
    case 'and':
      return { $and: [translate(filter.left, groupsOf), translate(filter.right, groupsOf)] };
    case 'or':
      return { $or: [translate(filter.left, groupsOf), translate(filter.right, groupsOf)] };
    case 'not':
      return { $nor: [translate(filter.filter, groupsOf)] };
    default: {
      const member = memberCondition(filter);
      if (member === undefined) return toMongoQuery(filter, groupFieldMap);
      const inGroups = { _id: { $in: [...(groupsOf.get(member.userId) ?? [])] } };
      return member.op === 'eq' ? inGroups : { $nor: [inGroups] };
    }
  }
}

/** Every member condition in the filter, wherever it sits. */
function memberConditions(filter: Filter): MemberCondition[] {
  switch (filter.kind) {
    case 'and':
    case 'or':
      return [...memberConditions(filter.left), ...memberConditions(filter.right)];
    case 'not':
      return memberConditions(filter.filter);
    default: {
      const member = memberCondition(filter);
      return member ? [member] : [];
    }
  }
}

/** The member condition a leaf states; undefined when it is not about members. */
export function memberCondition(filter: Filter): MemberCondition | undefined {
  if (filter.kind === 'and' || filter.kind === 'or' || filter.kind === 'not') return undefined;
  if (!namesMembers(filter.path)) return undefined;
  if (filter.kind === 'valuePath') {
    const inner = filter.filter;
    if (
      inner.kind === 'compare' &&
      inner.path.attr.toLowerCase() === 'value' &&
      inner.path.subAttr === undefined
    ) {
      return compareOf(inner.op, inner.value);
    }
    throw unsupported();
  }
  if (filter.path.subAttr !== undefined && filter.path.subAttr.toLowerCase() !== 'value') throw unsupported();
  if (filter.kind !== 'compare') throw unsupported();
  return compareOf(filter.op, filter.value);
}

function compareOf(op: string, value: unknown): MemberCondition {
  if ((op !== 'eq' && op !== 'ne') || typeof value !== 'string') throw unsupported();
  return { op, userId: value };
}

function namesMembers(path: AttrPath): boolean {
  const core = path.schema === undefined || path.schema.toLowerCase() === CORE_GROUP.toLowerCase();
  return core && path.attr.toLowerCase() === 'members';
}

function unsupported(): RosterError {
  return new RosterError(
    'invalid-filter',
    'members are user ids: filter them with eq or ne on a quoted id, as members eq "ID", ' +
      'members.value eq "ID" or members[value eq "ID"].',
  );
}
