// Claims: one representative's claim to one funder for one month. Reps add lines (time,
// mileage, fares, parking, childcare, other), attach receipts and submit. The chair or
// treasurer can also type in a paper claim for another rep.

import * as api from '../api.js';
import { h, replace, qs, qsa, focusKey, restoreFocus, uid, afterFrame } from '../lib/dom.js';
import { bindSubmit, showError, announce, clearErrors, attempt } from '../lib/forms.js';
import { formDialog, confirmDialog } from '../lib/dialog.js';
import { readAsBase64, RECEIPT_ACCEPT, isReceiptFile } from '../lib/files.js';
import {
  formatDate, formatMonth, formatPence, formatVehicle, penceToPounds, monthOf, addMonths, formatCount,
} from '../lib/format.js';
import {
  pageHeading, field, checkbox, button, actions, notice, options, loading, section,
} from '../lib/ui.js';
import {
  statusLine, returnedNotice, claimFacts, totalsTable, linesTable, warningsList, claimTitle,
} from './claim-parts.js';

// The kinds of claim line come from the core, which owns the list; asked for once.
let kindsOnce = null;
const lineKinds = () => {
  if (!kindsOnce) kindsOnce = api.lineKinds().catch((err) => { kindsOnce = null; throw err; });
  return kindsOnce;
};

// Remembered while the app is open (never saved to disk).
const local = {
  personId: null,
  month: '',
  funderId: '',
  repId: '',
  kind: 'time',
  lastDate: '',
  editing: null, // {line, n}
};

