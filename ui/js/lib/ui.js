// Small building blocks shared by the screens: headings, labelled fields, tables, buttons.
// Every field gets a <label>; hints are tied to their field with aria-describedby.

import { h, uid } from './dom.js';
import { calendarButton, todayIso } from './calendar.js';
import { formatDate, formatCount, monthChoices } from './format.js';

/**
 * The links between a screen's parts (Projects and impact, Settings), the current one marked
 * for screen readers. `links` are `{ href, label, testid, current }`.
 */
export function subnav(label, links) {
  return h('nav', { class: 'subnav', 'aria-label': label },
    h('ul', null, links.map((l) => h('li', null, h('a', {
      href: l.href, 'data-testid': l.testid, 'aria-current': l.current ? 'page' : null,
    }, l.label)))));
}

/** The screen's main heading. Focus moves here when the screen changes. */
export function pageHeading(text, attrs = {}) {
  return h('h1', { tabindex: '-1', class: 'page-heading', ...attrs }, text);
}

export function section(title, attrs, ...children) {
  const id = uid('sec');
  return h('section', { class: 'panel', 'aria-labelledby': id, ...attrs }, h('h2', { id }, title), ...children);
}

/** What each UK type of field says about how to write it, after any hint of its own. */
const FORMAT_HINTS = {
  'uk-date': 'Day, month, year: for example 26/11/2026.',
  'uk-time': '24-hour clock: for example 14:30.',
};

/**
 * A labelled field. opts: label, name, type (text, number, email, tel, textarea, select,
 * search, file, or one of the UK types below), value, hint, required, options ([{value,
 * label}] for selects), attrs (extra attributes for the control), wide.
 *
 * Dates, times and months never use the browser's own date boxes, which follow the
 * computer's locale (month first on a US or plain "C" system). Instead:
 * - `uk-date`: a text box that shows and takes dd/mm/yyyy (value may be ISO; it is shown the
 *   UK way), with a Calendar button beside it. The core reads what is typed.
 * - `uk-time`: a text box for a 24-hour time, HH:MM.
 * - `uk-month`: a list of months by name ("November 2026"); its value is YYYY-MM. opts:
 *   blankLabel (adds an empty choice first), back and ahead (how many months either side of
 *   today, default 36 and 12).
 */
export function field(opts) {
  if (opts.type === 'uk-date' || opts.type === 'uk-time') {
    const hint = [opts.hint, FORMAT_HINTS[opts.type]].filter(Boolean).join(' ');
    const control = field({
      ...opts,
      type: 'text',
      hint,
      value: opts.type === 'uk-date' ? formatDate(opts.value) : (opts.value ?? ''),
      class: [opts.class || '', opts.type === 'uk-date' ? 'field-date' : 'field-time'].join(' ').trim(),
      attrs: { spellcheck: 'false', autocomplete: 'off', ...(opts.attrs || {}) },
    });
    if (opts.type === 'uk-date') {
      const input = control.querySelector('input');
      const box = h('div', { class: 'date-input' });
      input.replaceWith(box);
      box.append(input, calendarButton(input, opts.label));
    }
    return control;
  }
  if (opts.type === 'uk-month') {
    const choices = monthChoices(opts.today || todayIso(), { back: opts.back, ahead: opts.ahead, keep: opts.value || '' });
    return field({
      ...opts,
      type: 'select',
      options: opts.blankLabel !== undefined ? [{ value: '', label: opts.blankLabel }, ...choices] : choices,
    });
  }
  const id = opts.id || uid('f');
  const hintId = opts.hint ? `${id}-hint` : null;
  const common = {
    id,
    name: opts.name,
    required: opts.required,
    'aria-describedby': hintId,
    'data-testid': opts.testid,
    disabled: opts.disabled,
    readonly: opts.readonly,
    ...(opts.attrs || {}),
  };
  let control;
  if (opts.type === 'textarea') {
    control = h('textarea', { rows: opts.rows || 3, ...common, value: opts.value ?? '' });
  } else if (opts.type === 'select') {
    control = h('select', { ...common, value: opts.value ?? '' },
      (opts.options || []).map((o) => h('option', { value: o.value ?? '' }, o.label)));
  } else {
    control = h('input', {
      type: opts.type || 'text',
      autocomplete: opts.autocomplete || (opts.type === 'file' ? null : 'off'),
      ...common,
      value: opts.type === 'file' ? null : (opts.value ?? ''),
    });
  }
  const label = h('label', { for: id }, opts.label,
    opts.required ? null : (opts.optional ? h('span', { class: 'optional' }, ' (optional)') : null));
  return h('div', {
    class: ['field', opts.wide ? 'field-wide' : '', opts.short ? 'field-short' : '', opts.class || ''].join(' ').trim(),
    'data-kinds': opts.kinds,
    // A problem the core reports under another name lands here (e.g. a meeting's "ends_at"
    // beside its "Ends at" time box).
    'data-field': opts.dataField,
    hidden: opts.hidden,
  },
  label,
  hintId ? h('p', { class: 'hint', id: hintId }, opts.hint) : null,
  opts.prefix ? h('div', { class: 'input-affix' }, h('span', { class: 'affix', 'aria-hidden': 'true' }, opts.prefix), control,
    opts.suffix ? h('span', { class: 'affix' }, opts.suffix) : null)
    : (opts.suffix ? h('div', { class: 'input-affix' }, control, h('span', { class: 'affix' }, opts.suffix)) : control));
}

