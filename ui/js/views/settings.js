// Settings: the forum's details and declaration, funders, payment policies, and where the
// data is kept.

import * as api from '../api.js';
import { h, replace, qs } from '../lib/dom.js';
import { bindSubmit, announce, attempt, showError } from '../lib/forms.js';
import { confirmDialog } from '../lib/dialog.js';
import { formatDate, formatPence, formatRate, penceToPounds } from '../lib/format.js';
import {
  pageHeading, field, button, actions, table, empty, section, facts, notice,
} from '../lib/ui.js';

export async function render(container, app) {
  const [forum, funders, policies, certificate] = await Promise.all([
    api.forumGet(), api.fundersList(), api.policiesList(),
    // Made on first use; if it cannot be made, the section says why and the rest still works.
    api.certificateGet().catch((error) => ({ error })),
  ]);
  const ctx = { container, app, forum, funders, policies, certificate };
  replace(container,
    pageHeading('Settings'),
    h('nav', { class: 'toc', 'aria-label': 'On this page' }, h('ul', null,
      h('li', null, h('a', { href: '#settings', 'data-jump': 'forum-details' }, 'Forum details')),
      h('li', null, h('a', { href: '#settings', 'data-jump': 'funders' }, 'Funders')),
      h('li', null, h('a', { href: '#settings', 'data-jump': 'policies' }, 'Payment policies')),
      h('li', null, h('a', { href: '#settings', 'data-jump': 'certificate' }, 'Signing certificate')),
      h('li', null, h('a', { href: '#settings', 'data-jump': 'installation' }, 'This installation')))),
    forumSection(ctx),
    fundersSection(ctx),
    policiesSection(ctx),
    certificateSection(ctx),
    installationSection(app));
  for (const link of container.querySelectorAll('[data-jump]')) {
    link.addEventListener('click', (event) => {
      event.preventDefault();
      const heading = qs(`#${link.dataset.jump} h2`, container);
      if (heading) { heading.setAttribute('tabindex', '-1'); heading.scrollIntoView(); heading.focus(); }
    });
  }
}

async function reload(ctx, message, focusSelector) {
  await render(ctx.container, ctx.app);
  if (message) announce(message);
  if (focusSelector) qs(focusSelector, ctx.container)?.focus();
}

// ---------- forum details ----------

function forumSection(ctx) {
  const f = ctx.forum;
  const form = h('form', { class: 'form', 'data-testid': 'forum-form' },
    field({ label: 'Forum name', name: 'name', value: f.name, required: true, wide: true, testid: 'forum-name-input' }),
    field({ label: 'Address', name: 'address', type: 'textarea', value: f.address, optional: true, wide: true }),
    field({ label: 'Charity or company number', name: 'charity_number', value: f.charity_number, optional: true }),
    field({
      label: 'Payment terms', name: 'payment_terms', type: 'textarea', value: f.payment_terms, optional: true, wide: true,
      hint: 'Shown on claims sent to funders, e.g. “Please pay within 30 days.”',
    }),
    field({
      label: 'Declaration', name: 'declaration', type: 'textarea', rows: 4, value: f.declaration, optional: true, wide: true,
      hint: 'Representatives must agree to this when they submit a claim.', testid: 'forum-declaration',
    }),
    actions(button('Save forum details', { type: 'submit', testid: 'save-forum' })));
  bindSubmit(form, async (values) => {
    const saved = await api.forumSave({
      name: values.name.trim(), address: values.address.trim(), charity_number: values.charity_number.trim(),
      payment_terms: values.payment_terms.trim(), declaration: values.declaration.trim(),
    });
    ctx.app.setForumName(saved.name);
    await reload(ctx, 'Forum details saved.', '[data-testid="save-forum"]');
  }, { checkedByCore: true });
  return section('Forum details', { id: 'forum-details' }, form);
}

// ---------- funders ----------