export async function render(container, app) {
  if (local.personId !== app.person.id) {
    local.personId = app.person.id;
    local.repId = String(app.person.id);
    local.month = monthOf(app.today);
    local.funderId = '';
    local.editing = null;
    local.lastDate = '';
    local.kind = 'time';
  }
  // Officers on the forum laptop link lines to projects; a rep's computer has no projects.
  const linksProjects = app.canApprove() && !app.repComputer;
  // The claim last shown is asked for with the rest when its funder is known already (every
  // visit after the first), so the screen waits for one round of answers, not two.
  const asked = { rep: local.repId, funder: local.funderId, month: local.month };
  const early = asked.funder
    ? api.claimOpen(Number(asked.rep), Number(asked.funder), asked.month).catch(() => null)
    : Promise.resolve(null);
  // Everything the screen needs before the claim itself, asked for at once.
  const [funders, reps, meetings, projects, waiting, kinds, earlyView] = await Promise.all([
    api.fundersList(),
    api.repsList().catch(() => []),
    api.meetingsList({ from: addMonths(app.today, -3), to: '' }).catch(() => []),
    linksProjects ? api.projectsList() : null,
    // Claims waiting longer than the forum's payment target, counted from submission.
    api.claimsWaiting().catch(() => ({ count: 0, longest: [] })),
    lineKinds(),
    early,
  ]);

  const heading = pageHeading('Claims');
  if (!funders.length) {
    replace(container, heading,
      notice('info', 'No funders yet', h('p', null,
        'Claims are made to a funder, such as the council or the NHS. ',
        app.canApprove()
          ? [h('a', { href: '#settings/funders' }, 'Add your funders in Settings'), ' first.']
          : 'Please ask your chair or treasurer to add the funders in Settings.')));
    return;
  }
  if (!funders.some((f) => String(f.id) === local.funderId)) local.funderId = String(funders[0].id);
  const forSomeoneElse = app.canApprove();
  const repChoices = reps.filter((r) => r.active !== false);
  if (forSomeoneElse && !repChoices.some((r) => String(r.member_id) === String(app.person.id))) {
    repChoices.unshift({ member_id: app.person.id, name: app.person.name, vehicle: '' });
  }

  const picker = h('form', { class: 'form picker', 'data-testid': 'claim-picker', 'aria-label': 'Which claim' },
    h('div', { class: 'field-row' },
      field({ label: 'Month', name: 'month', type: 'uk-month', value: local.month, testid: 'claim-month', required: true }),
      field({
        label: 'Funder', name: 'funder_id', type: 'select', value: local.funderId, testid: 'claim-funder',
        options: options(funders, 'id', (f) => f.name),
      }),
      forSomeoneElse ? field({
        label: 'Claim for', name: 'rep_id', type: 'select', value: local.repId, testid: 'claim-rep',
        options: options(repChoices, 'member_id', (r) => (r.member_id === app.person.id ? `${r.name} (you)` : r.name)),
      }) : null),
    h('div', { class: 'actions' }, button('Show claim', { type: 'submit', kind: 'secondary', testid: 'show-claim' })));

  const area = h('div', { class: 'claim-area', 'data-testid': 'claim-area' });
  const ctx = {
    app, funders, reps, meetings, kinds, area, picker, view: null, projects, lineProjects: null,
  };

  // `early` is `{ asked, view }`, a claim asked for before the picker was drawn: used only
  // if it is the claim the picker shows now (the funder may have gone, or the rep left the
  // list); otherwise the claim is asked for here.
  const reload = async (early = null) => {
    const v = picker.elements;
    local.month = v.month.value || monthOf(app.today);
    local.funderId = v.funder_id.value;
    if (v.rep_id) local.repId = v.rep_id.value;
    local.editing = null;
    const ready = early && early.asked.rep === local.repId && early.asked.funder === local.funderId
      && early.asked.month === local.month ? early.view : null;
    if (!ready) replace(area, loading('Opening the claim…'));
    try {
      const view = ready || await api.claimOpen(Number(local.repId), Number(local.funderId), local.month);
      draw(ctx, view, false);
    } catch (err) {
      replace(area);
      showError(err, picker);
    }
  };
  bindSubmit(picker, () => reload());
  for (const name of ['month', 'funder_id', 'rep_id']) {
    const el = picker.elements[name];
    if (el) el.addEventListener('change', () => { clearErrors(picker); if (el.value) reload(); });
  }

  const more = waiting.count - waiting.longest.length;
  const waitingNotice = waiting.count ? notice('warning',
    waiting.count === 1 ? '1 claim waiting longer than the payment target' : `${formatCount(waiting.count)} claims waiting longer than the payment target`,
    h('p', null, `The forum aims to pay claims within ${waiting.target_days} days of their submission.`,
      more > 0 ? ` The ${waiting.longest.length} waiting longest are below.` : ''),
    h('ul', { class: 'warning-list', 'data-testid': 'claims-waiting' }, waiting.longest.map((w) => h('li', { 'data-testid': `waiting-${w.claim.id}` },
      `${w.claim.rep_name}, ${w.claim.funder_name}, ${formatMonth(w.claim.month)} (${formatPence(w.claim.total_pence)}): `,
      `${w.claim.status === 'approved' ? 'approved, not paid yet' : 'waiting for approval'}, ${w.days_waiting} days since it was submitted.`))),
    more > 0 ? h('p', { 'data-testid': 'claims-waiting-more' }, `And ${formatCount(more)} more: see Approvals.`) : null) : null;

  replace(container,
    heading,
    waitingNotice,
    h('p', { class: 'lead' }, forSomeoneElse
      ? 'Choose the month and the funder. You can also type in a claim for another representative.'
      : 'Choose the month and the funder, then add what you are claiming for.'),
    picker,
    area);

  await reload(earlyView && { asked, view: earlyView });
}

