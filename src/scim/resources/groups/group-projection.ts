/**
 * `attributes` / `excludedAttributes` on a Group (RFC 7644 §3.4.2.5): the one projection compiler
 * (src/scim/schema/project.ts) over the Group schema. It also says up front whether `members`
 * will be sent, so that a request excluding them never reads them: Microsoft Entra ID asks for
 * every group with `excludedAttributes=members`.
 */
import { compileProjection, type Projection, type ProjectionRequest } from '../../schema/project';
import { groupSchemas } from '../../schema/registry';

export interface GroupProjection {
  /** Whether the projected resource shows `members`; when false they need not be read. */
  readonly showsMembers: boolean;
  readonly project: Projection;
}

/**
 * `membersOnRequest`: members are sent only when `attributes` names them (PATCH responses, which
 * answer 200 only because the client asked for attributes: the member list is never its echo).
 */
export function compileGroupProjection(
  request: ProjectionRequest,
  opts: { membersOnRequest?: boolean } = {},
): GroupProjection {
  const compiled = compileProjection(
    groupSchemas,
    request,
    opts.membersOnRequest ? { returned: { members: 'request' } } : {},
  );
  return { showsMembers: compiled.shows('members'), project: compiled.project };
}
