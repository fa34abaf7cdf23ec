/**
 * The schema representation of RFC 7643 §7, as it is written in schemas/*.json and served by
 * /Schemas. Loading checks each file against this shape, so a typo in a schema file stops the
 * process at start instead of surfacing as a wrong answer to some request later.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type AttributeType =
  'string' | 'boolean' | 'decimal' | 'integer' | 'dateTime' | 'binary' | 'reference' | 'complex';
export type Mutability = 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
export type Returned = 'always' | 'never' | 'default' | 'request';
export type Uniqueness = 'none' | 'server' | 'global';

/** One attribute as written in a schema file; optional characteristics take the RFC 7643 §2.2 defaults. */
export interface AttributeDefinition {
  readonly name: string;
  readonly type: AttributeType;
  readonly multiValued: boolean;
  readonly description: string;
  readonly required?: boolean;
  readonly caseExact?: boolean;
  readonly mutability?: Mutability;
  readonly returned?: Returned;
  readonly uniqueness?: Uniqueness;
  /** Advisory only in Roster: values outside the list are accepted (Entra role types, "Work"). */
  readonly canonicalValues?: readonly string[];
  readonly referenceTypes?: readonly string[];
  readonly subAttributes?: readonly AttributeDefinition[];
}

export interface SchemaDefinition {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly attributes: readonly AttributeDefinition[];
}

const TYPES = new Set<string>([
  'string',
  'boolean',
  'decimal',
  'integer',
  'dateTime',
  'binary',
  'reference',
  'complex',
]);
const MUTABILITY = new Set<string>(['readOnly', 'readWrite', 'immutable', 'writeOnly']);
const RETURNED = new Set<string>(['always', 'never', 'default', 'request']);
const UNIQUENESS = new Set<string>(['none', 'server', 'global']);

/** schemas/ sits three levels up from both src/scim/schema and dist/scim/schema. */
const SCHEMA_DIR = join(__dirname, '..', '..', '..', 'schemas');

export function loadSchemaFile(fileName: string): SchemaDefinition {
  const where = `schemas/${fileName}`;
  const json: unknown = JSON.parse(readFileSync(join(SCHEMA_DIR, fileName), 'utf8'));
  if (!isRecord(json)) throw new Error(`${where}: not a JSON object`);
  const { id, name, description, attributes } = json;
  if (typeof id !== 'string' || typeof name !== 'string' || typeof description !== 'string') {
    throw new Error(`${where}: id, name and description must be strings`);
  }
  if (!Array.isArray(attributes)) throw new Error(`${where}: attributes must be an array`);
  attributes.forEach((attribute, i) => checkAttribute(attribute, `${where} attributes[${i}]`, true));
  return json as unknown as SchemaDefinition;
}

function checkAttribute(value: unknown, where: string, mayHaveSubAttributes: boolean): void {
  if (!isRecord(value)) throw new Error(`${where}: not an object`);
  const fail = (what: string): never => {
    throw new Error(`${where} (${String(value.name)}): ${what}`);
  };
  if (typeof value.name !== 'string' || value.name === '') fail('name must be a non-empty string');
  if (typeof value.type !== 'string' || !TYPES.has(value.type)) fail(`unknown type ${String(value.type)}`);
  if (typeof value.multiValued !== 'boolean') fail('multiValued must be a boolean');
  if (typeof value.description !== 'string') fail('description must be a string');
  checkOptional(value.required, 'boolean', fail, 'required');
  checkOptional(value.caseExact, 'boolean', fail, 'caseExact');
  checkEnum(value.mutability, MUTABILITY, fail, 'mutability');
  checkEnum(value.returned, RETURNED, fail, 'returned');
  checkEnum(value.uniqueness, UNIQUENESS, fail, 'uniqueness');
  checkStrings(value.canonicalValues, fail, 'canonicalValues');
  checkStrings(value.referenceTypes, fail, 'referenceTypes');
  const subs = value.subAttributes;
  if (value.type === 'complex') {
    // RFC 7643 §2.3.8: a complex attribute's sub-attributes are never complex themselves.
    if (!mayHaveSubAttributes) fail('a sub-attribute cannot be complex (RFC 7643 §2.3.8)');
    if (!Array.isArray(subs) || subs.length === 0) fail('a complex attribute needs subAttributes');
    (subs as unknown[]).forEach((sub, i) => checkAttribute(sub, `${where}.subAttributes[${i}]`, false));
  } else if (subs !== undefined) {
    fail('only complex attributes have subAttributes');
  }
}

function checkOptional(value: unknown, type: 'boolean', fail: (what: string) => never, field: string): void {
  if (value !== undefined && typeof value !== type) fail(`${field} must be a ${type}`);
}

function checkEnum(
  value: unknown,
  allowed: ReadonlySet<string>,
  fail: (what: string) => never,
  field: string,
): void {
  if (value !== undefined && (typeof value !== 'string' || !allowed.has(value))) {
    fail(`${field} must be one of ${[...allowed].join(', ')}`);
  }
}

function checkStrings(value: unknown, fail: (what: string) => never, field: string): void {
  if (value !== undefined && !(Array.isArray(value) && value.every((v) => typeof v === 'string'))) {
    fail(`${field} must be an array of strings`);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
