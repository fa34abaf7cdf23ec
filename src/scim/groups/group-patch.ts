/**
 * PATCH of a Group (RFC 7644 §3.5.2) read as a change to the stored group (GroupChange): the
 * operations are folded, in order, into new attribute values and the net member additions and
 * removals, so that no operation needs the current member list and a 50,000-member group is
 * never loaded to add one member. The message itself is read by the User PATCH engine's parser.
 *
 * The request forms of the provisioning clients, as they send them (test/fixtures/okta,
 * test/fixtures/entra):
 * - Okta: `replace` without a path whose value is `{"id": …, "displayName": …}` (group push renames
 *   this way, echoing the group's own id); `add` on `members` with a list; `remove` with
 *   `members[value eq "ID"]`; `replace` on `members` with the whole list.
 * - Microsoft Entra ID: `Add` / `Remove` (capitalised) on `members` with `[{"value": "ID"}]`
 *   (`$ref: null` included), and `Replace` on `displayName`.
 *
 * Decisions where the RFC leaves room:
 * - `remove` on `members` with a value removes those members only (Entra); without one, all.
 * - Only `members[value eq "ID"]` filters (joined by `or`) select members to remove: a member is
 *   an id, and any other filter would need the whole list. Others are refused (invalidPath).
 * - `id` may be "replaced" by its own value (Okta echoes it); any other value is a readOnly error.
 */
import { isRosterError, RosterError } from '../../domain';
import type { GroupChange, MemberChange } from '../../store';
import type { Filter } from '../filter/ast';
import { parsePatchPath } from '../filter/parse';
import { readPatchRequest, type PatchOperation } from '../patch/patch-request';
import { coerceAttributeValue, isPlainObject } from '../schema/coerce-value';
import { assertSafeKey } from '../schema/input-keys';
import { memberIdsOf, requiredDisplayName } from './group-input';
import { groupSchema } from './group-schema';

type Op = PatchOperation['op'];

export function readGroupPatch(body: unknown, groupId: string): GroupChange {
  const operations = readPatchRequest(body);
  const change = new ChangeBuilder(groupId);
  operations.forEach((operation, i) => {
    try {
      applyOperation(change, operation);
    } catch (err) {
      // Name the failing operation: Entra and Okta batch several in one request.
      if (!isRosterError(err)) throw err;
      const what = operation.path === undefined ? operation.op : `${operation.op} ${operation.path}`;
      throw new RosterError(err.kind, `Operations[${i}] (${what}): ${err.detail}`, err.data);
    }
  });
  return change.result();
}

function applyOperation(change: ChangeBuilder, operation: PatchOperation): void {
  if (operation.path !== undefined) {
    applyAtPath(change, operation.op, operation.path, operation.value);
    return;
  }
  // RFC 7644 §3.5.2.2: "If "path" is unspecified, the operation fails with ... noTarget".
  if (operation.op === 'remove') {
    throw new RosterError('no-target', '"remove" needs a "path" naming what to remove (RFC 7644 §3.5.2.2).');
  }
  // RFC 7644 §3.5.2.1/§3.5.2.3: without a path, "value" holds the attributes to set.
  if (!isPlainObject(operation.value)) {
    throw new RosterError(
      'invalid-syntax',
      'Without a "path", "value" must be an object of the attributes to set (RFC 7644 §3.5.2.1).',
    );
  }
  for (const [key, value] of Object.entries(operation.value)) {
    assertSafeKey(key, 'invalid-path');
    if (key.toLowerCase() === 'schemas') continue;
    applyAtPath(change, operation.op, key, value);
  }
}

