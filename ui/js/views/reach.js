// Reach: a member's optional reach details (kept only with their consent), the reach panel
// on the Members screen, and Settings → Reach (the forum's areas and its steering group).
// Every rule is in the core; these forms only send what was typed and show its answers.

import * as api from '../api.js';
import { h, replace, qs, afterFrame } from '../lib/dom.js';
import { bindSubmit, announce, attempt } from '../lib/forms.js';
import { confirmDialog } from '../lib/dialog.js';
import { formatDate } from '../lib/format.js';
import {
  field, checkbox, fieldset, button, actions, table, empty, notice, section, facts,
} from '../lib/ui.js';

const NOT_GIVEN = { value: '', label: 'Not given' };

// ---------- a member's details ----------

/** The "Reach (optional)" section of a member's page; fills itself in once loaded. */
export function memberSection(app, member) {
  const body = h('div', { 'aria-live': 'polite' }, h('p', null, 'Loading…'));
  const draw = async () => {
    const [reach, choices, areas] = await Promise.all([
      api.memberReachGet(member.id), api.reachChoices(), api.areasList(true),
    ]);
    // Retired areas are offered only to the member who already has one.
    const offered = areas.filter((a) => !a.retired_on || (reach && reach.area_id === a.id));
    const form = h('form', { class: 'form', 'data-testid': 'reach-form' },
      fieldset('Reach (optional)', { 'data-field': 'reach' },
        h('p', { class: 'hint' }, 'Funders ask where members live and how they found the forum. Nothing here is required, '
          + 'and it is only kept if the member agrees. Untick and save to delete it.'),
        checkbox({
          label: 'The member agreed that the forum keeps these details', name: 'consent',
          checked: Boolean(reach), testid: 'reach-consent',
        }),
        field({
          label: 'Area', name: 'area_id', type: 'select', value: reach && reach.area_id ? String(reach.area_id) : '',
          testid: 'reach-area', optional: true,
          options: [NOT_GIVEN, ...offered.map((a) => ({ value: String(a.id), label: a.retired_on ? `${a.name} (retired)` : a.name }))],
        }),
        h('div', { class: 'field-row' },
          field({
            label: 'How they heard about the forum', name: 'heard_via', type: 'select', optional: true,
            value: reach && reach.heard_via ? reach.heard_via : '', testid: 'reach-heard',
            options: [NOT_GIVEN, ...choices.heard_via],
          }),
          field({
            label: 'In their words', name: 'heard_detail', optional: true,
            value: reach ? reach.heard_detail : '', testid: 'reach-heard-detail',
          })),
        field({
          label: 'How involved they want to be', name: 'involvement', type: 'select', optional: true,
          value: reach && reach.involvement ? reach.involvement : '', testid: 'reach-involvement',
          options: [NOT_GIVEN, ...choices.involvement],
        })),
      reach ? h('p', { 'data-testid': 'reach-consent-given' },
        `Consent recorded on ${formatDate(reach.consent_on)} by ${reach.consent_by}.`) : null,
      actions(button('Save reach details', { type: 'submit', testid: 'save-reach' })));
    bindSubmit(form, async (values) => {
      const saved = await api.memberReachSave({
        member_id: member.id,
        consent: values.consent,
        area_id: values.area_id ? Number(values.area_id) : null,
        heard_via: values.heard_via,
        heard_detail: values.heard_detail.trim(),
        involvement: values.involvement,
      });
      await draw();
      announce(saved ? 'Reach details saved.' : 'No reach details are kept for this member.');
    }, { checkedByCore: true });
    replace(body, form);
  };
  attempt(draw);
  return section('Reach', { 'data-testid': 'reach-section' }, body);
}

// ---------- the Members screen's panel ----------

/** Active members by area, new members this funders' year, and the steering group. */
export function summaryPanel(app, after = Promise.resolve()) {
  if (!app.canApprove()) return null;
  const body = h('div', null, h('p', null, 'Loading…'));
  attempt(async () => {
    // Asked for once the list above it is in (`after`) and on screen, so the list is never
    // kept waiting.
    await after.catch(() => {});
    await afterFrame();
    const s = await api.reachSummary();
    const steering = s.steering.state === 'below'
      ? notice('warning', 'The steering group needs more members', h('p', { 'data-testid': 'steering-message' }, s.steering.message))
      : h('p', { 'data-testid': 'steering-message' }, `Steering group: ${s.steering.message}`);
    replace(body,
      facts([
        ['Active members', String(s.active_members)],
        [`New members since ${formatDate(s.year_from)}`, String(s.new_this_year), { 'data-testid': 'reach-new-this-year' }],
        ['Gave reach details', String(s.with_details)],
      ]),
      steering,
      table({
        caption: 'Active members by area',
        captionVisible: true,
        headers: ['Area', 'Active members'],
        numeric: [1],
        attrs: { 'data-testid': 'reach-by-area' },
        rows: s.by_area.map((r) => ({ cells: [r.label, r.text] })),
      }));
  });
  return section('Reach', { 'data-testid': 'reach-panel' }, body);
}

