import { users } from './api.js';
import { $, displayNameOf, h } from './dom.js';
import { closeDialog, openDialog, setUpDialog } from './dialogs.js';
import { userPicker } from './user-picker.js';

/** The tenant policy's required attribute paths → the form's fields. */
const FIELD_OF_PATH = {
  'name.givenName': 'givenName',
  'name.familyName': 'familyName',
  emails: 'email',
  'emails.value': 'email',
  title: 'title',
};
const LABELS = { givenName: 'Given name', familyName: 'Family name', email: 'Email', title: 'Title' };
const TEXT_FIELDS = ['givenName', 'familyName', 'email', 'title'];

const inputOf = (field) => $(field === 'title' ? '#edit-title-field' : `#edit-${field}`);

/**
 * Edit User: the profile form with the Deactivated checkbox (seed article, "Reactivate a
 * Profile"). Sends only what changed, with the version read as If-Match, so a change someone
 * else made meanwhile is refused rather than overwritten. A status change on an incomplete
 * profile is refused by the server; the form names the missing fields and marks them.
 */
export function userEditor({ onSaved, onReassign, onAudit }) {
  const dialog = $('#edit-dialog');
  const form = $('#edit-form');
  const error = $('#edit-error');
  let user = null;
  let picker = null;
  let required = [];

  setUpDialog(dialog);

  function markRequired(paths) {
    required = paths.map((path) => FIELD_OF_PATH[path]).filter(Boolean);
    for (const field of TEXT_FIELDS) {
      const input = inputOf(field);
      const mark = input.closest('.field').querySelector('.req');
      const isRequired = required.includes(field);
      mark.replaceChildren(
        ...(isRequired
          ? [
              h('span', { 'aria-hidden': 'true', text: '*' }),
              h('span', { class: 'visually-hidden', text: ' (required)' }),
            ]
          : []),
      );
      if (isRequired) input.setAttribute('aria-required', 'true');
      else input.removeAttribute('aria-required');
    }
  }

  function labelsOf(paths) {
    return paths.map((path) => LABELS[FIELD_OF_PATH[path]] ?? path);
  }

  function markMissing(paths) {
    const fields = paths.map((path) => FIELD_OF_PATH[path]).filter(Boolean);
    for (const field of TEXT_FIELDS) {
      const input = inputOf(field);
      if (fields.includes(field)) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    }
    return fields.map(inputOf);
  }

  function showMissing(paths) {
    const note = $('#edit-missing');
    note.hidden = paths.length === 0;
    note.textContent =
      paths.length === 0
        ? ''
        : `This profile is incomplete: fill in ${labelsOf(paths).join(', ')} before changing its status (placeholder values are accepted).`;
    markMissing(paths);
  }

  async function open(summary, opener) {
    user = (await users.get(summary.id)).user;
    error.replaceChildren();
    $('#edit-title').textContent = `Edit User: ${displayNameOf(user)}`;
    $('#edit-username').textContent = `${user.userName}${user.primaryOwner ? ' · Primary owner' : ''}`;
    for (const field of TEXT_FIELDS) inputOf(field).value = user[field] ?? '';
    picker = userPicker({
      label: 'Team lead (manager)',
      exclude: [user.id],
      selected: user.managerId
        ? { id: user.managerId, userName: user.managerUserName ?? user.managerId }
        : null,
    });
    $('#edit-manager-slot').replaceChildren(picker.element);
    $('#edit-canManageTeam').checked = user.canManageTeam;
    $('#edit-manageUsers').checked = user.manageUsers;
    $('#edit-deactivated').checked = !user.active;
    showMissing(user.missingFields);
    openDialog(dialog, { focus: inputOf('givenName'), opener });
  }

  function edits() {
    const changed = {};
    for (const field of TEXT_FIELDS) {
      const value = inputOf(field).value.trim();
      if (value !== (user[field] ?? '')) changed[field] = value === '' ? null : value;
    }
    const managerId = picker.value?.id ?? null;
    if (managerId !== user.managerId) changed.managerId = managerId;
    const canManageTeam = $('#edit-canManageTeam').checked;
    if (canManageTeam !== user.canManageTeam) changed.canManageTeam = canManageTeam;
    const manageUsers = $('#edit-manageUsers').checked;
    if (manageUsers !== user.manageUsers) changed.manageUsers = manageUsers;
    const active = !$('#edit-deactivated').checked;
    if (active !== user.active) changed.active = active;
    return changed;
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.replaceChildren();
    if (picker.unresolved) {
      error.textContent = 'Choose the team lead from the list, or clear the field for no team lead.';
      picker.input.focus();
      return;
    }
    const changed = edits();
    if (Object.keys(changed).length === 0) {
      closeDialog(dialog);
      onSaved(user, user);
      return;
    }
    const save = $('#edit-save');
    save.disabled = true;
    try {
      const before = user;
      const { user: after } = await users.update(user.id, changed, user.version);
      user = after;
      closeDialog(dialog);
      onSaved(after, before);
    } catch (err) {
      error.append(h('p', { text: err.message }));
      if (Array.isArray(err.data.missing)) {
        showMissing(err.data.missing);
        markMissing(err.data.missing)[0]?.focus();
      }
      if (err.kind === 'has-active-reports' && Array.isArray(err.data.reports) && changed.active === false) {
        const target = user;
        error.append(
          h('button', {
            type: 'button',
            text: 'Reassign their team and deactivate…',
            onclick: () => {
              closeDialog(dialog);
              onReassign(target, err.data.reports);
            },
          }),
        );
      }
    } finally {
      save.disabled = false;
    }
  });

  $('#edit-audit').addEventListener('click', () => {
    if (user) onAudit(user, $('#edit-audit'));
  });

  return { open, markRequired };
}
