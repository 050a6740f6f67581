// Pieces of a claim shared by the Claims and Approvals screens: status, totals, the
// lines table, warnings and the receipt viewer.

import * as api from '../api.js';
import { h, uid } from '../lib/dom.js';
import { showError } from '../lib/forms.js';
import { showDialog } from '../lib/dialog.js';
import { dataUrl, blobUrl, RECEIPT_ACCEPT } from '../lib/files.js';
import {
  formatPence, formatDate, formatDateTime, formatMonth, formatStatus, formatKind, formatBytes,
} from '../lib/format.js';
import { button, table, notice, facts, empty } from '../lib/ui.js';

const STATUS_HELP = {
  draft: 'Not sent yet. You can add, change and remove lines.',
  submitted: 'Sent for approval. It cannot be changed unless it is returned.',
  returned: 'Sent back for changes. Please read the reason, make the changes and submit it again.',
  approved: 'Approved and waiting to be paid.',
  paid: 'Paid.',
};

export function claimTitle(summary) {
  return `${summary.rep_name}: ${formatMonth(summary.month)}, ${summary.funder_name}`;
}

/** "Status: Draft" with the status word in data-testid="claim-status". */
export function statusLine(summary) {
  return h('p', { class: 'claim-status-line' },
    'Status: ',
    h('strong', {
      class: `status status-${summary.status}`,
      'data-testid': 'claim-status',
      'data-status': summary.status,
    }, formatStatus(summary.status)),
    STATUS_HELP[summary.status] ? h('span', { class: 'status-help' }, ` – ${STATUS_HELP[summary.status]}`) : null);
}

/** The reason a claim was returned, shown prominently. */
export function returnedNotice(view) {
  if (view.summary.status !== 'returned' || !view.returned_reason) return null;
  const who = [view.returned_by_name, view.returned_at ? formatDateTime(view.returned_at) : '']
    .filter(Boolean).join(', ');
  return h('div', { class: 'notice notice-warning', role: 'note', 'data-testid': 'returned-reason' },
    h('p', { class: 'notice-title' }, h('strong', null, 'This claim was returned'), who ? ` (${who})` : ''),
    h('p', { class: 'returned-text' }, view.returned_reason));
}

/** Submitted, approved and paid details. */
export function claimFacts(view) {
  return facts([
    ['Submitted', formatDateTime(view.submitted_at)],
    ['Approved', view.approved_at
      ? `${formatDateTime(view.approved_at)}${view.approved_by_name ? ` by ${view.approved_by_name}` : ''}` : ''],
    ['Warnings accepted', view.accepted_warnings && view.accepted_warnings.length
      ? view.accepted_warnings.join('; ') : ''],
    ['Paid on', formatDate(view.paid_on)],
    ['Payment reference', view.payment_reference || ''],
    ['Days to approval', days(view.summary.days_to_approval), { 'data-testid': 'days-to-approval' }],
    ['Days to payment', days(view.summary.days_to_payment), { 'data-testid': 'days-to-payment' }],
  ], { 'data-testid': 'claim-facts' });
}

/** "4 days from submission"; blank until it has happened. */
function days(n) {
  if (n === null || n === undefined) return '';
  return n === 1 ? '1 day from submission' : `${n} days from submission`;
}

/** Totals by category, with the grand total in data-testid="claim-total". */
export function totalsTable(totals) {
  const rows = [
    ['Time', totals.time_pence, 'total-time'],
    ['Mileage', totals.mileage_pence, 'total-mileage'],
    ['Fares and parking', totals.fares_parking_pence, 'total-fares-parking'],
    ['Childcare', totals.childcare_pence, 'total-childcare'],
    ['Other', totals.other_pence, 'total-other'],
  ];
  return h('div', { class: 'table-wrap totals-wrap' },
    h('table', { class: 'table totals', 'data-testid': 'claim-totals' },
      h('caption', null, 'Totals'),
      h('tbody', null, rows.map(([label, pence, testid]) =>
        h('tr', null, h('th', { scope: 'row' }, label),
          h('td', { class: 'num', 'data-testid': testid, 'data-pence': pence }, formatPence(pence))))),
      h('tfoot', null, h('tr', null, h('th', { scope: 'row' }, 'Total'),
        h('td', { class: 'num total', 'data-testid': 'claim-total', 'data-pence': totals.total_pence },
          formatPence(totals.total_pence))))));
}

