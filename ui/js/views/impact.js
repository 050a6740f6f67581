// What the forum's work changed, beside its projects: the "you said, we did" outcomes log
// (what parent carers said, what changed or why not, who decided, when families were told)
// and the issues and themes log (numbers of families only, never who). Both are filtered by
// one date range, kept while the app is open; officers add, change and delete entries.

import * as api from '../api.js';
import { h, replace, qs } from '../lib/dom.js';
import { bindSubmit, announce, attempt, showError } from '../lib/forms.js';
import { confirmDialog, formDialog } from '../lib/dialog.js';
import { formatDate, formatDateTime } from '../lib/format.js';
import {
  pageHeading, field, checkbox, button, actions, table, empty, section, options, badge, subnav,
} from '../lib/ui.js';

const SOURCES = [
  { value: 'meeting', label: 'A meeting' },
  { value: 'survey', label: 'A survey' },
  { value: 'project', label: 'A project' },
  { value: 'issues_log', label: 'The issues log' },
];

// The date range both logs are shown for, as typed (the core reads it). Never saved.
const range = { from: '', to: '' };

/** The three parts of the Projects screen, as links: the current one is marked. */
export function tabs(current) {
  return subnav('Projects and impact', [
    ['projects', '#projects', 'Projects'],
    ['outcomes', '#projects/outcomes', 'You said, we did'],
    ['issues', '#projects/issues', 'Issues and themes'],
  ].map(([id, href, label]) => ({ href, label, testid: `tab-${id}`, current: id === current })));
}

/** Who may change the logs here: officers, on the forum laptop (the core checks again). */
const keepsLogs = (app) => app.canApprove() && !app.repComputer;

/** The date-range form; `load` draws the results for the range (throwing shows the error). */
function rangeForm(testid, load) {
  const form = h('form', { class: 'form picker', 'data-testid': testid, 'aria-label': 'Dates shown' },
    h('div', { class: 'field-row' },
      field({ label: 'From', name: 'from', type: 'uk-date', value: range.from, optional: true, testid: `${testid}-from` }),
      field({ label: 'To', name: 'to', type: 'uk-date', value: range.to, optional: true, testid: `${testid}-to` })),
    actions(
      button('Show', { type: 'submit', kind: 'secondary', testid: `${testid}-show` }),
      button('All dates', {
        testid: `${testid}-all`,
        onClick: () => attempt(async () => {
          form.elements.from.value = '';
          form.elements.to.value = '';
          range.from = '';
          range.to = '';
          await load();
        }, form),
      })));
  bindSubmit(form, async (values) => {
    // Kept only once the core has read them, so a bad date never sticks.
    await load(values.from, values.to);
    range.from = values.from;
    range.to = values.to;
  }, { checkedByCore: true });
  return form;
}

// ---------- "you said, we did" ----------

export async function renderOutcomes(container, app, openId) {
  const officer = keepsLogs(app);
  const [meetings, projects, issues] = officer
    ? await Promise.all([api.meetingsList({}), api.projectsList(), api.issuesList('', '')])
    : [[], [], []];
  const results = h('div', { 'data-testid': 'outcome-results' });
  const choices = { meetings, projects, issues };

  const load = async (from = range.from, to = range.to) => {
    const list = await api.outcomesList(from, to);
    replace(results, outcomesTable(app, list, choices, officer));
    return list;
  };
  const filter = rangeForm('outcome-filter', load);

  replace(container,
    tabs('outcomes'),
    pageHeading('You said, we did'),
    h('p', { class: 'lead' }, 'What parent carers said, what changed or why it did not, who decided, and when families and reps were told.'),
    officer ? actions(button('Add an entry', {
      kind: 'primary', testid: 'add-outcome',
      onClick: () => editOutcome(app, null, choices),
    })) : null,
    filter,
    results);
  let list;
  try {
    list = await load();
  } catch (err) {
    // A range the core cannot read (kept from an earlier visit) is shown beside its box.
    showError(err, filter);
    return;
  }
  if (openId) {
    const entry = list.find((o) => o.id === openId) || (await api.outcomesList('', '')).find((o) => o.id === openId);
    // The address named one entry (from a meeting's "Open"): its row is shown and, for an
    // officer, its form opened; afterwards the address is the log's own again.
    history.replaceState(null, '', '#projects/outcomes');
    app.route = { screen: 'projects', parts: ['outcomes'] };
    const row = entry && qs(`[data-testid="outcome-row-${entry.id}"]`, container);
    if (row) {
      row.classList.add('is-target');
      row.scrollIntoView({ block: 'center' });
    }
    // Opened once the screen has finished drawing (not awaited: the screen is drawn
    // whether the form is saved or not).
    if (entry && officer) setTimeout(() => editOutcome(app, entry, choices), 0);
  }
}

