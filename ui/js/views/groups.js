// Groups: the boards and workstreams the forum sits on, each with its terms of reference:
// partner organisations (with the departments and other names that count as them), the
// quorum of members, who takes turns to chair and take notes, who signs the notes off, the
// meeting standards, and what reps need to sit on the group. Also the dated lists the
// standards use: bank holidays and school terms (#groups/dates).

import * as api from '../api.js';
import { h, replace, qs, qsa } from '../lib/dom.js';
import { bindSubmit, announce, attempt } from '../lib/forms.js';
import { confirmDialog } from '../lib/dialog.js';
import { formatDate } from '../lib/format.js';
import {
  pageHeading, field, fieldset, checkbox, button, actions, table, empty, navLink, options, notice, section, facts,
} from '../lib/ui.js';

const KINDS = [
  { value: 'board', label: 'Board' },
  { value: 'workstream', label: 'Workstream' },
];

const NOTES_ROTATION = [
  { value: 'own_turn', label: 'Notes take their own turn among the partners who take notes' },
  { value: 'same_as_chair', label: 'The chairing partner also takes the notes' },
  { value: 'other_partner', label: 'A partner other than the chair’s takes the notes' },
];

const PAPERS_RULE = [
  { value: 'days', label: 'days before' },
  { value: 'working_days', label: 'working days before (weekends and bank holidays skipped)' },
];

export async function render(container, app) {
  const part = app.route.parts[0];
  // Changing groups and the dated lists is for the chair or the treasurer (the core refuses
  // anyone else); others see the list, without ways in they could not use.
  if (part && !app.canApprove()) {
    replace(container, pageHeading('Groups'),
      notice('info', 'Chairs and treasurers only', h('p', null,
        'Only the chair or the treasurer can change groups, bank holidays and school terms. ',
        h('a', { href: '#groups' }, 'Back to groups'))));
    return;
  }
  if (part === 'new') return renderForm(container, app, null);
  if (part === 'dates') return renderDates(container);
  if (part && Number(part)) return renderForm(container, app, Number(part));
  return renderList(container, app.canApprove());
}

function turnsText(t) {
  if (!t || (!t.chair_org && !t.note_taker_org)) return 'Nobody takes turns';
  return `${t.chair_org || 'nobody'} to chair, ${t.note_taker_org || 'nobody'} to take notes`;
}

async function renderList(container, officer) {
  const groups = await api.groupsList();
  replace(container,
    pageHeading('Groups'),
    h('p', { class: 'lead' }, 'The boards and working groups your representatives sit on, each run by its own terms of reference.'),
    officer
      ? actions(
        navLink('Add a group', '#groups/new', { kind: 'primary', testid: 'add-group' }),
        navLink('Bank holidays and school terms', '#groups/dates', { testid: 'group-dates' }))
      : h('p', { class: 'hint', 'data-testid': 'groups-officers-only' }, 'The chair or the treasurer keeps this list.'),
    groups.length ? table({
      caption: 'Groups',
      headers: ['Name', 'Kind', 'Funder', 'Quorum', 'Next meeting', 'Representatives', ...(officer ? [''] : [])],
      rows: groups.map((g) => ({
        attrs: { 'data-testid': `group-row-${g.id}` },
        cells: [g.name, (KINDS.find((k) => k.value === g.kind) || { label: g.kind }).label, g.funder_name || '',
          g.quorum_rule, turnsText(g.next_turns), String(g.rep_ids.length),
          ...(officer ? [h('a', { href: `#groups/${g.id}`, 'data-testid': `edit-group-${g.id}`, 'aria-label': `Change ${g.name}` }, 'Change')] : [])],
      })),
    }) : empty('There are no groups yet.'));
}

async function renderForm(container, app, id) {
  const [groups, funders] = await Promise.all([api.groupsList(), api.fundersList()]);
  const group = id ? groups.find((g) => g.id === id) : null;
  if (id && !group) {
    replace(container, pageHeading('Group not found'), notice('info', null, h('p', null, h('a', { href: '#groups' }, 'Back to groups'))));
    return;
  }
  draw(container, app, group, funders);
}

// ---------- partners ----------

