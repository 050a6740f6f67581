// Reps on their own computers, with nothing but signed files between them and the forum.
// On the forum laptop (officers): import claim files, send updates to reps' computers, the
// list of reps' computers, and inviting a rep. On a rep's own computer: "Send to the forum",
// the forum's view of each claim, this computer's fingerprint, and receiving files.

import * as api from '../api.js';
import { h, replace } from '../lib/dom.js';
import { bindSubmit, announce, attempt } from '../lib/forms.js';
import { confirmDialog, formDialog, showDialog } from '../lib/dialog.js';
import { readAsBase64 } from '../lib/files.js';
import { formatDate, formatDateTime, formatMonth, formatPence } from '../lib/format.js';
import {
  pageHeading, field, button, actions, table, empty, section, notice, facts,
} from '../lib/ui.js';

const OUTCOME_WORDS = {
  imported: 'Imported', returned: 'Returned to the rep', enrolled: 'Computer enrolled', applied: 'Update applied',
  already: 'Already read', refused: 'Refused',
};

/** One line per file read: what happened and why, in plain words. */
export function outcomesList(outcomes, testid = 'exchange-outcomes') {
  if (!outcomes.length) return h('p', { 'data-testid': testid, 'data-count': '0' }, 'There were no files to read.');
  return h('ul', { class: 'plain', 'data-testid': testid, 'data-count': String(outcomes.length) },
    outcomes.map((o) => h('li', { 'data-outcome': o.outcome },
      h('strong', null, `${OUTCOME_WORDS[o.outcome] || o.outcome}: `),
      h('span', { class: 'path' }, o.file), ` – ${o.message}`)));
}

/** Files written by "Send": one per line. */
function sentList(sent) {
  if (!sent.files.length) return h('p', { 'data-testid': 'exchange-sent', 'data-count': '0' }, 'There was nothing new to send.');
  return h('div', { 'data-testid': 'exchange-sent', 'data-count': String(sent.files.length) },
    h('p', null, sent.files.length === 1 ? 'Saved 1 file:' : `Saved ${sent.files.length} files:`),
    h('ul', { class: 'plain' }, sent.files.map((f) => h('li', { class: 'path' }, f))));
}

/** Reads every chosen or dropped file, one at a time, and says what happened to each. */
async function receiveFiles(files) {
  const out = [];
  for (const file of files) {
    out.push(await api.exchangeReceive(file.name, await readAsBase64(file)));
  }
  return out;
}

/** When the window opens: check the exchange folders and say what arrived (nothing if none). */
export async function checkOnOpen(app) {
  if (!app.repComputer && !app.canApprove()) return;
  let outcomes;
  try { outcomes = await api.exchangeCheckFolders(); } catch (_) { return; }
  if (!outcomes.length) return;
  const alerts = document.getElementById('page-alerts');
  alerts.appendChild(h('div', { class: 'notice notice-info', 'data-testid': 'exchange-arrived' },
    h('p', { class: 'notice-title' }, h('strong', null, 'Files from the exchange folder')),
    outcomesList(outcomes, 'exchange-arrived-list')));
}

/** A receive area: a file picker (several at once), a drop zone, and "Check exchange folders". */
// What the last read said, kept across the redraw that follows it (which shows what changed).
let lastRead = null;