/** Every warning on the claim, listed for whoever checks it. */
export function warningsList(view) {
  if (!view.warnings || !view.warnings.length) return null;
  return h('div', { class: 'notice notice-warning', 'data-testid': 'claim-warnings' },
    h('p', { class: 'notice-title' }, h('strong', null,
      view.warnings.length === 1 ? '1 thing to check' : `${view.warnings.length} things to check`)),
    h('ul', { class: 'warning-list' }, view.warnings.map((w) =>
      h('li', { 'data-warning-code': w.code },
        w.message))));
}

/**
 * The lines of a claim. handlers (all optional): onEdit(line), onDelete(line),
 * onReceiptFile(line, file), onReceiptDelete(receipt, line), onCorrect(line), and
 * projectCell(line, n), which gives what goes under the line's details about its project.
 * Receipts can always be viewed.
 */
export function linesTable(view, handlers = {}) {
  if (!view.lines.length) return empty('There are no lines on this claim yet.');
  const editable = view.can_edit;
  const correctable = (line) => handlers.onCorrect
    && (view.summary.status === 'approved' || view.summary.status === 'paid')
    && !line.reversed_by_line_id && !line.reverses_line_id;

  // Lines are called by their number in the claim everywhere: here, in warnings, in "same
  // file as line 3" and in reversals. Database ids are never shown.
  const rows = view.lines.map((line) => {
    const n = line.number;
    const kind = [formatKind(line.kind)];
    if (line.reverses_line_id) {
      kind.push(h('span', { class: 'tag' }, line.reverses_label ? ` (corrects ${line.reverses_label})` : ' (correction)'));
    }
    if (line.reversed_by_line_id) kind.push(h('span', { class: 'tag' }, ' (corrected later)'));
    const details = [line.details];
    if (line.description && !String(line.details).includes(line.description)) {
      details.unshift(h('span', { class: 'line-desc' }, line.description), h('br'));
    }
    const buttons = [];
    if (editable && handlers.onEdit) {
      buttons.push(button('Change', {
        small: true, testid: `edit-line-${line.id}`, ariaLabel: `Change line ${n}`, onClick: () => handlers.onEdit(line, n),
      }));
    }
    if (editable && handlers.onDelete) {
      buttons.push(button('Delete', {
        small: true, kind: 'danger', testid: `delete-line-${line.id}`, ariaLabel: `Delete line ${n}`,
        onClick: () => handlers.onDelete(line, n),
      }));
    }
    if (correctable(line)) {
      buttons.push(button('Correct a line', {
        small: true, testid: `correct-line-${line.id}`, ariaLabel: `Correct line ${n}`, onClick: () => handlers.onCorrect(line, n),
      }));
    }
    return {
      attrs: { 'data-testid': `line-row-${line.id}`, 'data-line-number': n, 'data-kind': line.kind },
      cells: [
        String(n),
        formatDate(line.line_date),
        kind,
        [h('span', { class: 'line-activity' }, line.activity_label || ''), h('br'), h('span', { class: 'muted' }, details),
          handlers.projectCell ? handlers.projectCell(line, n) : null],
        h('span', { 'data-testid': `line-amount-${line.id}` }, formatPence(line.amount_pence)),
        [
          line.warnings.length ? h('ul', { class: 'line-warnings', 'data-testid': `line-warnings-${line.id}` }, line.warnings.map((w) =>
            h('li', { 'data-warning-code': w.code }, h('span', { class: 'warn-word' }, 'Check: '), w.message))) : null,
          receiptsCell(line, n, editable, handlers),
        ],
        buttons.length ? h('div', { class: 'row-actions stacked' }, buttons) : '',
      ],
    };
  });
  const hasActions = view.lines.some((line) => (editable && (handlers.onEdit || handlers.onDelete)) || correctable(line));
  if (!hasActions) rows.forEach((row) => row.cells.pop());
  return table({
    caption: 'Lines on this claim',
    headers: ['Line', 'Date', 'Kind', 'Activity and details', 'Amount', 'Receipts and checks', ...(hasActions ? ['Actions'] : [])],
    rows,
    numeric: [4],
    attrs: { class: 'table lines', 'data-testid': 'claim-lines' },
  });
}

