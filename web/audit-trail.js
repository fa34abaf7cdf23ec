import { audit } from './api.js';
import { $, displayNameOf, h } from './dom.js';
import { openDialog, setUpDialog } from './dialogs.js';

const ACTIONS = {
  create: 'Created',
  update: 'Updated',
  deactivate: 'Deactivate',
  reactivate: 'Reactivate',
  delete: 'Delete',
};

/** A user's audit trail (GET /api/v1/audit?userId=): lifecycle events, newest first. */
export function auditDialog() {
  const dialog = $('#audit-dialog');
  setUpDialog(dialog);

  async function open(user, opener) {
    $('#audit-title').textContent = `Audit trail: ${displayNameOf(user)}`;
    $('#audit-status').textContent = 'Loading…';
    $('#audit-rows').replaceChildren();
    openDialog(dialog, { focus: dialog.querySelector('[data-close]'), opener });
    try {
      const { events } = await audit(user.id);
      $('#audit-rows').replaceChildren(
        ...events.map((event) =>
          h(
            'tr',
            {},
            h('td', {}, h('time', { datetime: event.time, text: new Date(event.time).toLocaleString() })),
            h('td', { text: ACTIONS[event.action] ?? event.action }),
            h(
              'td',
              {},
              h('span', {
                class: `outcome ${event.outcome}`,
                text: event.outcome === 'applied' ? 'Applied' : 'Refused',
              }),
            ),
            h('td', { text: event.channel }),
            h('td', { text: event.actor }),
            h('td', { class: 'detail', text: event.detail ?? '' }),
          ),
        ),
      );
      $('#audit-status').textContent =
        events.length === 0
          ? 'No lifecycle events recorded for this user.'
          : `${events.length} event${events.length === 1 ? '' : 's'}, newest first.`;
    } catch (err) {
      $('#audit-status').textContent = err.message;
    }
  }

  return { open };
}
