/**
 * The Group resource type's one schema (RFC 7643 §4.2, §8.7.1), loaded once from
 * schemas/group.json: what /Schemas serves and what input, PATCH paths and projections are
 * checked against. Names are case-insensitive and may carry the schema URN (RFC 7644 §3.10).
 */
import type { AttrPath } from '../../../domain/filter';
import { loadSchemaFile } from '../../schema/definition';
import { compileAttribute, indexByName, type SchemaAttribute } from '../../schema/schema-attribute';

export const CORE_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';

/** The representation exactly as in schemas/group.json; /Schemas serves it, adding `meta`. */
export const groupSchemaDefinition = loadSchemaFile('group.json');

const attributes = groupSchemaDefinition.attributes.map((a) => compileAttribute(a, CORE_GROUP));
const byName = indexByName(attributes);

export interface ResolvedGroupPath {
  readonly attribute: SchemaAttribute;
  readonly subAttribute?: SchemaAttribute;
}

/** A parsed path (PATCH path, filter, sortBy); undefined when it names nothing of a Group. */
function resolve(path: AttrPath): ResolvedGroupPath | undefined {
  if (path.schema !== undefined && path.schema.toLowerCase() !== CORE_GROUP.toLowerCase()) return undefined;
  const attribute = byName.get(path.attr.toLowerCase());
  if (attribute === undefined) return undefined;
  if (path.subAttr === undefined) return { attribute };
  const subAttribute = attribute.subAttribute(path.subAttr);
  return subAttribute && { attribute, subAttribute };
}

/** A name as written in a body, `attributes` or `excludedAttributes`: `members.value`, URN-qualified or not. */
function resolveName(text: string): ResolvedGroupPath | undefined {
  const prefix = `${CORE_GROUP.toLowerCase()}:`;
  const rest = text.toLowerCase().startsWith(prefix) ? text.slice(prefix.length) : text;
  if (rest.toLowerCase().startsWith('urn:')) return undefined;
  const [attr = '', subAttr, ...extra] = rest.split('.');
  if (extra.length > 0) return undefined;
  return resolve(subAttr === undefined ? { attr } : { attr, subAttr });
}

export const groupSchema = {
  attributes,
  /** A top-level attribute by case-insensitive name. */
  attribute: (name: string): SchemaAttribute | undefined => byName.get(name.toLowerCase()),
  resolve,
  resolveName,
};
