// Meetings: plan a meeting, record who came (members and guests), the agenda, decisions and
// actions, check it against the group's standards and quorum, record exceptions the group
// agreed, then finalise it (read-only) or reopen it with a reason; record when the notes were
// sent and each partner's sign-off, and make the full or shareable notes. Officers on the
// forum laptop also link the meeting to a project and follow up its decisions in "you said,
// we did".

import * as api from '../api.js';
import { h, replace, qs } from '../lib/dom.js';
import { bindSubmit, announce, attempt, showError, clearErrors } from '../lib/forms.js';
import { formDialog } from '../lib/dialog.js';
import { memberFinder } from '../lib/member-finder.js';
import { formatDate, formatDateTime, formatTime, formatStatus } from '../lib/format.js';
import {
  pageHeading, field, fieldset, checkbox, button, actions, table, empty, notice, section, navLink, options, badge, facts,
  pageCount, pager,
} from '../lib/ui.js';

const ATTENDANCE = ['invited', 'attended', 'apologies', 'absent'].map((v) => ({ value: v, label: formatStatus(v) }));
const MEMBERSHIP = [
  { value: 'member', label: 'Member' },
  { value: 'guest', label: 'Guest (does not count towards the quorum)' },
];
const EXCEPTION_KINDS = [
  { value: 'short_notice', label: 'Short notice (an urgent meeting)' },
  { value: 'late_papers', label: 'Late papers or agenda items' },
  { value: 'long_meeting', label: 'A longer meeting' },
];
const ACTION_STATUS = ['open', 'done', 'dropped'].map((v) => ({ value: v, label: formatStatus(v) }));

const listFilter = { group_id: '' };

/** How many meetings the list shows at a time. */
const PAGE_SIZE = 25;

export async function render(container, app) {
  const [first, second] = app.route.parts;
  if (first === 'new') return renderForm(container, app, null);
  if (first && Number(first) && second === 'edit') return renderForm(container, app, Number(first));
  if (first && Number(first)) return renderMeeting(container, app, Number(first));
  return renderList(container, app);
}

// ---------- the list ----------

async function renderList(container, app) {
  const chosen = () => ({ group_id: listFilter.group_id ? Number(listFilter.group_id) : null, from: '', to: '' });
  // The first page is asked for with the groups, so the screen waits for one answer, not two.
  const [groups, firstPage] = await Promise.all([api.groupsList(), api.meetingsPage(chosen(), 0, PAGE_SIZE)]);
  const results = h('div', { 'data-testid': 'meeting-results' });
  const form = h('form', { class: 'form picker', 'data-testid': 'meeting-filter' },
    h('div', { class: 'field-row' },
      field({
        label: 'Group', name: 'group_id', type: 'select', value: listFilter.group_id, testid: 'meeting-group-filter',
        options: options(groups, 'id', (g) => g.name, 'Every group'),
      })),
    actions(button('Show meetings', { type: 'submit', kind: 'secondary', testid: 'filter-meetings' })));
  // A page at a time, so twenty years of meetings draw as quickly as a year's.
  const load = async (offset = 0, ready = null) => {
    const page = ready || await api.meetingsPage(chosen(), offset, PAGE_SIZE);
    const list = page.meetings;
    const more = (next) => attempt(async () => {
      await load(next);
      const count = qs('[data-testid="meeting-count"]', results);
      if (count) count.focus();
    });
    replace(results, list.length ? [
      pageCount(page, list.length, ['meeting', 'meetings'], 'meeting-count'),
      table({
        caption: 'Meetings, newest first',
        headers: ['Date', 'Title', 'Group', 'Notes'],
        rows: list.map((m) => ({
          attrs: { 'data-testid': `meeting-row-${m.id}` },
          cells: [
            `${formatDate(m.starts_at)} ${formatTime(m.starts_at)}`,
            h('a', { href: `#meetings/${m.id}`, 'data-testid': `meeting-link-${m.id}` }, m.title),
            m.group_name,
            m.finalised ? badge('Finalised', 'done') : badge('Not finalised', 'neutral'),
          ],
        })),
      }),
      pager(page, list.length, PAGE_SIZE, { label: 'Pages of meetings', testid: 'meetings', go: more }),
    ] : empty('No meetings yet.'));
  };
  bindSubmit(form, async (values) => { listFilter.group_id = values.group_id; await load(); });
  form.elements.group_id.addEventListener('change', () => { listFilter.group_id = form.elements.group_id.value; attempt(load, form); });

  replace(container,
    pageHeading('Meetings'),
    actions(navLink('Plan a new meeting', '#meetings/new', { kind: 'primary', testid: 'add-meeting' })),
    groups.length ? null : notice('info', 'No groups yet', h('p', null, 'Meetings belong to a group. ',
      h('a', { href: '#groups/new' }, 'Add a group first.'))),
    form,
    results);
  await load(0, firstPage);
}

// ---------- new / edit ----------

