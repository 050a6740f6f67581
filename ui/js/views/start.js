// The screens before anybody is signed in: data that cannot be opened, first-run set-up,
// the one-time upgrade of an older forum, signing in (with a passphrase, a one-time code or
// the recovery key), restoring a forum on a new computer, choosing a passphrase after a
// one-time code, and the recovery key shown once.

import * as api from '../api.js';
import { h, replace, qs } from '../lib/dom.js';
import { bindSubmit, showError, announce, besideField } from '../lib/forms.js';
import { pageHeading, field, button, notice, empty, actions, checkbox, section, table } from '../lib/ui.js';

/** The data could not be opened: say why, plainly, and show nothing else. */
export function renderOpenError(container, openError, info) {
  replace(container,
    pageHeading('Forum Desk cannot open your forum’s data'),
    h('div', { class: 'notice notice-error', role: 'alert', id: 'error', 'data-testid': 'open-error', 'data-code': openError.code || '' },
      h('p', null, openError.message)),
    info && info.data_dir ? h('p', null, 'Your data folder is: ', h('span', { class: 'path' }, info.data_dir)) : null,
    h('p', null, 'Nothing has been changed. Close Forum Desk and ask the person who looks after this laptop for help, '
      + 'showing them this message.'));
}

/**
 * A new passphrase, typed twice, with a strength meter that the core works out (zxcvbn) as
 * the person types. `aboutYou()` gives words a guesser would try first. The core refuses a
 * weak passphrase whatever the window says; the meter is there to help, not to guard.
 */
export function newPassphraseFields({ name = 'passphrase', label = 'Choose a passphrase', aboutYou = () => [], testid = 'new-passphrase' } = {}) {
  const meter = h('div', { class: 'strength', 'data-testid': `${testid}-strength`, 'aria-live': 'polite' });
  const input = field({
    label, name, type: 'password', required: true, wide: true, testid, autocomplete: 'new-password',
    hint: 'At least 10 characters. Three or four unrelated words are easy to remember and hard to guess, '
      + 'for example “teapot river orange bicycle”.',
  });
  const again = field({
    label: 'Type it again', name: `${name}_again`, type: 'password', required: true, wide: true,
    testid: `${testid}-again`, autocomplete: 'new-password',
  });
  let timer = null;
  let ticket = 0;
  const control = qs('input', input);
  control.addEventListener('input', () => {
    clearTimeout(timer);
    const typed = control.value;
    if (!typed) { replace(meter); return; }
    timer = setTimeout(async () => {
      const mine = ++ticket;
      try {
        const s = await api.passphraseCheck(typed, aboutYou().filter(Boolean));
        if (mine !== ticket) return;
        replace(meter,
          h('meter', { min: '0', max: '4', low: '2', high: '3', optimum: '4', value: String(s.score), 'aria-hidden': 'true' }),
          h('p', { class: s.acceptable ? 'strength-ok' : 'strength-weak', 'data-testid': `${testid}-verdict`, 'data-acceptable': String(s.acceptable) },
            `Strength: ${s.label}.`, s.acceptable ? ' Forum Desk will accept this.' : ''),
          s.advice.length ? h('ul', { class: 'plain hint' }, s.advice.map((a) => h('li', null, a))) : null);
      } catch (_) { /* the meter is only help; the core still checks on submit */ }
    }, 250);
  });
  return {
    nodes: [input, meter, again],
    /** The passphrase, or throws an error beside the second box when the two differ. */
    read(values) {
      if (values[name] !== values[`${name}_again`]) {
        throw { code: 'invalid', field: `${name}_again`, message: 'The two passphrases are different. Please type the same passphrase in both boxes.' };
      }
      return values[name];
    },
  };
}

/**
 * The start screen, chosen by what the data folder holds. `known`: who may sign in, as the
 * core said at start-up (app_info); otherwise, as after signing out, the core is asked again.
 */
