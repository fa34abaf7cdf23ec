/**
 * An attribute as the rest of Roster uses it: the definition from the schema file with the
 * RFC 7643 §2.2 defaults filled in, its owning schema URN, and case-insensitive sub-attribute
 * lookup (RFC 7643 §2.1: attribute names are case-insensitive). Built once at module load.
 */
import type { AttributeDefinition, AttributeType, Mutability, Returned, Uniqueness } from './definition';

export interface SchemaAttribute {
  readonly name: string;
  /** URN of the schema that defines the attribute (for a sub-attribute, its parent's). */
  readonly schema: string;
  /** `name` or `parent.name`, for messages a provisioning admin will read. */
  readonly path: string;
  readonly type: AttributeType;
  readonly multiValued: boolean;
  readonly required: boolean;
  readonly caseExact: boolean;
  readonly mutability: Mutability;
  readonly returned: Returned;
  readonly uniqueness: Uniqueness;
  readonly subAttributes: readonly SchemaAttribute[];
  /** Case-insensitive; undefined for a simple attribute or an unknown name. */
  subAttribute(name: string): SchemaAttribute | undefined;
}

export function compileAttribute(
  definition: AttributeDefinition,
  schema: string,
  parentPath?: string,
): SchemaAttribute {
  const path = parentPath === undefined ? definition.name : `${parentPath}.${definition.name}`;
  const subAttributes = (definition.subAttributes ?? []).map((sub) => compileAttribute(sub, schema, path));
  const byName = indexByName(subAttributes);
  return {
    name: definition.name,
    schema,
    path,
    type: definition.type,
    multiValued: definition.multiValued,
    // RFC 7643 §2.2: "required" false, "caseExact" false, "mutability" readWrite,
    // "returned" default and "uniqueness" none when the definition leaves them out.
    required: definition.required ?? false,
    caseExact: definition.caseExact ?? false,
    mutability: definition.mutability ?? 'readWrite',
    returned: definition.returned ?? 'default',
    uniqueness: definition.uniqueness ?? 'none',
    subAttributes,
    subAttribute: (name) => byName.get(name.toLowerCase()),
  };
}

export function indexByName(attributes: readonly SchemaAttribute[]): ReadonlyMap<string, SchemaAttribute> {
  return new Map(attributes.map((attribute) => [attribute.name.toLowerCase(), attribute]));
}