/** Draws (or redraws) the claim, keeping keyboard focus in place. */
function draw(ctx, view, keepFocus = true) {
  const key = keepFocus ? focusKey() : null;
  ctx.view = view;
  const { area, app } = ctx;
  const s = view.summary;
  const readOnlyNote = s.with_rep ? withRepNote(ctx, s) : !view.can_edit
    ? notice('info', 'This claim cannot be changed now', h('p', null,
      s.status === 'submitted' ? 'It has been sent for approval. If something is wrong, ask the chair or treasurer to return it.'
        : (s.status === 'approved' || s.status === 'paid')
          ? 'To put right a mistake, use “Correct a line”: it adds a correcting line to a later month’s claim.'
          : 'You cannot change this claim.'))
    : null;

  replace(area,
    h('h2', { 'data-testid': 'claim-title' }, claimTitle(s)),
    statusLine(s),
    returnedNotice(view),
    claimFacts(view),
    totalsTable(view.totals),
    warningsList(view),
    h('h3', null, 'Lines'),
    linesTable(view, {
      onEdit: (line, n) => startEdit(ctx, line, n),
      onDelete: (line, n) => deleteLine(ctx, line, n),
      onReceiptFile: (line, file, input) => addReceipt(ctx, line, file, input),
      onReceiptDelete: (receipt) => removeReceipt(ctx, receipt),
      onCorrect: (line, n) => correctLine(ctx, line, n),
      projectCell: ctx.projects ? (line, n) => lineProjectCell(ctx, line, n) : null,
    }),
    readOnlyNote,
    view.can_edit ? lineForm(ctx) : null,
    view.can_submit ? submitSection(ctx) : null);
  if (key) restoreFocus(key);
  // Asked for once the claim is on screen, like every follow-up request (see afterFrame).
  if (ctx.projects) afterFrame().then(() => fillLineProjects(ctx));
}

// ---------- the project each line counts for (officers, forum laptop) ----------

/**
 * A line's project: a list to link the line itself (lines of approved claims too: the link
 * sits beside the sealed record), and what it counts for otherwise (through its meeting, or
 * for a correction the line it corrects, which cannot be linked on its own).
 */
function lineProjectCell(ctx, line, n) {
  const cell = h('div', { class: 'line-project', 'data-testid': `line-project-${line.id}` });
  const note = h('span', { class: 'muted', 'data-testid': `line-project-note-${line.id}` });
  if (line.reverses_line_id) {
    replace(cell, note);
  } else {
    const id = uid('lp');
    const select = h('select', {
      id, name: 'project_id', 'data-testid': `line-project-select-${line.id}`,
      onchange: (event) => linkLine(ctx, line, n, event.target),
    }, options(ctx.projects, 'id', (p) => p.name, 'No project').map((o) => h('option', { value: o.value }, o.label)));
    replace(cell, h('label', { for: id }, 'Project', h('span', { class: 'visually-hidden' }, ` for line ${n}`)), ' ', select, ' ', note);
  }
  showLineProject(ctx, line, cell);
  return cell;
}

/** Puts what is known of a line's project into its cell (the list's choice and the note). */
function showLineProject(ctx, line, cell) {
  const known = ctx.lineProjects && ctx.lineProjects.claimId === ctx.view.summary.id
    ? ctx.lineProjects.byLine.get(line.id) : null;
  const select = qs('select', cell);
  if (select) select.value = known && known.via === 'line' ? String(known.project_id) : '';
  const note = qs('.muted', cell);
  const via = { meeting: 'through its meeting', corrected_line: 'through the line it corrects' };
  const counts = known && known.via !== 'line' ? `Counts for ${known.project_name} (${via[known.via]}).` : '';
  note.textContent = counts;
}

/** Asks the core which project each line counts for and shows it, keeping focus in place. */
async function fillLineProjects(ctx) {
  const claimId = ctx.view.summary.id;
  let list;
  try {
    list = await api.claimLineProjects(claimId);
  } catch (err) {
    showError(err, null);
    return;
  }
  if (!ctx.view || ctx.view.summary.id !== claimId) return;
  ctx.lineProjects = { claimId, byLine: new Map(list.map((l) => [l.line_id, l])) };
  for (const line of ctx.view.lines) {
    const cell = qs(`[data-testid="line-project-${line.id}"]`, ctx.area);
    if (cell) showLineProject(ctx, line, cell);
  }
}

async function linkLine(ctx, line, n, select) {
  const chosen = select.value ? Number(select.value) : null;
  try {
    await api.projectLinkLine(line.id, chosen);
    announce(chosen ? `Line ${n} linked to ${ctx.projects.find((p) => p.id === chosen).name}.` : `Line ${n} is no longer linked to a project.`);
  } catch (err) {
    showError(err, null);
  }
  await fillLineProjects(ctx);
}

/**
 * On the forum laptop, a claim the rep is editing on their own computer: read-only here, and
 * an officer can take it back (the next forum update tells the rep's computer).
 */