export async function renderStart(container, app, known = null) {
  let options = known;
  if (!options) {
    replace(container, pageHeading('Forum Desk'), h('p', { class: 'loading' }, 'Opening…'));
    try {
      options = await api.signInOptions();
    } catch (err) {
      renderOpenError(container, err, app.info);
      return;
    }
  }
  if (options.state === 'new') renderSetup(container, app);
  else if (options.state === 'upgrade') renderUpgrade(container, app, options);
  else renderSignIn(container, app, options);
}

// ---------- first run ----------

/** First run: name the forum and yourself, and choose your passphrase (you become the chair). */
export function renderSetup(container, app) {
  let form;
  const about = () => ['forum_name', 'your_name', 'your_email'].map((n) => form.elements[n].value);
  const pass = newPassphraseFields({ label: 'Choose your passphrase', aboutYou: about });
  form = h('form', { class: 'form card', 'data-testid': 'setup-form' },
    field({ label: 'Forum name', name: 'forum_name', required: true, hint: 'For example: Anytown Parent Carer Forum', autocomplete: 'organization' }),
    field({ label: 'Your name', name: 'your_name', required: true, autocomplete: 'name' }),
    field({ label: 'Your email', name: 'your_email', type: 'email', optional: true, autocomplete: 'email' }),
    pass.nodes,
    h('div', { class: 'actions' }, button('Set up Forum Desk', { type: 'submit', testid: 'setup-forum' })));

  bindSubmit(form, async (values) => {
    const passphrase = pass.read(values);
    const done = await api.setupForum({
      forum_name: values.forum_name.trim(),
      your_name: values.your_name.trim(),
      your_email: values.your_email.trim(),
      passphrase,
    });
    app.setForumName(values.forum_name.trim());
    renderRecovery(container, app, done.recovery, () => app.signedIn(done.session));
  }, { checkedByCore: true });

  replace(container,
    pageHeading('Set up your forum'),
    h('p', { class: 'lead' }, 'Welcome. Forum Desk keeps your forum’s members, meetings and expense claims on this laptop, '
      + 'locked with your passphrase. Nothing is sent over the internet.'),
    h('p', null, 'Tell us your forum’s name and your own name, and choose a passphrase. You will be set up as the forum’s chair; '
      + 'you can add the treasurer and representatives afterwards.'),
    form,
    joinSection(container, app),
    restoreSection(container, app));
}

// ---------- a rep joining from an invitation ----------

/** "Join a forum": open the invitation with the code the chair gave, and choose a passphrase. */
function joinSection(container, app) {
  let form;
  const pass = newPassphraseFields({ name: 'join_passphrase', label: 'Choose your passphrase', testid: 'join-passphrase' });
  form = h('form', { class: 'form', 'data-testid': 'join-form' },
    field({
      label: 'Invitation file', name: 'invitation', type: 'file', required: true, testid: 'join-file',
      hint: 'The file the chair sent you, by email or on a USB stick.',
    }),
    field({
      label: 'Code', name: 'code', required: true, testid: 'join-code', autocomplete: 'off',
      attrs: { spellcheck: 'false' },
      hint: 'The code the chair told you by phone or text. Spaces and small or capital letters do not matter.',
    }),
    pass.nodes,
    actions(button('Join the forum', { type: 'submit', testid: 'join-forum' })));
  bindSubmit(form, async (values) => {
    const file = form.elements.invitation.files && form.elements.invitation.files[0];
    if (!file) throw { code: 'invalid', field: 'invitation', message: 'Choose the invitation file the chair sent you.' };
    const passphrase = pass.read(values);
    let session;
    try {
      // Imported when needed: the start screen shows sooner without it.
      const { readAsBase64 } = await import('../lib/files.js');
      session = await api.joinForum(await readAsBase64(file), values.code, passphrase);
    } catch (err) {
      // The core names its own fields; these are this form's names for them.
      const ours = { passphrase: 'join_passphrase', file: 'invitation', code: 'code' };
      if (err && typeof err === 'object') err.field = ours[err.field] || 'code';
      throw err;
    }
    const info = await api.repComputerInfo();
    renderJoined(container, app, info, session);
  });
  return section('Join a forum (you were sent an invitation)', { 'data-testid': 'join-section' },
    h('p', null, 'If you are a representative and the chair sent you an invitation file, join your forum here. '
      + 'Your claims are kept on this computer, locked with your passphrase, and sent to the forum as signed files.'),
    form);
}