function outcomesTable(app, list, choices, officer) {
  if (!list.length) return empty(range.from || range.to ? 'Nothing was recorded for these dates.' : 'No entries yet.');
  return table({
    caption: '“You said, we did”, newest first',
    headers: ['Said on', 'You said', 'Where it came from', 'Changed?', 'We did', 'Decided by', 'Told families on', ...(officer ? [''] : [])],
    rows: list.map((o) => ({
      attrs: { 'data-testid': `outcome-row-${o.id}` },
      cells: [
        formatDate(o.said_on),
        h('span', { 'data-testid': `outcome-said-${o.id}` }, o.said),
        [o.meeting_id ? h('a', { href: `#meetings/${o.meeting_id}` }, o.source_text) : o.source_text,
          o.decision_id ? h('span', { class: 'muted' }, ' (a decision in its notes)') : null],
        o.changed ? badge('Changed', 'done') : badge('Not changed', 'neutral'),
        o.we_did,
        o.decided_by,
        o.told_on ? formatDate(o.told_on) : h('span', { class: 'muted' }, 'Not yet'),
        ...(officer ? [h('div', { class: 'row-actions' },
          button('Change', {
            small: true, testid: `edit-outcome-${o.id}`, ariaLabel: `Change the entry “${o.said}”`,
            onClick: () => editOutcome(app, o, choices),
          }),
          button('Delete', {
            small: true, kind: 'danger', testid: `delete-outcome-${o.id}`, ariaLabel: `Delete the entry “${o.said}”`,
            onClick: async () => {
              const ok = await confirmDialog({
                title: 'Delete this entry?',
                message: [`“${o.said}” will be deleted from “You said, we did”.`, o.decision_id ? 'The meeting’s decision can be followed up again afterwards.' : ''].filter(Boolean),
                confirmLabel: 'Delete', danger: true, testid: 'confirm-delete-outcome',
              });
              if (!ok) return;
              await attempt(async () => { await api.outcomeDelete(o.id); announce('Entry deleted.'); await app.refresh(); });
            },
          }))] : []),
      ],
    })),
  });
}