function withRepNote(ctx, s) {
  const { app } = ctx;
  return h('div', { class: 'notice notice-info', 'data-testid': 'claim-with-rep' },
    h('p', { class: 'notice-title' }, h('strong', null, 'With the rep (on their own computer)')),
    h('p', null, `${s.rep_name} is editing this claim on their own computer, so it cannot be changed here. `
      + 'It arrives here when they submit it.'),
    app.canApprove() ? actions(button('Take back', {
      testid: 'claim-take-back',
      onClick: async () => {
        const ok = await confirmDialog({
          title: 'Take this claim back from the rep?',
          message: [`It can then be changed here, for example to type in a paper claim. ${s.rep_name}’s computer will be told `
            + 'with the next update you send, and they will no longer be able to change it there.'],
          confirmLabel: 'Take back', testid: 'confirm-take-back',
        });
        if (!ok) return;
        await attempt(async () => {
          draw(ctx, await api.claimTakeBack(s.id));
          announce('The claim was taken back. Send updates to reps’ computers to tell the rep.');
        }, null);
      },
    })) : null);
}

// ---------- adding and changing lines ----------

function lineForm(ctx) {
  const { app, meetings, kinds, view } = ctx;
  const editing = local.editing;
  const line = editing ? editing.line : null;
  const rep = ctx.reps.find((r) => String(r.member_id) === String(view.summary.rep_id));
  const usualVehicle = rep && rep.vehicle && rep.vehicle !== 'none' ? rep.vehicle : '';
  const kind = line ? line.kind : local.kind;

  const meetingOptions = [{ value: '', label: 'Not a meeting (describe the work below)' }];
  const knownMeetings = [...meetings];
  if (line && line.meeting_id && !knownMeetings.some((m) => m.id === line.meeting_id)) {
    knownMeetings.push({ id: line.meeting_id, title: line.activity_label, group_name: '', starts_at: line.line_date });
  }
  for (const m of knownMeetings) {
    meetingOptions.push({
      value: String(m.id),
      label: `${formatDate(m.starts_at)} – ${m.title}${m.group_name ? ` (${m.group_name})` : ''}`,
    });
  }

  const vehicleOptions = [
    { value: '', label: usualVehicle ? `My usual vehicle (${formatVehicle(usualVehicle).toLowerCase()})` : 'My usual vehicle' },
    { value: 'car', label: 'Car' },
    { value: 'motorcycle', label: 'Motorcycle' },
    { value: 'bicycle', label: 'Bicycle' },
  ];

  const v = line ? lineToValues(line) : { line_date: local.lastDate || app.today, vehicle: usualVehicle };

  const form = h('form', { class: 'form line-form', 'data-testid': 'line-form' },
    h('h3', { tabindex: '-1', class: 'form-heading' }, editing ? `Change line ${editing.n}` : 'Add a line'),
    h('div', { class: 'field-row' },
      field({ label: 'Kind of claim', name: 'kind', type: 'select', value: kind, options: kinds, testid: 'line-kind' }),
      field({ label: 'Date', name: 'line_date', type: 'uk-date', value: v.line_date, required: true, testid: 'line-date' })),
    field({
      label: 'Meeting', name: 'meeting_id', type: 'select', value: v.meeting_id || '', options: meetingOptions,
      hint: 'Meetings from the last three months.', testid: 'line-meeting',
    }),
    field({
      label: 'Other work (if it was not a meeting)', name: 'activity', value: v.activity || '', wide: true,
      hint: 'For example: reading papers for the SEND board.', testid: 'line-activity',
    }),
    // time
    h('div', { class: 'field-row', 'data-kinds': 'time' },
      field({
        label: 'Minutes spent', name: 'minutes', value: v.minutes || '', short: true, testid: 'line-minutes',
        hint: 'For example 90 for an hour and a half.', attrs: { inputmode: 'numeric' },
      }),
      field({
        label: 'Paid by', name: 'time_basis', type: 'select', value: v.time_basis || 'hourly', testid: 'line-time-basis',
        options: [
          { value: 'hourly', label: 'The hour' },
          { value: 'half_day', label: 'Half day' },
          { value: 'full_day', label: 'Full day' },
        ],
      })),
    // mileage
    h('div', { class: 'field-row', 'data-kinds': 'mileage' },
      field({ label: 'From', name: 'from_place', value: v.from_place || '', testid: 'line-from' }),
      field({ label: 'To', name: 'to_place', value: v.to_place || '', testid: 'line-to' })),
    h('div', { class: 'field-row', 'data-kinds': 'mileage' },
      field({
        label: 'Miles', name: 'miles', value: v.miles || '', short: true, testid: 'line-miles',
        hint: 'To one decimal place, e.g. 24.5. Include the journey home.', attrs: { inputmode: 'decimal' },
      }),
      field({ label: 'Vehicle', name: 'vehicle', type: 'select', value: v.vehicle || '', options: vehicleOptions, testid: 'line-vehicle' }),
      field({
        label: 'Passengers', name: 'passengers', value: v.passengers || '', short: true, optional: true,
        hint: 'Other forum people you gave a lift to.', testid: 'line-passengers', attrs: { inputmode: 'numeric' },
      })),
    // childcare
    h('div', { class: 'field-row', 'data-kinds': 'childcare' },
      field({
        label: 'Hours of childcare', name: 'hours', value: v.hours || '', short: true, testid: 'line-hours',
        hint: 'For example 3.5.', attrs: { inputmode: 'decimal' },
      })),
    // fares, parking, other
    h('div', { 'data-kinds': 'fares parking other' },
      field({
        label: 'What it was for', name: 'description', value: v.description || '', wide: true, testid: 'line-description',
        hint: 'For example: train to the hospital, car park at County Hall.',
      })),
    // money
    h('div', { 'data-kinds': 'fares parking childcare other' },
      field({
        label: 'Amount', name: 'amount', value: v.amount || '', short: true, prefix: '£', testid: 'line-amount',
        hint: 'In pounds and pence, e.g. 12.50.', attrs: { inputmode: 'decimal' },
      })),
    editing ? null : field({
      label: 'Receipt', name: 'receipt_file', type: 'file', optional: true, testid: 'line-receipt',
      hint: 'A photo (JPEG or PNG) or a PDF. You can also add receipts to a line later.',
      attrs: { accept: RECEIPT_ACCEPT },
    }),
    actions(
      editing
        ? button('Save changes', { type: 'submit', testid: 'save-line' })
        : button('Add this line', { type: 'submit', testid: 'add-line' }),
      editing ? button('Cancel', { testid: 'cancel-line', onClick: () => { local.editing = null; draw(ctx, ctx.view); focusFormHeading(ctx); } }) : null));

  const kindSelect = form.elements.kind;
  const showKind = () => {
    for (const el of qsa('[data-kinds]', form)) el.hidden = !el.dataset.kinds.split(' ').includes(kindSelect.value);
    const desc = qs('[name="description"]', form);
    const descLabel = desc && desc.closest('.field').querySelector('label');
    if (descLabel) descLabel.firstChild.textContent = kindSelect.value === 'other' ? 'Description' : 'What it was for';
  };
  kindSelect.addEventListener('change', () => { if (!editing) local.kind = kindSelect.value; showKind(); });
  showKind();

  // Picking a meeting fills in its date if none has been typed.
  form.elements.meeting_id.addEventListener('change', () => {
    const m = meetings.find((x) => String(x.id) === form.elements.meeting_id.value);
    if (m && m.starts_at) form.elements.line_date.value = formatDate(m.starts_at);
  });

  bindSubmit(form, async (values) => {
    const input = valuesToLine(values);
    const fileInput = form.elements.receipt_file;
    const file = fileInput && fileInput.files && fileInput.files[0];
    if (file && !isReceiptFile(file)) {
      throw { code: 'invalid', field: 'receipt_file', message: 'Please choose a JPEG or PNG photo, or a PDF.' };
    }
    let view;
    if (editing) {
      view = await api.lineUpdate(editing.line.id, input);
      local.editing = null;
      draw(ctx, view);
      announce(`Line ${editing.n} saved. The claim total is now ${formatPence(view.totals.total_pence)}.`);
      focusFormHeading(ctx);
      return;
    }
    const before = new Set(ctx.view.lines.map((l) => l.id));
    view = await api.lineAdd(ctx.view.summary.id, input);
    local.lastDate = input.line_date;
    let message = `Line added. The claim total is now ${formatPence(view.totals.total_pence)}.`;
    if (file) {
      const added = view.lines.find((l) => !before.has(l.id));
      if (added) {
        try {
          view = await api.receiptAdd(added.id, file.name, await readAsBase64(file));
          message = `Line and receipt added. The claim total is now ${formatPence(view.totals.total_pence)}.`;
        } catch (err) {
          draw(ctx, view);
          showError({ ...err, message: `The line was added, but the receipt was not: ${err.message}` }, null);
          return;
        }
      }
    }
    draw(ctx, view);
    announce(message);
    focusFormHeading(ctx);
  }, { checkedByCore: true });
  return form;
}