/** After joining: the fingerprint to read back to the chair. */
function renderJoined(container, app, info, session) {
  if (info) app.setForumName(info.forum_name);
  replace(container,
    pageHeading('You have joined the forum'),
    h('p', { class: 'lead' }, `Welcome, ${session.person.name}. Forum Desk on this computer now keeps your claims for `
      + `${info ? info.forum_name : 'your forum'}.`),
    info ? [
      h('p', null, 'Read this computer’s fingerprint to the chair on the phone, so they know the files they get are from you:'),
      h('p', { class: 'recovery-key', 'data-testid': 'join-fingerprint' }, info.fingerprint),
    ] : null,
    h('p', null, 'Your first “Send to the forum” finishes joining: the forum enrols this computer when it reads your file.'),
    actions(button('Carry on', { testid: 'join-done', onClick: () => app.signedIn(session) })));
}

/** "Moving to a new computer?": open a backup file with a passphrase or the recovery key. */
function restoreSection(container, app) {
  const form = h('form', { class: 'form', 'data-testid': 'restore-new-form' },
    field({
      label: 'Backup file', name: 'file', required: true, wide: true, testid: 'restore-file',
      hint: 'The full path of the .fdbackup file, for example /media/usb/Anytown 2026-11-30.fdbackup',
    }),
    field({ label: 'Your name', name: 'who', required: true, testid: 'restore-who', hint: 'As you sign in to Forum Desk.' }),
    checkbox({ label: 'I will use the recovery key instead of my passphrase', name: 'with_recovery_key', testid: 'restore-with-recovery' }),
    field({ label: 'Your passphrase or the recovery key', name: 'secret', type: 'password', required: true, wide: true, testid: 'restore-secret', autocomplete: 'off' }),
    actions(button('Restore the forum', { type: 'submit', testid: 'restore-new' })));
  bindSubmit(form, async (values) => {
    try {
      const session = await api.restoreNewForum(values.file.trim(), values.who.trim(), values.secret, Boolean(values.with_recovery_key));
      announce('The forum has been restored from the backup.');
      app.signedIn(session);
    } catch (err) {
      throw besideField(err, 'secret');
    }
  });
  return section('Moving to a new computer?', { 'data-testid': 'restore-new-section' },
    h('p', null, 'If your forum already uses Forum Desk on another computer, restore it here from a backup file '
      + 'instead of setting up a new forum.'),
    form);
}

// ---------- the one-time upgrade of a forum from before sign-in ----------

export function renderUpgrade(container, app, options) {
  let form;
  const pass = newPassphraseFields({ label: 'Choose your passphrase', aboutYou: () => [] });
  const choices = options.upgraders.map((p, i) => h('div', { class: 'check' },
    h('input', { type: 'radio', id: `upgrader-${p.person_id}`, name: 'person_id', value: String(p.person_id), checked: i === 0, 'data-testid': `upgrader-${p.person_id}` }),
    h('label', { for: `upgrader-${p.person_id}` }, p.name)));
  form = h('form', { class: 'form card', 'data-testid': 'upgrade-form' },
    h('fieldset', { class: 'fieldset', 'data-field': 'person_id' }, h('legend', null, 'Who are you?'), choices),
    pass.nodes,
    actions(button('Lock the forum’s data with my passphrase', { type: 'submit', testid: 'upgrade-forum' })));
  bindSubmit(form, async (values) => {
    const passphrase = pass.read(values);
    const done = await api.upgradeForum(Number(values.person_id), passphrase);
    renderRecovery(container, app, done.recovery, () => app.signedIn(done.session));
  });
  replace(container,
    pageHeading('Lock your forum’s data'),
    h('p', { class: 'lead' }, 'This version of Forum Desk keeps your forum’s data encrypted, and each person signs in with their own passphrase.'),
    h('p', null, 'The chair or treasurer does this once. Your data is copied into an encrypted file, checked, and then the old '
      + 'file is removed. Other officers get a one-time code to choose their own passphrase.'),
    options.upgraders.length ? form : empty('Nobody in this forum is a chair or treasurer, so nobody can do this yet.'));
}

