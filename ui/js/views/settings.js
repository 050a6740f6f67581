// Settings: the forum's details and declaration, funders, payment policies, and where the
// data is kept.

import * as api from '../api.js';
import * as exchange from './exchange.js';
import * as reach from './reach.js';
import { h, replace, qs } from '../lib/dom.js';
import { bindSubmit, announce, attempt, showError, besideField } from '../lib/forms.js';
import { confirmDialog } from '../lib/dialog.js';
import { newPassphraseFields } from './start.js';
import {
  formatDate, formatDateTime, formatBytes, formatCount, formatPence, formatRate, penceToPounds,
} from '../lib/format.js';
import {
  pageHeading, field, button, actions, table, empty, section, facts, notice, options, checkbox, fieldset, badge, subnav,
} from '../lib/ui.js';

/**
 * Settings is five pages, each asking only for what its own sections show, so none of them
 * waits for the rest (on a large forum the one long page took three times as long to draw).
 * `sections` are the old single page's anchors: `#settings/backups` still opens Backups.
 */
const PAGES = [
  {
    id: 'forum', label: 'Forum', sections: ['forum-details', 'reach', 'installation'],
    draw: async (ctx) => {
      const [forum, target, reachSettings] = await Promise.all([
        api.forumGet(), api.paymentTargetGet(), reach.settingsSection(ctx.reloadPage)]);
      return [forumSection({ ...ctx, forum, target }), reachSettings, installationSection(ctx.app)];
    },
  },
  {
    id: 'money', label: 'Funders and budgets', sections: ['funders', 'budgets', 'policies'],
    draw: async (ctx) => {
      const [funders, budgets, policies] = await Promise.all([api.fundersList(), api.budgetsList(), api.policiesList()]);
      const withData = { ...ctx, funders, budgets, policies };
      return [fundersSection(withData), budgetsSection(withData), policiesSection(withData)];
    },
  },
  {
    id: 'sign-ins', label: 'Sign-ins', sections: ['sign-ins', 'your-passphrase'],
    draw: async (ctx) => {
      const [signIns, people] = await Promise.all([api.signInPeople(), api.peopleList()]);
      return [signInsSection({ ...ctx, signIns, people }), passphraseSection(ctx.app)];
    },
  },
  {
    id: 'computers', label: 'Reps on their own computers', sections: ['exchange'],
    draw: async (ctx) => [await exchange.settingsSection(ctx.app)],
  },
  {
    id: 'safekeeping', label: 'Backups and checks', sections: ['backups', 'certificate', 'check'],
    draw: async (ctx) => {
      const [backups, certificate] = await Promise.all([
        api.backupsOverview().catch((error) => ({ error })),
        // Made on first use; if it cannot be made, the section says why and the rest still works.
        api.certificateGet().catch((error) => ({ error })),
      ]);
      return [backupsSection({ ...ctx, backups }), certificateSection({ ...ctx, certificate }), checkSection()];
    },
  },
];

/** The page a route asks for: by its own name, or by one of its sections (then jumped to). */
function pageFor(part) {
  return PAGES.find((p) => p.id === part) || PAGES.find((p) => p.sections.includes(part)) || PAGES[0];
}

export async function render(container, app) {
  if (!app.canApprove()) {
    // Representatives only change their own passphrase here; the core refuses the rest anyway.
    replace(container, pageHeading('Settings'), passphraseSection(app), installationSection(app));
    return;
  }
  const asked = app.route && app.route.parts[0];
  const page = pageFor(asked);
  const ctx = { container, app };
  ctx.reloadPage = (message, focus) => reload(ctx, message, focus);
  const sections = await page.draw(ctx);
  const links = PAGES.map((p) => ({
    href: p === PAGES[0] ? '#settings' : `#settings/${p.id}`, label: p.label, testid: `settings-tab-${p.id}`, current: p === page,
  }));
  replace(container, subnav('Settings pages', links), pageHeading(`Settings: ${page.label}`), ...sections);
  if (asked && asked !== page.id) jumpTo(container, asked);
}

