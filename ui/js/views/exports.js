// Exports: the files the forum sends out. The monthly claim pack for a funder (a signed
// PDF) and its CSV, a meeting's notes (signed once finalised, a draft preview before) and
// calendar files. Every file is saved in the folder shown at the top; "Open" opens the file
// just made with the computer's usual app for it.

import * as api from '../api.js';
import { h, replace, qs, qsa } from '../lib/dom.js';
import { showError, clearErrors, announce } from '../lib/forms.js';
import { exportBusy, watchExport, WORDS } from '../lib/progress.js';
import { formatDateTime, formatMonth, monthOf, addMonths } from '../lib/format.js';
import {
  pageHeading, field, button, actions, notice, options, section, empty,
} from '../lib/ui.js';

// Remembered while the app is open (never saved to disk).
const local = {
  folder: null,
  month: '',
  funderId: '',
  meetingId: '',
  meetingsHeld: 'recent',
  groupId: '',
  notesVersion: 'full',
};

export async function render(container, app) {
  const [folder, funders, meetings, groups] = await Promise.all([
    api.exportsFolder(),
    api.fundersList(),
    api.meetingsList(heldWhen(app, local.meetingsHeld)),
    api.groupsList(),
  ]);
  if (local.folder === null) local.folder = folder.path;
  if (!local.month) local.month = monthOf(addMonths(app.today, -1));
  if (!funders.some((f) => String(f.id) === local.funderId)) local.funderId = funders.length ? String(funders[0].id) : '';
  if (!meetings.some((m) => String(m.id) === local.meetingId)) local.meetingId = meetings.length ? String(meetings[0].id) : '';
  if (!groups.some((g) => String(g.id) === local.groupId)) local.groupId = groups.length ? String(groups[0].id) : '';

  const ctx = { app, folder, meetings };
  ctx.busy = exportBusy();
  ctx.result = h('div', { class: 'notice notice-success', 'data-testid': 'export-result', hidden: true });

  replace(container,
    pageHeading('Exports'),
    h('p', { class: 'lead' },
      'Make the files the forum sends out: the signed monthly claim pack for each funder, ',
      'its spreadsheet (CSV), meeting notes and calendar files.'),
    folderSection(ctx),
    packSection(ctx, funders),
    meetingSection(ctx, meetings),
    groupSection(ctx, groups));
}

// ---------- where files go ----------

function folderSection(ctx) {
  const f = field({
    label: 'Save in folder', name: 'folder', value: local.folder, wide: true, testid: 'export-folder',
    hint: 'Files are saved here. Leave it as it is, or type the full path of another folder; Forum Desk makes the folder if it is not there yet.',
  });
  const input = qs('input', f);
  input.addEventListener('input', () => { local.folder = input.value; });
  return section('Where files are saved', { id: 'export-where' }, f,
    actions(button('Use the usual exports folder', {
      small: true, testid: 'export-folder-reset',
      onClick: () => { input.value = ctx.folder.path; local.folder = ctx.folder.path; input.focus(); },
    })));
}

// ---------- claim packs ----------