function focusFormHeading(ctx) {
  const heading = qs('[data-testid="line-form"] .form-heading', ctx.area);
  if (heading) heading.focus();
}

function lineToValues(line) {
  const v = {
    line_date: line.line_date,
    meeting_id: line.meeting_id ? String(line.meeting_id) : '',
    activity: line.meeting_id ? '' : line.activity,
    description: line.description || '',
    minutes: line.minutes !== null && line.minutes !== undefined && line.kind === 'time' ? String(line.minutes) : '',
    time_basis: line.time_basis || 'hourly',
    from_place: line.from_place || '',
    to_place: line.to_place || '',
    miles: line.miles_tenths !== null && line.miles_tenths !== undefined ? (line.miles_tenths / 10).toFixed(1) : '',
    vehicle: line.vehicle || '',
    passengers: line.passengers ? String(line.passengers) : '',
    hours: line.kind === 'childcare' && line.minutes ? String(Math.round((line.minutes / 60) * 100) / 100) : '',
    amount: penceToPounds(line.entered_pence !== null && line.entered_pence !== undefined ? line.entered_pence : line.amount_pence),
  };
  return v;
}

function valuesToLine(values) {
  const text = (name) => (values[name] === undefined ? '' : String(values[name]).trim());
  return {
    line_date: text('line_date'),
    kind: text('kind'),
    meeting_id: text('meeting_id') ? Number(text('meeting_id')) : null,
    activity: text('meeting_id') ? '' : text('activity'),
    description: text('description'),
    minutes: text('minutes'),
    time_basis: text('time_basis'),
    from_place: text('from_place'),
    to_place: text('to_place'),
    miles: text('miles'),
    vehicle: text('vehicle'),
    passengers: text('passengers'),
    hours: text('hours'),
    amount: text('amount').replace(/^£/, ''),
  };
}

