import { readProfileText, RosterError, type ProfileEdits, type ProfileTextField } from '../../domain';
import { bodyObject, ID_PATTERN } from '../request';

const TEXT_FIELDS: readonly ProfileTextField[] = ['givenName', 'familyName', 'email', 'title'];
const FLAGS = ['canManageTeam', 'active'] as const;
const EXAMPLE = '{"title": "Team Lead", "managerId": null, "active": true}';

/**
 * The body of PATCH /api/v1/users/{id}: the fields the Manage Team page edits. A field left out
 * stays as it is; null (or a blank string) clears a text field or the manager. Sending `active`
 * with the fields I3 needs fills them in the same request, as the seed article asks.
 */
export function profileEditsOf(body: unknown): ProfileEdits {
  const fields = bodyObject(body, [...TEXT_FIELDS, 'managerId', ...FLAGS], EXAMPLE);
  const edits: Record<string, unknown> = {};
  for (const field of TEXT_FIELDS) {
    const value = fields[field];
    if (value === undefined) continue;
    if (value !== null && typeof value !== 'string') {
      throw new RosterError('invalid-value', `${field} must be a string or null.`);
    }
    edits[field] = value === null ? null : readProfileText(field, value);
  }
  const managerId = fields.managerId;
  if (managerId !== undefined) {
    if (managerId !== null && (typeof managerId !== 'string' || !ID_PATTERN.test(managerId))) {
      throw new RosterError('invalid-value', 'managerId must be the id of a user of this account, or null.');
    }
    edits.managerId = managerId;
  }
  for (const flag of FLAGS) {
    const value = fields[flag];
    if (value === undefined) continue;
    if (typeof value !== 'boolean') throw new RosterError('invalid-value', `${flag} must be true or false.`);
    edits[flag] = value;
  }
  return edits as ProfileEdits;
}