function fundersSection(ctx) {
  let editing = null;
  const form = h('form', { class: 'form', 'data-testid': 'funder-form' },
    h('h3', { class: 'form-heading', tabindex: '-1' }, 'Add a funder'),
    h('div', { class: 'field-row' },
      field({ label: 'Name', name: 'name', required: true, testid: 'funder-name', hint: 'For example: Anytown Council' }),
      field({ label: 'Cost code', name: 'cost_code', optional: true, testid: 'funder-cost-code' }),
      field({ label: 'Finance contact', name: 'finance_contact', optional: true, testid: 'funder-finance-contact', hint: 'Who claims are sent to.' })),
    actions(
      button('Save funder', { type: 'submit', testid: 'save-funder' }),
      button('Cancel', { testid: 'cancel-funder', attrs: { hidden: true }, onClick: () => reset() })));
  const reset = () => {
    editing = null;
    form.reset();
    qs('h3', form).textContent = 'Add a funder';
    qs('[data-testid="cancel-funder"]', form).hidden = true;
  };
  bindSubmit(form, async (values) => {
    await api.funderSave({
      id: editing ? editing.id : null, name: values.name.trim(), cost_code: values.cost_code.trim(), finance_contact: values.finance_contact.trim(),
    });
    await reload(ctx, 'Funder saved.', '[data-testid="funder-name"]');
  }, { checkedByCore: true });
  const list = ctx.funders.length ? table({
    caption: 'Funders',
    headers: ['Name', 'Cost code', 'Finance contact', ''],
    rows: ctx.funders.map((f) => ({
      attrs: { 'data-testid': `funder-row-${f.id}` },
      cells: [f.name, f.cost_code, f.finance_contact, h('div', { class: 'row-actions' },
        button('Change', {
          small: true, testid: `edit-funder-${f.id}`, ariaLabel: `Change ${f.name}`,
          onClick: () => {
            editing = f;
            form.elements.name.value = f.name;
            form.elements.cost_code.value = f.cost_code;
            form.elements.finance_contact.value = f.finance_contact;
            qs('h3', form).textContent = `Change ${f.name}`;
            qs('[data-testid="cancel-funder"]', form).hidden = false;
            qs('h3', form).focus();
          },
        }),
        button('Delete', {
          small: true, kind: 'danger', testid: `delete-funder-${f.id}`, ariaLabel: `Delete ${f.name}`,
          onClick: async () => {
            if (!await confirmDialog({ title: `Delete ${f.name}?`, message: 'You can only delete a funder that has no claims or groups.', confirmLabel: 'Delete', danger: true })) return;
            await attempt(async () => {
              await api.funderDelete(f.id);
              await reload(ctx, 'Funder deleted.', '[data-testid="funder-name"]');
            });
          },
        }))],
    })),
  }) : empty('No funders yet. Add the council, the NHS or whoever pays for your work.');
  return section('Funders', { id: 'funders', 'data-testid': 'funders-section' }, list, form);
}

// ---------- payment policies ----------

const POLICY_FIELDS = [
  // [name, label, unit, hint]
  ['recognition_hourly', 'Recognition payment per hour', 'pounds', 'For example 15.00'],
  ['recognition_half_day', 'Recognition payment for a half day', 'pounds', 'Leave blank if you do not pay by the half day.'],
  ['recognition_full_day', 'Recognition payment for a full day', 'pounds', 'Leave blank if you do not pay by the day.'],
  ['car_first_band', 'Car mileage rate, first band', 'pence', 'In pence per mile, as HMRC states it, e.g. 45'],
  ['car_band_miles', 'Miles in the first band (per tax year)', 'whole', 'For example 10000'],
  ['car_after_band', 'Car mileage rate after that', 'pence', 'In pence per mile, e.g. 25'],
  ['motorcycle', 'Motorcycle rate', 'pence', 'In pence per mile, e.g. 24'],
  ['bicycle', 'Bicycle rate', 'pence', 'In pence per mile, e.g. 20'],
  ['passenger', 'Passenger rate', 'pence', 'In pence per passenger per mile, e.g. 5'],
  ['childcare_cap_hourly', 'Most we pay for childcare per hour', 'pounds', 'For example 12.00'],
  ['claim_age_limit_months', 'Claims older than this many months get a warning', 'whole', 'For example 3'],
  ['receipt_threshold', 'Receipts needed for amounts over', 'pounds', 'For example 10.00'],
];

