import type { Store } from '../../../store';
import { parseListFilter } from '../../filter/parse';
import { listResponse, resultPageOf, type ListResponse } from '../../protocol/list-response';
import type { ListParams } from '../../protocol/list-params';
import { toScimGroup } from './group-mapping';
import { membersOf } from './group-members';
import { compileGroupProjection } from './group-projection';

/**
 * A page of a tenant's groups (RFC 7644 §3.4.2), as listUsers pages users: the store evaluates
 * the filter (store.groups.find), paging and counting included, and serves the lookups IdPs make
 * before each write by `_id` reads. Members are read only for the page, and only when the
 * response shows them.
 */
export async function listGroups(
  store: Store,
  tenantId: string,
  baseUrl: string,
  params: ListParams,
): Promise<ListResponse> {
  const filter = parseListFilter(params.filter);
  const projection = compileGroupProjection({
    attributes: params.attributes,
    excludedAttributes: params.excludedAttributes,
  });
  const found = await store.groups.find(tenantId, filter, resultPageOf(params));
  const docs = found.docs;
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
  return listResponse(params, found, resources);
}
