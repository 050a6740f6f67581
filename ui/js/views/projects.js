// Co-production projects: the planning form, dated monitoring entries (an escalation stays
// on the officers' first screen until dealt with), feedback forms, what the feedback adds up
// to, the meetings and claim lines that count for the project, and the signed report (with
// the Exports screen's progress line and Cancel, lib/progress.js). The screen's other two
// parts, "you said, we did" and the issues log, are in impact.js.

import * as api from '../api.js';
import { h, replace, qs } from '../lib/dom.js';
import { bindSubmit, announce, attempt, clearErrors, showError } from '../lib/forms.js';
import { exportBusy, watchExport, WORDS } from '../lib/progress.js';
import { confirmDialog, formDialog } from '../lib/dialog.js';
import { formatDate, formatDateTime, formatMinutes, formatPence } from '../lib/format.js';
import {
  pageHeading, field, checkbox, fieldset, button, actions, table, empty, section, navLink, options, notice, facts,
} from '../lib/ui.js';
import { tabs, renderOutcomes, renderIssues } from './impact.js';

const LADDER = [
  { value: 'information', label: 'Information' },
  { value: 'consultation', label: 'Consultation' },
  { value: 'engagement', label: 'Engagement' },
  { value: 'co_design', label: 'Co-design' },
  { value: 'co_production', label: 'Co-production' },
];
const ANSWERS = [
  { value: 'yes', label: 'Yes' },
  { value: 'partly', label: 'Partly' },
  { value: 'no', label: 'No' },
];
const ladderLabel = (v) => (LADDER.find((l) => l.value === v) || { label: v || '' }).label;

export async function render(container, app) {
  const [first, second] = app.route.parts;
  if (first === 'outcomes') return renderOutcomes(container, app, Number(second) || null);
  if (first === 'issues') return renderIssues(container, app);
  if (first === 'new') return renderPlan(container, app, null);
  if (first && Number(first)) return renderProject(container, app, Number(first));
  return renderList(container, app);
}

async function renderList(container, app) {
  const projects = await api.projectsList();
  replace(container,
    tabs('projects'),
    pageHeading('Projects'),
    h('p', { class: 'lead' }, 'Co-production projects: what the forum and its partners planned, how it is going, and what participants said.'),
    app.canApprove() ? actions(navLink('Plan a project', '#projects/new', { kind: 'primary', testid: 'add-project' })) : null,
    projects.length ? table({
      caption: 'Projects',
      headers: ['Project', 'Planned level', 'Reached level', 'Average rating', 'Feedback forms', 'Open escalations', 'Meeting time', 'Cost', ''],
      numeric: [3, 4, 5, 7],
      rows: projects.map((p) => ({
        attrs: { 'data-testid': `project-row-${p.id}` },
        cells: [
          p.name, ladderLabel(p.planned_level), p.reached_level ? ladderLabel(p.reached_level) : 'No feedback yet',
          p.average_rating ? `${p.average_rating} / 10` : '', String(p.feedback_count), String(p.open_escalations),
          formatMinutes(p.hours.meeting_minutes), p.hours.cost_text,
          h('a', { href: `#projects/${p.id}`, 'data-testid': `open-project-${p.id}`, 'aria-label': `Open ${p.name}` }, 'Open'),
        ],
      })),
    }) : empty('There are no projects yet.'));
}

async function renderPlan(container, app, project) {
  const groups = await api.groupsList();
  replace(container,
    h('p', { class: 'back' }, h('a', { href: '#projects' }, 'Back to projects')),
    pageHeading(project ? project.name : 'Plan a project', { 'data-testid': 'project-heading' }),
    planForm(container, app, project, groups));
}

