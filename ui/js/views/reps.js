// Representatives: who represents the forum, their roles, agreement, vehicle, groups and
// training.

import * as api from '../api.js';
import { h, replace, qs } from '../lib/dom.js';
import { bindSubmit, announce, attempt } from '../lib/forms.js';
import { confirmDialog } from '../lib/dialog.js';
import { inviteRep } from './exchange.js';
import { memberFinder } from '../lib/member-finder.js';
import { formatDate, formatMonth, formatPence } from '../lib/format.js';
import {
  pageHeading, field, checkbox, fieldset, button, actions, table, empty, section, navLink, notice, badge,
  pageCount, pager,
} from '../lib/ui.js';

// What the rep on screen lacks for their groups (from reps_readiness), kept while the screen is open.
let readinessNow = [];

const VEHICLES = [
  { value: 'car', label: 'Car' },
  { value: 'motorcycle', label: 'Motorcycle' },
  { value: 'bicycle', label: 'Bicycle' },
  { value: 'none', label: 'None (uses public transport or gets a lift)' },
];

export async function render(container, app) {
  const [first, second] = app.route.parts;
  if (first === 'new') return renderForm(container, app, null, second ? Number(second) : null);
  if (first && Number(first)) return renderForm(container, app, Number(first), null);
  return renderList(container, app);
}

function roleWords(rep) {
  return [rep.is_chair && 'Chair', rep.is_treasurer && 'Treasurer', rep.is_rep && 'Representative'].filter(Boolean).join(', ');
}

/** What each rep lacks for the groups they sit on: training not done, run out or running
 * out in the next 60 days, or the confidentiality agreement. */
function readinessPanel(readiness, single = false) {
  const gaps = readiness.flatMap((r) => r.gaps.map((g) => ({ ...g, member_id: r.member_id })));
  const title = single ? 'Ready to sit on their groups' : 'Ready to sit: training and agreements';
  if (!gaps.length) {
    return section(title, { 'data-testid': 'readiness' },
      h('p', { class: 'muted' }, single
        ? 'They have everything their groups require, and nothing runs out in the next 60 days.'
        : 'Every active representative has what their groups require, and nothing runs out in the next 60 days.'));
  }
  return section(title, { 'data-testid': 'readiness' },
    h('div', { class: 'notice notice-warning' },
      h('p', { class: 'notice-title' }, h('strong', null,
        gaps.length === 1 ? '1 thing missing or running out in the next 60 days' : `${gaps.length} things missing or running out in the next 60 days`)),
      h('ul', { class: 'warning-list' }, gaps.map((g) => h('li', { 'data-testid': `readiness-${g.member_id}-${g.kind}`, 'data-kind': g.kind },
        `${g.group_name}: ${g.message}`)))));
}

/** How many representatives the list draws at a time. */
const PAGE_SIZE = 25;

async function renderList(container, app) {
  const [reps, readiness] = await Promise.all([api.repsList(), api.repsReadiness()]);
  const results = h('div', { 'data-testid': 'rep-results' });
  const show = (offset) => {
    const page = { total: reps.length, offset };
    const shown = reps.slice(offset, offset + PAGE_SIZE);
    replace(results, reps.length ? [
      pageCount(page, shown.length, ['representative', 'representatives'], 'rep-count'),
      repsTable(app, shown, readiness),
      pager(page, shown.length, PAGE_SIZE, {
        label: 'Pages of representatives',
        testid: 'reps',
        go: (next) => { show(next); qs('[data-testid="rep-count"]', results).focus(); },
      }),
    ] : empty('There are no representatives yet.'));
  };
  // A page at a time, like every long list: a forum with many reps draws as quickly as one
  // with a few.
  show(0);
  replace(container,
    pageHeading('Representatives'),
    h('p', { class: 'lead' }, 'Representatives sit on boards and working groups for the forum, and can claim for their time and costs.'),
    actions(navLink('Make a member a representative', '#reps/new', { kind: 'primary', testid: 'add-rep' })),
    readinessPanel(readiness),
    results);
}

/** The list keeps to what a chair scans for (who, which groups, ready or not), so it fits a
 * laptop's window as a table; when they started, their agreement and their vehicle are on
 * each rep's own page (Change), and what they lack is under "Ready to sit" above. */