/** A checkbox with its label to the right. */
export function checkbox(opts) {
  const id = opts.id || uid('c');
  const hintId = opts.hint ? `${id}-hint` : null;
  return h('div', { class: 'check', hidden: opts.hidden },
    h('input', {
      type: 'checkbox', id, name: opts.name, value: opts.value, checked: opts.checked,
      required: opts.required, 'data-testid': opts.testid, 'aria-describedby': hintId,
      disabled: opts.disabled, 'data-required': opts.requiredMessage, ...(opts.attrs || {}),
    }),
    h('label', { for: id }, opts.label),
    hintId ? h('p', { class: 'hint', id: hintId }, opts.hint) : null);
}

/** A group of related fields with a legend. */
export function fieldset(legend, attrs, ...children) {
  return h('fieldset', { class: 'fieldset', ...attrs }, h('legend', null, legend), ...children);
}

/** A button. kind: primary (default for submit), secondary, danger, link. */
export function button(text, opts = {}) {
  return h('button', {
    type: opts.type || 'button',
    class: `btn btn-${opts.kind || (opts.type === 'submit' ? 'primary' : 'secondary')}${opts.small ? ' btn-small' : ''}`,
    'data-testid': opts.testid,
    'aria-label': opts.ariaLabel,
    'aria-describedby': opts.describedBy,
    disabled: opts.disabled,
    onclick: opts.onClick,
    ...(opts.attrs || {}),
  }, text);
}

/**
 * A long list shown a page at a time: the count ("Showing 101 to 200 of 10,000 claims.",
 * focusable so it is read out after moving) and, when there is more than one page, Previous
 * and Next buttons. `page` is `{ total, offset }` from the core, `shown` the rows on this
 * page, `noun` [one, many]; `go(offset)` loads another page (the caller handles errors).
 */
export function pageCount(page, shown, noun, testid) {
  const words = (x) => `${formatCount(x)} ${x === 1 ? noun[0] : noun[1]}`;
  const text = page.total <= shown
    ? `${words(page.total)} found.`
    : `Showing ${formatCount(page.offset + 1)} to ${formatCount(page.offset + shown)} of ${words(page.total)}.`;
  return h('p', { class: 'muted', 'data-testid': testid, 'data-total': String(page.total), tabindex: '-1' }, text);
}

export function pager(page, shown, size, { label, testid, go }) {
  if (page.total <= size) return null;
  return h('nav', { class: 'pager actions', 'aria-label': label },
    button(`Previous ${size}`, {
      testid: `${testid}-previous`, disabled: page.offset === 0, onClick: () => go(Math.max(0, page.offset - size)),
    }),
    button(`Next ${size}`, {
      testid: `${testid}-next`, disabled: page.offset + shown >= page.total, onClick: () => go(page.offset + size),
    }));
}

