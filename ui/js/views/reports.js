// Reports (chairs and treasurers): the forum's figures for any dates, as the tables the core
// describes (reports/tables.rs), each with a "Save CSV" button that saves the same table;
// and the signed annual report for a funders' year (April to March), with the same progress
// line and Cancel as the Exports screen (lib/progress.js).

import * as api from '../api.js';
import { h, replace, qs, qsa } from '../lib/dom.js';
import { showError, clearErrors, announce } from '../lib/forms.js';
import { exportBusy, watchExport, WORDS } from '../lib/progress.js';
import { formatDate } from '../lib/format.js';
import {
  pageHeading, field, button, actions, notice, section, empty, table, fitTables,
} from '../lib/ui.js';

// Remembered while the app is open (never saved to disk).
const local = { from: '', to: '', folder: null, year: '' };

/** The funders' year (April to March) that `iso` falls in: the year it starts in. */
function fundersYearOf(iso) {
  const [y, m] = iso.split('-').map(Number);
  return m >= 4 ? y : y - 1;
}

const pad = (n) => String(n).padStart(2, '0');
const lastDay = (y, m) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** Quick choices of dates, as dd/mm/yyyy pairs, worked out from today. */
function quickChoices(today) {
  const fy = fundersYearOf(today);
  const [y, m] = today.split('-').map(Number);
  const prev = m === 1 ? [y - 1, 12] : [y, m - 1];
  return [
    { id: 'this-year', label: 'This funders’ year', from: `01/04/${fy}`, to: `31/03/${fy + 1}` },
    { id: 'last-year', label: 'Last funders’ year', from: `01/04/${fy - 1}`, to: `31/03/${fy}` },
    { id: 'this-month', label: 'This month', from: `01/${pad(m)}/${y}`, to: `${lastDay(y, m)}/${pad(m)}/${y}` },
    {
      id: 'last-month', label: 'Last month',
      from: `01/${pad(prev[1])}/${prev[0]}`, to: `${lastDay(prev[0], prev[1])}/${pad(prev[1])}/${prev[0]}`,
    },
  ];
}

export async function render(container, app) {
  if (!app.canApprove()) {
    replace(container, pageHeading('Reports'),
      notice('info', 'Chairs and treasurers only', h('p', null,
        'Reports hold the whole forum’s figures, so only a chair or treasurer can see them.')));
    return;
  }
  const folder = await api.exportsFolder();
  if (local.folder === null) local.folder = folder.path;
  const choices = quickChoices(app.today);
  if (!local.from) ({ from: local.from, to: local.to } = choices[0]);
  const ctx = { app, folder, shown: null };
  ctx.results = h('div', { 'data-testid': 'report-results' });

  replace(container,
    pageHeading('Reports'),
    h('p', { class: 'lead' },
      'What the forum did between two dates, from its records: hours, meetings, paying reps, budgets, ',
      'members, projects, issues and “you said, we did”. Save any table as a spreadsheet (CSV), ',
      'or make the signed annual report for a funders’ year.'),
    rangeSection(ctx, choices),
    folderSection(ctx),
    annualSection(ctx),
    ctx.results);
  await show(ctx, false);
}

// ---------- the dates ----------

function rangeSection(ctx, choices) {
  const form = h('form', { class: 'form', 'data-testid': 'report-range-form', 'aria-label': 'Report dates', novalidate: true },
    h('div', { class: 'field-row' },
      field({ label: 'From', name: 'from', type: 'uk-date', value: local.from, required: true, testid: 'report-from' }),
      field({ label: 'To', name: 'to', type: 'uk-date', value: local.to, required: true, testid: 'report-to' })),
    actions(button('Show', { type: 'submit', kind: 'primary', testid: 'report-show' })),
    h('p', { class: 'hint' }, 'Or choose:'),
    actions(...choices.map((c) => button(c.label, {
      small: true, testid: `report-quick-${c.id}`,
      ariaLabel: `${c.label}: ${c.from} to ${c.to}`,
      onClick: async () => {
        form.elements.from.value = c.from;
        form.elements.to.value = c.to;
        local.from = c.from;
        local.to = c.to;
        await show(ctx, true);
      },
    }))));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    local.from = form.elements.from.value;
    local.to = form.elements.to.value;
    await show(ctx, true);
  });
  ctx.rangeForm = form;
  return section('Dates', { id: 'report-range' }, form);
}

function folderSection(ctx) {
  const f = field({
    label: 'Save in folder', name: 'folder', value: local.folder, wide: true, testid: 'report-folder',
    hint: 'CSV files and the annual report are saved here. Forum Desk makes the folder if it is not there yet.',
  });
  const input = qs('input', f);
  input.addEventListener('input', () => { local.folder = input.value; });
  return section('Where files are saved', { id: 'report-where' }, f,
    actions(button('Use the usual exports folder', {
      small: true, testid: 'report-folder-reset',
      onClick: () => { input.value = ctx.folder.path; local.folder = ctx.folder.path; input.focus(); },
    })));
}

function folderValue() {
  const text = String(local.folder || '').trim();
  return text || null;
}

/** Asks the core for the tables of the dates typed, and draws them; problems go beside the dates. */
async function show(ctx, focus) {
  const form = ctx.rangeForm;
  clearErrors(form);
  const submit = qs('[data-testid="report-show"]', form);
  submit.disabled = true;
  ctx.results.setAttribute('aria-busy', 'true');
  try {
    const tables = await api.reportTables(local.from, local.to);
    ctx.shown = tables;
    drawTables(ctx, tables);
    const heading = qs('[data-testid="report-results-heading"]', ctx.results);
    announce(`Showing the figures from ${formatDate(tables.from)} to ${formatDate(tables.to)}.`);
    if (focus && heading) heading.focus();
  } catch (err) {
    showError(err, form);
  } finally {
    submit.disabled = false;
    ctx.results.removeAttribute('aria-busy');
  }
}