async function renderForm(container, app, id) {
  const [groups, meeting] = await Promise.all([api.groupsList(), id ? api.meetingGet(id) : Promise.resolve(null)]);
  const isNew = !meeting;
  const m = meeting || {
    group_id: groups.length ? groups[0].id : '', title: '', starts_at: `${app.today}T10:00`, ends_at: `${app.today}T12:00`,
    place: '', online_link: '', notice_sent_on: '', papers_sent_on: '', chair_name: '', chair_org: '', note_taker_name: '', note_taker_org: '',
  };
  const chairHint = meeting && meeting.suggested_chair_org ? `It is ${meeting.suggested_chair_org}’s turn to chair.` : null;
  const notesHint = meeting && meeting.suggested_note_taker_org ? `It is ${meeting.suggested_note_taker_org}’s turn to take notes.` : null;

  const form = h('form', { class: 'form', 'data-testid': 'meeting-form' },
    field({
      label: 'Group', name: 'group_id', type: 'select', value: m.group_id ? String(m.group_id) : '', required: true, testid: 'meeting-group',
      options: options(groups, 'id', (g) => g.name, 'Choose a group'),
    }),
    field({ label: 'Title', name: 'title', value: m.title, required: true, wide: true, testid: 'meeting-title', hint: 'For example: SEND Partnership Board' }),
    // One date and two 24-hour times: the quickest for a meeting that starts and ends on the
    // same day, and no box follows the computer's locale. The core reads "dd/mm/yyyy HH:MM".
    fieldset('When', { 'data-field': 'starts_at' },
      h('div', { class: 'field-row' },
        field({ label: 'Date', name: 'meeting_date', type: 'uk-date', value: m.starts_at, required: true, testid: 'meeting-date' }),
        field({ label: 'Starts at', name: 'start_time', type: 'uk-time', value: formatTime(m.starts_at), required: true, short: true, testid: 'meeting-start-time' }),
        field({
          label: 'Ends at', name: 'end_time', type: 'uk-time', value: formatTime(m.ends_at), required: true, short: true,
          testid: 'meeting-end-time', dataField: 'ends_at',
        }))),
    h('div', { class: 'field-row' },
      field({ label: 'Place', name: 'place', value: m.place, optional: true, testid: 'meeting-place' }),
      field({ label: 'Online meeting link', name: 'online_link', value: m.online_link, optional: true, testid: 'meeting-online-link' })),
    h('div', { class: 'field-row' },
      field({ label: 'Notice sent on', name: 'notice_sent_on', type: 'uk-date', value: m.notice_sent_on || '', optional: true, testid: 'meeting-notice-sent' }),
      field({ label: 'Papers sent on', name: 'papers_sent_on', type: 'uk-date', value: m.papers_sent_on || '', optional: true, testid: 'meeting-papers-sent' })),
    h('div', { class: 'field-row' },
      field({ label: 'Chair', name: 'chair_name', value: m.chair_name, optional: true, testid: 'meeting-chair-name' }),
      field({ label: 'Chair’s organisation', name: 'chair_org', value: m.chair_org, optional: true, hint: chairHint, testid: 'meeting-chair-org' })),
    h('div', { class: 'field-row' },
      field({ label: 'Note-taker', name: 'note_taker_name', value: m.note_taker_name, optional: true, testid: 'meeting-note-taker-name' }),
      field({ label: 'Note-taker’s organisation', name: 'note_taker_org', value: m.note_taker_org, optional: true, hint: notesHint, testid: 'meeting-note-taker-org' })),
    actions(
      button(isNew ? 'Save meeting' : 'Save changes', { type: 'submit', testid: 'save-meeting' }),
      navLink('Cancel', isNew ? '#meetings' : `#meetings/${meeting.id}`, { testid: 'cancel-meeting' })));

  bindSubmit(form, async (values) => {
    const saved = await api.meetingSave({
      id: meeting ? meeting.id : null,
      group_id: values.group_id ? Number(values.group_id) : 0,
      title: values.title.trim(),
      starts_at: `${values.meeting_date.trim()} ${values.start_time.trim()}`.trim(),
      ends_at: `${values.meeting_date.trim()} ${values.end_time.trim()}`.trim(),
      place: values.place.trim(),
      online_link: values.online_link.trim(),
      notice_sent_on: values.notice_sent_on,
      papers_sent_on: values.papers_sent_on,
      chair_name: values.chair_name.trim(),
      chair_org: values.chair_org.trim(),
      note_taker_name: values.note_taker_name.trim(),
      note_taker_org: values.note_taker_org.trim(),
    });
    announce('Meeting saved.');
    app.go(`#meetings/${saved.id}`);
  }, { checkedByCore: true });

  replace(container,
    h('p', { class: 'back' }, h('a', { href: meeting ? `#meetings/${meeting.id}` : '#meetings' }, meeting ? 'Back to the meeting' : 'Back to meetings')),
    pageHeading(isNew ? 'Plan a new meeting' : `Change ${m.title}`),
    groups.length ? form : notice('info', 'No groups yet', h('p', null, 'Meetings belong to a group. ', h('a', { href: '#groups/new' }, 'Add a group first.'))));
}

// ---------- one meeting ----------

async function renderMeeting(container, app, id) {
  const [meeting, impact] = await Promise.all([
    api.meetingGet(id),
    app.canApprove() && !app.repComputer ? impactOf(id) : null,
  ]);
  draw(container, app, meeting, impact);
}

/**
 * What an officer on the forum laptop sees of the forum's impact work here: the project the
 * meeting is linked to (with the projects to choose from) and which decisions are followed
 * up in "you said, we did". Null elsewhere: a rep's computer has no projects or logs.
 */