function receiveSection(title, intro, app, onDone) {
  const result = h('div', { 'aria-live': 'polite', 'data-testid': 'exchange-result' });
  if (lastRead) replace(result, outcomesList(lastRead));
  lastRead = null;
  const show = async (outcomes) => {
    replace(result, outcomesList(outcomes));
    announce(`${outcomes.length} ${outcomes.length === 1 ? 'file' : 'files'} read.`);
    if (onDone) {
      lastRead = outcomes;
      await onDone();
    }
  };
  const form = h('form', { class: 'form', 'data-testid': 'exchange-receive-form' },
    field({
      label: app.repComputer ? 'Choose files from the forum' : 'Choose claim files', name: 'files', type: 'file',
      testid: 'exchange-files', attrs: { multiple: true, accept: '.pdf,application/pdf' },
      hint: 'You can choose several at once, or drag them onto this box.',
    }),
    actions(
      button('Read the chosen files', { type: 'submit', testid: 'exchange-receive' }),
      button(app.repComputer ? 'Check for files' : 'Check exchange folders', {
        testid: 'exchange-check',
        onClick: () => attempt(async () => show(await api.exchangeCheckFolders()), form),
      })));
  bindSubmit(form, async () => {
    const files = Array.from(form.elements.files.files || []);
    if (!files.length) throw { code: 'invalid', field: 'files', message: 'Choose at least one file to read.' };
    show(await receiveFiles(files));
    form.elements.files.value = '';
  });
  const zone = h('div', { class: 'drop-zone', 'data-testid': 'exchange-drop' }, form, result);
  zone.addEventListener('dragover', (event) => { event.preventDefault(); zone.classList.add('drop-over'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('drop-over'));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('drop-over');
    const files = Array.from((event.dataTransfer && event.dataTransfer.files) || []);
    if (files.length) attempt(async () => show(await receiveFiles(files)), form);
  });
  return section(title, { id: 'receive', 'data-testid': 'exchange-receive-section' }, h('p', null, intro), zone);
}

/** "Send": into the exchange folders, or a folder typed in. */
function sendSection(title, intro, buttonLabel, defaultFolder) {
  const result = h('div', { 'aria-live': 'polite', 'data-testid': 'exchange-send-result' });
  const form = h('form', { class: 'form', 'data-testid': 'exchange-send-form' },
    field({
      label: 'Save in folder', name: 'folder', wide: true, testid: 'exchange-send-folder', value: defaultFolder || '',
      hint: 'The full path of a folder, for example a USB stick. Leave it empty to use the exchange folder.',
    }),
    actions(button(buttonLabel, { type: 'submit', testid: 'exchange-send' })));
  bindSubmit(form, async (values) => {
    const sent = await api.exchangeSend(values.folder.trim() || null);
    replace(result, sentList(sent));
    announce(sent.files.length ? `${sent.files.length} ${sent.files.length === 1 ? 'file' : 'files'} saved.` : 'There was nothing new to send.');
  });
  return section(title, { id: 'send', 'data-testid': 'exchange-send-section' }, h('p', null, intro), form, result);
}

export async function render(container, app) {
  if (app.repComputer) return renderRep(container, app);
  return renderForum(container, app);
}

// ---------- the forum laptop ----------

async function renderForum(container, app) {
  if (!app.canApprove()) {
    replace(container, pageHeading('Reps’ computers'),
      notice('info', null, h('p', null, 'Only the chair or treasurer can import claim files and send updates to reps’ computers.')));
    return;
  }
  const computers = await api.repComputers();
  replace(container,
    pageHeading('Reps’ computers'),
    h('p', { class: 'lead' }, 'Representatives can use Forum Desk on their own computers and send their claims here as signed files, '
      + 'by email, on a USB stick or through a shared folder. Invite a rep from ',
    h('a', { href: '#reps' }, 'Representatives'), '.'),
    receiveSection('Import claim files',
      'Each file is checked before anything changes: the rep’s signature, that it is for this forum, and every line against the forum’s rules.',
      app, () => app.refresh()),
    sendSection('Send updates to reps’ computers',
      'Writes a signed update for each rep’s computer: their claims’ status, meetings and payment policies. Into each rep’s exchange folder, '
      + 'or the folder you give (then send the files by email or on a USB stick).', 'Send updates', ''),
    computersSection(computers, app));
}