function planForm(container, app, project, groups) {
  const p = project || { planned_level: 'co_production', ongoing: false, groups: [] };
  const chosen = new Set((p.groups || []).map((g) => g.id));
  const text = (label, name, opts = {}) => field({ label, name, value: p[name] ?? '', optional: true, testid: `project-${name}`, ...opts });
  const form = h('form', { class: 'form', 'data-testid': 'project-form' },
    text('Name of the project or workstream', 'name', { required: true, optional: false }),
    h('div', { class: 'field-row' },
      text('Lead contacts', 'lead_contacts'),
      text('Contact information (email or phone)', 'contact_info')),
    text('Organisations', 'organisations', { type: 'textarea', rows: 2 }),
    text('Departments or teams', 'departments', { type: 'textarea', rows: 2 }),
    groups.length ? fieldset('Groups it works through', { 'data-field': 'group_ids' },
      groups.map((g) => checkbox({ label: g.name, name: 'group_ids', value: String(g.id), checked: chosen.has(g.id), testid: `project-group-${g.id}`, attrs: { 'data-multi': '' } })))
      : null,
    text('Aim and end goal', 'aim', { type: 'textarea' }),
    field({ label: 'Where it sits on the ladder of participation (planned)', name: 'planned_level', type: 'select', value: p.planned_level, options: LADDER, required: true, testid: 'project-planned_level' }),
    text('What success will look like', 'success', { type: 'textarea' }),
    checkbox({ label: 'Ongoing (not one-off)', name: 'ongoing', checked: p.ongoing, testid: 'project-ongoing' }),
    h('div', { class: 'field-row' },
      text('Expected timeframe', 'timeframe', { hint: 'If not ongoing, for example “6 months”.' }),
      text('Meetings expected a year', 'meetings_per_year', { value: p.meetings_per_year ?? '', short: true }),
      text('Started on', 'started_on', { type: 'uk-date', value: p.started_on || '' })),
    text('Known or planned dates, times and places of meetings', 'meeting_plans', { type: 'textarea', rows: 2 }),
    text('Any other important information', 'other_info', { type: 'textarea', rows: 2 }),
    actions(button(project ? 'Save the plan' : 'Save the project', { type: 'submit', testid: 'save-project' })));
  bindSubmit(form, async (values) => {
    const saved = await api.projectSave({
      id: project ? project.id : null,
      name: values.name, lead_contacts: values.lead_contacts, contact_info: values.contact_info,
      organisations: values.organisations, departments: values.departments,
      group_ids: (values.group_ids || []).map(Number), aim: values.aim, planned_level: values.planned_level,
      success: values.success, ongoing: values.ongoing, timeframe: values.timeframe,
      meetings_per_year: values.meetings_per_year, meeting_plans: values.meeting_plans,
      other_info: values.other_info, started_on: values.started_on,
    });
    announce(`${saved.name} saved.`);
    if (!project) app.go(`#projects/${saved.id}`);
    else app.refresh();
  });
  return form;
}

async function renderProject(container, app, id) {
  const [p, groups, meetings] = await Promise.all([api.projectGet(id), api.groupsList(), api.meetingsList({})]);
  const officer = app.canApprove();
  replace(container,
    h('p', { class: 'back' }, h('a', { href: '#projects', 'data-testid': 'back-to-projects' }, 'Back to projects')),
    pageHeading(p.name, { 'data-testid': 'project-heading' }),
    summarySection(p),
    hoursSection(app, p, meetings, officer),
    monitoringSection(app, p, officer),
    feedbackSection(app, p, officer),
    officer ? reportSection(p) : null,
    officer ? section('The plan', { 'data-testid': 'plan-section' }, planForm(container, app, p, groups)) : null);
}

function summarySection(p) {
  const s = p.summary;
  return section('Summary', { 'data-testid': 'project-summary' },
    facts([
      ['Planned ladder level', ladderLabel(p.planned_level)],
      ['Reached (most feedback forms)', s.reached_level ? ladderLabel(s.reached_level) : 'No feedback yet'],
      ['Against the plan', s.against_plan || ''],
      ['Average rating', s.average_rating ? `${s.average_rating} out of 10 (${s.rating_sum} points from ${s.forms} forms)` : '', { 'data-testid': 'project-average' }],
    ]),
    s.forms ? table({
      caption: 'Ladder level reached, as the forms say',
      captionVisible: true,
      headers: ['Level', 'Forms'],
      numeric: [1],
      rows: s.reached_spread.map((c) => ({ cells: [c.level === p.planned_level ? `${c.label} (planned)` : c.label, String(c.count)] })),
    }) : null,
    s.by_organisation.length ? table({
      caption: 'Answers by organisation (yes / partly / no)',
      captionVisible: true,
      headers: ['Organisation', 'Forms', 'Average', 'Remit clear', 'Meetings effective', 'Communication effective'],
      numeric: [1, 2],
      rows: s.by_organisation.map((o) => ({
        cells: [o.organisation, String(o.forms), o.average_rating,
          ...[o.remit_clear, o.meetings_effective, o.communication_effective].map((a) => `${a.yes} / ${a.partly} / ${a.no}`)],
      })),
    }) : null);
}