async function impactOf(meetingId) {
  const [projects, projectId, outcomes] = await Promise.all([
    api.projectsList(), api.projectOfMeeting(meetingId), api.outcomesOfMeeting(meetingId),
  ]);
  return { projects, projectId, followUps: new Map(outcomes.filter((o) => o.decision_id).map((o) => [o.decision_id, o.id])) };
}

function draw(container, app, m, impact = null) {
  const locked = Boolean(m.finalised_at);
  const ctx = { container, app, meeting: m, locked, impact };
  const when = `${formatDateTime(m.starts_at)} to ${m.ends_at && m.ends_at.slice(0, 10) === m.starts_at.slice(0, 10) ? formatTime(m.ends_at) : formatDateTime(m.ends_at)}`;

  replace(container,
    h('p', { class: 'back' }, h('a', { href: '#meetings', 'data-testid': 'back-to-meetings' }, 'Back to meetings')),
    pageHeading(m.title, { 'data-testid': 'meeting-heading', 'data-meeting-id': m.id }),
    locked ? h('p', { 'data-testid': 'meeting-finalised' }, badge('Finalised', 'done'),
      ` on ${formatDateTime(m.finalised_at)}${m.finalised_by_name ? ` by ${m.finalised_by_name}` : ''}. Nothing can be changed unless it is reopened.`) : null,
    facts([
      ['Group', m.group_name],
      ['When', when],
      ['Place', m.place],
      ['Online link', m.online_link],
      ['Notice sent', formatDate(m.notice_sent_on)],
      ['Papers sent', formatDate(m.papers_sent_on)],
      ['Notes sent', formatDate(m.notes_sent_on)],
      ['Chair', [m.chair_name, m.chair_org].filter(Boolean).join(', ')],
      ['Note-taker', [m.note_taker_name, m.note_taker_org].filter(Boolean).join(', ')],
      ['Next to chair (rotation)', m.suggested_chair_org || ''],
      ['Next to take notes (rotation)', m.suggested_note_taker_org || ''],
    ]),
    locked ? null : actions(navLink('Change the details', `#meetings/${m.id}/edit`, { testid: 'edit-meeting' })),
    projectSection(ctx),
    checksPanel(m),
    exceptionsSection(ctx),
    attendanceSection(ctx),
    agendaSection(ctx),
    decisionsSection(ctx),
    actionsSection(ctx),
    carriedOverSection(ctx),
    finaliseSection(ctx),
    signOffSection(ctx),
    notesExportSection(ctx));
}

function redraw(ctx, meeting, message, focusSelector) {
  draw(ctx.container, ctx.app, meeting, ctx.impact);
  if (message) announce(message);
  if (focusSelector) {
    const el = qs(focusSelector, ctx.container);
    if (el) el.focus();
  }
}

/**
 * The project the meeting is for: its length and the claim lines made for it then count for
 * that project. The link sits beside the record, so a finalised meeting can be linked too.
 */
function projectSection(ctx) {
  const { impact, meeting: m } = ctx;
  if (!impact) return null;
  const current = impact.projects.find((p) => p.id === impact.projectId);
  const form = h('form', { class: 'form', 'data-testid': 'meeting-project-form' },
    h('div', { class: 'field-row' },
      field({
        label: 'Project', name: 'project_id', type: 'select', value: impact.projectId ? String(impact.projectId) : '', testid: 'meeting-project',
        options: options(impact.projects, 'id', (p) => p.name, 'No project'),
        hint: 'The meeting’s time and the claim lines made for it then count for the project. A meeting counts for one project only.',
      })),
    actions(button('Save the project', { type: 'submit', kind: 'secondary', testid: 'save-meeting-project' }),
      current ? h('a', { href: `#projects/${current.id}`, 'data-testid': 'open-meeting-project' }, `Open ${current.name}`) : null));
  bindSubmit(form, async (values) => {
    const chosen = values.project_id ? Number(values.project_id) : null;
    if (chosen === impact.projectId) {
      announce(chosen ? `Already linked to ${current.name}.` : 'Not linked to a project.');
      return;
    }
    await api.projectLinkMeeting(m.id, chosen);
    impact.projectId = chosen;
    const name = chosen ? impact.projects.find((p) => p.id === chosen).name : '';
    redraw(ctx, m, chosen ? `Linked to ${name}.` : 'No longer linked to a project.', '[data-testid="meeting-project"]');
  });
  return section('Project', { 'data-testid': 'meeting-project-section' }, form);
}