function receiptsCell(line, n, editable, handlers) {
  const items = line.receipts.map((r) => {
    const same = (r.same_file_on_lines || []).map((label) => `Same file as ${label}`);
    return h('li', { 'data-testid': `receipt-file-${r.id}` },
      h('span', { class: 'file-name' }, r.file_name), ' ',
      h('span', { class: 'muted' }, `(${formatBytes(r.size_bytes)})`),
      same.length ? h('span', { class: 'same-file', 'data-testid': `same-file-${r.id}` },
        h('br'), h('span', { class: 'warn-word' }, 'Note: '), [...new Set(same)].join('; ')) : null,
      h('div', { class: 'row-actions' },
        button('View', { small: true, testid: `view-receipt-${r.id}`, ariaLabel: `View receipt ${r.file_name}`, onClick: () => viewReceipt(r) }),
        editable && handlers.onReceiptDelete ? button('Remove', {
          small: true, kind: 'danger', testid: `remove-receipt-${r.id}`, ariaLabel: `Remove receipt ${r.file_name}`,
          onClick: () => handlers.onReceiptDelete(r, line),
        }) : null));
  });
  let upload = null;
  if (editable && handlers.onReceiptFile) {
    const id = uid('rcpt');
    upload = h('div', { class: 'upload' },
      h('input', {
        type: 'file', id, name: 'receipt', accept: RECEIPT_ACCEPT, class: 'file-input',
        'data-testid': `receipt-upload-${line.id}`,
        onchange: (event) => {
          const file = event.target.files && event.target.files[0];
          if (file) handlers.onReceiptFile(line, file, event.target);
        },
      }),
      h('label', { for: id, class: 'btn btn-secondary btn-small upload-label' }, 'Add a receipt',
        h('span', { class: 'visually-hidden' }, ` for line ${n}`)));
  }
  if (!items.length && !upload) return h('span', { class: 'muted' }, 'No receipts');
  return [items.length ? h('ul', { class: 'receipt-list' }, items) : null, upload];
}

/** Opens a receipt: images are shown, PDFs offered as a download. */
export async function viewReceipt(receipt) {
  let file;
  try {
    file = await api.receiptGet(receipt.id);
  } catch (err) {
    showError(err, null);
    return;
  }
  const mime = file.mime || receipt.mime;
  const name = file.file_name || receipt.file_name;
  let body;
  let revoke = null;
  if (mime && mime.startsWith('image/')) {
    body = h('img', {
      src: dataUrl(mime, file.data_base64), alt: `Receipt: ${name}`, class: 'receipt-image', 'data-testid': 'receipt-image',
    });
  } else {
    const url = blobUrl(mime || 'application/pdf', file.data_base64);
    revoke = () => URL.revokeObjectURL(url);
    body = h('p', null, `PDF receipt: ${name}. `,
      h('a', { href: url, download: name, 'data-testid': 'receipt-download' }, `Download ${name}`));
  }
  showDialog({ title: `Receipt: ${name}`, body, onClose: revoke });
}

export { notice };
