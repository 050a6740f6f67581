// Form helpers: reading values, showing errors next to the field they concern,
// and announcing success in the polite status region.

import { h, qs, qsa, uid, clear } from './dom.js';

/**
 * Reads a form's named fields into a plain object. Checkboxes become true/false, unless
 * several checkboxes share a name (then an array of the ticked values). Other fields
 * are text, exactly as typed (the core parses money, miles and dates).
 */
export function formValues(form) {
  const out = {};
  const names = new Map();
  for (const el of form.elements) {
    if (!el.name || el.disabled || el.type === 'file' || el.type === 'submit' || el.type === 'button') continue;
    names.set(el.name, (names.get(el.name) || 0) + 1);
  }
  for (const el of form.elements) {
    if (!el.name || el.disabled || el.type === 'file' || el.type === 'submit' || el.type === 'button') continue;
    if (el.closest('[hidden]')) continue;
    if (el.type === 'checkbox') {
      if (names.get(el.name) > 1 || el.dataset.multi !== undefined) {
        if (!Array.isArray(out[el.name])) out[el.name] = [];
        if (el.checked) out[el.name].push(el.value);
      } else {
        out[el.name] = el.checked;
      }
    } else if (el.type === 'radio') {
      if (el.checked) out[el.name] = el.value;
      else if (!(el.name in out)) out[el.name] = '';
    } else {
      out[el.name] = el.value;
    }
  }
  return out;
}

/** Removes any error messages shown on a form. */
export function clearErrors(form) {
  if (!form) return;
  for (const el of qsa('.field-error, .form-alert', form)) el.remove();
  for (const el of qsa('[aria-invalid="true"]', form)) {
    el.removeAttribute('aria-invalid');
    const ids = (el.getAttribute('aria-describedby') || '').split(' ')
      .filter((id) => id && !id.startsWith('err-'));
    if (ids.length) el.setAttribute('aria-describedby', ids.join(' '));
    else el.removeAttribute('aria-describedby');
  }
  for (const el of qsa('.has-error', form)) el.classList.remove('has-error');
}

/** Every field problem in an error: its `fields` list, or its one `field`. */
function fieldProblems(err) {
  if (!err) return [];
  if (Array.isArray(err.fields) && err.fields.length) return err.fields.filter((p) => p && p.field);
  if (err.field) return [{ field: err.field, message: err.message }];
  return [];
}

/** The element on `form` that a problem with `field` belongs to, if it is showing. */
function fieldTarget(form, field) {
  const target = qs(`[name="${field}"]:not([type="hidden"])`, form) || qs(`[data-field="${field}"]`, form);
  return target && !target.closest('[hidden]') ? target : null;
}

/** The control to focus for a field (the input itself, or the first one in a group). */
function controlOf(target) {
  const control = target.matches('input, select, textarea') ? target : qs('input, select, textarea', target);
  if (control && !control.id) control.id = uid('f');
  return control;
}

