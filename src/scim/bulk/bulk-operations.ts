/**
 * One bulk operation run as the single request it corresponds to (RFC 7644 §3.7: "Each operation
 * corresponds to a single HTTP request against a resource endpoint"): the same functions as the
 * /Users and /Groups routes, so the lifecycle guard judges it exactly as it would judge that
 * request. A group PATCH answers 204, as the single request without `attributes` does.
 */
import { createGroup, deleteGroup, patchGroup, replaceGroup } from '../resources/groups/group-operations';
import type { OperationResult, ScimContext } from '../operation';
import { expectedVersion } from '../protocol/etag';
import { createUser, deleteUser, patchUser, replaceUser } from '../resources/users/user-operations';
import type { ResolvedOperation } from './bulk-run';

export async function executeOperation(ctx: ScimContext, op: ResolvedOperation): Promise<OperationResult> {
  const ifMatch = expectedVersion(op.version, 'version');
  const id = op.target ?? '';
  if (op.endpoint === 'Users') {
    switch (op.method) {
      case 'POST':
        return createUser(ctx, op.data);
      case 'PUT':
        return replaceUser(ctx, id, op.data, ifMatch);
      case 'PATCH':
        return patchUser(ctx, id, op.data, ifMatch);
      case 'DELETE':
        return deleteUser(ctx, id, ifMatch);
    }
  }
  switch (op.method) {
    case 'POST':
      return createGroup(ctx, op.data);
    case 'PUT':
      return replaceGroup(ctx, id, op.data, ifMatch);
    case 'PATCH':
      return patchGroup(ctx, id, op.data, ifMatch, undefined);
    case 'DELETE':
      return deleteGroup(ctx, id, ifMatch);
  }
}