function checksPanel(m) {
  const c = m.checks || { warnings: [], exceptions: [], quorate: false, quoracy_reason: '', quorum_rule: '' };
  const due = [
    ['Notice due by', formatDate(c.notice_due_on)],
    ['Papers due by', formatDate(c.papers_due_on)],
    ['Agenda items to the administrator by', formatDate(c.items_due_on)],
  ];
  return section('Checks', { 'data-testid': 'meeting-checks' },
    h('p', { class: 'quoracy' }, 'Quorate: ',
      h('strong', { 'data-testid': 'quorate', 'data-quorate': c.quorate ? 'yes' : 'no', class: c.quorate ? 'status status-approved' : 'status status-returned' },
        c.quorate ? 'Yes' : 'No')),
    c.quoracy_reason ? h('p', { 'data-testid': 'quoracy-reason' }, c.quoracy_reason) : null,
    c.quorum_rule ? h('p', { class: 'muted' }, `Rule: ${c.quorum_rule}`) : null,
    facts(due, { 'data-testid': 'meeting-deadlines' }),
    c.warnings.length
      ? h('div', { class: 'notice notice-warning', 'data-testid': 'meeting-warnings' },
        h('p', { class: 'notice-title' }, h('strong', null, c.warnings.length === 1 ? '1 thing to check' : `${c.warnings.length} things to check`)),
        h('ul', { class: 'warning-list' }, c.warnings.map((w) => h('li', null, w))))
      : h('p', { class: 'muted', 'data-testid': 'no-warnings' }, 'No warnings about notice, papers, length or timing.'),
    c.exceptions && c.exceptions.length
      ? h('div', { class: 'notice notice-info', 'data-testid': 'meeting-exceptions' },
        h('p', { class: 'notice-title' }, h('strong', null, 'Agreed by the group')),
        h('ul', null, c.exceptions.map((e) => h('li', null, e))))
      : null,
    m.readiness_warnings && m.readiness_warnings.length
      ? h('div', { class: 'notice notice-warning', 'data-testid': 'readiness-warnings' },
        h('p', { class: 'notice-title' }, h('strong', null, 'Not ready to sit on this group')),
        h('ul', { class: 'warning-list' }, m.readiness_warnings.map((w) => h('li', null, w))))
      : null);
}

// ---------- agreed exceptions ----------

function exceptionsSection(ctx) {
  const { meeting: m, locked } = ctx;
  const list = m.exceptions || [];
  // Recording what a group agreed is for the chair or the treasurer (the core refuses others).
  const editable = !locked && ctx.app.canApprove();
  if (!editable && !list.length) return null;
  const rows = list.map((e) => ({
    attrs: { 'data-testid': `exception-row-${e.kind}` },
    cells: [
      e.text,
      e.recorded_by_name ? `${e.recorded_by_name}, ${formatDateTime(e.recorded_at)}` : formatDateTime(e.recorded_at),
      !editable ? '' : button('Remove', {
        small: true, kind: 'danger', testid: `remove-exception-${e.kind}`, ariaLabel: `Remove the exception: ${e.text}`,
        onClick: () => attempt(async () => {
          const updated = await api.meetingExceptionDelete(e.id);
          redraw(ctx, updated, 'Exception removed.', '[data-testid="exception-kind"]');
        }),
      }),
    ],
  }));
  let form = null;
  if (editable) {
    form = h('form', { class: 'form', 'data-testid': 'exception-form' },
      h('h3', null, 'Record an exception the group agreed'),
      h('p', { class: 'hint' }, 'For example an urgent meeting at short notice. The meeting and its notes then say what was agreed instead of a warning.'),
      field({ label: 'What was agreed', name: 'kind', type: 'select', value: 'short_notice', options: EXCEPTION_KINDS, testid: 'exception-kind' }),
      field({ label: 'Why', name: 'reason', type: 'textarea', required: true, wide: true, testid: 'exception-reason', hint: 'It reads “… because <your words>”.' }),
      h('div', { class: 'field-row' },
        field({ label: 'Agreed by', name: 'agreed_by', required: true, testid: 'exception-agreed-by', hint: 'Who agreed it, for example the chair and ESCC’s lead.' }),
        field({ label: 'Agreed on', name: 'agreed_on', type: 'uk-date', optional: true, testid: 'exception-agreed-on' })),
      actions(button('Record exception', { type: 'submit', testid: 'save-exception' })));
    bindSubmit(form, async (values) => {
      const updated = await api.meetingExceptionSave({
        meeting_id: m.id, kind: values.kind, reason: values.reason.trim(), agreed_by: values.agreed_by.trim(), agreed_on: values.agreed_on,
      });
      redraw(ctx, updated, 'Exception recorded.', '[data-testid="exception-kind"]');
    });
  }
  return section('Agreed exceptions', { 'data-testid': 'exceptions-section' },
    list.length ? table({ caption: 'Exceptions to the group’s standards agreed for this meeting', headers: ['Agreed', 'Recorded by', ''], rows })
      : empty('None recorded.'),
    form);
}

// ---------- attendance ----------

