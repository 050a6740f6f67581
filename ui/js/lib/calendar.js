// A small calendar for UK date boxes. The box itself takes dd/mm/yyyy typed by hand, which is
// quickest for a date people know; the button beside it opens this calendar for when they
// would rather pick one. It follows the WAI-ARIA date picker dialog pattern: a month grid
// where the arrow keys move by day and week, Page Up and Page Down by month (with Shift, by
// year), Home and End to the start and end of the week, Enter or Space chooses, and Escape
// closes with focus back on the button. Weeks start on Monday, as UK calendars do.
//
// It writes dd/mm/yyyy into the box and never decides what a date means: the core reads the
// box. It only reads the box itself to know which month to open on.

import { h, qsa, uid } from './dom.js';
import { formatDate } from './format.js';

const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

let appToday = '';

/** The forum's "today" (ISO, from the core's clock), so the calendar opens on the right month. */
export function setToday(iso) {
  appToday = /^\d{4}-\d{2}-\d{2}$/.test(String(iso || '')) ? iso : '';
}

/** Today as ISO: the core's when known, else this computer's. */
export function todayIso() {
  if (appToday) return appToday;
  const d = new Date();
  return isoOf(d.getFullYear(), d.getMonth() + 1, d.getDate());
}

function isoOf(y, m, d) {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function partsOf(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  return { y, m, d };
}

function daysIn(y, m) {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** The date in the box, only to choose which month to open on; null when it is not one. */
function boxDate(text) {
  const t = String(text || '').trim();
  let m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
  let y; let mo; let d;
  if (m) [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else if ((m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t))) [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else return null;
  if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo)) return null;
  return isoOf(y, mo, d);
}

function addDays(iso, n) {
  const { y, m, d } = partsOf(iso);
  const t = new Date(Date.UTC(y, m - 1, d + n));
  return isoOf(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

function addMonths(iso, n) {
  const { y, m, d } = partsOf(iso);
  const index = y * 12 + (m - 1) + n;
  const ny = Math.floor(index / 12);
  const nm = (index % 12) + 1;
  return isoOf(ny, nm, Math.min(d, daysIn(ny, nm)));
}

/** Monday = 0 ... Sunday = 6. */
function weekday(iso) {
  const { y, m, d } = partsOf(iso);
  return (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
}

function spoken(iso) {
  const { y, m, d } = partsOf(iso);
  return `${DAYS[weekday(iso)]} ${d} ${MONTHS[m - 1]} ${y}`;
}

let openPicker = null;

/**
 * The "Calendar" button for a date box. `what` is the box's label, for the button's
 * accessible name ("Calendar for “Joined on”"), which starts with its visible word.
 */
export function calendarButton(input, what) {
  const button = h('button', {
    type: 'button',
    class: 'btn btn-secondary btn-calendar',
    'aria-haspopup': 'dialog',
    'aria-expanded': 'false',
    'aria-label': `Calendar for “${what}”`,
    'data-testid': input.dataset.testid ? `${input.dataset.testid}-calendar` : null,
  }, 'Calendar');
  button.addEventListener('click', () => {
    if (openPicker && openPicker.button === button) openPicker.close(true);
    else open(input, button, what);
  });
  return button;
}

function open(input, button, what) {
  if (openPicker) openPicker.close(false);
  const chosen = boxDate(input.value);
  const today = todayIso();
  let focusIso = chosen || today;
  let shownMonth = '';

  const titleId = uid('cal');
  const title = h('h2', { id: titleId, class: 'calendar-title', 'aria-live': 'polite' });
  const prev = h('button', { type: 'button', class: 'btn btn-secondary btn-small', 'data-cal': 'prev' }, '‹ Previous month');
  const next = h('button', { type: 'button', class: 'btn btn-secondary btn-small', 'data-cal': 'next' }, 'Next month ›');
  const body = h('tbody');
  const grid = h('table', { role: 'grid', class: 'calendar-grid', 'aria-labelledby': titleId },
    h('thead', null, h('tr', null, DAYS.map((day) => h('th', { scope: 'col', abbr: day }, day.slice(0, 2))))),
    body);
  const cancel = h('button', { type: 'button', class: 'btn btn-secondary btn-small', 'data-cal': 'close' }, 'Close');
  const popup = h('div', {
    class: 'calendar', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': titleId,
    'data-testid': 'calendar',
  },
  h('div', { class: 'calendar-head' }, prev, title, next),
  grid,
  h('p', { class: 'hint calendar-help' },
    'Arrow keys move by day and week; Page Up and Page Down by month. Press Enter to choose.'),
  h('div', { class: 'actions' }, cancel));

  function draw() {
    const { y, m } = partsOf(focusIso);
    const month = `${y}-${m}`;
    if (month !== shownMonth) {
      shownMonth = month;
      title.textContent = `${MONTHS[m - 1]} ${y}`;
      const first = isoOf(y, m, 1);
      const rows = [];
      let cells = [];
      for (let i = 0; i < weekday(first); i += 1) cells.push(h('td', { role: 'gridcell' }));
      for (let d = 1; d <= daysIn(y, m); d += 1) {
        const iso = isoOf(y, m, d);
        cells.push(h('td', { role: 'gridcell', 'aria-selected': iso === chosen ? 'true' : 'false' },
          h('button', {
            type: 'button',
            class: ['calendar-day', iso === chosen ? 'is-chosen' : '', iso === today ? 'is-today' : ''].join(' ').trim(),
            tabindex: '-1',
            'data-iso': iso,
            'aria-label': `${spoken(iso)}${iso === today ? ', today' : ''}`,
            'aria-current': iso === today ? 'date' : null,
          }, String(d))));
        if (cells.length === 7) { rows.push(h('tr', null, cells)); cells = []; }
      }
      if (cells.length) {
        while (cells.length < 7) cells.push(h('td', { role: 'gridcell' }));
        rows.push(h('tr', null, cells));
      }
      body.replaceChildren(...rows);
    }
    for (const b of qsa('button[data-iso]', body)) b.tabIndex = b.dataset.iso === focusIso ? 0 : -1;
  }

  function focusDay() {
    draw();
    const b = body.querySelector(`button[data-iso="${focusIso}"]`);
    if (b) b.focus();
  }

  function choose(iso) {
    input.value = formatDate(iso);
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.dispatchEvent(new Event('change', { bubbles: true }));
    close(false);
    input.focus();
  }

  function close(toButton) {
    popup.remove();
    button.setAttribute('aria-expanded', 'false');
    document.removeEventListener('mousedown', outside, true);
    if (openPicker && openPicker.popup === popup) openPicker = null;
    if (toButton) button.focus();
  }

  function outside(event) {
    if (!popup.contains(event.target) && event.target !== button) close(false);
  }

  prev.addEventListener('click', () => { focusIso = addMonths(focusIso, -1); draw(); });
  next.addEventListener('click', () => { focusIso = addMonths(focusIso, 1); draw(); });
  cancel.addEventListener('click', () => close(true));
  body.addEventListener('click', (event) => {
    const b = event.target.closest('button[data-iso]');
    if (b) choose(b.dataset.iso);
  });
  grid.addEventListener('keydown', (event) => {
    const moves = {
      ArrowLeft: () => addDays(focusIso, -1),
      ArrowRight: () => addDays(focusIso, 1),
      ArrowUp: () => addDays(focusIso, -7),
      ArrowDown: () => addDays(focusIso, 7),
      Home: () => addDays(focusIso, -weekday(focusIso)),
      End: () => addDays(focusIso, 6 - weekday(focusIso)),
      PageUp: () => addMonths(focusIso, event.shiftKey ? -12 : -1),
      PageDown: () => addMonths(focusIso, event.shiftKey ? 12 : 1),
    };
    if (moves[event.key]) {
      event.preventDefault();
      focusIso = moves[event.key]();
      focusDay();
    }
  });
  popup.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      // Closes the calendar, not a dialog the form may be in.
      event.preventDefault();
      event.stopPropagation();
      close(true);
    } else if (event.key === 'Tab') {
      // Focus stays in the calendar while it is open (it is modal).
      const stops = [prev, next, body.querySelector('button[tabindex="0"]'), cancel].filter(Boolean);
      const at = stops.indexOf(document.activeElement);
      const to = event.shiftKey ? (at <= 0 ? stops.length - 1 : at - 1) : (at === stops.length - 1 ? 0 : at + 1);
      event.preventDefault();
      stops[to].focus();
    }
  });
  // Enter on a day is a click on its button; keep it from submitting the form around it.
  popup.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.target.closest('button')) event.preventDefault();
  });

  const holder = button.closest('.field') || button.parentNode;
  holder.appendChild(popup);
  button.setAttribute('aria-expanded', 'true');
  document.addEventListener('mousedown', outside, true);
  openPicker = { button, popup, close };
  focusDay();
}