function packSection(ctx, funders) {
  if (!ctx.app.canApprove()) {
    return section('Claim pack for a funder', { id: 'export-pack-section' },
      notice('info', 'Chairs and treasurers only', h('p', null,
        'The claim pack holds everyone’s approved claims, so only a chair or treasurer can make it.')));
  }
  if (!funders.length) {
    return section('Claim pack for a funder', { id: 'export-pack-section' },
      empty('There are no funders yet. Add them in Settings → Funders and budgets first.'));
  }
  const form = h('form', { class: 'form', 'data-testid': 'export-pack-form', 'aria-label': 'Claim pack' },
    h('div', { class: 'field-row' },
      field({
        label: 'Month', name: 'month', type: 'uk-month', value: local.month, required: true, testid: 'export-month', ahead: 1,
        hint: 'Only approved (and paid) claims for this month go in.',
      }),
      field({
        label: 'Funder', name: 'funder_id', type: 'select', value: local.funderId, testid: 'export-funder',
        options: options(funders, 'id', (f) => f.name),
      })),
    actions(
      button('Make the claim pack (PDF)', { kind: 'primary', testid: 'export-pack' }),
      button('Make the CSV', { testid: 'export-csv' })));
  form.addEventListener('submit', (event) => event.preventDefault());
  const monthInput = form.elements.month;
  const funderSelect = form.elements.funder_id;
  monthInput.addEventListener('change', () => { local.month = monthInput.value; });
  funderSelect.addEventListener('change', () => { local.funderId = funderSelect.value; });
  const read = () => {
    local.month = monthInput.value;
    local.funderId = funderSelect.value;
    if (!/^\d{4}-\d{2}$/.test(local.month)) {
      throw Object.assign(new Error('Please choose the month.'), { code: 'invalid', field: 'month' });
    }
    const funder = funders.find((f) => String(f.id) === local.funderId);
    return { month: local.month, funderId: Number(local.funderId), funder: funder ? funder.name : '' };
  };
  qs('[data-testid="export-pack"]', form).addEventListener('click', () => run(ctx, form, () => {
    const { month, funderId, funder } = read();
    return {
      busy: `Making and signing the ${funder} claim pack for ${formatMonth(month)}. With many receipts this can take a little while…`,
      call: () => api.exportClaimPack(month, funderId, folderValue()),
      done: `Signed claim pack for ${funder}, ${formatMonth(month)}.`,
      watch: WORDS.pack,
      again: 'export-pack',
    };
  }));
  qs('[data-testid="export-csv"]', form).addEventListener('click', () => run(ctx, form, () => {
    const { month, funderId, funder } = read();
    return {
      busy: `Making the CSV of ${funder} claim lines for ${formatMonth(month)}…`,
      call: () => api.exportClaimsCsv(month, funderId, folderValue()),
      done: `CSV of claim lines for ${funder}, ${formatMonth(month)}.`,
    };
  }));
  return section('Claim pack for a funder', { id: 'export-pack-section' },
    h('p', null, 'One PDF for the month: a summary, each representative’s lines with their declaration and approval, ',
      'then the receipts. It is signed with the forum’s certificate so the funder can see it has not been changed.'),
    form);
}

// ---------- meetings ----------

function meetingLabel(m) {
  const group = m.title.includes(m.group_name) ? '' : ` (${m.group_name})`;
  return `${formatDateTime(m.starts_at)} · ${m.title}${group}${m.finalised ? '' : ' · not finalised'}`;
}

/**
 * Which meetings the Meeting list offers: those of the last twelve months and those coming
 * up (the ones notes are made for), or one year's, or every one. Twenty years of meetings
 * in one drop-down took a long time to draw and were no use to scroll.
 */
function heldChoices(app) {
  const year = Number(String(app.today).slice(0, 4));
  return [
    { value: 'recent', label: 'In the last 12 months, or coming up' },
    ...Array.from({ length: 7 }, (_, i) => ({ value: String(year - i), label: `In ${year - i}` })),
    { value: 'all', label: 'Every meeting (a long list on an older forum)' },
  ];
}

/** The meetings filter for one of `heldChoices`. */
function heldWhen(app, held) {
  if (held === 'all') return {};
  if (/^\d{4}$/.test(held)) return { from: `${held}-01-01`, to: `${held}-12-31` };
  return { from: addMonths(app.today, -12), to: '' };
}