// ---------- the recovery key, shown once ----------

/**
 * Shows the recovery key (and any one-time codes for other officers) once, offers the
 * printable recovery sheet, and goes on only after the person confirms they have kept it.
 */
export function renderRecovery(container, app, recovery, onDone) {
  const sheetResult = h('div', { 'aria-live': 'polite', 'data-testid': 'recovery-sheet-result' });
  const sheetForm = h('form', { class: 'form', 'data-testid': 'recovery-sheet-form' },
    field({
      label: 'Save the recovery sheet as', name: 'file', required: true, wide: true, testid: 'recovery-sheet-file',
      hint: 'A one-page PDF to print and keep somewhere safe, away from this laptop. It cannot be saved inside the data folder.',
    }),
    actions(button('Save the recovery sheet', { type: 'submit', kind: 'secondary', testid: 'recovery-sheet-save' })));
  api.exportsFolder().then((folder) => {
    if (!sheetForm.elements.file.value) sheetForm.elements.file.value = `${folder}/Forum Desk recovery sheet.pdf`;
  }).catch(() => {});
  bindSubmit(sheetForm, async (values) => {
    const saved = await api.recoverySheetSave(recovery.recovery_key, values.file.trim());
    sheetResult.setAttribute('data-path', saved.path);
    replace(sheetResult, notice('success', 'Recovery sheet saved',
      h('p', null, 'Saved to ', h('span', { class: 'path' }, saved.path), '. Print it, then delete the file.'),
      actions(button('Open it to print', { small: true, testid: 'recovery-sheet-open', onClick: () => api.exportOpen(saved.path).catch((e) => showError(e, null)) }))));
    announce('Recovery sheet saved.');
  });

  const confirmForm = h('form', { class: 'form', 'data-testid': 'recovery-confirm-form' },
    checkbox({
      label: 'I have written down the recovery key, or printed the recovery sheet, and will keep it somewhere safe away from this laptop.',
      name: 'kept', required: true, testid: 'recovery-kept',
      requiredMessage: 'Please keep the recovery key safe and tick this box. Without it, a forgotten passphrase cannot be reset.',
    }),
    actions(button('Carry on', { type: 'submit', testid: 'recovery-done' })));
  bindSubmit(confirmForm, async () => { onDone(); });

  replace(container,
    pageHeading('Your forum’s recovery key'),
    h('p', { class: 'lead' }, 'If every officer forgets their passphrase, this key is the only way back into your forum’s data. '
      + 'It is shown only now.'),
    h('p', { class: 'recovery-key', 'data-testid': 'recovery-key' }, recovery.recovery_key),
    recovery.codes.length ? section('One-time codes for other officers', { 'data-testid': 'one-time-codes' },
      h('p', null, 'Give each person their code in person or by phone, not by email. They use it once to choose their own passphrase.'),
      table({
        caption: 'One-time codes', headers: ['Person', 'One-time code'],
        rows: recovery.codes.map((c) => ({ attrs: { 'data-testid': `code-${c.person_id}` }, cells: [c.name, h('span', { class: 'path' }, c.code)] })),
      })) : null,
    sheetForm, sheetResult, confirmForm);
}

// ---------- signing in ----------

/** "Sign in": one button per person who may sign in; choosing one asks for their passphrase. */
export function renderSignIn(container, app, options) {
  const list = h('ul', { class: 'person-list', 'data-testid': 'people-list' },
    options.people.map((person) => h('li', null,
      button([h('span', { class: 'person-name' }, person.label)], {
        kind: 'person',
        testid: `person-${person.slot_id}`,
        attrs: { 'data-person-name': person.label },
        onClick: () => renderPassphrase(container, app, person),
      }))));
  replace(container,
    pageHeading('Sign in to Forum Desk'),
    h('p', { class: 'lead' }, 'Choose your name.'),
    options.people.length ? list : empty('Nobody can sign in to this forum.'),
    notice('info', 'Not on the list?', h('p', null,
      'Ask your forum’s chair or treasurer to let you sign in on this laptop.')));
}