function computersSection(computers, app) {
  const words = { current: 'Current', replaced: 'Replaced by a newer computer', removed: 'Removed' };
  return section('Computers reps have joined from', { id: 'computers', 'data-testid': 'rep-computers' },
    computers.length ? table({
      caption: 'Reps’ computers',
      headers: ['Rep', 'Fingerprint', 'Joined', 'State', ''],
      rows: computers.map((c) => ({
        attrs: { 'data-testid': `rep-computer-${c.id}`, 'data-state': c.state },
        cells: [
          c.rep_name, h('span', { class: 'path' }, c.fingerprint), formatDateTime(c.enrolled_at), words[c.state] || c.state,
          c.state === 'current' ? button('Remove', {
            small: true, kind: 'danger', testid: `remove-computer-${c.id}`, ariaLabel: `Remove ${c.rep_name}’s computer`,
            onClick: async () => {
              const ok = await confirmDialog({
                title: `Remove ${c.rep_name}’s computer?`,
                message: [`Files from this computer (fingerprint ${c.fingerprint}) will be refused from now on. `
                  + `${c.rep_name} will need a new invitation to use Forum Desk on their own computer again.`],
                confirmLabel: 'Remove the computer', danger: true, testid: 'confirm-remove-computer',
              });
              if (!ok) return;
              await attempt(async () => {
                await api.repComputerRemove(c.id);
                announce(`${c.rep_name}’s computer was removed.`);
                await app.refresh();
              }, null);
            },
          }) : '',
        ],
      })),
    }) : empty('No rep has joined from their own computer yet.'));
}

/**
 * "Invite to their own computer": where to save the invitation, then the
 * code shown once.
 */
export async function inviteRep(rep) {
  let folder = '';
  try { folder = await api.exportsFolder(); } catch (_) { /* they type the whole path */ }
  const invitation = await formDialog({
    title: `Invite ${rep.name} to use Forum Desk on their own computer`,
    intro: ['Forum Desk saves an invitation file for you to send them by email or on a USB stick. '
      + 'Their draft and returned claims go with it, and are then edited only on their computer.'],
    fields: field({
      label: 'Save the invitation as', name: 'file', required: true, wide: true, testid: 'invite-file',
      value: folder ? `${folder}/Forum Desk invitation for ${rep.name}.fdinvite` : '',
      hint: 'The full path of the file to save.',
    }),
    submitLabel: 'Save the invitation',
    testid: 'invite-save',
    onSubmit: (values) => api.repInvite(rep.member_id, values.file.trim()),
  });
  if (!invitation) return null;
  showInvitation(invitation);
  return invitation;
}

/** The code, once, in large groups, with how to pass it on. */
function showInvitation(inv) {
  showDialog({
    title: `Invitation for ${inv.rep_name} saved`,
    body: [
      h('p', null, 'Saved to ', h('span', { class: 'path', 'data-testid': 'invite-path' }, inv.path), '.'),
      h('p', null, h('strong', null, 'Tell them this code by phone or text, not in the email with the file:')),
      h('p', { class: 'recovery-key invite-code', 'data-testid': 'invite-code' }, inv.code),
      h('p', null, 'It is shown only now. Without it the file is useless to anyone else.'),
      facts([
        ['The invitation expires', inv.expires],
        ['Claims handed over to their computer', String(inv.claims_handed_over)],
      ]),
      h('p', null, 'When they have joined, they read you their computer’s fingerprint: check it matches the one under Reps’ computers.'),
    ],
  });
}

// ---------- settings (forum laptop): invitation days and each rep's exchange folder ----------

export async function settingsSection(app) {
  const [days, folders, reps] = await Promise.all([api.invitationDays(), api.exchangeFolders(), api.repsList()]);
  const daysForm = h('form', { class: 'form', 'data-testid': 'invitation-days-form' },
    field({
      label: 'Invitations expire after (days)', name: 'days', type: 'number', value: String(days), required: true,
      testid: 'invitation-days', attrs: { min: '1', inputmode: 'numeric' },
    }),
    actions(button('Save', { type: 'submit', kind: 'secondary', testid: 'invitation-days-save' })));
  bindSubmit(daysForm, async (values) => {
    const saved = await api.invitationDaysSave(values.days);
    announce(`Invitations now expire after ${saved} days.`);
  });
  const folderOf = (id) => (folders.find((f) => f.rep_id === id) || { path: '' }).path;
  const rows = reps.filter((r) => r.active !== false).map((r) => {
    const form = h('form', { class: 'form inline-form', 'data-testid': `exchange-folder-form-${r.member_id}` },
      field({
        label: `Exchange folder shared with ${r.name}`, name: 'path', wide: true, value: folderOf(r.member_id),
        testid: `exchange-folder-${r.member_id}`, hint: 'A folder both computers sync (OneDrive, Google Drive, Dropbox, Nextcloud). Empty: none.',
      }),
      actions(button('Save', { type: 'submit', kind: 'secondary', small: true, testid: `exchange-folder-save-${r.member_id}` })));
    bindSubmit(form, async (values) => {
      await api.exchangeFolderSet(r.member_id, values.path.trim());
      announce(values.path.trim() ? `Exchange folder for ${r.name} saved.` : `${r.name} has no exchange folder now.`);
    });
    return form;
  });
  return section('Reps on their own computers', { id: 'exchange', 'data-testid': 'exchange-settings' },
    daysForm,
    h('h3', null, 'Exchange folders'),
    h('p', null, 'One folder per rep, shared only between that rep and the forum, so reps never see each other’s receipts or journeys.'),
    rows.length ? rows : empty('There are no active representatives.'));
}

