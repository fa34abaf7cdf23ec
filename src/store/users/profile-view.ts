import { viewText, type ProfileEdits, type ProfileView } from '../../domain';
import type { UserDocument } from './user-document';
import type { UserDraft } from './user-writes';

/**
 * The stored user ⇄ the team admin's view of it (domain ProfileView). The page and the
 * spreadsheet show one email; a user synced from an IdP may have several, and an edit touches
 * only the one shown: the primary, or the first when none is marked primary.
 */

/** The view of a stored user. `managerExists` false hides a reference to a user who was deleted. */
export function profileViewOf(doc: UserDocument, managerExists = true): ProfileView {
  return {
    givenName: viewText(doc.name?.givenName),
    familyName: viewText(doc.name?.familyName),
    email: viewText(doc.emails?.[shownEmailIndex(doc)]?.value),
    title: viewText(doc.title),
    managerId: managerExists ? (doc.managerId ?? null) : null,
    canManageTeam: doc.canManageTeam,
    active: doc.active,
  };
}

/** The stored user with the edits made; the store's `update` judges and writes it. */
export function applyProfileEdits(doc: UserDocument, edits: ProfileEdits): UserDraft {
  const draft: UserDraft = { ...doc };
  if (edits.givenName !== undefined || edits.familyName !== undefined) {
    const name = { ...doc.name };
    setOrDrop(name, 'givenName', edits.givenName);
    setOrDrop(name, 'familyName', edits.familyName);
    draft.name = Object.keys(name).length > 0 ? name : undefined;
  }
  if (edits.email !== undefined) draft.emails = withEmail(doc, edits.email);
  if (edits.title !== undefined) draft.title = edits.title ?? undefined;
  if (edits.managerId !== undefined) draft.managerId = edits.managerId ?? undefined;
  if (edits.canManageTeam !== undefined) draft.canManageTeam = edits.canManageTeam;
  if (edits.active !== undefined) draft.active = edits.active;
  return draft;
}

function shownEmailIndex(doc: UserDocument): number {
  const primary = doc.emails?.findIndex((e) => e.primary === true) ?? -1;
  return primary >= 0 ? primary : 0;
}

/** The emails with the shown one replaced (keeping its type), added as the primary work email, or removed. */
function withEmail(doc: UserDocument, email: string | null): UserDocument['emails'] {
  const emails = [...(doc.emails ?? [])];
  const at = shownEmailIndex(doc);
  const shown = emails[at];
  if (email === null) {
    if (shown) emails.splice(at, 1);
  } else if (shown) emails[at] = { ...shown, value: email };
  else emails.unshift({ value: email, type: 'work', primary: true });
  return emails.length > 0 ? emails : undefined;
}

function setOrDrop<K extends 'givenName' | 'familyName'>(
  name: NonNullable<UserDocument['name']>,
  key: K,
  value: string | null | undefined,
): void {
  if (value === undefined) return;
  if (value === null) delete name[key];
  else name[key] = value;
}