function repsTable(app, reps, readiness) {
  const gapsOf = (id) => (readiness.find((r) => r.member_id === id) || { gaps: [] }).gaps;
  return table({
    caption: 'Representatives',
    headers: ['Name', 'Roles', 'Groups', 'Ready to sit', 'Active', ''],
    rows: reps.map((r) => ({
      attrs: { 'data-testid': `rep-row-${r.member_id}` },
      cells: [
        r.name, roleWords(r), r.groups.map((g) => g.name).join(', '),
        !r.active ? '' : (gapsOf(r.member_id).length ? `${gapsOf(r.member_id).length} to sort out` : 'Yes'),
        r.active ? 'Yes' : 'No',
        h('div', { class: 'row-actions' },
          h('a', { href: `#reps/${r.member_id}`, 'data-testid': `edit-rep-${r.member_id}`, 'aria-label': `Change ${r.name}` }, 'Change'),
          app.canApprove() && r.active ? button('Invite to their own computer', {
            small: true, testid: `invite-rep-${r.member_id}`, ariaLabel: `Invite to their own computer: ${r.name}`,
            onClick: () => attempt(() => inviteRep(r), null),
          }) : null),
      ],
    })),
  });
}

async function renderForm(container, app, memberId, preselect) {
  const [reps, groups, readiness, chosen] = await Promise.all([
    api.repsList(),
    api.groupsList(),
    memberId ? api.repsReadiness() : Promise.resolve([]),
    // "Make a representative" on a member's page comes here with them chosen already.
    !memberId && preselect ? api.memberGet(preselect).catch(() => null) : null,
  ]);
  const rep = memberId ? reps.find((r) => r.member_id === memberId) : null;
  if (memberId && !rep) {
    replace(container, pageHeading('Representative not found'),
      notice('info', null, h('p', null, 'This person is not a representative. ', h('a', { href: '#reps/new' }, 'Make a member a representative.'))));
    return;
  }
  readinessNow = readiness.filter((r) => r.member_id === memberId);
  const picked = chosen && chosen.status === 'active' ? { id: chosen.id, name: chosen.name, email: chosen.email } : null;
  draw(container, app, rep, groups, picked);
}

function draw(container, app, rep, groups, preselect) {
  const isNew = !rep;
  const r = rep || {
    is_chair: false, is_treasurer: false, is_rep: true, started_on: app.today, confidentiality_signed_on: '',
    vehicle: 'car', active: true, groups: [], training: [],
  };
  const groupIds = new Set(r.groups.map((g) => g.id));

  const form = h('form', { class: 'form', 'data-testid': 'rep-form' },
    isNew
      ? memberFinder({
        label: 'Member', testid: 'rep-member', blankLabel: 'Choose a member', preselect,
        hint: 'Only active members who are not representatives yet are listed. Someone new must be added as a member first.',
        keep: (m) => !m.is_rep,
      })
      : null,
    fieldset('Roles', { 'data-field': 'roles' },
      checkbox({ label: 'Chair', name: 'is_chair', checked: r.is_chair, testid: 'rep-is-chair' }),
      checkbox({ label: 'Treasurer', name: 'is_treasurer', checked: r.is_treasurer, testid: 'rep-is-treasurer' }),
      checkbox({ label: 'Representative', name: 'is_rep', checked: r.is_rep, testid: 'rep-is-rep' })),
    h('div', { class: 'field-row' },
      field({ label: 'Started on', name: 'started_on', type: 'uk-date', value: r.started_on, required: true, testid: 'rep-started-on' }),
      field({
        label: 'Confidentiality agreement signed on', name: 'confidentiality_signed_on', type: 'uk-date',
        value: r.confidentiality_signed_on || '', optional: true, testid: 'rep-confidentiality',
      })),
    field({ label: 'Vehicle they usually use', name: 'vehicle', type: 'select', value: r.vehicle || 'car', options: VEHICLES, testid: 'rep-vehicle' }),
    groups.length
      ? fieldset('Groups they sit on', { 'data-field': 'group_ids' },
        groups.map((g) => checkbox({
          label: g.name, name: 'group_ids', value: String(g.id), checked: groupIds.has(g.id), testid: `rep-group-${g.id}`,
          attrs: { 'data-multi': '' },
        })))
      : h('p', { class: 'muted' }, 'There are no groups yet. You can add groups on the Groups screen.'),
    checkbox({ label: 'Active (can use Forum Desk and make claims)', name: 'active', checked: r.active, testid: 'rep-active' }),
    actions(button(isNew ? 'Make them a representative' : 'Save changes', { type: 'submit', testid: 'save-rep' })));

  bindSubmit(form, async (values) => {
    const saved = await api.repSave({
      member_id: isNew ? Number(values.member_id) : rep.member_id,
      is_chair: values.is_chair,
      is_treasurer: values.is_treasurer,
      is_rep: values.is_rep,
      started_on: values.started_on,
      confidentiality_signed_on: values.confidentiality_signed_on,
      vehicle: values.vehicle,
      active: values.active,
      group_ids: (values.group_ids || []).map(Number),
    });
    announce(`${saved.name} saved.`);
    if (isNew) app.go(`#reps/${saved.member_id}`);
    else {
      readinessNow = (await api.repsReadiness()).filter((x) => x.member_id === saved.member_id);
      draw(container, app, saved, groups, null);
      qs('h1', container).focus();
    }
  });

  replace(container,
    h('p', { class: 'back' }, h('a', { href: '#reps', 'data-testid': 'back-to-reps' }, 'Back to representatives')),
    pageHeading(isNew ? 'Make a member a representative' : r.name, { 'data-testid': 'rep-heading' }),
    isNew || !rep.active ? null : readinessPanel(readinessNow, true),
    form,
    isNew ? null : trainingSection(container, app, rep, groups),
    isNew || !(app.canApprove() || app.person.id === rep.member_id) ? null : moneySection(app, rep));
}