function jumpTo(container, id) {
  const heading = qs(`#${id} h2`, container);
  if (heading) { heading.setAttribute('tabindex', '-1'); heading.scrollIntoView(); heading.focus(); }
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
      hint: 'Shown on claims sent to funders, e.g. “Please pay within 14 days.”',
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
  const targetForm = h('form', { class: 'form', 'data-testid': 'payment-target-form' },
    field({
      label: 'Pay claims within this many days', name: 'payment_target_days', value: String(ctx.target.days),
      required: true, short: true, testid: 'payment-target-days', attrs: { inputmode: 'numeric' },
      hint: 'Counted from when a claim is submitted. Claims waiting longer are flagged on the home screen.',
    }),
    actions(button('Save payment target', { type: 'submit', testid: 'save-payment-target' })));
  bindSubmit(targetForm, async (values) => {
    await api.paymentTargetSave(values.payment_target_days.trim());
    await reload(ctx, 'Payment target saved.', '[data-testid="save-payment-target"]');
  }, { checkedByCore: true });
  return section('Forum details', { id: 'forum-details' }, form, targetForm);
}

// ---------- budgets ----------

const BUDGET_PAYS = [
  ['pays_time', 'Time (recognition payments)'],
  ['pays_travel', 'Travel: mileage, fares and parking'],
  ['pays_childcare', 'Childcare'],
  ['pays_other', 'Other costs'],
];