function startEdit(ctx, line, n) {
  local.editing = { line, n };
  draw(ctx, ctx.view, false);
  const form = qs('[data-testid="line-form"]', ctx.area);
  if (form) {
    form.scrollIntoView({ block: 'start' });
    focusFormHeading(ctx);
  }
}

async function deleteLine(ctx, line, n) {
  const ok = await confirmDialog({
    title: `Delete line ${n}?`,
    message: `Line ${line.number}, ${formatDate(line.line_date)}, ${line.activity_label || line.kind}: ${formatPence(line.amount_pence)}. Its receipts will be removed too.`,
    confirmLabel: 'Delete the line',
    danger: true,
    testid: 'confirm-delete-line',
  });
  if (!ok) return;
  await attempt(async () => {
    const view = await api.lineDelete(line.id);
    if (local.editing && local.editing.line.id === line.id) local.editing = null;
    draw(ctx, view, false);
    announce(`Line ${n} deleted. The claim total is now ${formatPence(view.totals.total_pence)}.`);
    qs('h3', ctx.area)?.focus?.();
  });
}

async function addReceipt(ctx, line, file, input) {
  if (!isReceiptFile(file)) {
    showError({ code: 'invalid', message: `“${file.name}” is not a JPEG or PNG photo or a PDF, so it cannot be used as a receipt.` }, null);
    input.value = '';
    return;
  }
  input.disabled = true;
  await attempt(async () => {
    const view = await api.receiptAdd(line.id, file.name, await readAsBase64(file));
    draw(ctx, view);
    announce(`Receipt “${file.name}” added.`);
  });
  if (input.isConnected) { input.disabled = false; input.value = ''; }
}