function orgRow(org, n) {
  const row = h('fieldset', { class: 'fieldset org-row', 'data-testid': 'org-row' },
    h('legend', null, `Organisation ${n}`),
    h('div', { class: 'field-row' },
      field({ label: 'Name', name: 'organisation', value: org.organisation || '', testid: `org-name-${n}` }),
      field({
        label: 'Least number of its members for a quorum', name: 'min_present', value: org.min_present ?? '1', short: true,
        testid: `org-min-${n}`, attrs: { inputmode: 'numeric' },
      })),
    field({
      label: 'Departments and other names that count as it', name: 'aliases', type: 'textarea', rows: 2, wide: true, optional: true,
      value: (org.aliases || []).join('\n'), testid: `org-aliases-${n}`,
      hint: 'One a line, for example ESCC Education. Someone from any of these counts for this organisation.',
    }),
    checkbox({ label: 'Takes turns to chair', name: 'rotates_chair', checked: org.rotates_chair !== false, testid: `org-chair-${n}` }),
    checkbox({ label: 'Takes turns to take the notes', name: 'rotates_notes', checked: org.rotates_notes !== false, testid: `org-notes-${n}` }),
    checkbox({ label: 'Signs the notes off', name: 'signs_off', checked: Boolean(org.signs_off), testid: `org-signs-${n}` }),
    h('div', { class: 'row-actions' }, button('Remove', {
      small: true, kind: 'danger', ariaLabel: `Remove organisation ${n}`, testid: `remove-org-${n}`,
      onClick: () => {
        const list = row.parentNode;
        row.remove();
        renumber(list);
        qs('[data-testid="add-org"]')?.focus();
      },
    })));
  return row;
}

function renumber(list) {
  qsa('.org-row', list).forEach((row, i) => {
    const n = i + 1;
    qs('legend', row).textContent = `Organisation ${n}`;
    const remove = qs('button', qs('.row-actions', row));
    if (remove) remove.setAttribute('aria-label', `Remove organisation ${n}`);
  });
}

function readOrgs(list) {
  return qsa('.org-row', list).map((row) => ({
    organisation: qs('[name="organisation"]', row).value.trim(),
    min_present: Number(qs('[name="min_present"]', row).value.trim() || 0),
    aliases: qs('[name="aliases"]', row).value.split(/\n|;/).map((a) => a.trim()).filter(Boolean),
    rotates_chair: qs('[name="rotates_chair"]', row).checked,
    rotates_notes: qs('[name="rotates_notes"]', row).checked,
    signs_off: qs('[name="signs_off"]', row).checked,
  })).filter((o) => o.organisation);
}

// ---------- training the group requires ----------

function trainingRow(t, n) {
  const row = h('div', { class: 'field-row training-row', 'data-testid': 'training-rule' },
    field({ label: `Course ${n}`, name: 'course', value: t.course || '', testid: `rule-course-${n}` }),
    field({
      label: `Months course ${n} lasts`, name: 'valid_months', value: t.valid_months ?? '', short: true, optional: true,
      testid: `rule-months-${n}`, attrs: { inputmode: 'numeric' }, hint: 'Blank if it never needs renewing.',
    }),
    h('div', { class: 'row-actions align-end' }, button('Remove', {
      small: true, kind: 'danger', ariaLabel: `Remove course ${n}`, testid: `remove-rule-${n}`,
      onClick: () => {
        const list = row.parentNode;
        row.remove();
        qsa('.training-row', list).forEach((r, i) => {
          const [course, months] = qsa('label', r);
          course.textContent = `Course ${i + 1}`;
          months.firstChild.textContent = `Months course ${i + 1} lasts`;
        });
        qs('[data-testid="add-rule"]')?.focus();
      },
    })));
  return row;
}

// ---------- the form ----------