/** The form for one entry, new (`o` null) or to change, in a dialog that keeps what was typed on error. */
async function editOutcome(app, o, choices) {
  const e = o || { source: 'meeting', said_on: app.today, changed: false };
  const meetingLabel = (m) => `${formatDateTime(m.starts_at)} · ${m.group_name} · ${m.title}`;
  const linked = {
    meeting: field({
      label: 'Which meeting', name: 'meeting_id', type: 'select', value: e.meeting_id ? String(e.meeting_id) : '', testid: 'outcome-meeting_id',
      options: options(choices.meetings, 'id', meetingLabel, 'Choose a meeting'), wide: true, attrs: { 'aria-required': 'true' },
    }),
    project: field({
      label: 'Which project', name: 'project_id', type: 'select', value: e.project_id ? String(e.project_id) : '', testid: 'outcome-project_id',
      options: options(choices.projects, 'id', (p) => p.name, 'Choose a project'), wide: true, attrs: { 'aria-required': 'true' },
    }),
    issues_log: field({
      label: 'Which issues log entry', name: 'issue_id', type: 'select', value: e.issue_id ? String(e.issue_id) : '', testid: 'outcome-issue_id',
      options: options(choices.issues, 'id', (i) => `${i.theme} (${formatDate(i.raised_on)}, ${i.families} ${i.families === 1 ? 'family' : 'families'})`, 'Choose an entry'),
      wide: true, attrs: { 'aria-required': 'true' },
    }),
  };
  const detail = field({
    label: 'Which survey', name: 'source_detail', value: e.source_detail || '', testid: 'outcome-source_detail', wide: true,
  });
  const source = field({
    label: 'Where it came from', name: 'source', type: 'select', value: e.source, options: SOURCES, testid: 'outcome-source',
  });
  // Only the choice the source needs is shown (and sent); the survey's name is asked for
  // by name, and for other sources the box is optional detail.
  const showFor = (value) => {
    for (const [key, el] of Object.entries(linked)) el.hidden = key !== value;
    const label = qs('label', detail);
    replace(label, value === 'survey' ? 'Which survey' : 'More about where it came from',
      value === 'survey' ? null : h('span', { class: 'optional' }, ' (optional)'));
  };
  qs('select', source).addEventListener('change', (ev) => showFor(ev.target.value));
  showFor(e.source);
  const followsDecision = Boolean(o && o.decision_id);
  const saved = await formDialog({
    title: o ? 'Change the entry' : 'Add to “You said, we did”',
    intro: followsDecision ? 'This entry follows up a decision in a meeting’s notes.' : null,
    fields: [
      field({ label: 'What parent carers said', name: 'said', type: 'textarea', rows: 3, value: e.said || '', wide: true, testid: 'outcome-said', attrs: { 'aria-required': 'true' } }),
      field({ label: 'When it was said', name: 'said_on', type: 'uk-date', value: e.said_on || '', testid: 'outcome-said_on', attrs: { 'aria-required': 'true' } }),
      source,
      linked.meeting, linked.project, linked.issues_log,
      detail,
      checkbox({ label: 'Something changed', name: 'changed', checked: e.changed, testid: 'outcome-changed', hint: 'Leave it unticked if nothing changed (yet), and say why below.' }),
      field({ label: 'What we did: what changed, or why it did not', name: 'we_did', type: 'textarea', rows: 3, value: e.we_did || '', optional: true, wide: true, testid: 'outcome-we_did' }),
      h('div', { class: 'field-row' },
        field({ label: 'Who decided', name: 'decided_by', value: e.decided_by || '', optional: true, testid: 'outcome-decided_by' }),
        field({ label: 'Date families and reps were told', name: 'told_on', type: 'uk-date', value: e.told_on || '', optional: true, testid: 'outcome-told_on' })),
    ],
    submitLabel: o ? 'Save the entry' : 'Add the entry',
    testid: 'outcome-save',
    checkedByCore: true,
    onSubmit: (v) => api.outcomeSave({
      id: o ? o.id : null,
      said: v.said, said_on: v.said_on, source: v.source,
      meeting_id: v.meeting_id ? Number(v.meeting_id) : null,
      project_id: v.project_id ? Number(v.project_id) : null,
      issue_id: v.issue_id ? Number(v.issue_id) : null,
      source_detail: v.source_detail, changed: v.changed, we_did: v.we_did, decided_by: v.decided_by, told_on: v.told_on,
    }),
  });
  if (saved) {
    announce(o ? 'Entry saved.' : 'Entry added.');
    await app.refresh();
  }
}

// ---------- the issues and themes log ----------

export async function renderIssues(container, app) {
  const officer = keepsLogs(app);
  const [groups, meetings] = officer ? await Promise.all([api.groupsList(), api.meetingsList({})]) : [[], []];
  const choices = { groups, meetings };
  const themes = h('div', { 'data-testid': 'theme-results' });
  const results = h('div', { 'data-testid': 'issue-results' });

  const load = async (from = range.from, to = range.to) => {
    const [list, counts] = await Promise.all([api.issuesList(from, to), api.issueThemes(from, to)]);
    replace(themes, themesTable(counts));
    replace(results, issuesTable(app, list, choices, officer));
  };
  const filter = rangeForm('issue-filter', load);

  replace(container,
    tabs('issues'),
    pageHeading('Issues and themes'),
    h('p', { class: 'lead' }, 'What families raise with the forum, how many raised it, where it was taken and what came of it. Numbers only: never a family’s name or details.'),
    officer ? actions(button('Add an issue', {
      kind: 'primary', testid: 'add-issue',
      onClick: () => editIssue(app, null, choices),
    })) : null,
    filter,
    section('Raised most', { 'data-testid': 'themes-section' }, themes),
    section('The log', { 'data-testid': 'issues-section' }, results));
  try {
    await load();
  } catch (err) {
    showError(err, filter);
  }
}

function themesTable(counts) {
  if (!counts.length) return empty('No issues were raised in these dates.');
  return table({
    caption: 'Themes by the number of families who raised them, most first',
    headers: ['Theme', 'Families', 'Times raised'],
    numeric: [1, 2],
    rows: counts.map((t, i) => ({
      attrs: { 'data-testid': `theme-${i + 1}` },
      cells: [t.theme, String(t.families), String(t.entries)],
    })),
  });
}

