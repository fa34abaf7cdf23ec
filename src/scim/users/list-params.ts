import { RosterError } from '../../domain';

/** Page sizes advertised in ServiceProviderConfig and enforced here. */
export const LIST_LIMITS = { defaultCount: 100, maxCount: 1000 } as const;

/** A list request (RFC 7644 §3.4.2 query, §3.4.3 .search body, RFC 9865 cursor). */
export interface ListParams {
  filter?: string | undefined;
  startIndex: number;
  count: number;
  sortBy?: string | undefined;
  sortOrder: 'ascending' | 'descending';
  attributes?: string[] | undefined;
  excludedAttributes?: string[] | undefined;
  /** RFC 9865: present (possibly "") means cursor paging; the value is where to continue. */
  cursor?: string | undefined;
}

type Source = Readonly<Record<string, unknown>>;

/** From a GET query string (comma-separated attribute lists). */
export function listParamsFromQuery(query: Source): ListParams {
  const text = (name: string) => single(query, name);
  return build({
    filter: text('filter'),
    startIndex: text('startIndex'),
    count: text('count'),
    sortBy: text('sortBy'),
    sortOrder: text('sortOrder'),
    attributes: splitList(text('attributes')),
    excludedAttributes: splitList(text('excludedAttributes')),
    cursor: text('cursor'),
  });
}

/** From a POST .search body (RFC 7644 §3.4.3: attribute lists are arrays of strings). */
export function listParamsFromSearch(body: unknown): ListParams {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new RosterError('invalid-syntax', 'A .search request body must be a SearchRequest JSON object.');
  }
  const b = body as Source;
  const schemas = b.schemas;
  if (!Array.isArray(schemas) || !schemas.includes('urn:ietf:params:scim:api:messages:2.0:SearchRequest')) {
    throw new RosterError(
      'invalid-syntax',
      'A .search body must list "urn:ietf:params:scim:api:messages:2.0:SearchRequest" in "schemas".',
    );
  }
  return build({
    filter: optionalString(b, 'filter'),
    startIndex: numberText(b, 'startIndex'),
    count: numberText(b, 'count'),
    sortBy: optionalString(b, 'sortBy'),
    sortOrder: optionalString(b, 'sortOrder'),
    attributes: stringList(b, 'attributes'),
    excludedAttributes: stringList(b, 'excludedAttributes'),
    cursor: optionalString(b, 'cursor'),
  });
}

function build(raw: {
  filter?: string | undefined;
  startIndex?: string | undefined;
  count?: string | undefined;
  sortBy?: string | undefined;
  sortOrder?: string | undefined;
  attributes?: string[] | undefined;
  excludedAttributes?: string[] | undefined;
  cursor?: string | undefined;
}): ListParams {
  const sortOrder = raw.sortOrder?.toLowerCase() ?? 'ascending';
  if (sortOrder !== 'ascending' && sortOrder !== 'descending') {
    throw new RosterError(
      'invalid-value',
      `sortOrder must be "ascending" or "descending" (got "${raw.sortOrder}").`,
    );
  }
  // RFC 7644 §3.4.2.4: startIndex below 1 is read as 1, a negative count as 0; a count above the
  // maximum is capped (the ServiceProviderConfig says by how much).
  const startIndex = Math.max(1, integer('startIndex', raw.startIndex) ?? 1);
  const count = Math.min(
    LIST_LIMITS.maxCount,
    Math.max(0, integer('count', raw.count) ?? LIST_LIMITS.defaultCount),
  );
  if (raw.cursor !== undefined && (raw.startIndex !== undefined || raw.sortBy !== undefined)) {
    throw new RosterError(
      'invalid-value',
      'cursor paging (RFC 9865) walks users in id order: it cannot be combined with startIndex or sortBy.',
    );
  }
  return {
    filter: raw.filter,
    startIndex,
    count,
    sortBy: raw.sortBy,
    sortOrder,
    attributes: raw.attributes,
    excludedAttributes: raw.excludedAttributes,
    cursor: raw.cursor,
  };
}

function single(query: Source, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    throw new RosterError('invalid-value', `Query parameter "${name}" must be given once, as text.`);
  }
  return value;
}

function integer(name: string, text: string | undefined): number | undefined {
  if (text === undefined || text === '') return undefined;
  if (!/^-?\d{1,9}$/.test(text.trim())) {
    throw new RosterError('invalid-value', `${name} must be an integer (got "${text}").`);
  }
  return Number(text.trim());
}

function splitList(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function optionalString(body: Source, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new RosterError('invalid-value', `"${name}" must be a string.`);
  return value;
}

function numberText(body: Source, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new RosterError('invalid-value', `"${name}" must be an integer.`);
  }
  return String(value);
}

function stringList(body: Source, name: string): string[] | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw new RosterError('invalid-value', `"${name}" must be an array of attribute names.`);
  }
  return value as string[];
}