function draw(container, app, group, funders) {
  const isNew = !group;
  const g = group || {
    name: '', kind: 'board', funder_id: null, quorum_total: 0, notes: '', orgs: [], notes_rotation: 'own_turn',
    requires_confidentiality: false, training: [],
    standards: {
      notice_days: 14, papers_rule: 'days', papers_days: 7, items_working_days: null, longest_minutes: 90,
      earliest_start: null, latest_start: null, avoid_school_holidays: true,
    },
  };
  const s = g.standards;
  const orgList = h('div', { class: 'org-list' }, g.orgs.map((o, i) => orgRow(o, i + 1)));
  const ruleList = h('div', { class: 'training-list' }, g.training.map((t, i) => trainingRow(t, i + 1)));
  const form = h('form', { class: 'form', 'data-testid': 'group-form' },
    field({ label: 'Name', name: 'name', value: g.name, required: true, testid: 'group-name' }),
    h('div', { class: 'field-row' },
      field({ label: 'Kind', name: 'kind', type: 'select', value: g.kind || 'board', options: KINDS, testid: 'group-kind' }),
      field({
        label: 'Funder', name: 'funder_id', type: 'select', value: g.funder_id ? String(g.funder_id) : '', testid: 'group-funder',
        options: options(funders, 'id', (f) => f.name, 'None'),
      })),
    field({ label: 'Notes', name: 'notes', type: 'textarea', value: g.notes, optional: true, wide: true }),

    fieldset('Partner organisations and quorum', { 'data-field': 'orgs' },
      h('p', { class: 'hint' }, 'List the organisations in the terms of reference. Only members of the group count towards the quorum; guests never do.'),
      field({
        label: 'Least number of members present in total', name: 'quorum_total', value: String(g.quorum_total ?? 0), short: true,
        testid: 'group-quorum-total', attrs: { inputmode: 'numeric' }, hint: 'Use 0 if the group has no quorum.',
      }),
      orgList,
      actions(button('Add an organisation', {
        testid: 'add-org',
        onClick: () => {
          const row = orgRow({ organisation: '', min_present: 1, rotates_chair: false, rotates_notes: false }, qsa('.org-row', orgList).length + 1);
          orgList.appendChild(row);
          qs('input', row).focus();
        },
      })),
      field({
        label: 'How the note-taker’s turn follows the chair’s', name: 'notes_rotation', type: 'select', wide: true,
        value: g.notes_rotation || 'own_turn', options: NOTES_ROTATION, testid: 'group-notes-rotation',
      })),

    fieldset('Meeting standards', { 'data-field': 'standards' },
      h('p', { class: 'hint' }, 'From the group’s terms of reference. Meetings that fall short get a warning, unless the group agrees an exception.'),
      h('div', { class: 'field-row' },
        field({ label: 'Days of notice', name: 'notice_days', value: String(s.notice_days), short: true, testid: 'std-notice-days', attrs: { inputmode: 'numeric' } }),
        field({ label: 'Papers out at least', name: 'papers_days', value: String(s.papers_days), short: true, testid: 'std-papers-days', attrs: { inputmode: 'numeric' } }),
        field({ label: 'Counted in', name: 'papers_rule', type: 'select', value: s.papers_rule, options: PAPERS_RULE, testid: 'std-papers-rule' })),
      h('div', { class: 'field-row' },
        field({
          label: 'Agenda items to the administrator, working days before', name: 'items_working_days', optional: true, short: true,
          value: s.items_working_days ?? '', testid: 'std-items-days', attrs: { inputmode: 'numeric' }, hint: 'Blank if the terms of reference set no such deadline.',
        }),
        field({ label: 'Longest meeting, in minutes', name: 'longest_minutes', value: String(s.longest_minutes), short: true, testid: 'std-longest', attrs: { inputmode: 'numeric' } })),
      h('div', { class: 'field-row' },
        field({ label: 'Earliest start that suits parents', name: 'earliest_start', type: 'uk-time', value: s.earliest_start || '', optional: true, testid: 'std-earliest' }),
        field({ label: 'Latest start that suits parents', name: 'latest_start', type: 'uk-time', value: s.latest_start || '', optional: true, testid: 'std-latest' })),
      checkbox({
        label: 'Warn about meetings in school holidays', name: 'avoid_school_holidays', checked: s.avoid_school_holidays, testid: 'std-holidays',
        hint: 'Uses the school terms under Bank holidays and school terms.',
      })),

    fieldset('What representatives need to sit on this group', { 'data-field': 'training' },
      checkbox({ label: 'A signed confidentiality agreement', name: 'requires_confidentiality', checked: g.requires_confidentiality, testid: 'group-needs-agreement' }),
      ruleList,
      actions(button('Add a course', {
        testid: 'add-rule',
        onClick: () => {
          const row = trainingRow({ course: '', valid_months: '' }, qsa('.training-row', ruleList).length + 1);
          ruleList.appendChild(row);
          qs('input', row).focus();
        },
      }))),
    group ? facts([
      ['Quorum rule', group.quorum_rule, { 'data-testid': 'quorum-rule' }],
      ['Standards', group.standards_text.join(' '), { 'data-testid': 'standards-text' }],
      ['Next meeting', turnsText(group.next_turns), { 'data-testid': 'next-turns' }],
    ]) : null,
    actions(button(isNew ? 'Add group' : 'Save changes', { type: 'submit', testid: 'save-group' })));

  bindSubmit(form, async (values) => {
    const orgs = readOrgs(orgList);
    const total = values.quorum_total.trim();
    if (total && !/^\d+$/.test(total)) {
      throw { code: 'invalid', field: 'quorum_total', message: 'Please enter a whole number, such as 4.' };
    }
    const bad = orgs.find((o) => !Number.isInteger(o.min_present) || o.min_present < 0);
    if (bad) throw { code: 'invalid', field: 'orgs', message: `Please enter a whole number for ${bad.organisation}.` };
    const saved = await api.groupSave({
      id: group ? group.id : null,
      name: values.name.trim(),
      kind: values.kind,
      funder_id: values.funder_id ? Number(values.funder_id) : null,
      quorum_total: Number(total || 0),
      notes: values.notes.trim(),
      orgs,
      notes_rotation: values.notes_rotation,
      standards: {
        notice_days: values.notice_days.trim(),
        papers_rule: values.papers_rule,
        papers_days: values.papers_days.trim(),
        items_working_days: values.items_working_days.trim(),
        longest_minutes: values.longest_minutes.trim(),
        earliest_start: values.earliest_start,
        latest_start: values.latest_start,
        avoid_school_holidays: values.avoid_school_holidays,
      },
      requires_confidentiality: values.requires_confidentiality,
      training: qsa('.training-row', ruleList).map((row) => ({
        course: qs('[name="course"]', row).value.trim(),
        valid_months: qs('[name="valid_months"]', row).value.trim(),
      })).filter((t) => t.course),
    });
    announce(`${saved.name} saved.`);
    if (isNew) app.go(`#groups/${saved.id}`);
    else {
      draw(container, app, saved, funders);
      qs('h1', container).focus();
    }
  });

  replace(container,
    h('p', { class: 'back' }, h('a', { href: '#groups', 'data-testid': 'back-to-groups' }, 'Back to groups')),
    pageHeading(isNew ? 'Add a group' : g.name),
    form);
}

