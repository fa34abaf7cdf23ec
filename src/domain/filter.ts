/**
 * The SCIM filter and attribute-path language of RFC 7644 §3.4.2.2 and §3.5.2, as a typed tree.
 * Pure data, here so that both sides can name it: SCIM parses it (src/scim/filter/parse.ts) and
 * evaluates it in memory (src/scim/filter/match.ts); the store translates it to a query over its
 * own field names (src/store/filter/to-mongo.ts), which no other layer sees.
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

/**
 * Which page of a filter's matches a listing wants. `index`: skip/limit in `sortBy` order (RFC 7644
 * §3.4.2.3-4), creation order when none. `after`: keyset pages that continue after a key (RFC 9865
 * cursors walk ids; the Manage Team list walks userNames), which stay an index range however deep.
 */
export type ResultPage =
  | {
      readonly kind: 'index';
      readonly skip: number;
      readonly limit: number;
      readonly sortBy?: AttrPath | undefined;
      readonly descending?: boolean | undefined;
    }
  | {
      readonly kind: 'after';
      /** `userName` is for users only. */
      readonly order: 'id' | 'userName';
      /** The key of the last resource of the previous page; undefined for the first page. */
      readonly after?: string | undefined;
      readonly skip?: number | undefined;
      readonly limit: number;
    };

/** A page found: every match counted, the page's documents, and where the next page starts. */
export interface FoundPage<D> {
  readonly total: number;
  readonly docs: D[];
  /** For `after` pages with more to come: the key (id or userName key) to continue after. */
  readonly next?: string | undefined;
}
