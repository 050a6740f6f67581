// A signed file's progress line and Cancel, shared by the screens that make one (Exports:
// claim packs and meeting notes; Reports: the annual report; Projects: a project's report). Forum Desk draws and signs
// these without holding the forum's records, so the window stays usable: it polls the
// counts (receipts ready, pages drawn, stage) and Cancel stops the file at its next receipt
// or page, with nothing saved. One file is made at a time.

import * as api from '../api.js';
import { h, qs } from './dom.js';
import { showError } from './forms.js';
import { button } from './ui.js';

/**
 * The busy box shown under the form while a file is made: a progress bar, what is being
 * made (`[data-busy-text]`), the counts as text, a polite status for screen readers, and
 * Cancel. The counts and Cancel stay hidden unless the export is watched.
 */
export function exportBusy() {
  return h('div', { class: 'export-busy', hidden: true },
    h('progress', { 'data-testid': 'export-progress', 'aria-label': 'Making the file' }),
    h('p', { class: 'hint', 'data-busy-text': '' }),
    // What the export is doing now, as it does it; read out politely, at most every few
    // seconds (see `watchExport`), so a screen reader is not talking over the person.
    h('p', { class: 'hint', 'data-testid': 'export-progress-text', hidden: true }),
    h('p', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite', 'data-testid': 'export-progress-status' }),
    button('Cancel', { testid: 'export-cancel', attrs: { hidden: true } }));
}

/** What the progress line calls each kind of file. */
export const WORDS = {
  pack: { reading: 'Reading the approved claims', signing: 'Signing the pack', name: 'the claim pack' },
  notes: { reading: 'Reading the meeting’s notes', signing: 'Signing the notes', name: 'the notes' },
  draft: { reading: 'Reading the meeting’s notes', signing: 'Finishing the draft', name: 'the notes' },
  annual: { reading: 'Reading the year’s figures', signing: 'Signing the report', name: 'the annual report' },
  project: { reading: 'Reading the project’s records', signing: 'Signing the report', name: 'the project report' },
};

/**
 * While a file is made: polls its counts into the busy box's bar and text, and offers
 * Cancel, which gets the focus (the button that started the export is disabled meanwhile).
 * `words` is one of WORDS. Returns {stop}, to call when the export has ended.
 */
export function watchExport(busy, words) {
  const bar = qs('[data-testid="export-progress"]', busy);
  const text = qs('[data-testid="export-progress-text"]', busy);
  const status = qs('[data-testid="export-progress-status"]', busy);
  const cancel = qs('[data-testid="export-cancel"]', busy);
  let stopped = false;
  let said = '';
  let saidAt = 0;
  let lastStage = '';
  text.textContent = '';
  text.hidden = false;
  status.textContent = '';
  cancel.textContent = 'Cancel';
  cancel.disabled = false;
  cancel.hidden = false;
  cancel.onclick = async () => {
    cancel.disabled = true;
    cancel.textContent = 'Cancelling…';
    status.textContent = `Cancelling ${words.name}…`;
    // Pressed at once, Cancel can reach Forum Desk before the export has started: ask again
    // until it is there to stop, or until it has ended.
    while (!stopped) {
      try {
        if (await api.exportCancel()) return;
      } catch (err) {
        showError(err, busy);
        return;
      }
      await new Promise((resolve) => { setTimeout(resolve, 50); });
    }
  };
  cancel.focus();
  const show = (p) => {
    const line = progressText(p, words);
    if (!line) return;
    text.textContent = line;
    if (p.stage === 'receipts' && p.receipts_total) {
      bar.max = p.receipts_total;
      bar.value = p.receipts_done;
    } else if (p.stage === 'pages' && p.pages_total) {
      bar.max = p.pages_total;
      bar.value = p.pages_done;
    } else {
      bar.removeAttribute('value');
    }
    // Read out when the stage changes, otherwise at most every 5 seconds.
    const now = Date.now();
    if (line !== said && (p.stage !== lastStage || now - saidAt >= 5000)) {
      status.textContent = line;
      said = line;
      saidAt = now;
      lastStage = p.stage;
    }
  };
  (async () => {
    while (!stopped) {
      try {
        const p = await api.exportProgress();
        if (p && !stopped) show(p);
      } catch (_) {
        // Counts are a courtesy; the export's own result says what happened.
      }
      await new Promise((resolve) => { setTimeout(resolve, 200); });
    }
  })();
  return {
    stop() {
      stopped = true;
      text.hidden = true;
      cancel.hidden = true;
      cancel.onclick = null;
      status.textContent = '';
      bar.removeAttribute('value');
    },
  };
}

/** "Drawing page 3 of 12 · receipt 20 of 50", from the export's counts. */
export function progressText(p, words) {
  const receipts = p.receipts_total ? `receipt ${p.receipts_done} of ${p.receipts_total}` : '';
  const counted = (n, one, many) => `${n} ${n === 1 ? one : many}`;
  const made = `${counted(p.pages_total, 'page', 'pages')}${receipts ? `, ${counted(p.receipts_total, 'receipt', 'receipts')}` : ''}`;
  switch (p.stage) {
    case 'receipts':
      return `Getting ${receipts} ready`;
    case 'pages':
      return [`Drawing page ${p.pages_done} of ${p.pages_total}`, receipts].filter(Boolean).join(' · ');
    case 'writing':
      return `Writing the PDF: ${made}`;
    case 'signing':
    case 'done':
      return `${words.signing}: ${made}`;
    default:
      return words.reading;
  }
}