// ---------- bank holidays and school terms ----------

async function renderDates(container) {
  const [holidays, terms] = await Promise.all([api.bankHolidaysList(), api.schoolTermsList()]);
  drawDates(container, holidays, terms);
}

function drawDates(container, holidays, terms) {
  const redraw = (h2, t2, message, focus) => {
    drawDates(container, h2, t2);
    announce(message);
    if (focus) qs(focus, container)?.focus();
  };

  const holidayForm = h('form', { class: 'form', 'data-testid': 'bank-holiday-form' },
    h('h3', null, 'Add a bank holiday'),
    h('div', { class: 'field-row' },
      field({ label: 'Date', name: 'on_date', type: 'uk-date', required: true, testid: 'bank-holiday-date' }),
      field({ label: 'Name', name: 'name', required: true, testid: 'bank-holiday-name', hint: 'For example Early May bank holiday.' })),
    actions(button('Add bank holiday', { type: 'submit', testid: 'add-bank-holiday' })));
  bindSubmit(holidayForm, async (values) => {
    const list = await api.bankHolidaySave({ on_date: values.on_date, name: values.name.trim() });
    redraw(list, terms, 'Bank holiday saved.', '[data-testid="bank-holiday-date"]');
  });

  const termForm = h('form', { class: 'form', 'data-testid': 'school-term-form' },
    h('h3', { tabindex: '-1' }, 'Add a school term'),
    field({ label: 'Name', name: 'name', required: true, testid: 'term-name', hint: 'For example Autumn term 2027.' }),
    h('div', { class: 'field-row' },
      field({ label: 'First day', name: 'starts_on', type: 'uk-date', required: true, testid: 'term-starts' }),
      field({ label: 'Last day', name: 'ends_on', type: 'uk-date', required: true, testid: 'term-ends' })),
    h('div', { class: 'field-row' },
      field({ label: 'Half term starts', name: 'half_term_starts_on', type: 'uk-date', optional: true, testid: 'term-half-starts' }),
      field({ label: 'Half term ends', name: 'half_term_ends_on', type: 'uk-date', optional: true, testid: 'term-half-ends' })),
    actions(button('Save term', { type: 'submit', testid: 'save-term' })));
  let editing = null;
  bindSubmit(termForm, async (values) => {
    const list = await api.schoolTermSave({ id: editing, ...values, name: values.name.trim() });
    redraw(holidays, list, editing ? 'School term changed.' : 'School term added.', '[data-testid="term-name"]');
  });

  replace(container,
    h('p', { class: 'back' }, h('a', { href: '#groups', 'data-testid': 'back-to-groups' }, 'Back to groups')),
    pageHeading('Bank holidays and school terms'),
    h('p', { class: 'lead' }, 'Working days skip weekends and these bank holidays. A meeting on a school day outside these terms, or in a half term, is in a school holiday. Keep both lists up to date from GOV.UK and your local authority.'),
    section('School terms', { 'data-testid': 'school-terms' },
      terms.length ? table({
        caption: 'School terms, oldest first',
        headers: ['Term', 'First day', 'Last day', 'Half term', ''],
        rows: terms.map((t) => ({
          attrs: { 'data-testid': `term-row-${t.id}` },
          cells: [t.name, formatDate(t.starts_on), formatDate(t.ends_on),
            t.half_term_starts_on ? `${formatDate(t.half_term_starts_on)} to ${formatDate(t.half_term_ends_on)}` : 'None',
            h('div', { class: 'row-actions' },
              button('Change', {
                small: true, testid: `edit-term-${t.id}`, ariaLabel: `Change ${t.name}`,
                onClick: () => {
                  editing = t.id;
                  for (const k of ['name', 'starts_on', 'ends_on', 'half_term_starts_on', 'half_term_ends_on']) termForm.elements[k].value = t[k] || '';
                  qs('h3', termForm).textContent = `Change ${t.name}`;
                  qs('h3', termForm).focus();
                },
              }),
              button('Delete', {
                small: true, kind: 'danger', testid: `delete-term-${t.id}`, ariaLabel: `Delete ${t.name}`,
                onClick: async () => {
                  if (!await confirmDialog({ title: `Delete ${t.name}?`, message: 'Meetings in its dates will no longer be checked against it.', confirmLabel: 'Delete', danger: true })) return;
                  await attempt(async () => redraw(holidays, await api.schoolTermDelete(t.id), `${t.name} deleted.`, '[data-testid="term-name"]'));
                },
              }))],
        })),
      }) : empty('No school terms yet. Add your local authority’s term dates.'),
      termForm),
    section('Bank holidays', { 'data-testid': 'bank-holidays' },
      holidays.length ? table({
        caption: 'Bank holidays, oldest first',
        headers: ['Date', 'Name', ''],
        rows: holidays.map((b) => ({
          attrs: { 'data-testid': `bank-holiday-row-${b.on_date}` },
          cells: [formatDate(b.on_date), b.name, button('Delete', {
            small: true, kind: 'danger', testid: `delete-bank-holiday-${b.on_date}`, ariaLabel: `Delete ${b.name}, ${formatDate(b.on_date)}`,
            onClick: () => attempt(async () => redraw(await api.bankHolidayDelete(b.on_date), terms, `${b.name} deleted.`, '[data-testid="bank-holiday-date"]')),
          })],
        })),
      }) : empty('No bank holidays yet.'),
      holidayForm));
}