function attendanceSection(ctx) {
  const { meeting: m, locked } = ctx;
  const save = (p, change) => api.meetingPersonSave({
    id: p.id, meeting_id: m.id, member_id: p.member_id, name: p.name, organisation: p.organisation,
    attendance: p.attendance, membership: p.membership, ...change,
  });
  const rows = m.people.map((p) => ({
    attrs: { 'data-testid': `attendee-row-${p.id}`, 'data-membership': p.membership },
    cells: [
      p.name,
      p.organisation,
      p.counts_for || h('span', { class: 'muted' }, 'No partner'),
      locked ? (p.membership === 'guest' ? 'Guest' : 'Member') : h('select', {
        name: 'membership', 'aria-label': `Member or guest: ${p.name}`, 'data-testid': `membership-${p.id}`, value: p.membership,
        onchange: (event) => attempt(async () => {
          const updated = await save(p, { membership: event.target.value });
          redraw(ctx, updated, `${p.name}: ${event.target.value === 'guest' ? 'guest, not counted' : 'member'}.`, `[data-testid="membership-${p.id}"]`);
        }),
      }, [h('option', { value: 'member' }, 'Member'), h('option', { value: 'guest' }, 'Guest')]),
      locked ? formatStatus(p.attendance) : h('select', {
        name: 'attendance', 'aria-label': `Attendance for ${p.name}`, 'data-testid': `attendance-${p.id}`, value: p.attendance,
        onchange: (event) => attempt(async () => {
          const updated = await save(p, { attendance: event.target.value });
          redraw(ctx, updated, `${p.name}: ${formatStatus(event.target.value).toLowerCase()}.`, `[data-testid="attendance-${p.id}"]`);
        }),
      }, ATTENDANCE.map((o) => h('option', { value: o.value }, o.label))),
      locked ? '' : button('Remove', {
        small: true, kind: 'danger', testid: `remove-attendee-${p.id}`, ariaLabel: `Remove ${p.name}`,
        onClick: () => attempt(async () => {
          const updated = await api.meetingPersonDelete(p.id);
          redraw(ctx, updated, `${p.name} removed.`, '[data-testid="attendee-name"]');
        }),
      }),
    ],
  }));

  let form = null;
  if (!locked) {
    const finder = memberFinder({
      label: 'Forum member', testid: 'attendee-member', blankLabel: 'Not a forum member',
      hint: 'Pick a forum member, or type the name and organisation (for example Council or NHS) of someone else.',
      onPick: (picked) => { if (picked) form.elements.name.value = picked.name; },
    });
    form = h('form', { class: 'form', 'data-testid': 'attendee-form' },
      h('h3', null, 'Add a person'),
      finder,
      h('div', { class: 'field-row' },
        field({ label: 'Name', name: 'name', required: true, testid: 'attendee-name' }),
        field({
          label: 'Organisation', name: 'organisation', optional: true, testid: 'attendee-organisation',
          hint: 'Leave blank for a forum member: they are listed under the forum.',
        }),
        field({ label: 'Attendance', name: 'attendance', type: 'select', value: 'invited', options: ATTENDANCE, testid: 'attendee-attendance' }),
        field({ label: 'Member or guest', name: 'membership', type: 'select', value: 'member', options: MEMBERSHIP, testid: 'attendee-membership' })),
      actions(button('Add person', { type: 'submit', testid: 'add-person' })));
    bindSubmit(form, async (values) => {
      const updated = await api.meetingPersonSave({
        id: null, meeting_id: m.id, member_id: values.member_id ? Number(values.member_id) : null,
        name: values.name.trim(), organisation: values.organisation.trim(), attendance: values.attendance, membership: values.membership,
      });
      redraw(ctx, updated, `${values.name.trim()} added.`, '[data-testid="attendee-member"]');
    });
  }

  return section('Who was there', { 'data-testid': 'people-section' },
    h('p', { class: 'hint' }, 'Members of the group count towards the quorum; guests invited for an item do not. Someone counts for a partner when their organisation is the partner’s name or one of its departments.'),
    m.people.length ? table({ caption: 'People invited to this meeting', headers: ['Name', 'Organisation', 'Counts for', 'Member or guest', 'Attendance', ''], rows })
      : empty('Nobody has been added yet.'),
    locked ? null : actions(button('Invite the group’s representatives', {
      testid: 'invite-group',
      onClick: () => attempt(async () => {
        const updated = await api.meetingInviteGroup(m.id);
        redraw(ctx, updated, 'The group’s representatives have been invited.', '[data-testid="invite-group"]');
      }),
    })),
    form);
}

// ---------- agenda, decisions and actions ----------