function issuesTable(app, list, choices, officer) {
  if (!list.length) return empty(range.from || range.to ? 'Nothing was recorded for these dates.' : 'No issues recorded yet.');
  return table({
    caption: 'Issues, newest first',
    headers: ['Raised on', 'Theme', 'Service', 'Families', 'Taken to', 'What came of it', ...(officer ? [''] : [])],
    numeric: [3],
    rows: list.map((i) => ({
      attrs: { 'data-testid': `issue-row-${i.id}` },
      cells: [
        formatDate(i.raised_on), i.theme, i.service, String(i.families),
        [i.group_name, i.meeting_id ? h('a', { href: `#meetings/${i.meeting_id}` }, i.meeting_title) : null]
          .filter(Boolean).flatMap((x, n) => (n ? [', ', x] : [x])),
        i.outcome,
        ...(officer ? [h('div', { class: 'row-actions' },
          button('Change', {
            small: true, testid: `edit-issue-${i.id}`, ariaLabel: `Change the issue ${i.theme} of ${formatDate(i.raised_on)}`,
            onClick: () => editIssue(app, i, choices),
          }),
          button('Delete', {
            small: true, kind: 'danger', testid: `delete-issue-${i.id}`, ariaLabel: `Delete the issue ${i.theme} of ${formatDate(i.raised_on)}`,
            onClick: async () => {
              const ok = await confirmDialog({
                title: 'Delete this issue?',
                message: `${i.theme} (${formatDate(i.raised_on)}) will be deleted from the issues log. Any “You said, we did” entry that came from it stays.`,
                confirmLabel: 'Delete', danger: true, testid: 'confirm-delete-issue',
              });
              if (!ok) return;
              await attempt(async () => { await api.issueDelete(i.id); announce('Issue deleted.'); await app.refresh(); });
            },
          }))] : []),
      ],
    })),
  });
}

async function editIssue(app, i, choices) {
  const e = i || { raised_on: app.today, families: '' };
  const saved = await formDialog({
    title: i ? 'Change the issue' : 'Add an issue',
    intro: 'Numbers only: how many families raised it, never who.',
    fields: [
      field({ label: 'Theme', name: 'theme', value: e.theme || '', wide: true, testid: 'issue-theme', hint: 'For example: EHCP delays, transport, CAMHS waiting times.', attrs: { 'aria-required': 'true' } }),
      field({ label: 'Service', name: 'service', value: e.service || '', optional: true, wide: true, testid: 'issue-service', hint: 'For example: SEND team, Home to School Transport.' }),
      h('div', { class: 'field-row' },
        field({ label: 'Families who raised it', name: 'families', value: e.families === '' ? '' : String(e.families), short: true, testid: 'issue-families', attrs: { inputmode: 'numeric', 'aria-required': 'true' } }),
        field({ label: 'Raised on', name: 'raised_on', type: 'uk-date', value: e.raised_on || '', testid: 'issue-raised_on', attrs: { 'aria-required': 'true' } })),
      field({
        label: 'Group it was taken to', name: 'group_id', type: 'select', value: e.group_id ? String(e.group_id) : '', optional: true, testid: 'issue-group_id',
        options: options(choices.groups, 'id', (g) => g.name, 'Not taken to a group'),
      }),
      field({
        label: 'Meeting it was taken to', name: 'meeting_id', type: 'select', value: e.meeting_id ? String(e.meeting_id) : '', optional: true, wide: true, testid: 'issue-meeting_id',
        options: options(choices.meetings, 'id', (m) => `${formatDateTime(m.starts_at)} · ${m.group_name} · ${m.title}`, 'Not taken to a meeting'),
      }),
      field({ label: 'What came of it', name: 'outcome', type: 'textarea', rows: 3, value: e.outcome || '', optional: true, wide: true, testid: 'issue-outcome' }),
    ],
    submitLabel: i ? 'Save the issue' : 'Add the issue',
    testid: 'issue-save',
    checkedByCore: true,
    onSubmit: (v) => api.issueSave({
      id: i ? i.id : null,
      theme: v.theme, service: v.service, families: v.families, raised_on: v.raised_on,
      group_id: v.group_id ? Number(v.group_id) : null,
      meeting_id: v.meeting_id ? Number(v.meeting_id) : null,
      outcome: v.outcome,
    }),
  });
  if (saved) {
    announce(i ? 'Issue saved.' : 'Issue added.');
    await app.refresh();
  }
}