function meetingSection(ctx, meetingsAtFirst) {
  let meetings = meetingsAtFirst;
  const form = h('form', { class: 'form', 'data-testid': 'export-meeting-form', 'aria-label': 'Meeting notes' },
    field({
      label: 'Meetings held', name: 'held', type: 'select', value: local.meetingsHeld, testid: 'export-meetings-held',
      options: heldChoices(ctx.app),
    }),
    field({
      label: 'Meeting', name: 'meeting_id', type: 'select', value: local.meetingId, testid: 'export-meeting', wide: true,
      options: meetings.length ? options(meetings, 'id', meetingLabel) : [{ value: '', label: 'No meetings then' }],
    }),
    field({
      label: 'Which notes', name: 'version', type: 'select', value: local.notesVersion, testid: 'export-notes-version',
      options: [
        { value: 'full', label: 'Full notes, with confidential items' },
        { value: 'shareable', label: 'Shareable notes, confidential items removed' },
      ],
      hint: 'Each version says at the top which it is.',
    }),
    h('p', { class: 'hint', 'data-testid': 'export-notes-kind', 'aria-live': 'polite' }),
    actions(
      button('Make the meeting notes (PDF)', { kind: 'primary', testid: 'export-notes' }),
      button('Calendar file (.ics)', { testid: 'export-meeting-ics' })));
  form.addEventListener('submit', (event) => event.preventDefault());
  const select = form.elements.meeting_id;
  const kind = qs('[data-testid="export-notes-kind"]', form);
  const current = () => meetings.find((m) => String(m.id) === select.value);
  const describe = () => {
    local.meetingId = select.value;
    const m = current();
    kind.textContent = !m ? ''
      : m.finalised
        ? 'These notes are finalised: the PDF will be signed by the forum.'
        : 'These notes are not finalised yet: you will get a draft preview, not signed, marked DRAFT on every page.';
  };
  select.addEventListener('change', describe);
  form.elements.held.addEventListener('change', async () => {
    local.meetingsHeld = form.elements.held.value;
    try {
      meetings = await api.meetingsList(heldWhen(ctx.app, local.meetingsHeld));
    } catch (err) {
      showError(err, form);
      return;
    }
    replace(select, meetings.length
      ? meetings.map((m) => h('option', { value: String(m.id) }, meetingLabel(m)))
      : h('option', { value: '' }, 'No meetings then'));
    describe();
    announce(meetings.length === 1 ? '1 meeting to choose from.' : `${meetings.length} meetings to choose from.`);
  });
  form.elements.version.addEventListener('change', () => { local.notesVersion = form.elements.version.value; });
  describe();
  qs('[data-testid="export-notes"]', form).addEventListener('click', () => run(ctx, form, () => {
    const m = current();
    return {
      busy: m && m.finalised ? `Making and signing the notes of ${m.title}…` : `Making a draft preview of the notes of ${m ? m.title : 'the meeting'}…`,
      call: () => api.exportMeetingNotesVersion(Number(select.value), form.elements.version.value, folderValue()),
      done: `${form.elements.version.value === 'shareable' ? 'Shareable' : 'Full'} ${m && m.finalised ? `signed notes of ${m.title}.` : `draft preview (not signed) of the notes of ${m ? m.title : 'the meeting'}.`}`,
      watch: m && m.finalised ? WORDS.notes : WORDS.draft,
      again: 'export-notes',
    };
  }));
  qs('[data-testid="export-meeting-ics"]', form).addEventListener('click', () => run(ctx, form, () => {
    const m = current();
    return {
      busy: 'Making the calendar file…',
      call: () => api.exportMeetingIcs(Number(select.value), folderValue()),
      done: `Calendar file for ${m ? m.title : 'the meeting'}.`,
    };
  }));
  return section('Meeting notes and calendar', { id: 'export-meeting-section' }, form);
}

function groupSection(ctx, groups) {
  if (!groups.length) {
    return section('Calendar for a group', { id: 'export-group-section' }, empty('There are no groups yet.'));
  }
  const form = h('form', { class: 'form', 'data-testid': 'export-group-form', 'aria-label': 'Group calendar' },
    field({
      label: 'Group', name: 'group_id', type: 'select', value: local.groupId, testid: 'export-group',
      options: options(groups, 'id', (g) => g.name),
      hint: 'A calendar file with the group’s upcoming meetings, for people to add to their own calendars.',
    }),
    actions(button('Calendar of upcoming meetings (.ics)', { kind: 'primary', testid: 'export-group-ics' })));
  form.addEventListener('submit', (event) => event.preventDefault());
  const select = form.elements.group_id;
  select.addEventListener('change', () => { local.groupId = select.value; });
  qs('[data-testid="export-group-ics"]', form).addEventListener('click', () => run(ctx, form, () => {
    const g = groups.find((x) => String(x.id) === select.value);
    return {
      busy: 'Making the calendar file…',
      call: () => api.exportGroupIcs(Number(select.value), folderValue()),
      done: `Calendar of upcoming meetings for ${g ? g.name : 'the group'}.`,
    };
  }));
  return section('Calendar for a group', { id: 'export-group-section' }, form);
}