/** One list of meeting items (agenda, decisions or actions) with an add/change form. */
function itemsSection(ctx, cfg) {
  const { meeting: m, locked } = ctx;
  const form = locked ? null : h('form', { class: 'form', 'data-testid': `${cfg.key}-form` },
    h('h3', { class: 'form-heading', tabindex: '-1' }, cfg.addTitle),
    field({ label: cfg.textLabel, name: 'text', type: cfg.textarea ? 'textarea' : 'text', required: true, wide: true, testid: `${cfg.key}-text` }),
    cfg.whoLabel || cfg.due || cfg.received ? h('div', { class: 'field-row' },
      cfg.whoLabel ? field({ label: cfg.whoLabel, name: 'who', optional: true, testid: `${cfg.key}-who` }) : null,
      cfg.due ? field({ label: 'Due by', name: 'due_on', type: 'uk-date', optional: true, testid: `${cfg.key}-due-on` }) : null,
      cfg.received ? field({ label: 'Reached the administrator on', name: 'received_on', type: 'uk-date', optional: true, testid: `${cfg.key}-received-on` }) : null) : null,
    cfg.confidential ? checkbox({
      label: 'Confidential: leave it out of the shareable notes', name: 'confidential', testid: `${cfg.key}-confidential`,
    }) : null,
    actions(
      button(cfg.addButton, { type: 'submit', testid: `add-${cfg.key}` }),
      button('Cancel', { testid: `cancel-${cfg.key}`, attrs: { hidden: true }, onClick: () => reset() })));
  let editingId = null;
  const reset = () => {
    editingId = null;
    form.reset();
    qs('h3', form).textContent = cfg.addTitle;
    qs(`[data-testid="cancel-${cfg.key}"]`, form).hidden = true;
  };
  const fill = (item) => {
    editingId = item.id;
    form.elements.text.value = item.text ?? item.title ?? '';
    if (form.elements.who) form.elements.who.value = item.owner ?? item.presenter ?? '';
    if (form.elements.due_on) form.elements.due_on.value = formatDate(item.due_on || '');
    if (form.elements.received_on) form.elements.received_on.value = formatDate(item.received_on || '');
    if (form.elements.confidential) form.elements.confidential.checked = Boolean(item.confidential);
    qs('h3', form).textContent = cfg.editTitle;
    qs(`[data-testid="cancel-${cfg.key}"]`, form).hidden = false;
    qs('h3', form).focus();
  };
  if (form) {
    bindSubmit(form, async (values) => {
      const updated = await cfg.save({
        id: editingId, meeting_id: m.id, text: values.text.trim(), who: (values.who || '').trim(), due_on: values.due_on || '',
        confidential: Boolean(values.confidential), received_on: values.received_on || '',
      });
      redraw(ctx, updated, editingId ? 'Saved.' : `${cfg.noun} added.`, `[data-testid="${cfg.key}-text"]`);
    });
  }
  const rowButtons = (item, label) => (locked ? '' : h('div', { class: 'row-actions' },
    button('Change', { small: true, testid: `edit-${cfg.key}-${item.id}`, ariaLabel: `Change ${label}`, onClick: () => fill(item) }),
    button('Delete', {
      small: true, kind: 'danger', testid: `delete-${cfg.key}-${item.id}`, ariaLabel: `Delete ${label}`,
      onClick: () => attempt(async () => {
        const updated = await cfg.remove(item.id);
        redraw(ctx, updated, `${cfg.noun} deleted.`, `[data-testid="${cfg.key}-text"]`);
      }),
    })));
  return section(cfg.title, { 'data-testid': cfg.sectionId },
    cfg.items.length ? cfg.list(cfg.items, rowButtons) : empty(cfg.emptyText),
    form);
}

function agendaSection(ctx) {
  return itemsSection(ctx, {
    key: 'agenda-item', sectionId: 'agenda-section', title: 'Agenda', noun: 'Agenda item', addTitle: 'Add an agenda item', editTitle: 'Change the agenda item',
    textLabel: 'Agenda item', whoLabel: 'Presenter', addButton: 'Add to agenda', emptyText: 'No agenda items yet.',
    confidential: true, received: true,
    items: ctx.meeting.agenda, save: api.agendaItemSave, remove: api.agendaItemDelete,
    list: (items, rowButtons) => h('ol', { class: 'item-list' }, items.map((a) =>
      h('li', { 'data-testid': `agenda-row-${a.id}`, 'data-confidential': a.confidential ? 'yes' : 'no' },
        a.confidential ? [badge('Confidential', 'neutral'), ' '] : null,
        h('span', null, a.title),
        a.presenter ? h('span', { class: 'muted' }, ` – ${a.presenter}`) : null,
        a.received_on ? h('span', { class: 'muted' }, ` (reached the administrator ${formatDate(a.received_on)})`) : null,
        ' ', rowButtons(a, a.title)))),
  });
}

function decisionsSection(ctx) {
  return itemsSection(ctx, {
    key: 'decision', sectionId: 'decisions-section', title: 'Decisions', noun: 'Decision', addTitle: 'Record a decision', editTitle: 'Change the decision',
    textLabel: 'Decision', textarea: true, addButton: 'Record decision', emptyText: 'No decisions recorded yet.',
    confidential: true,
    items: ctx.meeting.decisions, save: api.decisionSave, remove: api.decisionDelete,
    list: (items, rowButtons) => h('ol', { class: 'item-list' }, items.map((d) =>
      h('li', { 'data-testid': `decision-row-${d.id}`, 'data-confidential': d.confidential ? 'yes' : 'no' },
        d.confidential ? [badge('Confidential', 'neutral'), ' '] : null,
        h('span', null, d.text), ' ', rowButtons(d, d.text), followUp(ctx, d)))),
  });
}

/**
 * "Follow up in “You said, we did”": one step makes the log's entry from the decision (the
 * core gives the same entry back if it was made already). A followed-up decision says so and
 * opens its entry. Confidential decisions are never offered: the log is shared with families.
 */
function followUp(ctx, d) {
  if (!ctx.impact || d.confidential) return null;
  const outcomeId = ctx.impact.followUps.get(d.id);
  if (outcomeId) {
    return h('span', { class: 'follow-up', 'data-testid': `followed-up-${d.id}` },
      badge('Followed up', 'done'),
      h('a', { href: `#projects/outcomes/${outcomeId}`, 'data-testid': `open-follow-up-${d.id}` }, 'Open in “You said, we did”'));
  }
  return h('span', { class: 'follow-up' }, button('Follow up in “You said, we did”', {
    small: true, testid: `follow-up-${d.id}`, ariaLabel: `Follow up in “You said, we did”: ${d.text}`,
    onClick: () => attempt(async () => {
      const o = await api.outcomeFromDecision(d.id);
      ctx.impact.followUps.set(d.id, o.id);
      redraw(ctx, ctx.meeting, 'Added to “You said, we did”. Open it to say what changed and when families were told.',
        `[data-testid="open-follow-up-${d.id}"]`);
    }),
  }));
}

