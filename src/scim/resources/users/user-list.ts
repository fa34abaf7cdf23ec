import type { Store, UserMatcher } from '../../../store';
import type { Filter } from '../../../domain';
import { matchesFilter } from '../../filter/match';
import { parseListFilter } from '../../filter/parse';
import { listResponse, resultPageOf, type ListResponse } from '../../protocol/list-response';
import type { ListParams } from '../../protocol/list-params';
import { compileUserProjection, showsGroups } from './user-projection';
import { toScimUsers } from './user-representation';

/**
 * A page of a tenant's users (RFC 7644 §3.4.2). The store evaluates the filter
 * (store.users.find), paging, counting and sorting included; where it cannot (value paths on
 * FerretDB), it streams the tenant through the in-memory matcher given here, which tests the
 * SCIM representation of each user.
 */
export async function listUsers(
  store: Store,
  tenantId: string,
  baseUrl: string,
  params: ListParams,
): Promise<ListResponse> {
  const filter = parseListFilter(params.filter);
  const project = compileUserProjection({
    attributes: params.attributes,
    excludedAttributes: params.excludedAttributes,
  });
  const found = await store.users.find(
    tenantId,
    filter,
    resultPageOf(params),
    matcherOf(store, tenantId, baseUrl, filter),
  );
  const resources = (
    await toScimUsers(store, tenantId, baseUrl, found.docs, { withGroups: showsGroups(params) })
  ).map((u) => project(u as unknown as Record<string, unknown>));
  return listResponse(params, found, resources);
}

function matcherOf(store: Store, tenantId: string, baseUrl: string, filter: Filter | undefined) {
  if (filter === undefined) return undefined;
  const matcher: UserMatcher = async (doc) => {
    const [resource] = await toScimUsers(store, tenantId, baseUrl, [doc], { withManagerNames: false });
    return matchesFilter(filter, resource as unknown as Record<string, unknown>);
  };
  return matcher;
}