function policyToInput(p) {
  if (!p) return {};
  return {
    recognition_hourly: penceToPounds(p.recognition_hourly_pence),
    recognition_half_day: penceToPounds(p.recognition_half_day_pence),
    recognition_full_day: penceToPounds(p.recognition_full_day_pence),
    car_first_band: String(p.car_first_band_pence),
    car_after_band: String(p.car_after_band_pence),
    car_band_miles: String(p.car_band_miles),
    motorcycle: String(p.motorcycle_pence),
    bicycle: String(p.bicycle_pence),
    passenger: String(p.passenger_pence),
    childcare_cap_hourly: penceToPounds(p.childcare_cap_hourly_pence),
    claim_age_limit_months: String(p.claim_age_limit_months),
    receipt_threshold: penceToPounds(p.receipt_threshold_pence),
  };
}

function policiesSection(ctx) {
  const newest = ctx.policies[0];
  let editing = null;
  const prefill = policyToInput(newest);
  const form = h('form', { class: 'form', 'data-testid': 'policy-form' },
    h('h3', { class: 'form-heading', tabindex: '-1' }, newest ? 'Start a new policy' : 'Set your payment policy'),
    h('p', { class: 'hint' }, newest
      ? 'A new policy applies to work done from its start date. Older claims keep the rates that applied at the time. The boxes start with your current rates.'
      : 'These rates are used to work out what representatives are paid.'),
    field({ label: 'Applies from', name: 'effective_from', type: 'uk-date', value: ctx.app.today, required: true, testid: 'policy-effective-from' }),
    h('div', { class: 'field-grid' }, POLICY_FIELDS.map(([name, label, unit, hint]) => field({
      label, name, value: prefill[name] || '', hint, testid: `policy-${name.replace(/_/g, '-')}`,
      prefix: unit === 'pounds' ? '£' : null, suffix: unit === 'pence' ? 'p' : null,
      attrs: { inputmode: unit === 'whole' ? 'numeric' : 'decimal' },
      optional: name === 'recognition_half_day' || name === 'recognition_full_day',
    }))),
    actions(
      button('Save policy', { type: 'submit', testid: 'save-policy' }),
      button('Cancel', { testid: 'cancel-policy', attrs: { hidden: true }, onClick: () => reload(ctx, null, '[data-testid="policy-effective-from"]') })));
  bindSubmit(form, async (values) => {
    const input = { id: editing ? editing.id : null, effective_from: values.effective_from };
    for (const [name] of POLICY_FIELDS) input[name] = String(values[name] || '').trim().replace(/^£/, '').replace(/p$/, '');
    await api.policySave(input);
    await reload(ctx, 'Payment policy saved.', '[data-testid="save-policy"]');
  }, { checkedByCore: true });

  const list = ctx.policies.length ? table({
    caption: 'Payment policies, newest first',
    headers: ['Applies from', 'Recognition payments', 'Mileage', 'Childcare', 'Claims', ''],
    rows: ctx.policies.map((p) => ({
      attrs: { 'data-testid': `policy-row-${p.id}` },
      cells: [
        formatDate(p.effective_from),
        h('ul', { class: 'plain' },
          h('li', null, `${formatPence(p.recognition_hourly_pence)} an hour`),
          p.recognition_half_day_pence === null ? null : h('li', null, `${formatPence(p.recognition_half_day_pence)} a half day`),
          p.recognition_full_day_pence === null ? null : h('li', null, `${formatPence(p.recognition_full_day_pence)} a full day`)),
        h('ul', { class: 'plain' },
          h('li', null, `Car: ${formatRate(p.car_first_band_pence)} a mile for the first ${Number(p.car_band_miles).toLocaleString('en-GB')} miles, then ${formatRate(p.car_after_band_pence)}`),
          h('li', null, `Motorcycle: ${formatRate(p.motorcycle_pence)}`),
          h('li', null, `Bicycle: ${formatRate(p.bicycle_pence)}`),
          h('li', null, `Passengers: ${formatRate(p.passenger_pence)} each`)),
        `Up to ${formatPence(p.childcare_cap_hourly_pence)} an hour`,
        h('ul', { class: 'plain' },
          h('li', null, `Receipts needed over ${formatPence(p.receipt_threshold_pence)}`),
          h('li', null, `Warning when older than ${p.claim_age_limit_months} months`)),
        h('div', { class: 'row-actions' },
          button('Change', {
            small: true, testid: `edit-policy-${p.id}`, ariaLabel: `Change the policy from ${formatDate(p.effective_from)}`,
            onClick: () => {
              editing = p;
              const v = policyToInput(p);
              form.elements.effective_from.value = formatDate(p.effective_from);
              for (const [name] of POLICY_FIELDS) form.elements[name].value = v[name] || '';
              qs('h3', form).textContent = `Change the policy from ${formatDate(p.effective_from)}`;
              qs('[data-testid="cancel-policy"]', form).hidden = false;
              qs('h3', form).focus();
            },
          }),
          button('Delete', {
            small: true, kind: 'danger', testid: `delete-policy-${p.id}`, ariaLabel: `Delete the policy from ${formatDate(p.effective_from)}`,
            onClick: async () => {
              if (!await confirmDialog({ title: 'Delete this policy?', message: `The policy from ${formatDate(p.effective_from)} will be deleted.`, confirmLabel: 'Delete', danger: true })) return;
              await attempt(async () => {
                await api.policyDelete(p.id);
                await reload(ctx, 'Policy deleted.', '[data-testid="save-policy"]');
              });
            },
          })),
      ],
    })),
  }) : empty('No payment policy yet. Claims cannot be worked out until you add one.');
  return section('Payment policies', { id: 'policies', 'data-testid': 'policies-section' }, list, form);
}