function statusSelect(ctx, action) {
  if (ctx.locked) return formatStatus(action.status);
  return h('select', {
    name: 'status', 'aria-label': `Status of “${action.text}”`, 'data-testid': `action-status-${action.id}`, value: action.status,
    onchange: (event) => attempt(async () => {
      const updated = await api.actionSetStatus(action.id, event.target.value, ctx.meeting.id);
      redraw(ctx, updated, `Action marked as ${formatStatus(event.target.value).toLowerCase()}.`, `[data-testid="action-status-${action.id}"]`);
    }),
  }, ACTION_STATUS.map((o) => h('option', { value: o.value }, o.label)));
}

function actionsSection(ctx) {
  return itemsSection(ctx, {
    key: 'action', sectionId: 'actions-section', title: 'Actions', noun: 'Action', addTitle: 'Add an action', editTitle: 'Change the action',
    textLabel: 'Action', whoLabel: 'Who will do it', due: true, addButton: 'Add action', emptyText: 'No actions yet.',
    items: ctx.meeting.actions, save: api.actionSave, remove: api.actionDelete,
    list: (items, rowButtons) => table({
      caption: 'Actions from this meeting',
      headers: ['Action', 'Who', 'Due by', 'Status', ''],
      rows: items.map((a) => ({
        attrs: { 'data-testid': `action-row-${a.id}` },
        cells: [a.text, a.owner, formatDate(a.due_on), statusSelect(ctx, a), rowButtons(a, a.text)],
      })),
    }),
  });
}

function carriedOverSection(ctx) {
  const list = ctx.meeting.carried_over || [];
  return section('Actions carried over from earlier meetings', { 'data-testid': 'carried-over-section' },
    list.length ? table({
      caption: 'Open actions from earlier meetings of this group',
      headers: ['Action', 'From', 'Who', 'Due by', 'Status'],
      rows: list.map((a) => ({
        attrs: { 'data-testid': `carried-action-row-${a.id}` },
        cells: [a.text, `${a.meeting_title} (${formatDate(a.meeting_date)})`, a.owner, formatDate(a.due_on), statusSelect(ctx, a)],
      })),
    }) : empty('No open actions from earlier meetings.'));
}

// ---------- finalise and reopen ----------

function finaliseSection(ctx) {
  const { meeting: m, locked } = ctx;
  const history = m.reopenings && m.reopenings.length ? h('div', null, h('h3', null, 'Reopened before'),
    h('ul', null, m.reopenings.map((r) => h('li', null,
      `${formatDateTime(r.reopened_at)}${r.reopened_by_name ? `, ${r.reopened_by_name}` : ''}: ${r.reason}`)))) : null;
  if (!locked) {
    return section('Finalise the record', { 'data-testid': 'finalise-section' },
      h('p', null, 'When the record is complete, finalise it. It then cannot be changed unless someone reopens it and gives a reason.'),
      actions(button('Finalise this meeting', {
        kind: 'primary', testid: 'finalise-meeting',
        onClick: () => attempt(async () => {
          const updated = await api.meetingFinalise(m.id);
          redraw(ctx, updated, 'The meeting has been finalised.', 'h1');
        }),
      })),
      history);
  }
  return section('Reopen the record', { 'data-testid': 'reopen-section' },
    h('p', null, 'Only reopen a finalised meeting to correct a mistake. The reason is kept with the record.'),
    actions(button('Reopen this meeting', {
      testid: 'reopen-meeting',
      onClick: async () => {
        const updated = await formDialog({
          title: 'Reopen this meeting',
          fields: [field({ label: 'Why does it need reopening?', name: 'reason', type: 'textarea', required: true, testid: 'reopen-reason' })],
          submitLabel: 'Reopen',
          testid: 'confirm-reopen',
          onSubmit: (values) => api.meetingReopen(m.id, values.reason.trim()),
        });
        if (updated && updated !== true) redraw(ctx, updated, 'The meeting has been reopened.', 'h1');
      },
    })),
    history);
}

// ---------- notes sent and the partners' sign-off ----------