// ---------- Carer's Allowance and the statement for a tax year ----------

/** The year the current tax year (6 April to 5 April) starts in. */
function currentTaxYear(todayIso) {
  const [y, m, d] = todayIso.split('-').map(Number);
  return m > 4 || (m === 4 && d >= 6) ? y : y - 1;
}

function moneySection(app, rep) {
  const caForm = h('form', { class: 'form', 'data-testid': 'carers-allowance-form' },
    h('p', { class: 'hint' }, 'Private: only the representative and the forum’s officers see this. With it ticked, Forum Desk warns before a claim is submitted when a month’s recognition payments average more than the Carer’s Allowance weekly earnings limit. It does not give advice.'),
    checkbox({ label: 'Gets Carer’s Allowance', name: 'gets_it', testid: 'carers-allowance' }),
    actions(button('Save', { type: 'submit', kind: 'secondary', testid: 'save-carers-allowance' })));
  api.carersAllowanceGet(rep.member_id).then((on) => { caForm.elements.gets_it.checked = on; }).catch(() => {});
  bindSubmit(caForm, async (values) => {
    await api.carersAllowanceSet(rep.member_id, Boolean(values.gets_it));
    announce('Saved.');
  }, { checkedByCore: true });

  const result = h('div', { 'data-testid': 'statement-result', 'aria-live': 'polite' });
  const statementForm = h('form', { class: 'form', 'data-testid': 'statement-form' },
    field({
      label: 'Tax year starting in April of', name: 'tax_year', value: String(currentTaxYear(app.today)), short: true,
      required: true, testid: 'statement-tax-year', attrs: { inputmode: 'numeric' },
      hint: 'For example 2026 for 6 April 2026 to 5 April 2027.',
    }),
    actions(
      button('Show statement', { type: 'submit', kind: 'secondary', testid: 'show-statement' }),
      app.canApprove() ? button('Save signed statement (PDF)', {
        testid: 'export-statement',
        onClick: () => attempt(async () => {
          const saved = await api.exportRepStatement(rep.member_id, Number(statementForm.elements.tax_year.value));
          replace(result, notice('success', 'Signed statement saved', h('p', null, 'Saved to ', h('span', { class: 'path' }, saved.path)),
            actions(button('Open it', { small: true, testid: 'statement-open', onClick: () => attempt(() => api.exportOpen(saved.path)) }))));
          announce('Signed statement saved.');
        }, statementForm),
      }) : null));
  bindSubmit(statementForm, async (values) => {
    const st = await api.repStatement(rep.member_id, Number(values.tax_year));
    replace(result, statementView(st));
  }, { checkedByCore: true });
  return section('Payments and Carer’s Allowance', { 'data-testid': 'rep-money-section' },
    caForm, statementForm, result);
}