// ---------- a rep's own computer ----------

const FORUM_STATUS = {
  with_forum: 'With the forum', submitted: 'With the forum', approved: 'Approved', paid: 'Paid', returned: 'Returned to you',
  draft: 'Not sent yet',
};

function forumStatusCell(c) {
  if (c.status === 'paid') {
    return `Paid on ${formatDate(c.paid_on)}${c.reference ? `, reference ${c.reference}` : ''}`;
  }
  if (c.status === 'returned') return `Returned to you: ${c.reason || ''}`;
  return FORUM_STATUS[c.status] || c.status;
}

async function renderRep(container, app) {
  const [info, claims] = await Promise.all([api.repComputerInfo(), api.forumClaims()]);
  replace(container,
    pageHeading('Send to the forum'),
    h('p', { class: 'lead' }, `Forum Desk on this computer keeps your claims for ${info.forum_name}. `
      + 'When you submit a claim, it is signed and waits here until you send it to the forum.'),
    section('This computer', { id: 'this-computer', 'data-testid': 'rep-computer-info' },
      facts([
        ['Your name', info.rep_name],
        ['Forum', info.forum_name],
        ['This computer’s fingerprint', h('span', { class: 'path', 'data-testid': 'rep-fingerprint' }, info.fingerprint)],
        ['Joined the forum', info.enrolled ? 'Yes: the forum has enrolled this computer.' : 'Not yet: send a file to the forum to finish joining.'],
        ['Waiting to send', h('span', { 'data-testid': 'waiting-to-send' }, String(info.waiting_to_send))],
        ['Exchange folder', info.exchange_folder || 'None'],
      ])),
    sendSection('Send to the forum',
      'Saves your submitted claims as signed files. Choose a folder (then email the files or copy them to a USB stick), '
      + 'or leave it empty to drop them in your exchange folder.', 'Send to the forum', ''),
    receiveSection('Files from the forum',
      'The forum sends an update when your claims are approved, returned or paid.', app, () => app.refresh()),
    section('Your claims at the forum', { id: 'forum-claims', 'data-testid': 'forum-claims' },
      claims.length ? table({
        caption: 'Your claims at the forum',
        headers: ['Month', 'Funder', 'Total', 'Status'],
        numeric: [2],
        rows: claims.map((c) => ({
          attrs: { 'data-testid': `forum-claim-${c.funder_id}-${c.month}`, 'data-status': c.status },
          cells: [formatMonth(c.month), c.funder_name, formatPence(c.total_pence), forumStatusCell(c)],
        })),
      }) : empty('The forum has no claims from you yet.')),
    exchangeFolderSection(info, app));
}

function exchangeFolderSection(info, app) {
  const form = h('form', { class: 'form', 'data-testid': 'own-exchange-folder-form' },
    field({
      label: 'Exchange folder shared with the forum', name: 'path', wide: true, value: info.exchange_folder || '',
      testid: 'own-exchange-folder', hint: 'A folder this computer and the forum both sync. Leave it empty for none.',
    }),
    actions(button('Save', { type: 'submit', kind: 'secondary', testid: 'own-exchange-folder-save' })));
  bindSubmit(form, async (values) => {
    await api.exchangeFolderSet(null, values.path.trim());
    announce('Exchange folder saved.');
    await app.refresh();
  });
  return section('Exchange folder', { id: 'exchange-folder' }, form);
}