// ---------- Settings → Reach ----------

/** The forum's areas and its steering group with the number of active members it needs. */
export async function settingsSection(reload) {
  const [areas, steering, groups] = await Promise.all([
    api.areasList(true), api.steeringStatus(), api.groupsList(),
  ]);
  let editing = null;
  const areaForm = h('form', { class: 'form', 'data-testid': 'area-form' },
    h('h3', { class: 'form-heading', tabindex: '-1' }, 'Add an area'),
    field({ label: 'Name', name: 'name', required: true, testid: 'area-name', hint: 'For example: North Eastbridge' }),
    actions(
      button('Save area', { type: 'submit', testid: 'save-area' }),
      button('Cancel', { testid: 'cancel-area', attrs: { hidden: true }, onClick: () => reload() })));
  bindSubmit(areaForm, async (values) => {
    await api.areaSave(editing ? editing.id : null, values.name.trim());
    await reload('Area saved.', '[data-testid="area-name"]');
  }, { checkedByCore: true });
  const list = areas.length ? table({
    caption: 'Areas',
    headers: ['Area', 'Members', 'Offered', ''],
    numeric: [1],
    rows: areas.map((a) => ({
      attrs: { 'data-testid': `area-row-${a.id}` },
      cells: [a.name, String(a.members), a.retired_on ? `Retired on ${formatDate(a.retired_on)}` : 'Yes',
        h('div', { class: 'row-actions' },
          button('Rename', {
            small: true, testid: `rename-area-${a.id}`, ariaLabel: `Rename ${a.name}`,
            onClick: () => {
              editing = a;
              areaForm.elements.name.value = a.name;
              qs('h3', areaForm).textContent = `Rename ${a.name}`;
              qs('[data-testid="cancel-area"]', areaForm).hidden = false;
              qs('h3', areaForm).focus();
            },
          }),
          button(a.retired_on ? 'Offer again' : 'Retire', {
            small: true, testid: `retire-area-${a.id}`, ariaLabel: `${a.retired_on ? 'Offer again' : 'Retire'} ${a.name}`,
            onClick: () => attempt(async () => {
              await api.areaRetire(a.id, !a.retired_on);
              await reload(a.retired_on ? `${a.name} is offered again.` : `${a.name} retired. Members who chose it keep it.`);
            }),
          }),
          a.members === 0 ? button('Delete', {
            small: true, kind: 'danger', testid: `delete-area-${a.id}`, ariaLabel: `Delete ${a.name}`,
            onClick: async () => {
              if (!await confirmDialog({ title: `Delete ${a.name}?`, message: 'Nobody chose this area.', confirmLabel: 'Delete', danger: true })) return;
              await attempt(async () => {
                await api.areaDelete(a.id);
                await reload('Area deleted.', '[data-testid="area-name"]');
              });
            },
          }) : null)],
    })),
  }) : empty('No areas yet. Add the districts or towns your members live in.');

  const steeringForm = h('form', { class: 'form', 'data-testid': 'steering-form' },
    h('h3', { class: 'form-heading' }, 'Steering group'),
    h('p', { 'data-testid': 'steering-status' }, steering.message),
    h('div', { class: 'field-row' },
      field({
        label: 'Which group is the steering group', name: 'group_id', type: 'select', testid: 'steering-group',
        value: steering.group_id ? String(steering.group_id) : '',
        options: [{ value: '', label: 'None chosen' }, ...groups.map((g) => ({ value: String(g.id), label: g.name }))],
        hint: 'Its members are the reps on that group.',
      }),
      field({
        label: 'Active members it needs', name: 'steering_needed', value: String(steering.needed), short: true,
        testid: 'steering-needed', hint: '0 for no number.',
      })),
    actions(button('Save steering group', { type: 'submit', testid: 'save-steering' })));
  bindSubmit(steeringForm, async (values) => {
    await api.steeringSet(values.group_id ? Number(values.group_id) : null, values.steering_needed);
    await reload('Steering group saved.', '[data-testid="steering-group"]');
  }, { checkedByCore: true });
  return section('Reach', { id: 'reach', 'data-testid': 'reach-settings' },
    h('p', null, 'The areas members can choose in their reach details. An area members chose is retired rather than deleted, '
      + 'so their details keep it.'),
    list, areaForm, steeringForm);
}
