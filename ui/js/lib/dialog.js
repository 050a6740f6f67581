// Modal dialogs built on <dialog>: Escape closes them, focus goes back where it was.

import { h, qs } from './dom.js';
import { bindSubmit } from './forms.js';
import { button, actions } from './ui.js';
import { uid } from './dom.js';

/**
 * Opens a dialog holding a form. `onSubmit(values, form)` runs when the form is sent; if it
 * throws, the error is shown beside its field and the dialog stays open. `checkedByCore`:
 * required fields are left to the core, which lists every problem at once (see bindSubmit). Resolves with what
 * onSubmit returned, or null if the person cancelled.
 */
export function formDialog({ title, intro, fields, submitLabel, submitKind = 'primary', testid, onSubmit, checkedByCore = false }) {
  return new Promise((resolve) => {
    const opener = document.activeElement;
    const titleId = uid('dlg');
    let result = null;
    const form = h('form', { class: 'dialog-form', 'data-testid': testid ? `${testid}-form` : null },
      h('h2', { id: titleId }, title),
      intro ? [intro].flat().map((p) => (typeof p === 'string' ? h('p', null, p) : p)) : null,
      fields,
      actions(
        button(submitLabel, { type: 'submit', kind: submitKind, testid }),
        button('Cancel', { testid: testid ? `${testid}-cancel` : 'dialog-cancel', onClick: () => dialog.close() }),
      ));
    const dialog = h('dialog', { class: 'dialog', 'aria-labelledby': titleId }, form);
    bindSubmit(form, async (values) => {
      result = await onSubmit(values, form);
      if (result === undefined) result = true;
      dialog.close();
    }, { checkedByCore });
    dialog.addEventListener('close', () => {
      dialog.remove();
      if (opener && opener.isConnected && typeof opener.focus === 'function') opener.focus();
      resolve(result);
    });
    document.body.appendChild(dialog);
    dialog.showModal();
    const first = qs('input:not([type="hidden"]), textarea, select', form);
    if (first) first.focus();
  });
}

/** Asks a yes/no question. Resolves true if they confirm. */
export function confirmDialog({ title, message, confirmLabel, danger = false, testid }) {
  return formDialog({
    title,
    intro: message,
    fields: null,
    submitLabel: confirmLabel,
    submitKind: danger ? 'danger' : 'primary',
    testid: testid || 'confirm',
    onSubmit: async () => true,
  }).then((r) => r === true);
}

/** Shows content in a dialog with a Close button (for example a receipt). */
export function showDialog({ title, body, onClose }) {
  const opener = document.activeElement;
  const titleId = uid('dlg');
  const close = button('Close', { testid: 'dialog-close', onClick: () => dialog.close() });
  const dialog = h('dialog', { class: 'dialog dialog-wide', 'aria-labelledby': titleId },
    h('h2', { id: titleId }, title), body, actions(close));
  dialog.addEventListener('close', () => {
    dialog.remove();
    if (onClose) onClose();
    if (opener && opener.isConnected && typeof opener.focus === 'function') opener.focus();
  });
  document.body.appendChild(dialog);
  dialog.showModal();
  close.focus();
  return dialog;
}