function drawTables(ctx, shown) {
  replace(ctx.results,
    h('h2', { tabindex: '-1', 'data-testid': 'report-results-heading', class: 'report-results-heading' },
      `Figures from ${formatDate(shown.from)} to ${formatDate(shown.to)}`),
    shown.tables.map((t) => tableSection(ctx, shown, t)));
  fitTables(ctx.results);
}

function tableSection(ctx, shown, t) {
  const numeric = t.columns.map((c, i) => (c.numeric ? i : -1)).filter((i) => i >= 0);
  const result = h('div', { 'data-testid': `report-csv-result-${t.key}`, hidden: true });
  const save = button('Save CSV', {
    small: true, testid: `report-csv-${t.key}`, ariaLabel: `Save CSV of ${t.title}`,
  });
  save.addEventListener('click', async () => {
    save.disabled = true;
    result.hidden = true;
    try {
      // The dates shown, not what may have been typed since: the file matches the table.
      const saved = await api.exportReportTableCsv(shown.from, shown.to, t.key, folderValue());
      savedNotice(result, `“${t.title}” as CSV.`, saved);
    } catch (err) {
      replace(result);
      result.hidden = false;
      showError(err, result);
    } finally {
      save.disabled = false;
    }
  });
  let body;
  if (!t.rows.length) {
    body = empty(t.empty);
  } else {
    body = table({
      caption: t.title,
      headers: t.columns.map((c) => c.title),
      numeric,
      rows: t.rows.map((row) => row.map((cell) => cell.text)),
      attrs: { 'data-testid': `report-table-${t.key}` },
    });
    // A wide table scrolls sideways: it takes the focus so the keyboard can scroll it. Its
    // name differs from its section's, as two regions may not share one.
    body.setAttribute('tabindex', '0');
    body.setAttribute('role', 'region');
    body.setAttribute('aria-label', `Table: ${t.title}`);
  }
  return section(t.title, { 'data-testid': `report-section-${t.key}` }, body, actions(save), result);
}

// ---------- the annual report ----------

function annualSection(ctx) {
  const current = fundersYearOf(ctx.app.today);
  const years = [];
  for (let y = current; y >= current - 5; y -= 1) {
    years.push({ value: String(y), label: `April ${y} to March ${y + 1}` });
  }
  if (!local.year) local.year = String(current);
  const form = h('form', { class: 'form', 'data-testid': 'report-annual-form', 'aria-label': 'Signed annual report' },
    field({
      label: 'Funders’ year', name: 'year', type: 'select', value: local.year, options: years, testid: 'report-year',
    }),
    actions(button('Export signed annual report', { type: 'submit', kind: 'primary', testid: 'report-annual' })));
  const result = h('div', { 'data-testid': 'report-annual-result', hidden: true });
  // The same progress line and Cancel as the Exports screen's claim packs: the report is
  // drawn and signed while the window stays usable.
  const busy = exportBusy();
  qs('[data-busy-text]', busy).textContent = 'Making and signing the annual report…';
  form.elements.year.addEventListener('change', () => { local.year = form.elements.year.value; });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const submit = qs('[data-testid="report-annual"]', form);
    const year = Number(form.elements.year.value);
    submit.disabled = true;
    busy.hidden = false;
    result.hidden = true;
    const watching = watchExport(busy, WORDS.annual);
    let cancelled = null;
    try {
      const saved = await api.exportAnnualReport(year, folderValue());
      watching.stop();
      savedNotice(result, `Signed annual report, April ${year} to March ${year + 1}.`, saved);
    } catch (err) {
      watching.stop();
      if (err && err.code === 'cancelled') cancelled = err.message;
      else showError(err, form);
    } finally {
      busy.hidden = true;
      submit.disabled = false;
      // After the button is usable again, so it can take the focus back.
      if (cancelled) cancelledNotice(result, cancelled, submit);
    }
  });
  return section('Signed annual report', { id: 'report-annual-section' },
    h('p', null, 'The year’s figures as a PDF with charts, signed with the forum’s certificate so funders can see it has not been changed.'),
    form, busy, result);
}

/** "Cancelled: nothing was saved", with the focus back on the button that started it. */
function cancelledNotice(box, message, again) {
  box.className = 'notice notice-info';
  box.removeAttribute('data-path');
  box.setAttribute('data-cancelled', 'true');
  replace(box,
    h('p', { class: 'notice-title' }, h('strong', null, 'Cancelled')),
    h('p', null, message));
  box.hidden = false;
  announce(message);
  again.focus();
}

/** "Saved to <path>" with an Open button, which takes the focus. */
function savedNotice(box, what, saved) {
  box.className = 'notice notice-success';
  box.removeAttribute('data-cancelled');
  box.setAttribute('data-path', saved.path);
  const open = button('Open', {
    small: true, testid: 'report-open', ariaLabel: `Open ${saved.path}`,
    onClick: async () => {
      try {
        await api.exportOpen(saved.path);
        announce('Opening the file…');
      } catch (err) {
        showError(err, box);
      }
    },
  });
  replace(box,
    h('p', { class: 'notice-title' }, h('strong', null, 'Done')),
    h('p', null, what),
    h('p', null, 'Saved to ', h('span', { class: 'path' }, saved.path)),
    actions(open));
  box.hidden = false;
  for (const other of qsa('[data-path]')) if (other !== box) other.hidden = true;
  announce(`${what} Saved as ${String(saved.path).split(/[\\/]/).pop()}.`);
  open.focus();
}
