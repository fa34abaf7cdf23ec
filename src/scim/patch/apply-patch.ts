/**
 * PATCH of a User (RFC 7644 §3.5.2): the operations applied in order to a copy-on-write draft of
 * the current representation, then the result validated exactly as a PUT body is (coerce.ts), so
 * PATCH can never store what PUT could not. All or nothing: the first failing operation fails the
 * request, and the input resource is never mutated.
 *
 * Why not scimmy's PatchOp: it coerces the resource about six times per request (~5 ms) and fails
 * the Okta/Entra forms listed in docs/scimmy-notes.md §3; each form handled here says so at its place.
 */
import { isRosterError, RosterError } from '../../domain';
import { coerceUserInput } from '../schema/coerce';
import { isPlainObject } from '../schema/coerce-value';
import { assertSafeKey } from '../schema/input-keys';
import { isDiscardedAttribute } from '../schema/interop';
import { userSchemas } from '../schema/registry';
import type { ScimUserInput, ScimUserResource } from '../schema/types';
import { applyToMultiValued } from './apply-multi';
import { applyToSingleValued } from './apply-single';
import { readPatchRequest, type PatchOperation } from './patch-request';
import { resolveTarget } from './patch-target';
import { UserDraft } from './user-draft';

export function applyPatch(resource: ScimUserResource, body: unknown): ScimUserInput {
  const steps = patchSteps(resource, body);
  for (let step = steps.next(); ; step = steps.next()) if (step.done) return step.value;
}

/**
 * The same PATCH, giving the event loop a turn after every operation: each operation's work is
 * bounded (src/domain/limits.ts), so no request keeps the process from answering others
 * (/healthz, other tenants) for longer than one operation takes.
 */
export async function applyPatchYielding(resource: ScimUserResource, body: unknown): Promise<ScimUserInput> {
  const steps = patchSteps(resource, body);
  for (let step = steps.next(); ; step = steps.next()) {
    if (step.done) return step.value;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

function* patchSteps(resource: ScimUserResource, body: unknown): Generator<void, ScimUserInput> {
  const operations = readPatchRequest(body);
  const draft = new UserDraft(resource as unknown as Record<string, unknown>);
  for (const [i, operation] of operations.entries()) {
    try {
      applyOperation(draft, operation);
    } catch (err) {
      // Name the failing operation: Entra and Okta batch several in one request.
      if (!isRosterError(err)) throw err;
      throw new RosterError(err.kind, `Operations[${i}] (${describe(operation)}): ${err.detail}`, err.data);
    }
    yield;
  }
  return coerceUserInput(draft.result(), 'replace');
}

function applyOperation(draft: UserDraft, operation: PatchOperation): void {
  if (operation.path !== undefined && userSchemas.isExtension(operation.path)) {
    applyToExtension(draft, operation.op, userSchemas.schemaUrn(operation.path)!, operation.value);
    return;
  }
  if (operation.path !== undefined) {
    applyAtPath(draft, operation.op, operation.path, operation.value);
    return;
  }
  // RFC 7644 §3.5.2.2: "If "path" is unspecified, the operation fails with ... noTarget".
  if (operation.op === 'remove') {
    throw new RosterError('no-target', '"remove" needs a "path" naming what to remove (RFC 7644 §3.5.2.2).');
  }
  for (const { path, value } of valueObjectOperations(operation.value)) {
    applyAtPath(draft, operation.op, path, value);
  }
}

function applyAtPath(draft: UserDraft, op: PatchOperation['op'], path: string, value: unknown): void {
  if (isDiscardedAttribute(path)) return;
  const target = resolveTarget(path, op);
  if (target.attribute.multiValued) {
    applyToMultiValued(draft, op, target, value);
  } else {
    applyToSingleValued(draft, op, target, value);
  }
}

/**
 * interop (scim2-models, schema-driven clients): the path is an extension's URN alone, e.g.
 * `"path": "urn:…:enterprise:2.0:User"`. Add and replace set the attributes the value object
 * names, as `{"urn:…": value}` without a path would; remove unassigns each attribute of the
 * extension a client may remove.
 */
function applyToExtension(draft: UserDraft, op: PatchOperation['op'], urn: string, value: unknown): void {
  if (op !== 'remove') {
    for (const step of valueObjectOperations({ [urn]: value })) applyAtPath(draft, op, step.path, step.value);
    return;
  }
  for (const attribute of userSchemas.attributesOf(urn)) {
    if (attribute.mutability === 'readOnly' || attribute.required) continue;
    applyAtPath(draft, 'remove', `${urn}:${attribute.name}`, undefined);
  }
}

/**
 * An add or replace without a path: "value" holds the attributes to set (RFC 7644 §3.5.2.1, §3.5.2.3),
 * each applied as if its key were the path.
 * interop (Okta): deactivation is `{"op": "replace", "value": {"active": false}}`.
 * interop (Microsoft Entra ID): keys may be dotted (`name.givenName`) or URN-qualified
 * (`urn:…:enterprise:2.0:User:department`, `…:manager`) as well as nested under the extension URN.
 * `schemas` in the value is the resource's list of schemas, not an attribute, and is skipped.
 */
function valueObjectOperations(value: unknown): Array<{ path: string; value: unknown }> {
  if (!isPlainObject(value)) {
    throw new RosterError(
      'invalid-syntax',
      'Without a "path", "value" must be an object of the attributes to set (RFC 7644 §3.5.2.1).',
    );
  }
  const operations: Array<{ path: string; value: unknown }> = [];
  for (const key of Object.keys(value)) {
    assertSafeKey(key, 'invalid-path');
    if (key.toLowerCase() === 'schemas') continue;
    const urn = userSchemas.isExtension(key) ? userSchemas.schemaUrn(key) : undefined;
    if (urn === undefined) {
      operations.push({ path: key, value: value[key] });
      continue;
    }
    const extension = value[key];
    if (!isPlainObject(extension)) {
      throw new RosterError(
        'invalid-syntax',
        `${urn} in "value" must be an object of that extension's attributes.`,
      );
    }
    for (const name of Object.keys(extension)) {
      assertSafeKey(name, 'invalid-path');
      // scim2-models puts the extension's own `schemas` in its object, as it does in the resource.
      if (name.toLowerCase() === 'schemas') continue;
      operations.push({ path: `${urn}:${name}`, value: extension[name] });
    }
  }
  return operations;
}

function describe(operation: PatchOperation): string {
  return operation.path === undefined ? operation.op : `${operation.op} ${operation.path}`;
}
