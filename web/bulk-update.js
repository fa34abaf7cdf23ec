import { users } from './api.js';
import { $, h } from './dom.js';
import { openDialog, setUpDialog } from './dialogs.js';

const OUTCOMES = {
  dryRun: { applied: 'Will change', unchanged: 'No change', refused: 'Refused', error: 'Error' },
  applied: { applied: 'Changed', unchanged: 'No change', refused: 'Refused', error: 'Error' },
};

/**
 * Bulk update (seed article): download the spreadsheet, edit it, upload it. The upload is
 * first a dry run whose report shows what each row would do; "Apply changes" then sends the
 * same file for real and shows what each row did.
 */
export function bulkUpdateDialog({ onApplied }) {
  const dialog = $('#bulk-dialog');
  const error = $('#bulk-error');
  const apply = $('#bulk-apply');
  let checked = null;

  setUpDialog(dialog);

  function reset() {
    error.textContent = '';
    $('#bulk-summary').textContent = '';
    $('#bulk-report-wrap').hidden = true;
    $('#bulk-rows').replaceChildren();
    apply.hidden = true;
    checked = null;
  }

  function showReport(report) {
    const labels = report.dryRun ? OUTCOMES.dryRun : OUTCOMES.applied;
    const { summary } = report;
    const counts = ['applied', 'unchanged', 'refused', 'error']
      .filter((kind) => summary[kind] > 0)
      .map((kind) => `${summary[kind]} ${labels[kind].toLowerCase()}`);
    $('#bulk-summary').textContent =
      `${report.dryRun ? 'Dry run, nothing changed yet' : 'Applied'}: ${summary.rows} row${summary.rows === 1 ? '' : 's'}${counts.length ? ` — ${counts.join(', ')}` : ''}.`;
    $('#bulk-caption').textContent = report.dryRun ? 'What each row would do' : 'What each row did';
    $('#bulk-rows').replaceChildren(
      ...report.rows.map((row) =>
        h(
          'tr',
          { dataset: { outcome: row.outcome } },
          h('td', { text: String(row.row) }),
          h('td', { text: row.userName }),
          h(
            'td',
            {},
            h('span', { class: `outcome ${row.outcome}`, text: labels[row.outcome] ?? row.outcome }),
          ),
          h('td', { class: 'detail', text: row.reason ?? '' }),
        ),
      ),
    );
    $('#bulk-report-wrap').hidden = false;
  }

  $('#open-bulk').addEventListener('click', (event) => {
    reset();
    $('#bulk-file').value = '';
    openDialog(dialog, { opener: event.currentTarget });
  });

  $('#bulk-download').addEventListener('click', async () => {
    error.textContent = '';
    try {
      const response = await users.exportCsv();
      const url = URL.createObjectURL(await response.blob());
      const link = h('a', { href: url, download: 'users.csv', hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      $('#bulk-summary').textContent = 'Downloaded users.csv.';
    } catch (err) {
      error.textContent = err.message;
    }
  });

  $('#bulk-file').addEventListener('change', reset);

  $('#bulk-check').addEventListener('click', async () => {
    reset();
    const file = $('#bulk-file').files[0];
    if (!file) {
      error.textContent = 'Choose the edited CSV file first.';
      $('#bulk-file').focus();
      return;
    }
    const text = await file.text();
    $('#bulk-summary').textContent = 'Checking…';
    try {
      const report = await users.importCsv(text, true);
      showReport(report);
      checked = text;
      apply.hidden = report.summary.applied === 0;
    } catch (err) {
      $('#bulk-summary').textContent = '';
      error.textContent = err.message;
    }
  });

  apply.addEventListener('click', async () => {
    if (checked === null) return;
    apply.disabled = true;
    error.textContent = '';
    try {
      const report = await users.importCsv(checked, false);
      showReport(report);
      apply.hidden = true;
      checked = null;
      $('#bulk-dialog').querySelector('[data-close]').focus();
      onApplied(report);
    } catch (err) {
      error.textContent = err.message;
    } finally {
      apply.disabled = false;
    }
  });
}
