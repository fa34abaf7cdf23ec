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
import { CORE_USER } from '../protocol/urns';
import { applyPlan, attributePlan, DROP, KEEP, type Plan, type Selection } from './projection-plan';

export interface ProjectionRequest {
  attributes?: readonly string[];
  excludedAttributes?: readonly string[];
}

export type Projection = (resource: Readonly<Record<string, unknown>>) => Record<string, unknown>;

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
      byName.set(attribute.name, attributePlan(attribute, selected, excluded));
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
