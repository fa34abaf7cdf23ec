import { pendingDeactivations } from './api.js';
import { $, alertError, announce, clearMessages, displayNameOf, h } from './dom.js';

/**
 * The "Pending deactivations (N)" notice on Manage Team and its list: deactivations an IdP asked
 * for that Roster refused (the user still leads a team, or owns the account) and will carry out
 * by itself once the block ends. From each, the Deactivate a Manager step opens prefilled with
 * the team; reassigning it is all it takes, Roster finishes the IdP's request.
 */
export function pendingDeactivationsPanel({ onReassign, onEdit }) {
  const notice = $('#pending-notice');
  const toggle = $('#pending-toggle');
  const panel = $('#pending-panel');
  const rows = $('#pending-rows');
  let items = [];

  toggle.addEventListener('click', () => {
    panel.hidden = !panel.hidden;
    toggle.setAttribute('aria-expanded', String(!panel.hidden));
  });

  async function refresh() {
    ({ pendingDeactivations: items } = await pendingDeactivations.list());
    notice.hidden = items.length === 0;
    toggle.textContent = `Pending deactivations (${items.length})`;
    if (items.length === 0) {
      panel.hidden = true;
      toggle.setAttribute('aria-expanded', 'false');
    }
    rows.replaceChildren(...items.map(row));
  }

  function row(item) {
    const name = displayNameOf(item.user);
    const what = item.action === 'delete' ? 'Delete' : 'Deactivate';
    return h(
      'tr',
      { dataset: { userId: item.user.id, userName: item.user.userName } },
      h(
        'th',
        { scope: 'row' },
        name,
        name !== item.user.userName ? h('div', { class: 'muted', text: item.user.userName }) : null,
      ),
      h('td', { text: `${what}, asked by ${item.requestedBy} (${channelName(item.channel)})` }),
      h(
        'td',
        {},
        h('time', { datetime: item.requestedAt, text: since(item.requestedAt) }),
        attemptsNote(item.attempts),
      ),
      h('td', { text: blockText(item.blockedBy) }),
      h(
        'td',
        { class: 'pending-actions' },
        nextStep(item),
        h('button', {
          type: 'button',
          class: 'link-button',
          'aria-label': `Cancel the request for ${item.user.userName}`,
          text: 'Cancel request',
          onclick: () => cancel(item),
        }),
      ),
    );
  }

  function nextStep(item) {
    const block = item.blockedBy;
    if (block && 'activeReports' in block) {
      return h('button', {
        type: 'button',
        'aria-label': `Reassign the team of ${item.user.userName}`,
        text: 'Reassign team',
        onclick: (event) => onReassign(item.user, item.reports, event.currentTarget),
      });
    }
    if (block && 'missing' in block) {
      return h('button', {
        type: 'button',
        'aria-label': `Complete the profile of ${item.user.userName}`,
        text: 'Complete profile',
        onclick: (event) => onEdit(item.user, event.currentTarget),
      });
    }
    return null;
  }

  async function cancel(item) {
    clearMessages();
    try {
      await pendingDeactivations.cancel(item.user.id);
      await refresh();
      announce(`The request to ${item.action} ${displayNameOf(item.user)} was cancelled.`);
      if (!notice.hidden && !panel.hidden) rows.querySelector('button')?.focus();
      else toggle.focus();
    } catch (err) {
      alertError(err.message);
    }
  }

  return { refresh };
}

function channelName(channel) {
  return channel === 'scim-bulk' ? 'SCIM bulk' : 'SCIM';
}

function attemptsNote(attempts) {
  return attempts > 1 ? h('div', { class: 'muted', text: `${attempts} attempts` }) : null;
}

function since(iso) {
  return `since ${new Date(iso).toLocaleString()}`;
}

function blockText(block) {
  if (block === null) return 'Nothing; Roster finishes it on its next check.';
  if ('primaryOwner' in block)
    return 'Primary account owner: ownership must be transferred (Technical Support).';
  if ('missing' in block) return `Profile incomplete: ${block.missing.join(', ')}.`;
  const more = block.activeReports - block.names.length;
  const team = block.names.join(', ') + (more > 0 ? ` and ${more} more` : '');
  return `Leads ${block.activeReports === 1 ? '1 active team member' : `${block.activeReports} active team members`}: ${team}.`;
}