/** A link that looks like a button and goes to another screen. */
export function navLink(text, hash, opts = {}) {
  return h('a', { href: hash, class: `btn btn-${opts.kind || 'secondary'}`, 'data-testid': opts.testid }, text);
}

/** A row of buttons. */
export function actions(...children) {
  return h('div', { class: 'actions' }, ...children);
}

/**
 * A table with a caption (visually hidden unless shown) and column headings.
 * rows: arrays of cells (strings or nodes), or {cells, attrs}.
 * Each cell carries its column's heading (data-label), so that a table too wide for the
 * window can be shown as stacked rows (see fitTables); the explicit roles keep it a table
 * for screen readers when it is.
 */
export function table({ caption, headers, rows, captionVisible = false, numeric = [], attrs = {}, foot = null }) {
  const label = (i) => (typeof headers[i] === 'string' ? headers[i] : null);
  return h('div', { class: 'table-wrap' },
    h('table', { class: 'table', role: 'table', ...attrs },
      caption ? h('caption', { class: captionVisible ? '' : 'visually-hidden' }, caption) : null,
      h('thead', { role: 'rowgroup' }, h('tr', { role: 'row' }, headers.map((text, i) =>
        h('th', { scope: 'col', role: 'columnheader', class: numeric.includes(i) ? 'num' : null }, text)))),
      h('tbody', { role: 'rowgroup' }, rows.map((row) => {
        const cells = Array.isArray(row) ? row : row.cells;
        const rowAttrs = Array.isArray(row) ? {} : row.attrs;
        return h('tr', { role: 'row', ...rowAttrs }, cells.map((cell, i) =>
          (i === 0 && !Array.isArray(row) && row.rowHeader)
            ? h('th', { scope: 'row', role: 'rowheader', 'data-label': label(i) }, cell)
            : h('td', { role: 'cell', class: numeric.includes(i) ? 'num' : null, 'data-label': label(i) }, cell)));
      })),
      foot ? h('tfoot', { role: 'rowgroup' }, foot) : null));
}

/**
 * Shows each table that does not fit its space as stacked rows (each cell with its column's
 * heading beside it), so nothing needed is off-screen in a small window; tables that fit
 * stay tables. Called after every screen is drawn and when the window changes size.
 */
export function fitTables(root = document) {
  for (const wrap of root.querySelectorAll('.table-wrap')) {
    const tableEl = wrap.querySelector('table');
    if (!tableEl || !tableEl.querySelector('td[data-label], th[data-label]')) continue;
    wrap.classList.remove('stacked');
    if (tableEl.scrollWidth > wrap.clientWidth + 1) wrap.classList.add('stacked');
  }
}

/** A calm message when a list is empty. */
export function empty(text) {
  return h('p', { class: 'empty' }, text);
}

/** A notice box. kind: info, warning, success, error. The label word means colour is never the only signal. */
export function notice(kind, title, ...body) {
  const words = { info: 'Note', warning: 'Warning', success: 'Done', error: 'Problem' };
  return h('div', { class: `notice notice-${kind}` },
    h('p', { class: 'notice-title' }, h('strong', null, title || words[kind])), ...body);
}

/** A short status word in a box ("Finalised", "Approved"). */
export function badge(text, kind = 'neutral', attrs = {}) {
  return h('span', { class: `badge badge-${kind}`, ...attrs }, text);
}

export function loading(text = 'Loading…') {
  return h('p', { class: 'loading', role: 'status' }, text);
}

/** Options for a <select> from a list. */
export function options(list, valueKey, labelFn, blankLabel) {
  const out = blankLabel !== undefined ? [{ value: '', label: blankLabel }] : [];
  for (const item of list) out.push({ value: String(item[valueKey]), label: labelFn(item) });
  return out;
}

/** A definition list of facts: [[term, value], ...]. Empty values are skipped. */
export function facts(pairs, attrs = {}) {
  return h('dl', { class: 'facts', ...attrs }, pairs.filter(([, v]) => v !== '' && v !== null && v !== undefined)
    .map(([k, v, a]) => [h('dt', null, k), h('dd', a || null, v)]));
}