function budgetsSection(ctx) {
  let editing = null;
  const form = h('form', { class: 'form', 'data-testid': 'budget-form' },
    h('h3', { class: 'form-heading', tabindex: '-1' }, 'Add a budget'),
    h('div', { class: 'field-grid' },
      field({
        label: 'Funder', name: 'funder_id', type: 'select', required: true, testid: 'budget-funder',
        options: options(ctx.funders, 'id', (f) => f.name, 'Choose a funder'),
      }),
      field({ label: 'Name', name: 'name', required: true, testid: 'budget-name', hint: 'For example: Participation grant 2026/27' }),
      field({ label: 'Amount', name: 'amount', required: true, prefix: '£', testid: 'budget-amount', attrs: { inputmode: 'decimal' } }),
      field({ label: 'From', name: 'starts_on', type: 'uk-date', required: true, testid: 'budget-starts-on' }),
      field({ label: 'To', name: 'ends_on', type: 'uk-date', required: true, testid: 'budget-ends-on' })),
    fieldset('It may pay for', { 'data-field': 'pays_time' },
      BUDGET_PAYS.map(([name, label]) => checkbox({ label, name, checked: true, testid: `budget-${name.replace(/_/g, '-')}` }))),
    actions(
      button('Save budget', { type: 'submit', testid: 'save-budget' }),
      button('Cancel', { testid: 'cancel-budget', attrs: { hidden: true }, onClick: () => reload(ctx, null, '[data-testid="budget-name"]') })));
  bindSubmit(form, async (values) => {
    const input = {
      id: editing ? editing.id : null,
      funder_id: Number(values.funder_id) || 0,
      name: values.name.trim(), amount: values.amount.trim().replace(/^£/, ''),
      starts_on: values.starts_on, ends_on: values.ends_on,
    };
    for (const [name] of BUDGET_PAYS) input[name] = Boolean(values[name]);
    await api.budgetSave(input);
    await reload(ctx, 'Budget saved.', '[data-testid="save-budget"]');
  }, { checkedByCore: true });
  const list = ctx.budgets.length ? table({
    caption: 'Budgets with what approved and paid claims have spent',
    headers: ['Funder', 'Budget', 'Period', 'Pays for', 'Amount', 'Spent', 'Left', ''],
    numeric: [4, 5, 6],
    rows: ctx.budgets.map((b) => ({
      attrs: { 'data-testid': `budget-row-${b.id}` },
      cells: [
        b.funder_name,
        b.name,
        `${formatDate(b.starts_on)} to ${formatDate(b.ends_on)}`,
        BUDGET_PAYS.filter(([name]) => b[name]).map(([, label]) => label.split(':')[0].split(' (')[0]).join(', '),
        formatPence(b.amount_pence),
        h('span', { 'data-testid': `budget-spent-${b.id}` }, `${formatPence(b.spent_pence)} (${b.percent_spent}%)`,
          b.spent_pence > b.amount_pence ? badge('Over budget', 'danger')
            : (b.spent_pence * 10 > b.amount_pence * 9 ? badge('Past 90%', 'warning') : null)),
        formatPence(b.left_pence),
        h('div', { class: 'row-actions' },
          button('Change', {
            small: true, testid: `edit-budget-${b.id}`, ariaLabel: `Change the budget ${b.name}`,
            onClick: () => {
              editing = b;
              form.elements.funder_id.value = String(b.funder_id);
              form.elements.name.value = b.name;
              form.elements.amount.value = penceToPounds(b.amount_pence);
              form.elements.starts_on.value = formatDate(b.starts_on);
              form.elements.ends_on.value = formatDate(b.ends_on);
              for (const [name] of BUDGET_PAYS) form.elements[name].checked = b[name];
              qs('h3', form).textContent = `Change the budget ${b.name}`;
              qs('[data-testid="cancel-budget"]', form).hidden = false;
              qs('h3', form).focus();
            },
          }),
          button('Delete', {
            small: true, kind: 'danger', testid: `delete-budget-${b.id}`, ariaLabel: `Delete the budget ${b.name}`,
            onClick: async () => {
              if (!await confirmDialog({ title: `Delete ${b.name}?`, message: 'The record of this grant will be deleted. Claims are not changed.', confirmLabel: 'Delete', danger: true })) return;
              await attempt(async () => {
                await api.budgetDelete(b.id);
                await reload(ctx, 'Budget deleted.', '[data-testid="save-budget"]');
              });
            },
          })),
      ],
    })),
  }) : empty('No budgets yet. Add each funder’s grant to see what is spent against it.');
  return section('Budgets', { id: 'budgets', 'data-testid': 'budgets-section' }, list, form);
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
  const newest = ctx.policies.find((p) => p.funder_id === null) || ctx.policies[0];
  let editing = null;
  const prefill = policyToInput(newest);
  const form = h('form', { class: 'form', 'data-testid': 'policy-form' },
    h('h3', { class: 'form-heading', tabindex: '-1' }, newest ? 'Start a new policy' : 'Set your payment policy'),
    h('p', { class: 'hint' }, newest
      ? 'A new policy applies to work done from its start date. Older claims keep the rates that applied at the time. The boxes start with your current rates.'
      : 'These rates are used to work out what representatives are paid.'),
    field({ label: 'Applies from', name: 'effective_from', type: 'uk-date', value: ctx.app.today, required: true, testid: 'policy-effective-from' }),
    field({
      label: 'Whose policy', name: 'funder_id', type: 'select', testid: 'policy-funder',
      options: options(ctx.funders, 'id', (f) => `${f.name} only`, 'The forum’s own (every funder without its own)'),
      hint: 'A funder’s own policy applies to its claims from its start date; other funders use the forum’s own.',
    }),
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
    const input = {
      id: editing ? editing.id : null, effective_from: values.effective_from,
      funder_id: values.funder_id ? Number(values.funder_id) : null,
    };
    for (const [name] of POLICY_FIELDS) input[name] = String(values[name] || '').trim().replace(/^£/, '').replace(/p$/, '');
    await api.policySave(input);
    await reload(ctx, 'Payment policy saved.', '[data-testid="save-policy"]');
  }, { checkedByCore: true });

  const list = ctx.policies.length ? table({
    caption: 'Payment policies: the forum’s own, then each funder’s, newest first',
    headers: ['Whose', 'Applies from', 'Recognition payments', 'Mileage', 'Childcare', 'Claims', ''],
    rows: ctx.policies.map((p) => ({
      attrs: { 'data-testid': `policy-row-${p.id}` },
      cells: [
        p.funder_name || 'The forum’s own',
        formatDate(p.effective_from),
        h('ul', { class: 'plain' },
          h('li', null, `${formatPence(p.recognition_hourly_pence)} an hour`),
          p.recognition_half_day_pence === null ? null : h('li', null, `${formatPence(p.recognition_half_day_pence)} a half day`),
          p.recognition_full_day_pence === null ? null : h('li', null, `${formatPence(p.recognition_full_day_pence)} a full day`)),
        h('ul', { class: 'plain' },
          h('li', null, `Car: ${formatRate(p.car_first_band_pence)} a mile for the first ${formatCount(p.car_band_miles)} miles, then ${formatRate(p.car_after_band_pence)}`),
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
              form.elements.funder_id.value = p.funder_id === null ? '' : String(p.funder_id);
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
    'once, and read them the fingerprint over the phone so they know it is yours. The private key is kept encrypted, and only the chair’s, the treasurer’s and the recovery key’s sign-ins can open it.');
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
    result,
    financeOfficerSteps(cert.finance_officer_steps));
}

/** The steps a finance officer follows to check a pack before paying, to read out or send. */
function financeOfficerSteps(text) {
  if (!text) return null;
  const [title, ...rest] = text.split('\n').filter((l) => l.trim());
  return h('details', { class: 'panel-details', 'data-testid': 'finance-officer-steps' },
    h('summary', null, title),
    h('ol', null, rest.map((l) => h('li', null, l.replace(/^\d+\.\s*/, '')))));
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
    h('p', null, 'Forum Desk backs up your forum by itself: see ', h('a', { href: '#settings/safekeeping' }, 'Backups and checks'), '.'));
}

// ---------- your passphrase ----------

function passphraseSection(app) {
  const pass = newPassphraseFields({ label: 'New passphrase', aboutYou: () => [app.person.name], testid: 'change-new-passphrase' });
  const form = h('form', { class: 'form', 'data-testid': 'change-passphrase-form' },
    field({ label: 'Your current passphrase', name: 'current', type: 'password', required: true, wide: true, testid: 'current-passphrase', autocomplete: 'current-password' }),
    pass.nodes,
    actions(button('Change my passphrase', { type: 'submit', testid: 'change-passphrase' })));
  bindSubmit(form, async (values) => {
    const passphrase = pass.read(values);
    try {
      await api.changePassphrase(values.current, passphrase);
    } catch (err) {
      throw besideField(err, 'current');
    }
    form.reset();
    announce('Your passphrase has been changed.');
  });
  return section('Your passphrase', { id: 'your-passphrase' }, form);
}

// ---------- who may sign in, the recovery key, locking ----------

function signInsSection(ctx) {
  const result = h('div', { 'aria-live': 'polite', 'data-testid': 'sign-in-result' });
  const withSlot = new Set(ctx.signIns.map((p) => p.person_id));
  const others = ctx.people.filter((p) => !withSlot.has(p.id));
  const list = ctx.signIns.length ? table({
    caption: 'People who can sign in on this laptop',
    headers: ['Name', 'Shown as', 'Officer', 'Last signed in', 'Actions'],
    rows: ctx.signIns.map((p) => ({
      attrs: { 'data-testid': `sign-in-row-${p.person_id}` },
      cells: [
        p.name,
        p.label,
        p.officer ? 'Yes: can approve and sign' : 'No',
        p.one_time ? `Waiting for them to use a one-time code${p.set_by_name ? ` (set by ${p.set_by_name})` : ''}`
          : (p.last_sign_in_at ? formatDateTime(p.last_sign_in_at) : 'Not yet'),
        h('div', { class: 'row-actions' },
          button('Give a one-time code', {
            small: true, testid: `sign-in-reset-${p.person_id}`, ariaLabel: `Give a one-time code to ${p.name}`,
            onClick: async () => {
              if (!await confirmDialog({
                title: `Give ${p.name} a one-time code?`,
                message: `Their passphrase stops working. They sign in with the code and choose a new passphrase; at their next sign-in they are told you did this.`,
                confirmLabel: 'Give a one-time code',
              })) return;
              await attempt(async () => showCode(result, await api.signInReset(p.person_id), 'One-time code made'));
            },
          }),
          button('Remove sign-in', {
            small: true, kind: 'danger', testid: `sign-in-remove-${p.person_id}`, ariaLabel: `Remove sign-in for ${p.name}`,
            onClick: async () => {
              if (!await confirmDialog({
                title: `Remove ${p.name}’s sign-in?`,
                message: 'They will no longer be able to sign in on this laptop. Forum Desk changes the data’s key, so a copy of the old sign-in file no longer opens it.',
                confirmLabel: 'Remove sign-in', danger: true,
              })) return;
              await attempt(async () => {
                await api.signInRemove(p.person_id);
                await reload(ctx, `${p.name} can no longer sign in.`, '[data-testid="sign-in-grant"]');
              });
            },
          })),
      ],
    })),
  }) : empty('Nobody can sign in.');
  const grantForm = h('form', { class: 'form', 'data-testid': 'sign-in-grant-form' },
    field({
      label: 'Let someone else sign in on this laptop', name: 'person_id', type: 'select', required: true, testid: 'sign-in-grant-person',
      options: [{ value: '', label: 'Choose a person' }, ...others.map((p) => ({ value: String(p.id), label: p.name }))],
      hint: 'For example a representative who types in their own claims here. They get a one-time code to choose their passphrase.',
    }),
    actions(button('Give a sign-in', { type: 'submit', testid: 'sign-in-grant' })));
  bindSubmit(grantForm, async (values) => {
    const code = await api.signInGrant(Number(values.person_id));
    await reload(ctx, `${code.name} can now sign in.`);
    const fresh = qs('[data-testid="sign-in-result"]', ctx.container);
    if (fresh) showCode(fresh, code, 'Sign-in given');
  });

  const recoveryResult = h('div', { 'aria-live': 'polite', 'data-testid': 'recovery-renew-result' });
  const renew = button('Make a new recovery key', {
    testid: 'recovery-renew',
    onClick: async () => {
      if (!await confirmDialog({
        title: 'Make a new recovery key?',
        message: 'The old recovery key stops working for this forum (older backups still open with it). Keep the new one somewhere safe.',
        confirmLabel: 'Make a new recovery key',
      })) return;
      await attempt(async () => {
        const key = await api.recoveryKeyRenew();
        const sheet = h('form', { class: 'form' },
          field({ label: 'Save the recovery sheet as', name: 'file', required: true, wide: true, testid: 'renew-sheet-file',
            value: `${await api.exportsFolder()}/Forum Desk recovery sheet.pdf` }),
          actions(button('Save the recovery sheet', { type: 'submit', kind: 'secondary', testid: 'renew-sheet-save' })));
        bindSubmit(sheet, async (v) => {
          const saved = await api.recoverySheetSave(key, v.file.trim());
          announce(`Recovery sheet saved to ${saved.path}.`);
        });
        replace(recoveryResult, notice('success', 'New recovery key',
          h('p', { class: 'recovery-key', 'data-testid': 'new-recovery-key', tabindex: '-1' }, key),
          h('p', null, 'Write it down or print the sheet now: it is shown only once.'), sheet));
        qs('.recovery-key', recoveryResult).focus();
      });
    },
  });

  const lockForm = h('form', { class: 'form', 'data-testid': 'lock-minutes-form' },
    field({ label: 'Lock the window after this many minutes unused', name: 'minutes', value: String(ctx.app.session ? ctx.app.session.lock_minutes : 15), short: true, testid: 'lock-minutes', attrs: { inputmode: 'numeric' } }),
    actions(button('Save', { type: 'submit', testid: 'save-lock-minutes' })));
  bindSubmit(lockForm, async (values) => {
    const minutes = await api.lockMinutesSave(values.minutes);
    if (ctx.app.session) ctx.app.session.lock_minutes = minutes;
    announce(`The window now locks after ${minutes} minutes unused.`);
  });

  return section('People who can sign in', { id: 'sign-ins', 'data-testid': 'sign-ins-section' },
    h('p', null, 'Each person signs in with their own passphrase. Only the chair and treasurer can approve, pay and sign; '
      + 'anyone who can sign in can read every record, so give sign-ins only to people who need them.'),
    list, result, grantForm,
    h('h3', null, 'Recovery key'),
    h('p', null, 'The recovery key opens the forum if every officer forgets their passphrase.'),
    actions(renew), recoveryResult,
    h('h3', null, 'Locking'),
    lockForm);
}

/** Shows a one-time code once, in `target`, and moves focus to it. */
function showCode(target, code, title) {
  replace(target, notice('success', title,
    h('p', null, `${code.name}’s one-time code is `, h('strong', { class: 'path', 'data-testid': 'one-time-code', tabindex: '-1' }, code.code), '.'),
    h('p', null, 'Give it to them in person or by phone, not by email. They use it once, to choose their own passphrase. '
      + 'It is shown only now, and the change is recorded in the activity log.')));
  qs('strong', target).focus();
}

// ---------- backups ----------

function backupsSection(ctx) {
  const b = ctx.backups;
  if (!b || b.error) {
    return section('Backups', { id: 'backups', 'data-testid': 'backups-section' },
      notice('warning', 'The backups cannot be listed', h('p', null, (b && b.error && b.error.message) || '')));
  }
  const now = button('Back up now', {
    testid: 'backup-now',
    onClick: async () => {
      now.disabled = true;
      await attempt(async () => {
        await api.backupNow();
        await reload(ctx, 'Backup taken.', '[data-testid="backup-now"]');
      });
      now.disabled = false;
    },
  });
  const list = b.backups.length ? table({
    caption: 'Backups, newest first',
    headers: ['Taken', 'Size', 'Latest change in it', 'Actions'],
    numeric: [1],
    rows: b.backups.map((x, i) => ({
      attrs: { 'data-testid': `backup-row-${i}`, 'data-path': x.path },
      cells: [
        formatDateTime(x.made_at),
        formatBytes(x.size_bytes),
        x.latest_change || '—',
        h('div', { class: 'row-actions' },
          button('Restore', {
            small: true, kind: 'danger', testid: `backup-restore-${i}`, ariaLabel: `Restore the backup taken ${formatDateTime(x.made_at)}`,
            onClick: async () => {
              if (!await confirmDialog({
                title: `Restore the backup taken ${formatDateTime(x.made_at)}?`,
                message: 'Everything goes back to how it was then. Forum Desk backs up today’s data first, so this can be undone. '
                  + 'Members erased and sign-ins removed since then stay erased and removed.',
                confirmLabel: 'Restore this backup', danger: true, testid: 'confirm-restore',
              })) return;
              await attempt(async () => {
                await api.backupRestore(x.path);
                announce('The backup has been restored.');
                location.reload();
              });
            },
          })),
      ],
    })),
  }) : empty('No backups yet. Forum Desk takes one when you close the window, after approvals, payments and imports, and every 15 minutes while you work.');

  const copyResult = h('div', { 'aria-live': 'polite', 'data-testid': 'backup-copy-result' });
  const copyForm = h('form', { class: 'form', 'data-testid': 'backup-copy-form' },
    field({ label: 'Copy the newest backup to', name: 'path', required: true, wide: true, testid: 'backup-copy-path',
      hint: 'A folder (a USB stick, a folder that syncs) or a file name ending .fdbackup.' }),
    actions(button('Copy a backup', { type: 'submit', kind: 'secondary', testid: 'backup-copy' })));
  bindSubmit(copyForm, async (values) => {
    const path = await api.backupCopyTo(values.path);
    copyResult.setAttribute('data-path', path);
    replace(copyResult, notice('success', 'Backup copied', h('p', null, 'Saved to ', h('span', { class: 'path' }, path), '.')));
    announce('Backup copied.');
  });

  const settingsForm = h('form', { class: 'form', 'data-testid': 'backup-settings-form' },
    field({ label: 'Also copy each backup to this folder', name: 'copy_folder', value: b.copy_folder || '', optional: true, wide: true,
      testid: 'backup-copy-folder', hint: 'A USB stick or a folder that syncs elsewhere. Leave blank for none.' }),
    field({ label: 'Most space the backups may use (MB)', name: 'cap_mb', value: String(b.cap_mb), short: true, testid: 'backup-cap',
      attrs: { inputmode: 'numeric' }, hint: 'When the backups pass this, the oldest are thinned out first.' }),
    actions(button('Save backup settings', { type: 'submit', testid: 'save-backup-settings' })));
  bindSubmit(settingsForm, async (values) => {
    await api.backupSettingsSave({ copy_folder: values.copy_folder.trim(), cap_mb: values.cap_mb.trim() });
    await reload(ctx, 'Backup settings saved.', '[data-testid="save-backup-settings"]');
  });

  return section('Backups', { id: 'backups', 'data-testid': 'backups-section' },
    h('p', null, 'Backups are encrypted like the forum itself: the same passphrases and the recovery key open them. '
      + 'Forum Desk keeps the last 10, one a day for 14 days, one a month for 2 years and one a year for 7 years.'),
    b.copy_off_overdue ? notice('warning', 'No copy off this laptop', h('p', null,
      `No backup has left this laptop for ${b.days_since_copied_off} days. Copy one to a USB stick or a synced folder.`)) : null,
    facts([
      ['Backups folder', h('span', { class: 'path', 'data-testid': 'backups-folder' }, b.folder)],
      ['Total size', h('span', { 'data-testid': 'backups-total' }, formatBytes(b.total_bytes))],
      ['Last copied off this laptop', b.last_copied_off_at ? formatDateTime(b.last_copied_off_at) : 'Never'],
      ['Changes since the newest backup', b.changes_since_backup ? 'Yes' : 'No'],
    ]),
    actions(now),
    list,
    h('p', { class: 'hint' }, 'Backups keep members’ details that have since been erased until those backups age out. '
      + 'A restore erases them again.'),
    copyForm, copyResult, settingsForm);
}



// ---------- check the records ----------

/** Runs every check on the records (as `forumdesk check` does) and lists what it found. */
function checkSection() {
  const result = h('div', { 'aria-live': 'polite', 'data-testid': 'check-result' });
  const run = button('Check the records', {
    testid: 'records-check',
    onClick: async () => {
      run.disabled = true;
      replace(result, h('p', { class: 'loading' }, 'Checking… this can take a minute on a large forum.'));
      try {
        const report = await api.recordsCheck();
        result.setAttribute('data-ok', String(report.ok));
        replace(result,
          report.ok
            ? notice('success', 'All is well', h('p', null, 'Nothing in the forum’s records has been changed outside Forum Desk.'))
            : notice('error', `${report.problems.length} problem${report.problems.length === 1 ? '' : 's'} found`,
              h('ul', null, report.problems.map((p) => h('li', null, p))),
              h('p', null, 'Do not send claim packs until this is put right. Restore the newest backup taken before the problem, '
                + 'and tell the other officers.')),
          h('details', null, h('summary', null, 'What was checked'),
            h('ul', null, report.checked.map((c) => h('li', null, c)))));
        announce(report.ok ? 'The check found nothing wrong.' : 'The check found problems.');
      } catch (err) {
        replace(result);
        showError(err, null);
      } finally {
        run.disabled = false;
      }
    },
  });
  return section('Check the records', { id: 'check', 'data-testid': 'check-section' },
    h('p', null, 'Checks the database file, its structure, the activity log’s chain, every officer’s signature, '
      + 'every approved claim’s seal and every receipt, and says plainly if anything was changed outside Forum Desk.'),
    actions(run), result);
}