function signOffSection(ctx) {
  const { meeting: m } = ctx;
  // Only the chair or the treasurer records when notes went out and who agreed them (the
  // core refuses others); everyone else sees where things stand.
  const officer = ctx.app.canApprove();
  const partners = m.signoffs || [];
  const rows = partners.map((p) => ({
    attrs: { 'data-testid': `signoff-row-${p.organisation}` },
    cells: [
      p.organisation,
      p.agreed_on ? `Agreed by ${p.agreed_by} on ${formatDate(p.agreed_on)}` : 'Not yet agreed',
      ...(officer ? [p.agreed_on ? button('Remove', {
        small: true, kind: 'danger', ariaLabel: `Remove ${p.organisation}’s sign-off`, testid: `remove-signoff-${p.organisation}`,
        onClick: () => attempt(async () => {
          const updated = await api.meetingSignoffDelete(m.id, p.organisation);
          redraw(ctx, updated, `${p.organisation}’s sign-off removed.`, '[data-testid="notes-sent-on"]');
        }),
      }) : ''] : []),
    ],
  }));
  return section('Notes sent and signed off', { 'data-testid': 'signoff-section' },
    officer ? notesSentForm(ctx) : null,
    partners.length
      ? [
        h('p', { 'data-testid': 'signed-off', 'data-signed-off': m.signed_off ? 'yes' : 'no' },
          m.signed_off ? 'Every partner has signed the notes off.' : 'Waiting for partners to sign the notes off.'),
        table({ caption: 'Partners who sign the notes off', headers: ['Partner', 'Agreement', ...(officer ? [''] : [])], rows }),
        officer && !m.finalised_at ? h('p', { class: 'hint' }, 'Partners’ agreement can be recorded once the notes are finalised.') : null,
      ]
      : h('p', { class: 'muted' }, officer
        ? 'No partner signs this group’s notes off. Choose who does on the group’s page.'
        : 'No partner signs this group’s notes off.'),
    officer
      ? signOffForm(ctx, partners)
      : h('p', { class: 'hint', 'data-testid': 'signoff-officers-only' }, 'The chair or the treasurer records when the notes go out (see “Notes sent” above) and each partner’s agreement.'));
}

/** The day the notes were sent to the partners, for an officer to record or clear. */
function notesSentForm(ctx) {
  const { meeting: m } = ctx;
  const form = h('form', { class: 'form', 'data-testid': 'notes-sent-form' },
    h('div', { class: 'field-row' },
      field({ label: 'Notes sent to the partners on', name: 'notes_sent_on', type: 'uk-date', value: m.notes_sent_on || '', optional: true, testid: 'notes-sent-on' })),
    actions(button('Save the date', { type: 'submit', kind: 'secondary', testid: 'save-notes-sent' })));
  bindSubmit(form, async (values) => {
    const updated = await api.meetingNotesSent(m.id, values.notes_sent_on);
    redraw(ctx, updated, values.notes_sent_on ? 'Date the notes were sent saved.' : 'Date the notes were sent cleared.', '[data-testid="notes-sent-on"]');
  });
  return form;
}

/** Recording a partner's agreement to the finalised notes; none before they are finalised. */
function signOffForm(ctx, partners) {
  const { meeting: m } = ctx;
  if (!m.finalised_at || !partners.length) return null;
  const form = h('form', { class: 'form', 'data-testid': 'signoff-form' },
    h('h3', null, 'Record a partner’s agreement'),
    h('div', { class: 'field-row' },
      field({
        label: 'Partner', name: 'organisation', type: 'select', testid: 'signoff-organisation',
        options: partners.map((p) => ({ value: p.organisation, label: p.organisation })),
      }),
      field({ label: 'Agreed by', name: 'agreed_by', required: true, testid: 'signoff-agreed-by' }),
      field({ label: 'Agreed on', name: 'agreed_on', type: 'uk-date', required: true, testid: 'signoff-agreed-on' })),
    actions(button('Record agreement', { type: 'submit', testid: 'save-signoff' })));
  bindSubmit(form, async (values) => {
    const updated = await api.meetingSignoffSave({
      meeting_id: m.id, organisation: values.organisation, agreed_by: values.agreed_by.trim(), agreed_on: values.agreed_on,
    });
    redraw(ctx, updated, `${values.organisation}’s agreement recorded.`, '[data-testid="signoff-organisation"]');
  });
  return form;
}

// ---------- the notes as PDF ----------

function notesExportSection(ctx) {
  const { meeting: m } = ctx;
  const result = h('div', { class: 'notice notice-success', 'data-testid': 'notes-export-result', hidden: true });
  const form = h('form', { class: 'form', 'data-testid': 'notes-export-form', 'aria-label': 'Make the notes' });
  const make = (version) => attempt(async () => {
    clearErrors(form);
    const saved = await api.exportMeetingNotesVersion(m.id, version, null);
    const what = `${version === 'shareable' ? 'Shareable notes (confidential items removed)' : 'Full notes (with confidential items)'}${m.finalised_at ? ', signed' : ', a draft preview, not signed'}.`;
    replace(result, h('p', null, h('strong', null, 'Done. ')), h('p', null, what), h('p', null, 'Saved to ', h('span', { class: 'path' }, saved.path)));
    result.hidden = false;
    announce(`${what} Saved.`);
  }, form);
  // Finalised notes are signed with the forum's key, which only officers' sign-ins hold.
  if (m.finalised_at && !ctx.app.canApprove()) {
    replace(form, h('p', { 'data-testid': 'notes-export-officers-only' },
      'The notes are finalised. They go out signed with the forum’s key, so the chair or the treasurer makes them.'));
    return section('Notes to send', { 'data-testid': 'notes-export-section' }, form);
  }
  replace(form,
    h('p', null, m.finalised_at
      ? 'The notes are finalised: both versions are signed by the forum. Each says at the top which version it is.'
      : 'The notes are not finalised: you get a draft preview, marked DRAFT and not signed.'),
    actions(
      button('Full notes (PDF)', { testid: 'export-notes-full', onClick: () => make('full') }),
      button('Shareable notes (PDF)', { testid: 'export-notes-shareable', onClick: () => make('shareable') })),
    result);
  form.addEventListener('submit', (event) => event.preventDefault());
  return section('Notes to send', { 'data-testid': 'notes-export-section' }, form);
}

export { showError };
