import { RosterError } from './errors';
import { exceedsLength, STRING_LIMITS } from './limits';

/**
 * The part of a profile a team admin edits by hand (Manage Team page) or with the bulk
 * spreadsheet, as plain values. Both channels compare what they were sent with this view, so a
 * request that restates the current values changes nothing (an unedited export re-imports as
 * "unchanged"). Text is trimmed and blank is null: a stored "Ana " and a cell "Ana" are equal.
 */
export interface ProfileView {
  readonly givenName: string | null;
  readonly familyName: string | null;
  /** The primary email (or the first one when none is marked primary). */
  readonly email: string | null;
  readonly title: string | null;
  readonly managerId: string | null;
  readonly canManageTeam: boolean;
  readonly active: boolean;
}

/** What a request sets; an absent key leaves the field as it is, null clears it. */
export type ProfileEdits = { readonly [K in keyof ProfileView]?: ProfileView[K] };

export type ProfileTextField = 'givenName' | 'familyName' | 'email' | 'title';

/**
 * The caps SCIM holds the same fields to (src/domain/limits.ts), so whatever SCIM stored, an
 * exported spreadsheet carries back in. The email shape check is deliberately loose (IdPs own
 * email validation).
 */
const MAX_TEXT_LENGTH = STRING_LIMITS.text;
const MAX_EMAIL_LENGTH = STRING_LIMITS.email;
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+$/;

/** A text value as sent (cell or JSON string) → the stored value, or null for blank. */
export function readProfileText(field: ProfileTextField, raw: string): string | null {
  const value = raw.trim();
  if (value === '') return null;
  if (field === 'email') {
    if (exceedsLength(value, MAX_EMAIL_LENGTH) || !EMAIL_SHAPE.test(value)) {
      throw new RosterError('invalid-value', `"${value}" is not an email address (expected name@domain).`);
    }
    return value;
  }
  if (exceedsLength(value, MAX_TEXT_LENGTH)) {
    throw new RosterError('invalid-value', `${field} is longer than ${MAX_TEXT_LENGTH} characters.`);
  }
  return value;
}

/** A stored text value as the view shows it: trimmed, blank as null. */
export function viewText(value: string | undefined | null): string | null {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}

/** Only the edits that differ from the view; empty when the request changes nothing. */
export function changedEdits(view: ProfileView, edits: ProfileEdits): ProfileEdits {
  const changed: Partial<Record<keyof ProfileView, unknown>> = {};
  for (const key of Object.keys(edits) as (keyof ProfileView)[]) {
    if (edits[key] !== undefined && edits[key] !== view[key]) changed[key] = edits[key];
  }
  return changed as ProfileEdits;
}
