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

/**
 * Shows an error. If the error names a field that is on the form, the message goes
 * right beside that field (aria-invalid + aria-describedby) and the field gets focus;
 * otherwise the message goes at the top of the form (or the page) as an alert.
 */
export function showError(err, form) {
  const message = (err && err.message) || 'Something went wrong. Please try again.';
  if (form) clearErrors(form);
  if (err && err.code === 'no_session') return; // the shell takes people back to "Who is using Forum Desk?"
  const field = err && err.field;
  let target = null;
  if (form && field) {
    target = qs(`[name="${field}"]:not([type="hidden"])`, form)
      || qs(`[data-field="${field}"]`, form);
    if (target && target.closest('[hidden]')) target = null;
  }
  if (target) {
    const id = uid('err-' + field);
    const note = h('p', { class: 'field-error', id }, h('span', { class: 'visually-hidden' }, 'Error: '), message);
    const wrapper = target.closest('.field') || target.closest('fieldset') || target;
    wrapper.classList.add('has-error');
    const anchor = qs('label', wrapper) && wrapper !== target ? qs('label, legend', wrapper) : null;
    if (anchor && anchor.parentNode === wrapper) anchor.after(note);
    else if (wrapper === target) target.before(note);
    else wrapper.prepend(note);
    const focusable = target.matches('input, select, textarea') ? target : qs('input, select, textarea', target);
    if (focusable) {
      focusable.setAttribute('aria-invalid', 'true');
      const ids = (focusable.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
      focusable.setAttribute('aria-describedby', [id, ...ids].join(' '));
      focusable.focus();
    }
    return;
  }
  const alert = h('div', { class: 'form-alert', role: 'alert', tabindex: '-1' },
    h('strong', null, 'There is a problem: '), message);
  if (form) {
    form.prepend(alert);
  } else {
    const main = document.getElementById('page-alerts') || document.getElementById('main');
    if (main) {
      for (const old of qsa('.form-alert', main)) old.remove();
      main.prepend(alert);
    }
  }
  alert.focus();
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
 * submit buttons while the work runs, shows any error beside its field.
 */
export function bindSubmit(form, handler) {
  form.noValidate = true;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const missing = firstMissingRequired(form);
    if (missing) {
      showError({ code: 'invalid', field: missing.name, message: requiredMessage(missing) }, form);
      return;
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

function firstMissingRequired(form) {
  for (const el of form.elements) {
    if (!el.required || el.disabled || el.closest('[hidden]')) continue;
    if (el.type === 'checkbox' ? !el.checked : !String(el.value).trim()) return el;
  }
  return null;
}

function requiredMessage(el) {
  if (el.dataset.required) return el.dataset.required;
  if (el.type === 'checkbox') return 'Please tick this box to carry on.';
  const label = el.labels && el.labels[0] ? el.labels[0].textContent.replace(/\s*\(.*\)\s*$/, '').trim() : '';
  return label ? `Please fill in “${label}”.` : 'Please fill this in.';
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
