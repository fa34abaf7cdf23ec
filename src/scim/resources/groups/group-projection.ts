/**
 * `attributes` / `excludedAttributes` (RFC 7644 §3.4.2.5) on a Group, honouring `returned`
 * (RFC 7643 §2.4) as the User projection does (src/scim/schema/project.ts). It also says up front
 * whether `members` will be sent, so that a request excluding them never reads them: Microsoft
 * Entra ID asks for every group with `excludedAttributes=members`.
 */
import type { ProjectionRequest } from '../../schema/project';
import {
  applyPlan,
  attributePlan,
  DROP,
  KEEP,
  type Plan,
  type Selection,
} from '../../schema/projection-plan';
import { CORE_GROUP, groupSchema } from './group-schema';

export interface GroupProjection {
  /** Whether the projected resource shows `members`; when false they need not be read. */
  readonly showsMembers: boolean;
  readonly project: (resource: Readonly<Record<string, unknown>>) => Record<string, unknown>;
}

/**
 * `membersOnRequest`: members are sent only when `attributes` names them (PATCH responses, which
 * answer 200 only because the client asked for attributes: the member list is never its echo).
 */
export function compileGroupProjection(
  request: ProjectionRequest,
  opts: { membersOnRequest?: boolean } = {},
): GroupProjection {
  const selected = request.attributes?.length ? select(request.attributes) : undefined;
  const excluded = select(request.excludedAttributes ?? []);
  const plans = new Map<string, Plan>();
  for (const attribute of groupSchema.attributes) {
    const returned = attribute.name === 'members' && opts.membersOnRequest ? 'request' : attribute.returned;
    plans.set(attribute.name, attributePlan(attribute, selected, excluded, returned));
  }
  const unknownPlan = selected ? DROP : KEEP;
  return {
    showsMembers: plans.get('members')!.kind !== 'drop',
    project(resource) {
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(resource)) {
        // RFC 7643 §3: every representation carries "schemas".
        const projected =
          key === 'schemas' ? resource[key] : applyPlan(plans.get(key) ?? unknownPlan, resource[key]);
        if (projected !== undefined) out[key] = projected;
      }
      return out;
    },
  };
}

/** Names Roster does not know select nothing (RFC 7644 does not ask for an error). */
function select(names: readonly string[]): Selection {
  const selection: Selection = new Map();
  for (const raw of names) {
    const name = raw.trim();
    if (name.toLowerCase() === CORE_GROUP.toLowerCase()) {
      for (const attribute of groupSchema.attributes) selection.set(attribute, 'whole');
      continue;
    }
    const resolved = groupSchema.resolveName(name);
    if (resolved === undefined) continue;
    const current = selection.get(resolved.attribute);
    if (resolved.subAttribute === undefined || current === 'whole') {
      selection.set(resolved.attribute, 'whole');
    } else {
      selection.set(resolved.attribute, (current ?? new Set()).add(resolved.subAttribute));
    }
  }
  return selection;
}
