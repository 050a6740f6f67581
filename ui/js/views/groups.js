// Groups: the boards and workstreams the forum sits on, with their quorum rules.

import * as api from '../api.js';
import { h, replace, qs, qsa } from '../lib/dom.js';
import { bindSubmit, announce } from '../lib/forms.js';
import {
  pageHeading, field, fieldset, button, actions, table, empty, navLink, options, notice,
} from '../lib/ui.js';

const KINDS = [
  { value: 'board', label: 'Board' },
  { value: 'workstream', label: 'Workstream' },
];

export async function render(container, app) {
  const part = app.route.parts[0];
  if (part === 'new') return renderForm(container, app, null);
  if (part && Number(part)) return renderForm(container, app, Number(part));
  return renderList(container);
}

async function renderList(container) {
  const groups = await api.groupsList();
  replace(container,
    pageHeading('Groups'),
    h('p', { class: 'lead' }, 'The boards and working groups your representatives sit on.'),
    actions(navLink('Add a group', '#groups/new', { kind: 'primary', testid: 'add-group' })),
    groups.length ? table({
      caption: 'Groups',
      headers: ['Name', 'Kind', 'Funder', 'Quorum', 'Representatives', ''],
      rows: groups.map((g) => ({
        attrs: { 'data-testid': `group-row-${g.id}` },
        cells: [g.name, (KINDS.find((k) => k.value === g.kind) || { label: g.kind }).label, g.funder_name || '',
          g.quorum_rule, String(g.rep_ids.length),
          h('a', { href: `#groups/${g.id}`, 'data-testid': `edit-group-${g.id}`, 'aria-label': `Change ${g.name}` }, 'Change')],
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

function orgRow(org, n) {
  const row = h('div', { class: 'field-row org-row', 'data-testid': 'org-row' },
    field({ label: `Organisation ${n}`, name: 'organisation', value: org.organisation || '', testid: `org-name-${n}` }),
    field({
      label: `Least number from organisation ${n}`, name: 'min_present', value: org.min_present ?? '1', short: true,
      testid: `org-min-${n}`, attrs: { inputmode: 'numeric' },
    }),
    h('div', { class: 'row-actions align-end' }, button('Remove', {
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
    const [nameLabel, minLabel] = qsa('label', row);
    nameLabel.textContent = `Organisation ${n}`;
    minLabel.textContent = `Least number from organisation ${n}`;
  });
}

function draw(container, app, group, funders) {
  const isNew = !group;
  const g = group || { name: '', kind: 'board', funder_id: null, quorum_total: 0, notes: '', orgs: [] };
  const orgList = h('div', { class: 'org-list' }, g.orgs.map((o, i) => orgRow(o, i + 1)));
  const form = h('form', { class: 'form', 'data-testid': 'group-form' },
    field({ label: 'Name', name: 'name', value: g.name, required: true, testid: 'group-name' }),
    h('div', { class: 'field-row' },
      field({ label: 'Kind', name: 'kind', type: 'select', value: g.kind || 'board', options: KINDS, testid: 'group-kind' }),
      field({
        label: 'Funder', name: 'funder_id', type: 'select', value: g.funder_id ? String(g.funder_id) : '', testid: 'group-funder',
        options: options(funders, 'id', (f) => f.name, 'None'),
      })),
    field({ label: 'Notes', name: 'notes', type: 'textarea', value: g.notes, optional: true, wide: true }),
    fieldset('Quorum: how many must be present', { 'data-field': 'orgs' },
      field({
        label: 'Least number of people present in total', name: 'quorum_total', value: String(g.quorum_total ?? 0), short: true,
        testid: 'group-quorum-total', attrs: { inputmode: 'numeric' }, hint: 'Use 0 if the group has no quorum.',
      }),
      h('p', { class: 'hint' }, 'If some organisations must always be there, add them with the least number of their people needed.'),
      orgList,
      actions(button('Add an organisation', {
        testid: 'add-org',
        onClick: () => {
          const row = orgRow({ organisation: '', min_present: 1 }, qsa('.org-row', orgList).length + 1);
          orgList.appendChild(row);
          qs('input', row).focus();
        },
      }))),
    group && group.quorum_rule ? h('p', { 'data-testid': 'quorum-rule' }, h('strong', null, 'Quorum rule: '), group.quorum_rule) : null,
    actions(button(isNew ? 'Add group' : 'Save changes', { type: 'submit', testid: 'save-group' })));

  bindSubmit(form, async (values) => {
    const orgs = qsa('.org-row', orgList).map((row) => ({
      organisation: qs('[name="organisation"]', row).value.trim(),
      min_present: Number(qs('[name="min_present"]', row).value.trim() || 0),
    })).filter((o) => o.organisation);
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