// ---------- signing certificate ----------

function certificateSection(ctx) {
  const cert = ctx.certificate;
  const intro = h('p', null,
    'Claim packs and finalised meeting notes are signed with the forum’s own certificate, so a funder can check ',
    'that a file really came from the forum and has not been changed. Send the certificate to the council and the NHS ',
    'once, and read them the fingerprint over the phone so they know it is yours. The private key stays in the data folder.');
  if (!cert || cert.error) {
    return section('Signing certificate', { id: 'certificate', 'data-testid': 'certificate-section' }, intro,
      notice('warning', 'The certificate is not available', h('p', null,
        (cert && cert.error && cert.error.message) || 'Forum Desk could not read the signing certificate.')));
  }
  const result = h('div', { 'data-testid': 'cert-export-result', 'aria-live': 'polite' });
  const exportButton = button('Export certificate (.pem/.cer) to send to the council', {
    testid: 'cert-export',
    onClick: async () => {
      exportButton.disabled = true;
      try {
        const saved = await api.certificateExport(null);
        result.setAttribute('data-path', saved.path);
        replace(result, notice('success', 'Certificate saved',
          h('p', null, 'Saved to ', h('span', { class: 'path' }, saved.path),
            ', with the same certificate as a .cer file beside it (some Windows programs prefer that one).'),
          actions(button('Open', {
            small: true, testid: 'cert-open', ariaLabel: `Open ${saved.path}`,
            onClick: () => attempt(() => api.exportOpen(saved.path)),
          }))));
        announce('Certificate saved.');
      } catch (err) {
        showError(err, null);
      } finally {
        exportButton.disabled = false;
      }
    },
  });
  return section('Signing certificate', { id: 'certificate', 'data-testid': 'certificate-section' },
    intro,
    cert.created ? notice('info', 'New certificate', h('p', null, 'The forum had no signing certificate, so one has just been made.')) : null,
    facts([
      ['Signed as', h('span', { 'data-testid': 'cert-subject' }, cert.subject)],
      ['SHA-256 fingerprint', h('span', { class: 'path', 'data-testid': 'cert-fingerprint' }, cert.fingerprint)],
    ]),
    actions(exportButton),
    result);
}

// ---------- installation ----------

function installationSection(app) {
  const info = app.info || {};
  return section('This installation', { id: 'installation' },
    facts([
      ['Data folder', h('span', { class: 'path', 'data-testid': 'settings-data-dir' }, info.data_dir || '')],
      ['Data version', h('span', { 'data-testid': 'settings-schema-version' }, String(info.schema_version ?? ''))],
      ['Forum Desk version', info.app_version || ''],
    ]),
    h('p', null, 'Back up the data folder regularly, for example to a USB stick kept somewhere safe.'));
}