async function removeReceipt(ctx, receipt) {
  const ok = await confirmDialog({
    title: 'Remove this receipt?',
    message: `“${receipt.file_name}” will be removed from the claim.`,
    confirmLabel: 'Remove the receipt',
    danger: true,
    testid: 'confirm-remove-receipt',
  });
  if (!ok) return;
  await attempt(async () => {
    const view = await api.receiptDelete(receipt.id);
    draw(ctx, view, false);
    announce('Receipt removed.');
  });
}

async function correctLine(ctx, line, n) {
  const { app } = ctx;
  const result = await formDialog({
    title: `Correct line ${n}`,
    intro: [
      'This claim has already been approved, so it is not changed. Instead, a line taking away '
        + `${formatPence(line.amount_pence)} is added to the claim for the month you choose. `
        + 'You can then add a corrected line there.',
    ],
    fields: [
      field({
        label: 'Add the correction to the claim for', name: 'month', type: 'uk-month', value: monthOf(app.today), required: true,
        back: 3, ahead: 12,
      }),
      field({ label: 'Why does it need correcting?', name: 'reason', type: 'textarea', required: true }),
    ],
    submitLabel: 'Add the correcting line',
    testid: 'reverse-line',
    onSubmit: async (values) => api.lineReverse(line.id, values.month, values.reason.trim()),
  });
  if (!result || result === true) return;
  local.month = result.summary.month;
  local.funderId = String(result.summary.funder_id);
  ctx.picker.elements.month.value = local.month;
  ctx.picker.elements.funder_id.value = local.funderId;
  draw(ctx, result, false);
  announce(`A correcting line has been added to the claim for ${formatMonth(result.summary.month)}.`);
  qs('[data-testid="claim-title"]', ctx.area)?.setAttribute('tabindex', '-1');
  qs('[data-testid="claim-title"]', ctx.area)?.focus();
}

// ---------- submitting ----------

function submitSection(ctx) {
  const { view } = ctx;
  const declarationBox = h('blockquote', { class: 'declaration', 'data-testid': 'declaration-text' },
    view.declaration || 'Loading the declaration…');
  if (!view.declaration) {
    api.forumGet().then((forum) => {
      declarationBox.textContent = forum.declaration
        || 'I confirm that this claim is correct and that I have not claimed for these costs anywhere else.';
    }).catch(() => {
      declarationBox.textContent = 'I confirm that this claim is correct and that I have not claimed for these costs anywhere else.';
    });
  }
  const form = h('form', { class: 'form', 'data-testid': 'submit-form' },
    view.earnings_warning ? notice('warning', 'Carer’s Allowance',
      h('p', { 'data-testid': 'earnings-warning' }, view.earnings_warning),
      checkbox({
        label: 'I have read this and still want to submit the claim', name: 'earnings_warning_seen', required: true,
        testid: 'earnings-warning-seen',
        requiredMessage: 'Please tick to say you have read the Carer’s Allowance warning. You can still submit the claim.',
      })) : null,
    h('p', null, 'Please read the declaration before you submit the claim.'),
    declarationBox,
    checkbox({
      label: 'I agree', name: 'declaration_agreed', required: true, testid: 'declaration-agreed',
      requiredMessage: 'Please tick “I agree” to confirm the declaration.',
    }),
    actions(button(`Submit claim (${formatPence(view.totals.total_pence)})`, { type: 'submit', testid: 'submit-claim' })));
  bindSubmit(form, async (values) => {
    const updated = await api.claimSubmit(view.summary.id, Boolean(values.declaration_agreed), Boolean(values.earnings_warning_seen));
    draw(ctx, updated, false);
    announce('The claim has been sent for approval.');
    const status = qs('[data-testid="claim-title"]', ctx.area);
    if (status) { status.setAttribute('tabindex', '-1'); status.focus(); }
  });
  return section('Send this claim for approval', { 'data-testid': 'submit-section' }, form);
}
