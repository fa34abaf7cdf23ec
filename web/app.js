import { account, forgetToken, rememberToken, storedToken, users, whenUnauthenticated, api } from './api.js';
import { auditDialog } from './audit-trail.js';
import { bulkUpdateDialog } from './bulk-update.js';
import { deactivateManagerDialog } from './deactivate-manager.js';
import { pendingDeactivationsPanel } from './pending-deactivations.js';
import { $, alertError, announce, clearMessages, displayNameOf } from './dom.js';
import { teamList } from './team-list.js';
import { userEditor } from './user-editor.js';

/**
 * The Manage Team page: sign in with an admin token, then the team list with its row actions
 * and dialogs. Every change goes through the admin API, whose refusals are shown verbatim.
 */

const list = teamList({
  edit: (user, opener) => editor.open(user, opener).catch((err) => alertError(err.message)),
  deactivate,
  reactivate,
  audit: (user, opener) => auditTrail.open(user, opener),
});
const auditTrail = auditDialog();
const managerFlow = deactivateManagerDialog({
  onDone: ({ user, moves, deleted }) => {
    const moved = moves.length === 1 ? '1 team member' : `${moves.length} team members`;
    refreshPending();
    if (deleted) {
      // Roster carried out the identity provider's pending DELETE once the team was reassigned.
      list.reload();
      announce(`${displayNameOf(user)} was deleted as your identity provider asked; ${moved} reassigned.`);
      return;
    }
    for (const move of moves) list.moveReport(move.reportId, move.newManagerUserName, move.newManagerId);
    focusRow(list.replaceUser(user));
    announce(`${displayNameOf(user)} is now Deactivated; ${moved} reassigned.`);
  },
});
const pending = pendingDeactivationsPanel({
  onReassign: (user, reports, opener) => managerFlow.open(user, reports, opener),
  onEdit: async (user, opener) => {
    try {
      const { user: flat } = await users.get(user.id);
      await editor.open(flat, opener);
    } catch (err) {
      alertError(err.message);
    }
  },
});

/** The pending list follows every change: a change anywhere may have let Roster finish one. */
function refreshPending() {
  pending.refresh().catch((err) => alertError(err.message));
}
const editor = userEditor({
  onSaved: (after, before) => {
    refreshPending();
    focusRow(list.replaceUser(after));
    if (after.active !== before.active)
      announce(`${displayNameOf(after)} is now ${after.active ? 'Active' : 'Deactivated'}.`);
    else if (after === before) announce('No changes to save.');
    else announce(`Updated ${displayNameOf(after)}.`);
  },
  onReassign: (user, reports) =>
    managerFlow.open(user, reports, list.rowFor(user.id)?.querySelector('.row-menu-button')),
  onAudit: (user, opener) => auditTrail.open(user, opener),
});
bulkUpdateDialog({
  onApplied: (report) => {
    announce(
      `Bulk update applied: ${report.summary.applied} changed, ${report.summary.refused + report.summary.error} not applied.`,
    );
    list.reload();
    refreshPending();
  },
});

/** After a row is re-rendered, focus goes back to its menu button rather than being lost. */
function focusRow(row) {
  if (row && (document.activeElement === document.body || !document.activeElement?.isConnected)) {
    row.querySelector('.row-menu-button')?.focus();
  }
}

async function deactivate(user, opener) {
  clearMessages();
  try {
    const { user: after } = await users.deactivate(user.id);
    refreshPending();
    focusRow(list.replaceUser(after));
    announce(`${displayNameOf(after)} is now Deactivated.`);
  } catch (err) {
    if (err.kind === 'has-active-reports' && Array.isArray(err.data.reports) && err.data.reports.length > 0) {
      managerFlow.open(user, err.data.reports, opener);
    } else {
      alertError(err.message);
      opener?.focus();
    }
  }
}

async function reactivate(user, opener) {
  clearMessages();
  try {
    const { user: after } = await users.reactivate(user.id);
    refreshPending();
    focusRow(list.replaceUser(after));
    announce(`${displayNameOf(after)} is now Active.`);
  } catch (err) {
    alertError(err.message);
    opener?.focus();
  }
}

async function showTeam() {
  const info = await account();
  $('#account-name').textContent = info.name ? `Account: ${info.name}` : '';
  editor.markRequired(info.policy?.requiredFields ?? []);
  $('#sign-in').hidden = true;
  $('#team').hidden = false;
  $('#sign-out').hidden = false;
  await Promise.all([list.search(), pending.refresh()]);
}

function showSignIn(message = '') {
  $('#team').hidden = true;
  $('#sign-out').hidden = true;
  $('#account-name').textContent = '';
  $('#sign-in').hidden = false;
  $('#sign-in-error').textContent = message;
  $('#token').value = '';
  $('#token').focus();
}

$('#sign-in-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const token = $('#token').value.trim();
  if (!token) return;
  try {
    // Checked before it is kept: a wrong token never lands in storage.
    await api('/account', { token });
  } catch (err) {
    $('#sign-in-error').textContent = err.message;
    return;
  }
  rememberToken(token);
  clearMessages();
  try {
    await showTeam();
    announce('Signed in.');
    $('#search').focus();
  } catch (err) {
    alertError(err.message);
  }
});

$('#sign-out').addEventListener('click', () => {
  forgetToken();
  clearMessages();
  showSignIn();
  announce('Signed out.');
});

whenUnauthenticated((err) => {
  forgetToken();
  for (const dialog of document.querySelectorAll('dialog[open]')) dialog.close();
  showSignIn(err.message);
});

if (storedToken()) {
  showTeam().catch((err) => {
    if (err.status !== 401) showSignIn(err.message);
  });
} else {
  showSignIn();
}