function hoursSection(app, p, meetings, officer) {
  const linked = new Set(p.meetings.map((m) => m.meeting_id));
  const form = h('form', { class: 'form', 'data-testid': 'link-meeting-form' },
    h('div', { class: 'field-row' },
      field({
        label: 'Link a meeting', name: 'meeting_id', type: 'select', testid: 'link-meeting',
        options: options(meetings.filter((m) => !linked.has(m.id)), 'id', (m) => `${formatDateTime(m.starts_at)} · ${m.group_name} · ${m.title}`, 'Choose a meeting'),
        hint: 'Its length and the claim lines made for it then count for this project. A meeting counts for one project only.',
      })),
    actions(button('Link the meeting', { type: 'submit', testid: 'link-meeting-save' })));
  bindSubmit(form, async (values) => {
    await api.projectLinkMeeting(Number(values.meeting_id), p.id);
    announce('Meeting linked.');
    app.refresh();
  });
  const unlink = (label, testid, run) => button('Unlink', {
    small: true, testid, ariaLabel: `Unlink ${label}`,
    onClick: () => attempt(async () => { await run(); announce('Unlinked.'); app.refresh(); }),
  });
  return section('Time and cost', { 'data-testid': 'project-hours' },
    facts([
      ['Meetings linked', String(p.hours.meetings)],
      ['Meeting time', formatMinutes(p.hours.meeting_minutes)],
      ['Reps’ time claimed (approved and paid claims)', formatMinutes(p.hours.claimed_minutes)],
      ['Cost (approved and paid claims)', p.hours.cost_text, { 'data-testid': 'project-cost' }],
    ]),
    p.meetings.length ? table({
      caption: 'Linked meetings', captionVisible: true,
      headers: ['Meeting', 'Group', 'Starts', 'Length', ''],
      rows: p.meetings.map((m) => ({
        cells: [h('a', { href: `#meetings/${m.meeting_id}` }, m.title), m.group_name, formatDateTime(m.starts_at), formatMinutes(m.minutes),
          officer ? unlink(m.title, `unlink-meeting-${m.meeting_id}`, () => api.projectLinkMeeting(m.meeting_id, null)) : ''],
      })),
    }) : empty('No meetings linked yet.'),
    p.lines.length ? table({
      caption: 'Claim lines that count for this project', captionVisible: true,
      headers: ['Date', 'Rep', 'Kind', 'Time', 'Amount', 'Claim', 'How', ''],
      numeric: [4],
      rows: p.lines.map((l) => ({
        cells: [formatDate(l.line_date), l.rep_name, l.kind, l.minutes ? formatMinutes(l.minutes) : '', formatPence(l.amount_pence),
          h('a', { href: `#claims/${l.claim_id}` }, l.claim_status), l.direct ? 'Linked itself' : 'Through its meeting',
          officer && l.direct ? unlink(`the line of ${formatDate(l.line_date)}`, `unlink-line-${l.line_id}`, () => api.projectLinkLine(l.line_id, null)) : ''],
      })),
    }) : null,
    officer ? form : null);
}

const MONITORING = [
  ['going_well', 'What is going well?'],
  ['going_less_well', 'What is going less well?'],
  ['next_steps', 'What are you hoping will happen next?'],
  ['barriers_risks', 'Barriers preventing progress, or risks to flag'],
  ['embedding', 'How will it be embedded and sustained?'],
  ['missing_input', 'Does anyone else need to be involved? Whose input is missing?'],
  ['escalation', 'Does anything need escalating?'],
  ['further_action', 'Further action that could strengthen the impact'],
  ['learning', 'Learning to capture before it is lost'],
];

