/**
 * The plan `attributes` / `excludedAttributes` (RFC 7644 §3.4.2.5) make for one attribute, given
 * its `returned` characteristic (RFC 7643 §2.4), and applying it to a value. Shared by the User
 * (project.ts) and Group (groups/group-projection.ts) projections, which differ only in how
 * names resolve against their schemas.
 */
import type { SchemaAttribute } from './schema-attribute';

/** What to do with one attribute's value: drop it, keep it whole, or keep only these sub-attributes. */
export type Plan = { kind: 'drop' } | { kind: 'keep' } | { kind: 'pick'; subs: ReadonlySet<string> };

export const DROP: Plan = { kind: 'drop' };
export const KEEP: Plan = { kind: 'keep' };

/** Per named attribute: the whole of it, or some of its sub-attributes. */
export type Selection = Map<SchemaAttribute, 'whole' | Set<SchemaAttribute>>;

export function applyPlan(plan: Plan, value: unknown): unknown {
  if (plan.kind === 'keep') return value;
  if (plan.kind === 'drop') return undefined;
  if (Array.isArray(value)) {
    const elements = value.map((element) => pick(element, plan.subs)).filter((e) => e !== undefined);
    return elements.length > 0 ? elements : undefined;
  }
  return pick(value, plan.subs);
}

function pick(value: unknown, subs: ReadonlySet<string>): Record<string, unknown> | undefined {
  if (!isRecord(value)) return undefined;
  const out: Record<string, unknown> = {};
  let any = false;
  for (const key of Object.keys(value)) {
    if (subs.has(key)) {
      out[key] = value[key];
      any = true;
    }
  }
  return any ? out : undefined;
}

export function attributePlan(
  attribute: SchemaAttribute,
  selected: Selection | undefined,
  excluded: Selection,
  returned: SchemaAttribute['returned'] = attribute.returned,
): Plan {
  if (returned === 'never') return DROP;
  if (returned === 'always') return subPlan(attribute, 'whole', undefined);
  const excludedHere = excluded.get(attribute);
  if (excludedHere === 'whole') return subPlan(attribute, undefined, undefined);
  const wanted =
    selected === undefined ? (returned === 'request' ? undefined : 'whole') : selected.get(attribute);
  return subPlan(attribute, wanted, excludedHere);
}

/**
 * The plan for a complex attribute's sub-attributes: those wanted and not excluded, plus those
 * returned `always` (meta.resourceType), minus those returned `never`. Simple attributes are kept
 * when wanted at all.
 */
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

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
