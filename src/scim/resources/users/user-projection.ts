/**
 * `attributes` / `excludedAttributes` on a User (RFC 7644 §3.4.2.5): the one projection compiler
 * (src/scim/schema/project.ts) over the User schemas. It also says up front whether the readOnly
 * `groups` will be sent, so that the memberships are read only when they are.
 */
import { compileProjection, type Projection, type ProjectionRequest } from '../../schema/project';
import { userSchemas } from '../../schema/registry';

export function compileUserProjection(request: ProjectionRequest): Projection {
  return compileProjection(userSchemas, request).project;
}

export function projectUser(
  resource: Readonly<Record<string, unknown>>,
  request: ProjectionRequest,
): Record<string, unknown> {
  return compileUserProjection(request)(resource);
}

/** Whether a response projected by these lists shows `groups`. */
export function showsGroups(request: ProjectionRequest): boolean {
  return compileProjection(userSchemas, request).shows('groups');
}