function monitoringSection(app, p, officer) {
  const form = h('form', { class: 'form', 'data-testid': 'monitoring-form' },
    field({ label: 'Date', name: 'entry_on', type: 'uk-date', value: app.today, required: true, testid: 'monitoring-entry_on' }),
    MONITORING.map(([name, label]) => field({
      label, name, type: 'textarea', rows: 2, optional: true, testid: `monitoring-${name}`,
      hint: name === 'escalation' ? 'Anything here shows on the officers’ first screen until it is marked as dealt with.' : null,
    })),
    actions(button('Add the entry', { type: 'submit', testid: 'monitoring-save' })));
  bindSubmit(form, async (values) => {
    await api.monitoringSave({ project_id: p.id, ...values });
    announce('Monitoring entry added.');
    app.refresh();
  });
  const entry = (m) => h('article', { class: 'card', 'data-testid': `monitoring-${m.id}` },
    h('h3', null, `Entry of ${formatDate(m.entry_on)}`),
    facts(MONITORING.filter(([name]) => name !== 'escalation').map(([name, label]) => [label, m[name]])),
    m.escalation ? notice(m.escalation_dealt_on ? 'info' : 'warning', m.escalation_dealt_on ? 'Escalated, dealt with' : 'Escalated, not yet dealt with',
      h('p', null, m.escalation),
      m.escalation_dealt_on
        ? h('p', null, `Dealt with on ${formatDate(m.escalation_dealt_on)}${m.escalation_dealt_by_name ? ` by ${m.escalation_dealt_by_name}` : ''}: ${m.escalation_outcome}`)
        : (officer ? button('Mark as dealt with', {
          testid: `resolve-${m.id}`,
          onClick: async () => {
            const done = await formDialog({
              title: 'Mark the escalation as dealt with',
              fields: [
                field({ label: 'Dealt with on', name: 'dealt_on', type: 'uk-date', value: app.today, required: true }),
                field({ label: 'How it was dealt with', name: 'outcome', type: 'textarea', required: true, wide: true }),
              ],
              submitLabel: 'Save', testid: 'resolve-dialog',
              onSubmit: (v) => api.escalationResolve(m.id, v.dealt_on, v.outcome),
            });
            if (done) { announce('Escalation marked as dealt with.'); app.refresh(); }
          },
        }) : null)) : null,
    officer ? actions(button('Delete entry', {
      small: true, kind: 'danger', testid: `delete-monitoring-${m.id}`,
      onClick: async () => {
        if (!await confirmDialog({ title: `Delete the entry of ${formatDate(m.entry_on)}?`, message: 'The monitoring entry will be deleted.', confirmLabel: 'Delete', danger: true })) return;
        await attempt(async () => { await api.monitoringDelete(m.id); announce('Entry deleted.'); app.refresh(); });
      },
    })) : null);
  return section('Monitoring', { 'data-testid': 'monitoring-section' },
    p.monitoring.length ? p.monitoring.map(entry) : empty('No monitoring entries yet.'),
    officer ? h('details', null, h('summary', null, 'Add a monitoring entry'), form) : null);
}

