/**
 * The allowlist between SCIM attribute paths and stored fields. A filter may name only paths listed
 * here, so no attribute name from a request ever becomes a query key (docs/scimmy-notes.md §2: `$where`
 * and `__proto__` are words a filter can spell).
 */
import { RosterError } from '../../domain';
import type { AttrPath } from './ast';

/** RFC 7643 §2.3 data types that can be filtered on. */
export type FieldType = 'string' | 'boolean' | 'dateTime' | 'integer' | 'decimal' | 'reference';

export interface FieldSpec {
  /** Stored dotted path. For a multi-valued attribute, `<array field>.<sub-attribute field>`. */
  field: string;
  type: FieldType;
  /** RFC 7643 §2.3.1; false means comparisons ignore case. */
  caseExact: boolean;
  /** A stored copy holding identifierKey(value) (src/domain/identifiers.ts), for eq, co/sw/ew and ordering. */
  keyField?: string;
  /** An element field of an array of sub-documents (emails.value); `[...]` filters need it. */
  multiValued?: boolean;
}

export interface FieldMap {
  /** The resource's core schema URN, lower-cased: paths qualified with it resolve as unqualified ones. */
  readonly coreSchema: string;
  /** Lower-cased SCIM path (`name.givenname`, `urn:…:enterprise:2.0:user:department`) → stored field. */
  readonly fields: ReadonlyMap<string, FieldSpec>;
  /** Short names as written, for telling a client what it may filter on. */
  readonly names: readonly string[];
}

/** `fields` is keyed by SCIM path as written (`name.givenName`, `urn:…:User:manager.value`). */
export function defineFieldMap(coreSchema: string, fields: Readonly<Record<string, FieldSpec>>): FieldMap {
  const entries = Object.entries(fields);
  return {
    coreSchema: coreSchema.toLowerCase(),
    fields: new Map(entries.map(([path, spec]) => [path.toLowerCase(), spec])),
    names: entries.map(([path]) => path.slice(path.lastIndexOf(':') + 1)),
  };
}

/**
 * Finds the stored field for a path. Unqualified names resolve to the core schema first, then to
 * the one extension that defines them (RFC 7644 §3.10 lets clients omit the URN when unambiguous).
 * A complex attribute named alone stands for its `value` (`emails` → `emails.value`).
 */
export function resolveField(map: FieldMap, path: AttrPath): FieldSpec {
  const relative = (path.subAttr === undefined ? path.attr : `${path.attr}.${path.subAttr}`).toLowerCase();
  const names = path.subAttr === undefined ? [relative, `${relative}.value`] : [relative];
  const schema = path.schema?.toLowerCase();
  const core = schema === undefined || schema === map.coreSchema;
  for (const name of names) {
    const key = core ? name : `${schema}:${name}`;
    const spec = map.fields.get(key);
    if (spec) return spec;
  }
  if (schema === undefined) {
    for (const name of names) {
      const spec = uniqueExtensionField(map, name, path);
      if (spec) return spec;
    }
  }
  throw new RosterError(
    'invalid-filter',
    `Unknown attribute "${describePath(path)}" in filter; filterable attributes are ${map.names.join(', ')}.`,
  );
}

function uniqueExtensionField(map: FieldMap, name: string, path: AttrPath): FieldSpec | undefined {
  const matches = [...map.fields.keys()].filter((key) => key.includes(':') && key.endsWith(`:${name}`));
  if (matches.length > 1) {
    throw new RosterError(
      'invalid-filter',
      `Attribute "${describePath(path)}" is defined by several schema extensions; qualify it with the schema URN, ` +
        `e.g. ${matches.join(' or ')}.`,
    );
  }
  return matches[0] === undefined ? undefined : map.fields.get(matches[0]);
}

export function describePath(path: AttrPath): string {
  const name = path.subAttr === undefined ? path.attr : `${path.attr}.${path.subAttr}`;
  return path.schema === undefined ? name : `${path.schema}:${name}`;
}
