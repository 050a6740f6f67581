// A tiny DOM builder. Strings always become text nodes, so text typed by people is never
// read as HTML. Nothing in Forum Desk uses innerHTML.

const BOOLEAN_ATTRS = new Set([
  'hidden', 'disabled', 'checked', 'selected', 'required', 'readonly', 'multiple', 'open', 'autofocus',
]);

/**
 * h('button', { class: 'primary', 'data-testid': 'save', onclick: fn }, 'Save')
 * - attrs: `class`, `for`, `data-*`, `aria-*` and other attributes are set with setAttribute;
 *   `value` and `checked` are set as properties; functions named on* become event listeners.
 * - children: strings/numbers become text nodes; null, undefined and false are skipped;
 *   arrays are flattened.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  let selectValue;
  if (attrs) {
    for (const [key, val] of Object.entries(attrs)) {
      if (val === undefined || val === null || val === false) continue;
      if (typeof val === 'function' && key.startsWith('on')) {
        el.addEventListener(key.slice(2).toLowerCase(), val);
      } else if (key === 'value') {
        if (tag === 'select') selectValue = String(val);
        else el.value = String(val);
      } else if (key === 'checked') {
        el.checked = Boolean(val);
      } else if (BOOLEAN_ATTRS.has(key)) {
        if (val) el.setAttribute(key, '');
      } else {
        el.setAttribute(key, String(val));
      }
    }
  }
  append(el, children);
  if (selectValue !== undefined) el.value = selectValue;
  return el;
}

/** Appends children (strings become text nodes). */
export function append(parent, children) {
  for (const child of [children].flat(Infinity)) {
    if (child === null || child === undefined || child === false || child === true) continue;
    parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** Removes everything inside an element. */
export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

/** Replaces everything inside an element. */
export function replace(el, ...children) {
  clear(el);
  return append(el, children);
}

export const qs = (selector, scope = document) => scope.querySelector(selector);
export const qsa = (selector, scope = document) => Array.from(scope.querySelectorAll(selector));

/**
 * Resolves once the frame showing what is on screen now has been drawn. A screen's follow-up
 * requests (a total, a panel below the list) wait for it: in WebKitGTK a command still
 * answering can hold that frame back, so asking sooner would keep the screen from showing.
 */
export function afterFrame() {
  return new Promise((resolve) => { requestAnimationFrame(() => setTimeout(resolve, 0)); });
}

/** Adds an event listener (TodoMVC's `$on`). */
export function bind(target, type, handler, options) {
  target.addEventListener(type, handler, options);
  return () => target.removeEventListener(type, handler, options);
}

/** Listens on a parent for events from children matching a selector (TodoMVC's `$delegate`). */
export function delegate(target, selector, type, handler) {
  return bind(target, type, (event) => {
    const match = event.target.closest(selector);
    if (match && target.contains(match)) handler(event, match);
  });
}

let counter = 0;
/** A unique id for label/field pairs. */
export function uid(prefix = 'f') {
  counter += 1;
  return `${prefix}-${counter}`;
}

/**
 * Describes the focused element so that focus can be put back after a screen is redrawn.
 */
export function focusKey() {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  if (el.dataset && el.dataset.testid) return `[data-testid="${cssEscape(el.dataset.testid)}"]`;
  if (el.id && !/^f-\d+$/.test(el.id)) return `#${cssEscape(el.id)}`;
  const form = el.form;
  if (el.name && form && form.dataset.testid) {
    return `form[data-testid="${cssEscape(form.dataset.testid)}"] [name="${cssEscape(el.name)}"]`;
  }
  return null;
}

export function restoreFocus(key, scope = document) {
  if (!key) return false;
  const el = scope.querySelector(key);
  if (el && typeof el.focus === 'function' && !el.disabled) {
    el.focus();
    return true;
  }
  return false;
}

function cssEscape(s) {
  return window.CSS && CSS.escape ? CSS.escape(s) : String(s).replace(/["\\]/g, '\\$&');
}
