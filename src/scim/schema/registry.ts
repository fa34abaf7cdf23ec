/**
 * A resource type's schemas (RFC 7643 §6: core schema plus extensions), loaded once from
 * schemas/*.json, and the one place that answers "which attribute does this name mean". One
 * registry per resource type: Users (core, enterprise and Roster extensions) and Groups (core).
 *
 * Names are case-insensitive (RFC 7643 §2.1) and may be qualified with their schema URN
 * (RFC 7644 §3.10). An unqualified name means the core attribute of that name, else the one
 * extension attribute of that name (`department`, `manager`, `canManageTeam`), else nothing.
 */
import type { AttrPath } from '../../domain';
import { loadSchemaFile, type SchemaDefinition } from './definition';
import { compileAttribute, indexByName, type SchemaAttribute } from './schema-attribute';

export interface ResolvedPath {
  /** The canonical URN of the schema defining the attribute. */
  readonly schema: string;
  /** True when the attribute lives under its URN key in a resource (RFC 7643 §3.3). */
  readonly extension: boolean;
  readonly attribute: SchemaAttribute;
  readonly subAttribute?: SchemaAttribute;
}

interface CompiledSchema {
  readonly urn: string;
  readonly lowerUrn: string;
  readonly extension: boolean;
  readonly attributes: readonly SchemaAttribute[];
  readonly byName: ReadonlyMap<string, SchemaAttribute>;
}

export class SchemaRegistry {
  /** The core schema's URN. */
  readonly coreUrn: string;
  readonly extensionUrns: readonly string[];
  private readonly schemas: readonly CompiledSchema[];
  private readonly byUrn: ReadonlyMap<string, CompiledSchema>;
  /** Lower-case name → the extension attributes of that name (used when it is exactly one). */
  private readonly extensionByName: ReadonlyMap<string, readonly SchemaAttribute[]>;

  constructor(
    readonly resourceType: 'User' | 'Group',
    readonly core: SchemaDefinition,
    readonly extensions: readonly SchemaDefinition[],
  ) {
    this.coreUrn = core.id;
    const compile = (definition: SchemaDefinition, extension: boolean): CompiledSchema => {
      const attributes = definition.attributes.map((a) => compileAttribute(a, definition.id));
      return {
        urn: definition.id,
        lowerUrn: definition.id.toLowerCase(),
        extension,
        attributes,
        byName: indexByName(attributes),
      };
    };
    // Longest URN first, so a URN that prefixes another can never capture its names.
    this.schemas = [compile(core, false), ...extensions.map((e) => compile(e, true))].sort(
      (a, b) => b.urn.length - a.urn.length,
    );
    this.byUrn = new Map(this.schemas.map((s) => [s.lowerUrn, s]));
    this.extensionUrns = extensions.map((e) => e.id);
    const byName = new Map<string, SchemaAttribute[]>();
    for (const schema of this.schemas.filter((s) => s.extension)) {
      for (const attribute of schema.attributes) {
        const key = attribute.name.toLowerCase();
        byName.set(key, [...(byName.get(key) ?? []), attribute]);
      }
    }
    this.extensionByName = byName;
  }

  /** The canonical spelling of a schema URN of this resource type, whatever its case. */
  schemaUrn(text: string): string | undefined {
    return this.byUrn.get(text.toLowerCase())?.urn;
  }

  isExtension(urn: string): boolean {
    return this.byUrn.get(urn.toLowerCase())?.extension ?? false;
  }

  /** The top-level attributes of one schema, in schema-file order. */
  attributesOf(urn: string): readonly SchemaAttribute[] {
    return this.byUrn.get(urn.toLowerCase())?.attributes ?? [];
  }

  /** A top-level attribute of one schema, by case-insensitive name. */
  attribute(urn: string, name: string): SchemaAttribute | undefined {
    return this.byUrn.get(urn.toLowerCase())?.byName.get(name.toLowerCase());
  }

  /** A parsed path (filter, PATCH path, sortBy) to its definition; undefined when unknown. */
  resolve(path: AttrPath): ResolvedPath | undefined {
    const attribute = this.topLevel(path.schema, path.attr);
    if (attribute === undefined) return undefined;
    const extension = attribute.schema !== this.coreUrn;
    if (path.subAttr === undefined) return { schema: attribute.schema, extension, attribute };
    const subAttribute = attribute.subAttribute(path.subAttr);
    return subAttribute && { schema: attribute.schema, extension, attribute, subAttribute };
  }

  /**
   * A path written as text: `userName`, `name.givenName`, or URN-qualified such as
   * `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value`. The URN is matched
   * against the known schemas first because URNs contain dots (`2.0`) and colons themselves.
   */
  resolveName(text: string): ResolvedPath | undefined {
    const lower = text.toLowerCase();
    const schema = this.schemas.find((s) => lower.startsWith(`${s.lowerUrn}:`));
    if (schema === undefined && lower.startsWith('urn:')) return undefined;
    const rest = schema === undefined ? text : text.slice(schema.urn.length + 1);
    const [attr = '', subAttr, ...extra] = rest.split('.');
    if (extra.length > 0) return undefined;
    return this.resolve({ schema: schema?.urn, attr, subAttr });
  }

  /**
   * RFC 7643 §2.3.1 caseExact of the attribute a filter names; the matcher (filter/match.ts) calls
   * it. A complex attribute compared as a whole stands for its `value` (`emails eq "x"`).
   */
  caseExact(path: AttrPath): boolean {
    const resolved = this.resolve(path);
    if (resolved === undefined) return false;
    const target = resolved.subAttribute ?? resolved.attribute;
    return (target.subAttribute('value') ?? target).caseExact;
  }

  private topLevel(schemaText: string | undefined, name: string): SchemaAttribute | undefined {
    if (schemaText !== undefined) return this.attribute(schemaText, name);
    const core = this.attribute(this.coreUrn, name);
    if (core !== undefined) return core;
    const candidates = this.extensionByName.get(name.toLowerCase());
    return candidates?.length === 1 ? candidates[0] : undefined;
  }
}

const coreUser = loadSchemaFile('user.json');
const extensions = [loadSchemaFile('enterprise-user.json'), loadSchemaFile('roster-user.json')];

/** The schema representations exactly as in schemas/*.json; /Schemas serves them, adding `meta`. */
export const userSchemaDefinitions: readonly SchemaDefinition[] = [coreUser, ...extensions];

export const userSchemas = new SchemaRegistry('User', coreUser, extensions);

/** The Group resource type's one schema (RFC 7643 §4.2), as in schemas/group.json. */
export const groupSchemaDefinition: SchemaDefinition = loadSchemaFile('group.json');

export const groupSchemas = new SchemaRegistry('Group', groupSchemaDefinition, []);