function statementView(st) {
  const over = new Set(st.over_limit.map((m) => m.month));
  return h('div', null,
    st.months.length ? table({
      caption: `Statement for the tax year ${formatDate(st.starts_on)} to ${formatDate(st.ends_on)}`,
      captionVisible: true,
      headers: ['Month', 'Recognition payments', 'Average per week', 'Expenses repaid', 'Not yet paid'],
      numeric: [1, 2, 3, 4],
      rows: st.months.map((m) => ({
        attrs: { 'data-testid': `statement-month-${m.month}` },
        cells: [
          [formatMonth(m.month), over.has(m.month) ? [' ', badge('Over the Carer’s Allowance limit', 'warning')] : null],
          formatPence(m.recognition_pence), formatPence(m.weekly_average_pence),
          formatPence(m.expenses_pence), formatPence(m.unpaid_pence),
        ],
      })),
      foot: h('tr', { role: 'row', 'data-testid': 'statement-totals' },
        h('th', { scope: 'row', role: 'rowheader' }, 'Tax year'),
        [st.recognition_pence, st.weekly_average_pence, st.expenses_pence, st.unpaid_pence]
          .map((p) => h('td', { role: 'cell', class: 'num' }, formatPence(p)))),
    }) : empty('Nothing paid or claimed in this tax year.'),
    st.over_limit.length ? notice('warning', 'Carer’s Allowance',
      st.over_limit.map((m) => h('p', null, `${formatMonth(m.month)}: recognition payments of ${formatPence(m.recognition_pence)} average ${formatPence(m.weekly_average_pence)} a week, more than the weekly earnings limit of ${formatPence(m.weekly_limit_pence)}. Going over the limit by even a penny can stop the whole of Carer’s Allowance for that week. Some expenses can be taken off earnings when they are worked out. Please check with the Carer’s Allowance Unit. Forum Desk does not give advice about benefits.`))) : null,
    h('p', { class: 'hint' }, 'The representative may need to tell HMRC about the recognition payments: they are earnings, unlike expenses repaid.'));
}

function trainingSection(container, app, rep, groups) {
  const form = h('form', { class: 'form', 'data-testid': 'training-form' },
    h('div', { class: 'field-row' },
      field({ label: 'Course', name: 'course', required: true, testid: 'training-course' }),
      field({ label: 'Completed on', name: 'completed_on', type: 'uk-date', required: true, value: app.today, testid: 'training-date' })),
    actions(button('Add training', { type: 'submit', testid: 'add-training' })));
  bindSubmit(form, async (values) => {
    const updated = await api.trainingAdd(rep.member_id, values.course.trim(), values.completed_on);
    readinessNow = (await api.repsReadiness()).filter((x) => x.member_id === rep.member_id);
    draw(container, app, updated, groups, null);
    announce('Training added.');
    qs('[data-testid="training-course"]', container)?.focus();
  });
  return section('Training', { 'data-testid': 'training-section' },
    rep.training.length ? table({
      caption: 'Training completed',
      headers: ['Course', 'Completed on', ''],
      rows: rep.training.map((t) => ({
        attrs: { 'data-testid': `training-${t.id}` },
        cells: [t.course, formatDate(t.completed_on), button('Delete', {
          small: true, kind: 'danger', testid: `delete-training-${t.id}`, ariaLabel: `Delete ${t.course}`,
          onClick: async () => {
            if (!await confirmDialog({ title: `Delete “${t.course}”?`, message: 'The training record will be deleted.', confirmLabel: 'Delete', danger: true })) return;
            await attempt(async () => {
              const updated = await api.trainingDelete(t.id);
              readinessNow = (await api.repsReadiness()).filter((x) => x.member_id === rep.member_id);
              draw(container, app, updated, groups, null);
              announce('Training deleted.');
              qs('[data-testid="training-course"]', container)?.focus();
            });
          },
        })],
      })),
    }) : empty('No training recorded yet.'),
    form);
}
