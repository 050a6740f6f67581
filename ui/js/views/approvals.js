// Approvals (chair and treasurer): the queue of submitted claims, every claim by month,
// funder and status, and one claim to approve, return or mark as paid.

import * as api from '../api.js';
import { h, replace, qs, afterFrame } from '../lib/dom.js';
import { bindSubmit, announce, besideField, attempt } from '../lib/forms.js';
import { formatPence, formatMonth, formatStatus, formatDate, formatCount } from '../lib/format.js';
import {
  pageHeading, field, checkbox, button, actions, table, empty, notice, options, section, loading, pageCount, pager,
} from '../lib/ui.js';
import {
  statusLine, returnedNotice, claimFacts, totalsTable, linesTable, warningsList, claimTitle,
} from './claim-parts.js';

const filter = { month: '', funder_id: '', status: '' };

/** How many claims the list of all claims shows at a time. */
const PAGE_SIZE = 25;

export async function render(container, app) {
  const id = Number(app.route.parts[0]);
  if (id) return renderClaim(container, app, id);
  return renderLists(container, app);
}

function claimRows(list) {
  return list.map((c) => ({
    attrs: { 'data-testid': `claim-row-${c.id}`, 'data-status': c.status },
    cells: [
      h('a', { href: `#approvals/${c.id}`, 'data-testid': `open-claim-${c.id}` }, c.rep_name),
      c.funder_name,
      formatMonth(c.month),
      formatStatus(c.status),
      String(c.line_count),
      formatPence(c.total_pence),
    ],
  }));
}

const HEADERS = ['Representative', 'Funder', 'Month', 'Status', 'Lines', 'Total'];

async function renderLists(container, app) {
  const chosenNow = () => ({
    month: filter.month,
    funder_id: filter.funder_id ? Number(filter.funder_id) : null,
    rep_id: null,
    status: filter.status,
  });
  // The first page is asked for with the rest, so the screen waits for one answer, not two.
  const [queue, funders, firstPage] = await Promise.all([
    api.claimsQueue(), api.fundersList(), api.claimsPage(chosenNow(), 0, PAGE_SIZE)]);
  const allArea = h('div', { 'data-testid': 'all-claims' });

  const filterForm = h('form', { class: 'form picker', 'data-testid': 'claims-filter' },
    h('div', { class: 'field-row' },
      field({ label: 'Month', name: 'month', type: 'uk-month', value: filter.month, blankLabel: 'Every month' }),
      field({ label: 'Funder', name: 'funder_id', type: 'select', value: filter.funder_id, options: options(funders, 'id', (f) => f.name, 'Every funder') }),
      field({
        label: 'Status', name: 'status', type: 'select', value: filter.status,
        options: [{ value: '', label: 'Every status' }, ...['draft', 'submitted', 'returned', 'approved', 'paid']
          .map((s) => ({ value: s, label: formatStatus(s) }))],
      })),
    actions(button('Show claims', { type: 'submit', kind: 'secondary', testid: 'filter-claims' })));

  // A page at a time, so twenty years of claims draw as quickly as one month's. The count is
  // of every claim that matches; their total, which takes the core longer on a large forum,
  // is asked for once the page is drawn and fills in the footer.
  const loadAll = async (offset = 0, ready = null) => {
    const chosen = chosenNow();
    if (!ready) replace(allArea, loading());
    const page = ready || await api.claimsPage(chosen, offset, PAGE_SIZE);
    const list = page.claims;
    const more = (next) => attempt(async () => { await loadAll(next); focusCount(); });
    const totalCell = h('td', { class: 'num', 'data-testid': 'claims-list-total', 'aria-busy': 'true' }, 'Adding up…');
    replace(allArea, page.total
      ? [
        pageCount(page, list.length, ['claim', 'claims'], 'claims-count'),
        table({
          caption: 'Claims matching your choices',
          headers: HEADERS,
          rows: claimRows(list),
          numeric: [4, 5],
          foot: h('tr', null, h('th', { scope: 'row', colspan: '5' }, `Total of ${formatCount(page.total)} ${page.total === 1 ? 'claim' : 'claims'}`),
            totalCell),
        }),
        pager(page, list.length, PAGE_SIZE, { label: 'Pages of claims', testid: 'claims', go: more }),
      ]
      : empty('No claims match those choices.'));
    if (page.total) {
      afterFrame().then(() => api.claimsTotal(chosen)).then((pence) => {
        totalCell.textContent = formatPence(pence);
        totalCell.dataset.pence = String(pence);
      }, () => { totalCell.textContent = 'Could not be added up'; })
        .finally(() => totalCell.removeAttribute('aria-busy'));
    }
  };
  // After moving to another page, the count ("Showing 101 to 200 of …") is read out first.
  const focusCount = () => { const c = qs('[data-testid="claims-count"]', allArea); if (c) c.focus(); };
  bindSubmit(filterForm, async (values) => {
    Object.assign(filter, { month: values.month, funder_id: values.funder_id, status: values.status });
    await loadAll();
  });

  replace(container,
    pageHeading('Approvals'),
    section('Waiting for approval', { 'data-testid': 'approval-queue' },
      queue.length
        ? table({ caption: 'Claims waiting for approval, oldest first', headers: HEADERS, rows: claimRows(queue), numeric: [4, 5] })
        : empty('No claims are waiting for approval.')),
    section('All claims', null, filterForm, allArea));
  await loadAll(0, firstPage);
}

