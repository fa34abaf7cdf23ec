/**
 * `attributes` / `excludedAttributes` (RFC 7644 §3.4.2.5) on a Group, honouring `returned`
 * (RFC 7643 §2.4) as the User projection does (src/scim/schema/project.ts). It also says up front
 * whether `members` will be sent, so that a request excluding them never reads them: Microsoft
 * Entra ID asks for every group with `excludedAttributes=members`.
 */
import type { ProjectionRequest } from '../schema/project';
import type { SchemaAttribute } from '../schema/schema-attribute';
import { CORE_GROUP, groupSchema } from './group-schema';

export interface GroupProjection {
  /** Whether the projected resource shows `members`; when false they need not be read. */
  readonly showsMembers: boolean;
  readonly project: (resource: Readonly<Record<string, unknown>>) => Record<string, unknown>;
}

type Plan = { kind: 'drop' } | { kind: 'keep' } | { kind: 'pick'; subs: ReadonlySet<string> };
type Selection = Map<SchemaAttribute, 'whole' | Set<SchemaAttribute>>;

const DROP: Plan = { kind: 'drop' };
const KEEP: Plan = { kind: 'keep' };

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
    plans.set(attribute.name, plan(attribute, returned, selected, excluded));
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

function plan(
  attribute: SchemaAttribute,
  returned: SchemaAttribute['returned'],
  selected: Selection | undefined,
  excluded: Selection,
): Plan {
  if (returned === 'never') return DROP;
  if (returned === 'always') return subPlan(attribute, 'whole', undefined);
  const excludedHere = excluded.get(attribute);
  if (excludedHere === 'whole') return subPlan(attribute, undefined, undefined);
  const wanted =
    selected === undefined ? (returned === 'request' ? undefined : 'whole') : selected.get(attribute);
  return subPlan(attribute, wanted, excludedHere);
}

/** As in project.ts: the wanted, not excluded sub-attributes, plus those returned `always`. */
function subPlan(
  attribute: SchemaAttribute,
  wanted: 'whole' | ReadonlySet<SchemaAttribute> | undefined,
  excluded: ReadonlySet<SchemaAttribute> | undefined,
): Plan {
  if (attribute.subAttributes.length === 0) return wanted === undefined ? DROP : KEEP;
  const subs = attribute.subAttributes.filter((sub) => {
    if (sub.returned === 'always') return true;
    if (sub.returned === 'never' || excluded?.has(sub)) return false;
    return wanted === 'whole' ? sub.returned !== 'request' : (wanted?.has(sub) ?? false);
  });
  if (subs.length === 0) return DROP;
  if (subs.length === attribute.subAttributes.length) return KEEP;
  return { kind: 'pick', subs: new Set(subs.map((sub) => sub.name)) };
}

function applyPlan(plan: Plan, value: unknown): unknown {
  if (plan.kind === 'keep') return value;
  if (plan.kind === 'drop') return undefined;
  if (Array.isArray(value))
    return value.map((element) => pick(element, plan.subs)).filter((e) => e !== undefined);
  return pick(value, plan.subs);
}

function pick(value: unknown, subs: ReadonlySet<string>): Record<string, unknown> | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const entries = Object.entries(value).filter(([key]) => subs.has(key));
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
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
