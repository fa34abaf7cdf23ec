/**
 * The BulkRequest message of RFC 7644 §3.7. What makes the whole request unusable is refused whole
 * (not a BulkRequest, more than maxOperations, a bulkId declared twice); what is wrong with one
 * operation is reported on that operation, and the others still run (§3.7.3).
 */
import { RosterError } from '../../domain';
import { isPlainObject } from '../schema/coerce-value';
import { BULK_LIMITS, BULK_REQUEST } from './bulk-limits';

export type BulkMethod = 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type BulkEndpoint = 'Users' | 'Groups';

export interface BulkOperation {
  /** Position in the request's "Operations". */
  readonly index: number;
  readonly method?: BulkMethod;
  readonly bulkId?: string;
  readonly endpoint?: BulkEndpoint;
  /** The resource id of PUT/PATCH/DELETE, possibly a reference such as `bulkId:qwerty`. */
  readonly target?: string;
  /** The If-Match of the operation (an ETag). */
  readonly version?: string;
  readonly data?: unknown;
  /** Why the operation cannot run, found before anything runs. */
  readonly invalid?: RosterError;
}

export interface BulkRequest {
  /** Stop after this many failed operations (§3.7.3); absent: run them all. */
  readonly failOnErrors?: number;
  readonly operations: readonly BulkOperation[];
}

const METHODS: ReadonlySet<string> = new Set<BulkMethod>(['POST', 'PUT', 'PATCH', 'DELETE']);
const PATH = /^\/(users|groups)(?:\/([^/]+))?$/i;

export function readBulkRequest(body: unknown): BulkRequest {
  if (!isPlainObject(body)) {
    throw new RosterError(
      'invalid-syntax',
      `The request body must be a JSON object: a ${BULK_REQUEST} message.`,
    );
  }
  const schemas = member(body, 'schemas');
  if (
    !Array.isArray(schemas) ||
    !schemas.some((s) => typeof s === 'string' && s.toLowerCase() === BULK_REQUEST.toLowerCase())
  ) {
    throw new RosterError(
      'invalid-syntax',
      `"schemas" must be [${JSON.stringify(BULK_REQUEST)}] (RFC 7644 §3.7).`,
    );
  }
  const operations = member(body, 'Operations');
  if (!Array.isArray(operations)) {
    throw new RosterError('invalid-syntax', '"Operations" must be an array of operations (RFC 7644 §3.7).');
  }
  if (operations.length > BULK_LIMITS.maxOperations) {
    throw new RosterError(
      'payload-too-large',
      `The request has ${operations.length} operations; this server accepts at most ` +
        `${BULK_LIMITS.maxOperations} per bulk request (RFC 7644 §3.7.4, ServiceProviderConfig bulk.maxOperations).`,
    );
  }
  const read = operations.map(readOperation);
  assertUniqueBulkIds(read);
  const failOnErrors = member(body, 'failOnErrors');
  if (failOnErrors === undefined || failOnErrors === null) return { operations: read };
  if (typeof failOnErrors !== 'number' || !Number.isInteger(failOnErrors) || failOnErrors < 1) {
    throw new RosterError('invalid-value', '"failOnErrors" must be a positive integer (RFC 7644 §3.7).');
  }
  return { failOnErrors, operations: read };
}

function readOperation(raw: unknown, index: number): BulkOperation {
  if (!isPlainObject(raw)) {
    return { index, invalid: syntax(index, 'must be an object with "method" and "path"') };
  }
  const method = member(raw, 'method');
  const bulkId = member(raw, 'bulkId');
  const known = {
    index,
    ...(typeof method === 'string' && METHODS.has(method.toUpperCase())
      ? { method: method.toUpperCase() as BulkMethod }
      : {}),
    ...(typeof bulkId === 'string' && bulkId !== '' ? { bulkId } : {}),
  };
  if (known.method === undefined) {
    return {
      ...known,
      invalid: syntax(index, '"method" must be POST, PUT, PATCH or DELETE (RFC 7644 §3.7)'),
    };
  }
  if (bulkId !== undefined && known.bulkId === undefined) {
    return { ...known, invalid: syntax(index, '"bulkId" must be a non-empty string') };
  }
  // RFC 7644 §3.7: bulkId is "REQUIRED when "method" is "POST"".
  if (known.method === 'POST' && known.bulkId === undefined) {
    return { ...known, invalid: syntax(index, 'a POST needs a "bulkId" (RFC 7644 §3.7)') };
  }
  const path = member(raw, 'path');
  if (typeof path !== 'string') return { ...known, invalid: syntax(index, '"path" is required') };
  const parts = PATH.exec(path);
  if (parts === null) {
    return {
      ...known,
      invalid: new RosterError(
        'not-found',
        `Operations[${index}]: "path" must name /Users or /Groups, with the resource id unless the method is POST.`,
      ),
    };
  }
  const endpoint: BulkEndpoint = parts[1]!.toLowerCase() === 'users' ? 'Users' : 'Groups';
  const target = parts[2] === undefined ? undefined : decodeURIComponentSafe(parts[2]);
  if ((known.method === 'POST') !== (target === undefined)) {
    return {
      ...known,
      invalid: syntax(
        index,
        known.method === 'POST'
          ? `a POST takes the endpoint only ("/${endpoint}"), not a resource id`
          : `${known.method} needs the resource in "path", as "/${endpoint}/{id}"`,
      ),
    };
  }
  const version = member(raw, 'version');
  if (version !== undefined && typeof version !== 'string') {
    return { ...known, invalid: syntax(index, '"version" must be an ETag string, such as W/"3"') };
  }
  const data = member(raw, 'data');
  if (known.method !== 'DELETE' && data === undefined) {
    return { ...known, invalid: syntax(index, `${known.method} needs "data"`) };
  }
  return {
    ...known,
    endpoint,
    ...(target === undefined ? {} : { target }),
    ...(version === undefined ? {} : { version }),
    ...(data === undefined ? {} : { data }),
  };
}

/** RFC 7644 §3.7.2: a bulkId identifies one new resource; two POSTs with one would make references ambiguous. */
function assertUniqueBulkIds(operations: readonly BulkOperation[]): void {
  const seen = new Map<string, number>();
  for (const op of operations) {
    if (op.method !== 'POST' || op.bulkId === undefined) continue;
    const first = seen.get(op.bulkId);
    if (first !== undefined) {
      throw new RosterError(
        'invalid-value',
        `bulkId "${op.bulkId}" is declared by Operations[${first}] and Operations[${op.index}]; ` +
          'each POST needs a bulkId of its own (RFC 7644 §3.7.2).',
      );
    }
    seen.set(op.bulkId, op.index);
  }
}

function syntax(index: number, problem: string): RosterError {
  return new RosterError('invalid-syntax', `Operations[${index}]: ${problem}.`);
}

/** A path segment that is not valid percent-encoding can name no resource: it is kept as sent. */
function decodeURIComponentSafe(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Message attribute names are case-insensitive like any SCIM attribute name (RFC 7643 §2.1). */
function member(record: Record<string, unknown>, name: string): unknown {
  const lower = name.toLowerCase();
  const key = Object.keys(record).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : record[key];
}
