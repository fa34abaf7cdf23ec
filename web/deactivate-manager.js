import { users } from './api.js';
import { $, displayNameOf, h } from './dom.js';
import { closeDialog, openDialog, setUpDialog } from './dialogs.js';
import { userPicker } from './user-picker.js';

/**
 * "Deactivate a Manager" (seed article): a team lead's active direct reports get a new Team Lead
 * — all the same one, or each their own — and then the lead is deactivated, in one request.
 * The server checks the whole plan before changing anything; its refusal is shown verbatim.
 */
export function deactivateManagerDialog({ onDone }) {
  const dialog = $('#manager-dialog');
  const form = $('#manager-form');
  const error = $('#manager-error');
  let manager = null;
  let reports = [];
  let allPicker = null;
  let eachPickers = [];

  setUpDialog(dialog);

  const mode = () => form.elements.mode.value;

  function showMode() {
    const each = mode() === 'each';
    $('#manager-all').hidden = each;
    $('#manager-each').hidden = !each;
  }

  function open(lead, activeReports, opener) {
    manager = lead;
    reports = activeReports;
    error.replaceChildren();
    const name = displayNameOf(lead);
    const count = reports.length === 1 ? '1 active team member' : `${reports.length} active team members`;
    $('#manager-intro').textContent =
      `${name} leads ${count}. Reassign them to a new Team Lead; ${name} is deactivated once they are reassigned.`;
    allPicker = userPicker({ label: 'New Team Lead for all team members', exclude: [lead.id] });
    $('#manager-all').replaceChildren(allPicker.element);
    eachPickers = reports.map((report) => ({
      report,
      picker: userPicker({ label: `New Team Lead for ${report.userName}`, exclude: [lead.id, report.id] }),
    }));
    $('#manager-each-rows').replaceChildren(
      ...eachPickers.map(({ report, picker }) =>
        h(
          'tr',
          { dataset: { reportId: report.id } },
          h('th', { scope: 'row', text: report.userName }),
          h('td', {}, picker.element),
        ),
      ),
    );
    form.elements.mode.value = 'all';
    showMode();
    openDialog(dialog, { focus: form.querySelector('input[name=mode]:checked'), opener });
  }

  function request() {
    if (mode() === 'all') {
      if (!allPicker.value)
        return { problem: 'Choose the new Team Lead from the list.', focus: allPicker.input };
      return { body: { reassignAllTo: allPicker.value.id } };
    }
    const unset = eachPickers.filter(({ picker }) => !picker.value);
    if (unset.length > 0) {
      return {
        problem: `Choose a new Team Lead from the list for ${unset.map(({ report }) => report.userName).join(', ')}.`,
        focus: unset[0].picker.input,
      };
    }
    return {
      body: {
        reassign: Object.fromEntries(eachPickers.map(({ report, picker }) => [report.id, picker.value.id])),
      },
    };
  }

  form.addEventListener('change', (event) => {
    if (event.target.name === 'mode') showMode();
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.replaceChildren();
    const { body, problem, focus } = request();
    if (problem) {
      error.textContent = problem;
      focus.focus();
      return;
    }
    const confirm = $('#manager-confirm');
    confirm.disabled = true;
    try {
      const result = await users.deactivate(manager.id, body);
      closeDialog(dialog);
      onDone(result);
    } catch (err) {
      error.textContent = err.message;
    } finally {
      confirm.disabled = false;
    }
  });

  return { open };
}
