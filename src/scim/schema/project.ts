/**
 * `attributes` / `excludedAttributes` (RFC 7644 §3.4.2.5) applied to an outgoing resource of any
 * type, honouring each attribute's `returned` characteristic (RFC 7643 §2.4): `always` survives
 * both lists, `never` is never sent, `request` only when named in `attributes`.
 *
 * Names are case-insensitive, may be URN-qualified, may name a sub-attribute (`name.givenName`,
 * `members.value`, `urn:…:enterprise:2.0:User:manager.value`) or a whole schema by its URN.
 * Names Roster does not know select nothing (RFC 7644 does not ask for an error). When both lists
 * are given, `attributes` selects and `excludedAttributes` then removes.
 *
 * A list response projects every resource of a page: compileProjection turns the lists into a
 * plan once, and applying it copies only what it trims; untouched values are shared, not cloned.
 * The User and Group projections (src/scim/resources/*) are this compiler over their registries.
 */
import { applyPlan, attributePlan, DROP, KEEP, type Plan, type Selection } from './projection-plan';
import type { SchemaRegistry } from './registry';
import type { Returned } from './definition';

export interface ProjectionRequest {
  attributes?: readonly string[] | undefined;
  excludedAttributes?: readonly string[] | undefined;
}

export type Projection = (resource: Readonly<Record<string, unknown>>) => Record<string, unknown>;

export interface CompiledProjection {
  readonly project: Projection;
  /**
   * Whether the projected resource can show this top-level attribute of the core schema; when
   * false, what it is computed from need not be read (a user's groups, a group's members).
   */
  shows(name: string): boolean;
}

export interface ProjectionOptions {
  /** `returned` overrides by core attribute name, for responses that send less than a read. */
  readonly returned?: Readonly<Record<string, Returned>>;
}

export function compileProjection(
  schemas: SchemaRegistry,
  request: ProjectionRequest,
  opts: ProjectionOptions = {},
): CompiledProjection {
  const selected = request.attributes?.length ? select(schemas, request.attributes) : undefined;
  const excluded = select(schemas, request.excludedAttributes ?? []);
  const plans = new Map<string, Map<string, Plan>>();
  for (const urn of [schemas.coreUrn, ...schemas.extensionUrns]) {
    const byName = new Map<string, Plan>();
    for (const attribute of schemas.attributesOf(urn)) {
      const override = urn === schemas.coreUrn ? opts.returned?.[attribute.name] : undefined;
      byName.set(
        attribute.name,
        attributePlan(attribute, selected, excluded, override ?? attribute.returned),
      );
    }
    plans.set(urn, byName);
  }
  const corePlans = plans.get(schemas.coreUrn)!;
  const unknownPlan = selected ? DROP : KEEP;
  const project: Projection = (resource) => {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(resource)) {
      const value = resource[key];
      const extensionPlans = plans.get(key);
      if (key === 'schemas') {
        // RFC 7643 §3: every representation carries "schemas".
        out[key] = value;
      } else if (extensionPlans !== undefined && key !== schemas.coreUrn) {
        const extension = isRecord(value) ? applyPlans(value, extensionPlans, unknownPlan) : undefined;
        if (extension !== undefined) out[key] = extension;
      } else {
        const projected = applyPlan(corePlans.get(key) ?? unknownPlan, value);
        if (projected !== undefined) out[key] = projected;
      }
    }
    return out;
  };
  return { project, shows: (name) => (corePlans.get(name) ?? unknownPlan).kind !== 'drop' };
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

function select(schemas: SchemaRegistry, names: readonly string[]): Selection {
  const selection: Selection = new Map();
  for (const raw of names) {
    const name = raw.trim();
    const urn = schemas.schemaUrn(name);
    if (urn !== undefined) {
      for (const attribute of schemas.attributesOf(urn)) selection.set(attribute, 'whole');
      continue;
    }
    const resolved = schemas.resolveName(name);
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
