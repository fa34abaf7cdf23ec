import { Router } from 'express';
import { isRosterError, RosterError } from '../../domain';
import { principalOf, requireScope } from '../../http/auth';
import type { Store } from '../../store';
import type { AttrPath, Filter } from '../filter/ast';
import { resolveField, type FieldMap } from '../filter/field-map';
import { groupFieldMap } from '../filter/group-fields';
import { parseAttrPath, parseFilter } from '../filter/parse';
import { userFieldMap } from '../filter/to-mongo';
import { listGroups } from '../groups/list-groups';
import { listParamsFromSearch, type ListParams } from '../users/list-params';
import { listUsers, type ListResponse } from '../users/list-users';
import { baseUrlOf } from './context';
import { sendScim } from './respond';

/** POST /.search: a search across every resource type (RFC 7644 §3.4.3). */
export function searchRouter(store: Store): Router {
  const router = Router();
  router.post('/.search', requireScope('scim:read'), async (req, res) => {
    const { tenantId } = principalOf(res);
    sendScim(res, 200, await searchAll(store, tenantId, baseUrlOf(req), listParamsFromSearch(req.body)));
  });
  return router;
}

/**
 * RFC 7644 §3.4.3: a search at the root covers all resource types. Users come first, then groups,
 * and startIndex/count page through that sequence. A resource type whose attributes the filter
 * does not name contributes nothing (`userName eq "x"` finds no group) rather than an error, and
 * sortBy orders the types that have the attribute. Cursor paging (RFC 9865) walks one type in id
 * order, so it is offered on /Users/.search and /Groups/.search only.
 */
export async function searchAll(
  store: Store,
  tenantId: string,
  baseUrl: string,
  params: ListParams,
): Promise<ListResponse> {
  if (params.cursor !== undefined) {
    throw new RosterError(
      'invalid-value',
      'cursor paging (RFC 9865) walks one resource type: search /Users/.search or /Groups/.search with it.',
    );
  }
  const filter =
    params.filter === undefined || params.filter.trim() === '' ? undefined : parseFilter(params.filter);
  const sortPath = params.sortBy === undefined ? undefined : parseAttrPath(params.sortBy);
  const forType = (knows: (path: AttrPath) => boolean) =>
    filter !== undefined && !pathsOf(filter).every(knows)
      ? undefined
      : { ...params, sortBy: sortPath !== undefined && knows(sortPath) ? params.sortBy : undefined };

  const userParams = forType((path) => known(userFieldMap, path));
  const groupParams = forType((path) => path.attr.toLowerCase() === 'members' || known(groupFieldMap, path));
  if (userParams === undefined && groupParams === undefined) {
    throw new RosterError('invalid-filter', 'The filter names attributes of neither Users nor Groups.');
  }
  const users = userParams
    ? await listUsers(store, tenantId, baseUrl, userParams)
    : { totalResults: 0, Resources: [] };
  const groups = groupParams
    ? await listGroups(store, tenantId, baseUrl, {
        ...groupParams,
        startIndex: Math.max(1, params.startIndex - users.totalResults),
        count: params.count - users.Resources.length,
      })
    : { totalResults: 0, Resources: [] };
  const resources = [...users.Resources, ...groups.Resources];
  return {
    schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
    totalResults: users.totalResults + groups.totalResults,
    itemsPerPage: resources.length,
    startIndex: params.startIndex,
    Resources: resources,
  };
}

/** The attribute paths a filter names (for `emails[type eq "work"]`, `emails`). */
function pathsOf(filter: Filter): AttrPath[] {
  switch (filter.kind) {
    case 'and':
    case 'or':
      return [...pathsOf(filter.left), ...pathsOf(filter.right)];
    case 'not':
      return pathsOf(filter.filter);
    default:
      return [filter.path];
  }
}

function known(fields: FieldMap, path: AttrPath): boolean {
  try {
    resolveField(fields, path);
    return true;
  } catch (err) {
    if (isRosterError(err) && err.kind === 'invalid-filter') return false;
    throw err;
  }
}
