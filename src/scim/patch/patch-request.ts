/**
 * The PatchOp message of RFC 7644 §3.5.2, checked before any operation runs: a malformed message
 * is refused whole (400 invalidSyntax) rather than half applied.
 */
import { RosterError, REQUEST_LIMITS } from '../../domain';
import { isPlainObject } from '../schema/coerce-value';
import { PATCH_OP } from '../schema/urns';

export type PatchOperation =
  | { readonly op: 'add' | 'replace'; readonly path?: string; readonly value: unknown }
  | { readonly op: 'remove'; readonly path?: string; readonly value?: unknown };

const OPS = new Set(['add', 'replace', 'remove']);

export function readPatchRequest(body: unknown): PatchOperation[] {
  if (!isPlainObject(body)) {
    throw new RosterError('invalid-syntax', `The request body must be a JSON object: a ${PATCH_OP} message.`);
  }
  const schemas = member(body, 'schemas');
  if (
    !Array.isArray(schemas) ||
    !schemas.some((s) => typeof s === 'string' && s.toLowerCase() === PATCH_OP.toLowerCase())
  ) {
    throw new RosterError(
      'invalid-syntax',
      `"schemas" must be [${JSON.stringify(PATCH_OP)}] (RFC 7644 §3.5.2).`,
    );
  }
  const operations = member(body, 'Operations');
  // RFC 7644 §3.5.2: "Operations" holds one or more operations; Okta and Entra always send one.
  if (!Array.isArray(operations) || operations.length === 0) {
    throw new RosterError(
      'invalid-syntax',
      '"Operations" must be a non-empty array of operations (RFC 7644 §3.5.2).',
    );
  }
  // Each operation costs work proportional to the resource: the count is what bounds a request.
  if (operations.length > REQUEST_LIMITS.patchOperations) {
    throw new RosterError(
      'too-many',
      `The PATCH has ${operations.length} operations; Roster accepts at most ` +
        `${REQUEST_LIMITS.patchOperations} per request (ServiceProviderConfig patch.maxOperations). ` +
        'Split it into several requests.',
    );
  }
  return operations.map((operation, i) => readOperation(operation, `Operations[${i}]`));
}

function readOperation(raw: unknown, label: string): PatchOperation {
  if (!isPlainObject(raw)) throw new RosterError('invalid-syntax', `${label} must be an object with "op".`);
  const op = member(raw, 'op');
  // interop (Microsoft Entra ID): ops arrive capitalised ("Add", "Replace", "Remove").
  const name = typeof op === 'string' ? op.toLowerCase() : undefined;
  if (name === undefined || !OPS.has(name)) {
    throw new RosterError('invalid-syntax', `${label}.op must be "add", "replace" or "remove".`);
  }
  const rawPath = member(raw, 'path');
  if (rawPath !== undefined && rawPath !== null && typeof rawPath !== 'string') {
    throw new RosterError('invalid-syntax', `${label}.path must be a string.`);
  }
  const path = typeof rawPath === 'string' ? rawPath : undefined;
  const hasValue = hasMember(raw, 'value');
  const value = member(raw, 'value');
  if (name === 'remove') return hasValue ? { op: name, path, value } : { op: name, path };
  // RFC 7644 §3.5.2.1/§3.5.2.3: add and replace carry a value. A replace without one is refused
  // rather than read as a delete (scimmy issue #80 deletes the attribute); removal is "remove".
  if (!hasValue) {
    throw new RosterError(
      'invalid-syntax',
      `${label}: "${name}" needs a "value"; to delete an attribute use "remove".`,
    );
  }
  return { op: name as 'add' | 'replace', path, value };
}

/** Message attribute names are case-insensitive like any SCIM attribute name (RFC 7643 §2.1). */
function member(record: Record<string, unknown>, name: string): unknown {
  const key = findKey(record, name);
  return key === undefined ? undefined : record[key];
}

function hasMember(record: Record<string, unknown>, name: string): boolean {
  return findKey(record, name) !== undefined;
}

function findKey(record: Record<string, unknown>, name: string): string | undefined {
  const lower = name.toLowerCase();
  return Object.keys(record).find((key) => key.toLowerCase() === lower);
}