async function renderClaim(container, app, id) {
  const view = await api.claimGet(id);
  draw(container, app, view);
}

function draw(container, app, view) {
  const s = view.summary;
  const heading = pageHeading(`Claim from ${s.rep_name}`);
  replace(container,
    h('p', { class: 'back' }, h('a', { href: '#approvals', 'data-testid': 'back-to-approvals' }, 'Back to approvals')),
    heading,
    h('p', { class: 'lead', 'data-testid': 'claim-title' }, claimTitle(s)),
    statusLine(s),
    returnedNotice(view),
    claimFacts(view),
    totalsTable(view.totals),
    warningsList(view),
    readinessNotice(view),
    h('h2', null, 'Lines'),
    linesTable(view, {}),
    decisionPanel(container, app, view));
}

/** What the rep lacked (training, the confidentiality agreement) for the groups whose
 * meetings this claim is for: a notice for the approver, not a reason to refuse. */
function readinessNotice(view) {
  const list = view.readiness_warnings || [];
  if (!list.length) return null;
  return h('div', { class: 'notice notice-warning', 'data-testid': 'claim-readiness' },
    h('p', { class: 'notice-title' }, h('strong', null, 'Not ready to sit on the group')),
    h('ul', { class: 'warning-list' }, list.map((w) => h('li', null, w))));
}

function redraw(container, app, view, message) {
  draw(container, app, view);
  announce(message);
  qs('h1', container).focus();
}

function decisionPanel(container, app, view) {
  const s = view.summary;
  const parts = [];

  if (s.status === 'submitted') {
    if (view.can_approve) {
      const hasWarnings = view.warnings.length > 0;
      const form = h('form', { class: 'form', 'data-testid': 'approve-form' },
        hasWarnings ? checkbox({
          label: 'I have checked the warnings and accept them', name: 'accept_warnings', required: true,
          testid: 'accept-warnings', requiredMessage: 'Please tick to say you have checked the warnings, or return the claim.',
        }) : h('p', null, 'There are no warnings on this claim.'),
        signatureField('approve-passphrase'),
        actions(button(`Approve ${formatPence(view.totals.total_pence)}`, { type: 'submit', testid: 'approve-claim' })));
      bindSubmit(form, async (values) => {
        const updated = await signed(form, () => api.claimApprove(s.id, Boolean(values.accept_warnings), values.passphrase));
        redraw(container, app, updated, 'The claim has been approved.');
      });
      parts.push(section('Approve this claim', null, form));
    } else if (view.approve_blocked_reason) {
      parts.push(notice('info', 'You cannot approve this claim', h('p', { 'data-testid': 'approve-blocked' }, view.approve_blocked_reason)));
    }
    const returnForm = h('form', { class: 'form', 'data-testid': 'return-form' },
      field({
        label: 'Why are you returning it?', name: 'reason', type: 'textarea', required: true, wide: true,
        hint: 'The representative will see this. Say what needs changing.', testid: 'return-reason',
      }),
      actions(button('Return the claim', { type: 'submit', kind: 'secondary', testid: 'return-claim' })));
    bindSubmit(returnForm, async (values) => {
      const updated = await api.claimReturn(s.id, values.reason.trim());
      redraw(container, app, updated, 'The claim has been returned to the representative.');
    });
    parts.push(section('Return this claim for changes', null, returnForm));
  }

  if (view.can_mark_paid) {
    const paidForm = h('form', { class: 'form', 'data-testid': 'paid-form' },
      h('div', { class: 'field-row' },
        field({ label: 'Date paid', name: 'paid_on', type: 'uk-date', value: app.today, required: true, testid: 'paid-on' }),
        field({ label: 'Payment reference', name: 'reference', hint: 'For example the bank transfer reference.', testid: 'payment-reference' })),
      signatureField('paid-passphrase'),
      actions(button('Mark as paid', { type: 'submit', testid: 'mark-paid' })));
    bindSubmit(paidForm, async (values) => {
      const updated = await signed(paidForm, () => api.claimMarkPaid(s.id, values.paid_on, values.reference.trim(), values.passphrase));
      redraw(container, app, updated, 'The claim has been marked as paid.');
    });
    parts.push(section('Mark as paid', null, paidForm));
  }

  if (s.status === 'paid') {
    parts.push(notice('success', 'Paid', h('p', null,
      `Paid on ${formatDate(view.paid_on)}${view.payment_reference ? `, reference ${view.payment_reference}` : ''}.`)));
  }
  return parts;
}

/** Approving or paying is a signature: the approver types their passphrase again. */
function signatureField(testid) {
  return field({
    label: 'Your passphrase', name: 'passphrase', type: 'password', required: true, testid, autocomplete: 'current-password',
    hint: 'This is your signature: Forum Desk signs the record with the forum’s key, which only your passphrase opens.',
  });
}

/** Runs a signed action; a wrong passphrase is shown beside the passphrase box, which is emptied. */
async function signed(form, run) {
  try {
    return await run();
  } catch (err) {
    form.elements.passphrase.value = '';
    throw besideField(err, 'passphrase');
  }
}
