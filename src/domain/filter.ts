/**
 * The SCIM filter and attribute-path language of RFC 7644 §3.4.2.2 and §3.5.2, as a typed tree.
 * Parsed once (parse.ts), then translated to a MongoDB query (to-mongo.ts) or evaluated in memory
 * against a resource (match.ts, used by PATCH value paths).
 */

/** An attribute path: optional schema URN, attribute name, optional sub-attribute. */
export interface AttrPath {
  /** Schema URN when the path was written fully qualified, e.g. the enterprise extension. */
  schema?: string;
  /** Attribute name as written (comparison is case-insensitive, RFC 7643 §2.1). */
  attr: string;
  subAttr?: string;
}

export type CompareOp = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'lt' | 'ge' | 'le';

/** A literal of the grammar: string, number, true/false or null. Never an object. */
export type FilterValue = string | number | boolean | null;

export type Filter =
  | { kind: 'compare'; path: AttrPath; op: CompareOp; value: FilterValue }
  | { kind: 'present'; path: AttrPath }
  | { kind: 'and'; left: Filter; right: Filter }
  | { kind: 'or'; left: Filter; right: Filter }
  | { kind: 'not'; filter: Filter }
  /** `emails[type eq "work" and value co "@x"]`: `filter` applies to one element of `path`. */
  | { kind: 'valuePath'; path: AttrPath; filter: Filter };

/**
 * A PATCH path (RFC 7644 §3.5.2): `attr`, `attr.sub`, `attr[filter]`, `attr[filter].sub`, each
 * optionally prefixed by a schema URN.
 */
export interface PatchPath {
  path: AttrPath;
  /** Selects elements of a multi-valued attribute. */
  valueFilter?: Filter;
  /** Sub-attribute after a value filter: `emails[type eq "work"].value`. */
  subAttr?: string;
}