function applyAtPath(change: ChangeBuilder, op: Op, text: string, value: unknown): void {
  const parsed = parsePatchPath(text);
  const resolved = groupSchema.resolve(parsed.path);
  if (resolved === undefined) {
    throw new RosterError(
      'invalid-path',
      `${JSON.stringify(text)} names no attribute of the Group resource.`,
    );
  }
  const { attribute } = resolved;
  if (attribute.name === 'members') {
    const sub = resolved.subAttribute !== undefined || parsed.subAttr !== undefined;
    applyToMembers(change, op, text, parsed.valueFilter, sub, value);
    return;
  }
  // interop (Okta): group push renames with {"id": <the group's own id>, "displayName": …}. Echoing
  // the id changes nothing; any other write to a readOnly attribute is refused (RFC 7644 §3.5.2).
  if (attribute.name === 'id' && op !== 'remove' && value === change.groupId) return;
  if (attribute.mutability === 'readOnly') {
    throw readOnly(`${attribute.name} is readOnly: Roster sets it, a client cannot ${op} it.`);
  }
  if (resolved.subAttribute !== undefined || parsed.valueFilter !== undefined) {
    throw new RosterError('invalid-path', `${attribute.name} has no sub-attributes or values to select.`);
  }
  if (attribute.name === 'displayName') {
    // RFC 7644 §3.5.2.2: removing a required attribute is a mutability error.
    if (op === 'remove') throw readOnly('displayName is required and cannot be removed; replace it instead.');
    change.displayName = requiredDisplayName(coerceAttributeValue(attribute, value, 'displayName'));
    return;
  }
  // externalId, the one other writable attribute.
  const externalId = op === 'remove' ? undefined : coerceAttributeValue(attribute, value, 'externalId');
  change.externalId = typeof externalId === 'string' ? externalId : null;
}

function applyToMembers(
  change: ChangeBuilder,
  op: Op,
  text: string,
  filter: Filter | undefined,
  subAttribute: boolean,
  value: unknown,
): void {
  if (subAttribute) {
    throw new RosterError(
      'invalid-path',
      `${JSON.stringify(text)}: members are added and removed whole, by value; a member's sub-attributes are not changed.`,
    );
  }
  if (filter !== undefined) {
    if (op !== 'remove') {
      throw new RosterError(
        'invalid-path',
        `${JSON.stringify(text)}: a filtered members path can only be removed; add members with "path": "members".`,
      );
    }
    change.removeMembers(memberIdsOfFilter(filter, text));
    return;
  }
  if (op === 'add') change.addMembers(memberIdsOf(value, 'value'));
  else if (op === 'replace') change.replaceMembers(memberIdsOf(value, 'value'));
  // interop (Microsoft Entra ID): `Remove` on `members` with `[{"value": "ID"}]` removes those only.
  else if (value === undefined || value === null) change.replaceMembers([]);
  else change.removeMembers(memberIdsOf(value, 'value'));
}

/** `members[value eq "a"]`, `members[value eq "a" or value eq "b"]`: the ids they name. */
function memberIdsOfFilter(filter: Filter, text: string): string[] {
  if (filter.kind === 'or')
    return [...memberIdsOfFilter(filter.left, text), ...memberIdsOfFilter(filter.right, text)];
  if (
    filter.kind === 'compare' &&
    filter.op === 'eq' &&
    filter.path.attr.toLowerCase() === 'value' &&
    filter.path.subAttr === undefined &&
    typeof filter.value === 'string'
  ) {
    return [filter.value];
  }
  throw new RosterError(
    'invalid-path',
    `${JSON.stringify(text)}: members are selected by id only, as members[value eq "ID"] (several joined by "or").`,
  );
}

function readOnly(detail: string): RosterError {
  return new RosterError('read-only', detail);
}

/**
 * The operations so far, folded: the last displayName and externalId written, and the members as
 * either a whole new list (after a replace) or net additions and removals (an add cancels an
 * earlier remove of the same user and the other way round).
 */
class ChangeBuilder {
  displayName?: string;
  externalId?: string | null;
  private replacement?: Set<string>;
  private readonly added = new Set<string>();
  private readonly removed = new Set<string>();

  constructor(readonly groupId: string) {}

  addMembers(ids: readonly string[]): void {
    for (const id of ids) {
      if (this.replacement) this.replacement.add(id);
      else {
        this.added.add(id);
        this.removed.delete(id);
      }
    }
  }

  removeMembers(ids: readonly string[]): void {
    for (const id of ids) {
      if (this.replacement) this.replacement.delete(id);
      else {
        this.removed.add(id);
        this.added.delete(id);
      }
    }
  }

  replaceMembers(ids: readonly string[]): void {
    this.replacement = new Set(ids);
    this.added.clear();
    this.removed.clear();
  }

  result(): GroupChange {
    const members = this.members();
    return {
      ...(this.displayName === undefined ? {} : { displayName: this.displayName }),
      ...(this.externalId === undefined ? {} : { externalId: this.externalId }),
      ...(members === undefined ? {} : { members }),
    };
  }

  private members(): MemberChange | undefined {
    if (this.replacement) return { kind: 'replace', userIds: [...this.replacement] };
    if (this.added.size === 0 && this.removed.size === 0) return undefined;
    return { kind: 'delta', add: [...this.added], remove: [...this.removed] };
  }
}