function feedbackSection(app, p, officer) {
  const form = h('form', { class: 'form', 'data-testid': 'feedback-form' },
    h('div', { class: 'field-row' },
      field({ label: 'Date', name: 'given_on', type: 'uk-date', value: app.today, required: true, testid: 'feedback-given_on' }),
      field({ label: 'Organisation', name: 'organisation', required: true, testid: 'feedback-organisation' }),
      field({ label: 'Role', name: 'role', optional: true, testid: 'feedback-role', hint: 'For example rep, council officer, health partner.' })),
    [['remit_clear', 'Was the remit, focus and scope clear from the outset?'],
      ['meetings_effective', 'Were meetings effective, with clear aims and a welcoming environment?'],
      ['communication_effective', 'Was there effective communication?']].map(([name, label]) => h('div', { class: 'field-row' },
      field({ label, name, type: 'select', options: [{ value: '', label: 'Choose' }, ...ANSWERS], required: true, testid: `feedback-${name}` }),
      field({ label: 'Comment', name: `${name.split('_')[0]}_comment`, optional: true, testid: `feedback-${name}-comment` }))),
    field({ label: 'What was the impact? Were voices heard? Did anything change?', name: 'impact', type: 'textarea', rows: 2, optional: true, testid: 'feedback-impact' }),
    field({ label: 'What was the learning?', name: 'learning', type: 'textarea', rows: 2, optional: true, testid: 'feedback-learning' }),
    h('div', { class: 'field-row' },
      field({ label: 'Quality of the collaboration, 0 (very poor) to 10 (perfection)', name: 'rating', type: 'select', required: true, testid: 'feedback-rating',
        options: [{ value: '', label: 'Choose' }, ...Array.from({ length: 11 }, (_, i) => ({ value: String(i), label: String(i) }))] }),
      field({ label: 'Where did it sit on the ladder of participation?', name: 'reached_level', type: 'select', required: true, testid: 'feedback-reached_level',
        options: [{ value: '', label: 'Choose' }, ...LADDER] })),
    field({ label: 'Top tips for others', name: 'top_tips', type: 'textarea', rows: 2, optional: true, testid: 'feedback-top_tips' }),
    actions(button('Add the feedback', { type: 'submit', testid: 'feedback-save' })));
  bindSubmit(form, async (values) => {
    await api.feedbackSave({ project_id: p.id, ...values });
    announce('Feedback added.');
    app.refresh();
  });
  return section('Feedback', { 'data-testid': 'feedback-section' },
    p.feedback.length ? table({
      caption: 'Feedback forms', captionVisible: true,
      headers: ['Date', 'From', 'Rating', 'Level reached', 'Impact', 'Top tips', ''],
      numeric: [2],
      rows: p.feedback.map((f) => ({
        attrs: { 'data-testid': `feedback-${f.id}` },
        cells: [formatDate(f.given_on), f.role ? `${f.role}, ${f.organisation}` : f.organisation, `${f.rating} / 10`, ladderLabel(f.reached_level), f.impact, f.top_tips,
          officer ? button('Delete', {
            small: true, kind: 'danger', testid: `delete-feedback-${f.id}`, ariaLabel: `Delete the feedback from ${f.organisation}`,
            onClick: async () => {
              if (!await confirmDialog({ title: `Delete the feedback from ${f.organisation}?`, message: 'The feedback form will be deleted.', confirmLabel: 'Delete', danger: true })) return;
              await attempt(async () => { await api.feedbackDelete(f.id); announce('Feedback deleted.'); app.refresh(); });
            },
          }) : ''],
      })),
    }) : empty('No feedback yet.'),
    officer ? h('details', null, h('summary', null, 'Add a feedback form'), form) : null);
}

function reportSection(p) {
  const result = h('div', { class: 'export-result', 'data-testid': 'project-report-result', hidden: true });
  const form = h('form', { class: 'form', 'data-testid': 'project-report-form', 'aria-label': 'Project report' });
  // The same progress line and Cancel as the Exports screen's claim packs: the report is
  // drawn and signed while the rest of the window stays usable.
  const busy = exportBusy();
  qs('[data-busy-text]', busy).textContent = 'Making and signing the project report…';
  const start = button('Export the signed report (PDF)', {
    testid: 'export-project-report',
    onClick: async () => {
      clearErrors(form);
      start.disabled = true;
      busy.hidden = false;
      result.hidden = true;
      const watching = watchExport(busy, WORDS.project);
      let cancelled = null;
      try {
        const saved = await api.exportProjectReport(p.id, null);
        watching.stop();
        result.removeAttribute('data-cancelled');
        result.setAttribute('data-path', saved.path);
        replace(result, h('p', null, h('strong', null, 'Done. '), 'Saved to ', h('span', { class: 'path' }, saved.path)));
        result.hidden = false;
        announce('Signed project report saved.');
      } catch (err) {
        watching.stop();
        if (err && err.code === 'cancelled') cancelled = err.message;
        else showError(err, form);
      } finally {
        busy.hidden = true;
        start.disabled = false;
        // After the button is usable again, so it can take the focus back.
        if (cancelled) {
          result.removeAttribute('data-path');
          result.setAttribute('data-cancelled', 'true');
          replace(result, h('p', null, h('strong', null, 'Cancelled. '), cancelled));
          result.hidden = false;
          announce(cancelled);
          start.focus();
        }
      }
    },
  });
  replace(form,
    h('p', null, 'The plan, the monitoring history and the feedback summary, signed by the forum.'),
    actions(start),
    busy,
    result);
  form.addEventListener('submit', (event) => event.preventDefault());
  return section('Project report', { 'data-testid': 'project-report-section' }, form);
}