function renderPassphrase(container, app, person) {
  const isCode = person.one_time;
  const form = h('form', { class: 'form card', 'data-testid': 'sign-in-form' },
    person.wait_seconds > 0 ? notice('warning', 'Please wait', h('p', null,
      `After several wrong tries, Forum Desk waits ${person.wait_seconds} seconds before the next one.`)) : null,
    field({
      label: isCode ? 'Your one-time code' : 'Your passphrase', name: 'passphrase', type: 'password', required: true, wide: true,
      testid: 'passphrase', autocomplete: isCode ? 'one-time-code' : 'current-password',
      hint: isCode ? 'The code an officer gave you. You will choose your own passphrase next.' : null,
    }),
    actions(
      button('Sign in', { type: 'submit', testid: 'sign-in' }),
      button('Not you? Choose another name', { kind: 'link', testid: 'choose-another', onClick: () => renderStart(container, app) })));
  bindSubmit(form, async (values) => {
    try {
      const session = await api.signIn(person.slot_id, values.passphrase);
      app.signedIn(session);
    } catch (err) {
      form.elements.passphrase.value = '';
      throw besideField(err, 'passphrase');
    }
  });
  replace(container,
    pageHeading(`Sign in as ${person.label}`),
    form,
    isCode ? null : section('Forgotten your passphrase?', { 'data-testid': 'forgotten-section' },
      h('p', null, 'Another officer can give you a one-time code from Settings → Sign-ins. '
        + 'Or, if you have the forum’s recovery key, choose a new passphrase with it.'),
      actions(button('Use the recovery key', { testid: 'use-recovery-key', onClick: () => renderRecoveryReset(container, app, person) }))));
  qs('input[name="passphrase"]', form).focus();
}

function renderRecoveryReset(container, app, person) {
  const pass = newPassphraseFields({ label: 'Choose a new passphrase', aboutYou: () => [person.label] });
  const form = h('form', { class: 'form card', 'data-testid': 'recovery-reset-form' },
    field({
      label: 'Recovery key', name: 'recovery_key', required: true, wide: true, testid: 'recovery-key-input', autocomplete: 'off',
      hint: 'From the recovery sheet: groups of letters and numbers. Spaces and dashes do not matter.',
    }),
    pass.nodes,
    actions(
      button('Set my new passphrase', { type: 'submit', testid: 'recovery-reset' }),
      button('Back', { kind: 'link', onClick: () => renderPassphrase(container, app, person) })));
  bindSubmit(form, async (values) => {
    const passphrase = pass.read(values);
    try {
      app.signedIn(await api.resetWithRecovery(person.slot_id, values.recovery_key, passphrase));
    } catch (err) {
      throw besideField(err, 'recovery_key');
    }
  });
  replace(container, pageHeading(`A new passphrase for ${person.label}`),
    h('p', null, 'Everything you sign in to stays as it was; only your passphrase changes. The change is recorded in the forum’s activity.'),
    form);
}

/** Signed in with a one-time code: choose your own passphrase before anything else. */
export function renderChoosePassphrase(container, app, session) {
  const pass = newPassphraseFields({ label: 'Choose your own passphrase', aboutYou: () => [session.person.name] });
  const form = h('form', { class: 'form card', 'data-testid': 'choose-passphrase-form' },
    pass.nodes,
    actions(button('Save my passphrase', { type: 'submit', testid: 'choose-passphrase' })));
  bindSubmit(form, async (values) => {
    const passphrase = pass.read(values);
    app.signedIn(await api.choosePassphrase(passphrase));
  });
  replace(container,
    pageHeading('Choose your own passphrase'),
    h('p', { class: 'lead' }, `Welcome, ${session.person.name}. Your one-time code has done its job: now choose a passphrase only you know.`),
    form);
}