// ---------- running an export ----------

function folderValue() {
  const text = String(local.folder || '').trim();
  return text || null;
}

/**
 * Runs one export: shows the progress bar in the form's section while it works (with the
 * counts and Cancel when `step.watch` names a signed file), then "Saved to <path>" with an
 * Open button there; or the problem, next to the field it is about.
 */
async function run(ctx, form, plan) {
  clearErrors(form);
  let step;
  try {
    step = plan();
  } catch (err) {
    showError(err, form);
    return;
  }
  const panel = form.closest('section') || form;
  const buttons = qsa('button', panel).filter((b) => !ctx.busy.contains(b));
  buttons.forEach((b) => { b.disabled = true; });
  ctx.result.hidden = true;
  qs('[data-busy-text]', ctx.busy).textContent = step.busy;
  form.after(ctx.busy);
  ctx.busy.hidden = false;
  panel.setAttribute('aria-busy', 'true');
  const watching = step.watch ? watchExport(ctx.busy, step.watch) : null;
  let cancelled = null;
  try {
    const saved = await step.call();
    if (watching) watching.stop();
    showResult(ctx, form, step.done, saved);
  } catch (err) {
    if (watching) watching.stop();
    if (err && err.code === 'cancelled') {
      cancelled = err.message;
      return;
    }
    if (err && err.field === 'folder') {
      // The folder box is at the top of the screen, not in this form.
      const folderInput = qs('[data-testid="export-folder"]');
      if (folderInput) folderInput.setAttribute('aria-invalid', 'true');
    }
    showError(err, form);
  } finally {
    ctx.busy.hidden = true;
    panel.removeAttribute('aria-busy');
    buttons.forEach((b) => { b.disabled = false; });
    // After the buttons are usable again, so "Make the claim pack" can take the focus.
    if (cancelled) showCancelled(ctx, form, cancelled, step.again);
  }
}

/** "Cancelled: nothing was saved", with the focus back on the button that started it. */
function showCancelled(ctx, form, message, again) {
  ctx.result.className = 'notice notice-info';
  replace(ctx.result,
    h('p', { class: 'notice-title' }, h('strong', null, 'Cancelled')),
    h('p', null, message));
  ctx.result.removeAttribute('data-path');
  ctx.result.setAttribute('data-cancelled', 'true');
  form.after(ctx.result);
  ctx.result.hidden = false;
  announce(message);
  const start = again && qs(`[data-testid="${again}"]`, form);
  if (start) start.focus();
}

function showResult(ctx, form, what, saved) {
  ctx.result.className = 'notice notice-success';
  ctx.result.removeAttribute('data-cancelled');
  const folderInput = qs('[data-testid="export-folder"]');
  if (folderInput) folderInput.removeAttribute('aria-invalid');
  ctx.result.setAttribute('data-path', saved.path);
  const openButton = button('Open', {
    testid: 'export-open', small: true, ariaLabel: `Open ${saved.path}`,
    onClick: async () => {
      try {
        await api.exportOpen(saved.path);
        announce('Opening the file…');
      } catch (err) {
        showError(err, form);
      }
    },
  });
  replace(ctx.result,
    h('p', { class: 'notice-title' }, h('strong', null, 'Done')),
    h('p', null, what),
    h('p', null, 'Saved to ', h('span', { class: 'path' }, saved.path)),
    actions(openButton));
  form.after(ctx.result);
  ctx.result.hidden = false;
  announce(`${what} Saved as ${fileName(saved.path)}.`);
  openButton.focus();
}

/** The last part of a path, for short announcements (the full path is on the screen). */
function fileName(path) {
  return String(path).split(/[\\/]/).pop();
}