/** Puts `message` beside the field and ties it to the control (aria-invalid, aria-describedby). */
function markField(target, control, field, message) {
  const id = uid('err-' + field);
  const note = h('p', { class: 'field-error', id }, h('span', { class: 'visually-hidden' }, 'Error: '), message);
  const wrapper = target.closest('.field') || target.closest('fieldset') || target;
  wrapper.classList.add('has-error');
  const anchor = wrapper !== target ? qs(':scope > label, :scope > legend', wrapper) : null;
  if (anchor) {
    const hint = anchor.nextElementSibling && anchor.nextElementSibling.classList.contains('hint')
      ? anchor.nextElementSibling : null;
    (hint || anchor).after(note);
  } else if (wrapper === target) {
    target.before(note);
  } else {
    wrapper.prepend(note);
  }
  if (control) {
    control.setAttribute('aria-invalid', 'true');
    const ids = (control.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
    control.setAttribute('aria-describedby', [id, ...ids].join(' '));
  }
  return wrapper;
}

/**
 * The error summary at the top of a form, as GOV.UK's: a heading "There is a problem" and a
 * list of the problems, each a link that moves focus to its field. `items` are
 * {message, control}; an item without a control is listed as plain text.
 */
function errorSummary(items) {
  const headingId = uid('err-summary');
  const list = h('ul', { class: 'error-summary-list' }, items.map(({ message, control }) => h('li', null,
    control
      ? h('a', {
        href: `#${control.id}`,
        onclick: (event) => {
          event.preventDefault();
          control.focus();
          const label = (control.labels && control.labels[0]) || control.closest('fieldset')?.querySelector('legend');
          (label || control).scrollIntoView({ block: 'start' });
        },
      }, message)
      : message)));
  return h('div', {
    class: 'form-alert error-summary', role: 'alert', tabindex: '-1', 'aria-labelledby': headingId, 'data-testid': 'error-summary',
  },
  h('h2', { class: 'error-summary-title', id: headingId }, 'There is a problem'),
  list);
}

/**
 * Shows an error. Every field problem it carries (`fields`, or the one `field`) goes right
 * beside its field (aria-invalid + aria-describedby), and a summary at the top of the form
 * lists them all, each linking to its field; focus moves to the summary, as in GOV.UK's
 * error summary. An error about no field on the form goes in the summary as a sentence (at
 * the top of the page when there is no form).
 */
export function showError(err, form) {
  const message = (err && err.message) || 'Something went wrong. Please try again.';
  if (form) clearErrors(form);
  if (err && err.code === 'no_session') return; // the shell takes people back to "Who is using Forum Desk?"
  const items = [];
  if (form) {
    const marked = new Set();
    for (const p of fieldProblems(err)) {
      const target = fieldTarget(form, p.field);
      if (!target) {
        items.push({ message: p.message, control: null });
        continue;
      }
      const control = controlOf(target);
      const wrapper = target.closest('.field') || target.closest('fieldset') || target;
      // One message beside each field; a second problem for the same place is still listed.
      if (!marked.has(wrapper)) marked.add(markField(target, control, p.field, p.message));
      items.push({ message: p.message, control });
    }
  }
  if (!items.length) items.push({ message, control: null });
  const summary = errorSummary(items);
  if (form) {
    form.prepend(summary);
  } else {
    const main = document.getElementById('page-alerts') || document.getElementById('main');
    if (!main) return;
    for (const old of qsa('.form-alert', main)) old.remove();
    main.prepend(summary);
  }
  summary.focus();
}

let statusTimer = null;
let announcedAt = 0;
/** Says something politely (role="status"), e.g. "Line added". */
export function announce(message) {
  const region = document.getElementById('status');
  if (!region) return;
  announcedAt = Date.now();
  clear(region);
  // A fresh node each time so screen readers announce repeated messages.
  region.appendChild(h('p', null, message));
  clearTimeout(statusTimer);
  statusTimer = setTimeout(() => { clear(region); }, 10000);
}

/** Clears an old success message when moving to another screen (keeps one just made). */
export function clearOldAnnouncement(maxAgeMs = 1500) {
  const region = document.getElementById('status');
  if (region && Date.now() - announcedAt > maxAgeMs) clear(region);
}

/**
 * Binds a form's submit: stops the page reloading, clears old errors, disables the
 * submit buttons while the work runs, shows every error beside its field.
 *
 * Required fields are checked here first, all together, unless `opts.checkedByCore` says the
 * core checks every required field itself: then the core's answer lists every problem at
 * once (blank fields with the rest), so nobody needs a second try.
 */
export function bindSubmit(form, handler, opts = {}) {
  form.noValidate = true;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    if (!opts.checkedByCore) {
      const missing = missingRequired(form);
      if (missing.length) {
        showError({
          code: 'invalid',
          field: missing[0].name,
          message: requiredMessage(missing[0]),
          fields: missing.map((el) => ({ field: el.name, message: requiredMessage(el) })),
        }, form);
        return;
      }
    }
    const buttons = qsa('button[type="submit"], button:not([type])', form);
    buttons.forEach((b) => { b.disabled = true; });
    form.setAttribute('aria-busy', 'true');
    try {
      await handler(formValues(form), form, event);
    } catch (err) {
      if (form.isConnected) showError(err, form);
      else showError(err, null);
    } finally {
      buttons.forEach((b) => { b.disabled = false; });
      form.removeAttribute('aria-busy');
    }
  });
  return form;
}

function missingRequired(form) {
  const out = [];
  for (const el of form.elements) {
    if (!el.required || el.disabled || el.closest('[hidden]')) continue;
    if (el.type === 'checkbox' ? !el.checked : !String(el.value).trim()) out.push(el);
  }
  return out;
}

function requiredMessage(el) {
  if (el.dataset.required) return el.dataset.required;
  if (el.type === 'checkbox') return 'Please tick this box to carry on.';
  const label = el.labels && el.labels[0] ? el.labels[0].textContent.replace(/\s*\(.*\)\s*$/, '').trim() : '';
  return label ? `Please fill in “${label}”.` : 'Please fill this in.';
}

/**
 * A wrong passphrase, one-time code or recovery key names no field: it belongs beside the
 * box the person typed it in (`field`). Other errors pass through as they are.
 */
export function besideField(err, field) {
  if (err && err.code === 'sign_in' && !err.field) return { code: err.code, message: err.message, field };
  return err;
}

/** Runs an action that is not a form (a button), showing any error on the page. */
export async function attempt(fn, form = null) {
  try {
    return await fn();
  } catch (err) {
    showError(err, form);
    return undefined;
  }
}
