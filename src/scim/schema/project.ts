/**
 * `attributes` / `excludedAttributes` (RFC 7644 §3.4.2.5) applied to an outgoing User, honouring
 * each attribute's `returned` characteristic (RFC 7643 §2.4): `always` survives both lists,
 * `never` is never sent, `request` only when named in `attributes`.
 *
 * Names are case-insensitive, may be URN-qualified, may name a sub-attribute (`name.givenName`,
 * `emails.value`, `urn:…:enterprise:2.0:User:manager.value`) or a whole extension by its URN.
 * Names Roster does not know select nothing (RFC 7644 does not ask for an error). When both lists
 * are given, `attributes` selects and `excludedAttributes` then removes.
 *
 * A list response projects every user of a page: compileProjection turns the lists into a plan
 * once, and applying it copies only what it trims; untouched values are shared, not cloned.
 */
import { userSchemas } from './registry';
import type { SchemaAttribute } from './schema-attribute';
import { CORE_USER } from './urns';

export interface ProjectionRequest {
  attributes?: readonly string[];
  excludedAttributes?: readonly string[];
}

export type Projection = (resource: Readonly<Record<string, unknown>>) => Record<string, unknown>;

/** What to do with one attribute's value: drop it, keep it whole, or keep only these sub-attributes. */
type Plan = { kind: 'drop' } | { kind: 'keep' } | { kind: 'pick'; subs: ReadonlySet<string> };

const DROP: Plan = { kind: 'drop' };
const KEEP: Plan = { kind: 'keep' };

/** Per named attribute: the whole of it, or some of its sub-attributes. */
type Selection = Map<SchemaAttribute, 'whole' | Set<SchemaAttribute>>;

export function projectResource(
  resource: Readonly<Record<string, unknown>>,
  request: ProjectionRequest,
): Record<string, unknown> {
  return compileProjection(request)(resource);
}

export function compileProjection(request: ProjectionRequest): Projection {
  const selected = request.attributes?.length ? select(request.attributes) : undefined;
  const excluded = select(request.excludedAttributes ?? []);
  const plans = new Map<string, Map<string, Plan>>();
  for (const urn of [CORE_USER, ...userSchemas.extensionUrns]) {
    const byName = new Map<string, Plan>();
    for (const attribute of userSchemas.attributesOf(urn))
      byName.set(attribute.name, plan(attribute, selected, excluded));
    plans.set(urn, byName);
  }
  const corePlans = plans.get(CORE_USER)!;
  const unknownPlan = selected ? DROP : KEEP;
  return (resource) => {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(resource)) {
      const value = resource[key];
      const extensionPlans = plans.get(key);
      if (key === 'schemas') {
        // RFC 7643 §3: every representation carries "schemas".
        out[key] = value;
      } else if (extensionPlans !== undefined && key !== CORE_USER) {
        const extension = isRecord(value) ? applyPlans(value, extensionPlans, unknownPlan) : undefined;
        if (extension !== undefined) out[key] = extension;
      } else {
        const projected = applyPlan(corePlans.get(key) ?? unknownPlan, value);
        if (projected !== undefined) out[key] = projected;
      }
    }
    return out;
  };
}

function applyPlans(
  container: Readonly<Record<string, unknown>>,
  plans: ReadonlyMap<string, Plan>,
  unknownPlan: Plan,
): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  let any = false;
  for (const key of Object.keys(container)) {
    const projected = applyPlan(plans.get(key) ?? unknownPlan, container[key]);
    if (projected !== undefined) {
      out[key] = projected;
      any = true;
    }
  }
  return any ? out : undefined;
}

function applyPlan(plan: Plan, value: unknown): unknown {
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

function plan(attribute: SchemaAttribute, selected: Selection | undefined, excluded: Selection): Plan {
  if (attribute.returned === 'never') return DROP;
  if (attribute.returned === 'always') return subPlan(attribute, 'whole', undefined);
  const excludedHere = excluded.get(attribute);
  if (excludedHere === 'whole') return subPlan(attribute, undefined, undefined);
  const wanted =
    selected === undefined
      ? attribute.returned === 'request'
        ? undefined
        : 'whole'
      : selected.get(attribute);
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

function select(names: readonly string[]): Selection {
  const selection: Selection = new Map();
  for (const raw of names) {
    const name = raw.trim();
    const urn = userSchemas.schemaUrn(name);
    if (urn !== undefined) {
      for (const attribute of userSchemas.attributesOf(urn)) selection.set(attribute, 'whole');
      continue;
    }
    const resolved = userSchemas.resolveName(name);
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

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
