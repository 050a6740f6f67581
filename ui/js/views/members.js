// Members: search, add and change members, contact consent, children (only with recorded
// consent), reach details and the reach panel (views/reach.js), CSV import and export,
// subject access export and erasure.

import * as api from '../api.js';
import { h, replace, qs } from '../lib/dom.js';
import { bindSubmit, showError, announce, attempt } from '../lib/forms.js';
import { formDialog, confirmDialog } from '../lib/dialog.js';
import { readAsBase64 } from '../lib/files.js';
import * as reach from './reach.js';
import { formatDate, formatStatus } from '../lib/format.js';
import {
  pageHeading, field, checkbox, fieldset, button, actions, table, empty, notice, section, navLink, loading, facts,
  pageCount, pager,
} from '../lib/ui.js';

const STATUSES = [
  { value: 'active', label: 'Active' },
  { value: 'lapsed', label: 'Lapsed' },
  { value: 'left', label: 'Left' },
];

export const AGE_BANDS = [
  { value: '', label: 'Not known' },
  { value: '0-4', label: '0 to 4 years' },
  { value: '5-10', label: '5 to 10 years' },
  { value: '11-15', label: '11 to 15 years' },
  { value: '16-18', label: '16 to 18 years' },
  { value: '19-25', label: '19 to 25 years' },
];

const search = { text: '', status: '' };

export async function render(container, app) {
  const part = app.route.parts[0];
  if (part === 'new') return renderMember(container, app, null);
  if (part && Number(part)) return renderMember(container, app, Number(part));
  return renderList(container, app);
}

/** How many members the list shows at a time. */
const PAGE_SIZE = 25;

// ---------- the list ----------

async function renderList(container, app) {
  const results = h('div', { 'data-testid': 'member-results' });
  const form = h('form', { class: 'form picker', role: 'search', 'data-testid': 'member-search' },
    h('div', { class: 'field-row' },
      field({
        label: 'Search', name: 'text', type: 'search', value: search.text, testid: 'member-search-text',
        hint: 'Name, email, phone or postcode.',
      }),
      field({
        label: 'Status', name: 'status', type: 'select', value: search.status, testid: 'member-status-filter',
        options: [{ value: '', label: 'Every status' }, ...STATUSES],
      })),
    actions(button('Search', { type: 'submit', kind: 'secondary', testid: 'search-members' })));

  // A page at a time, so 10,000 members draw as quickly as 25.
  const load = async (offset = 0) => {
    const page = await api.membersPage({ text: search.text.trim(), status: search.status, reps_only: false }, offset, PAGE_SIZE);
    const list = page.members;
    const more = (next) => attempt(async () => { await load(next); focusCount(); });
    replace(results,
      pageCount(page, list.length, ['member', 'members'], 'member-count'),
      list.length ? table({
        caption: 'Members',
        headers: ['Name', 'Known as', 'Email', 'Phone', 'Postcode', 'Status', 'Representative'],
        rows: list.map((m) => ({
          attrs: { 'data-testid': `member-row-${m.id}` },
          cells: [
            m.erased ? h('span', { class: 'muted' }, 'Erased member')
              : h('a', { href: `#members/${m.id}`, 'data-testid': `member-link-${m.id}` }, m.name),
            m.known_as, m.email, m.phone, m.postcode, formatStatus(m.status), m.is_rep ? 'Yes' : 'No',
          ],
        })),
      }) : empty('No members match your search.'),
      pager(page, list.length, PAGE_SIZE, { label: 'Pages of members', testid: 'members', go: more }));
  };
  // After moving to another page, the count ("Showing 101 to 200 of …") is read out first.
  const focusCount = () => { const c = qs('[data-testid="member-count"]', results); if (c) c.focus(); };
  bindSubmit(form, async (values) => {
    search.text = values.text;
    search.status = values.status;
    await load();
  });
  let timer = null;
  form.elements.text.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => { search.text = form.elements.text.value; attempt(load, form); }, 300);
  });
  form.elements.status.addEventListener('change', () => { search.status = form.elements.status.value; attempt(load, form); });

  const exportResult = h('div', { 'aria-live': 'polite' });
  const listed = load();
  replace(container,
    pageHeading('Members'),
    actions(
      navLink('Add a member', '#members/new', { kind: 'primary', testid: 'add-member' }),
      button('Export members as CSV', {
        testid: 'export-members',
        onClick: () => attempt(async () => {
          const saved = await api.membersExportCsv();
          replace(exportResult, notice('success', 'Members exported', h('p', null, 'Saved to ',
            h('span', { class: 'path', 'data-testid': 'export-path' }, saved.path))));
          announce(`Saved to ${saved.path}`);
        }),
      })),
    exportResult,
    form,
    results,
    reach.summaryPanel(app, listed),
    importSection(app, load));
  await listed;
}

function importSection(app, reloadList) {
  // The file's bytes as base64: the core decodes them, whatever Excel saved them as.
  let fileData = '';
  const preview = h('div', { 'data-testid': 'import-preview' });
  const form = h('form', { class: 'form', 'data-testid': 'import-form' },
    field({
      label: 'Choose a CSV file', name: 'csv_file', type: 'file', testid: 'import-file',
      hint: 'Save your spreadsheet as “CSV” (or as “Unicode text”). The first row must hold the column headings, such as name, email, phone and postcode. Nothing is saved until you press “Import”.',
      attrs: { accept: '.csv,.txt,text/csv,text/plain' },
    }));
  const fileInput = form.elements.csv_file;
  fileInput.addEventListener('change', () => attempt(async () => {
    const file = fileInput.files && fileInput.files[0];
    replace(preview);
    if (!file) return;
    replace(preview, loading('Checking the file…'));
    fileData = await readAsBase64(file);
    const result = await api.membersImportPreview(fileData);
    showPreview(result);
  }, form));

  function showPreview(result) {
    const count = result.adds + result.updates;
    const commit = button(`Import ${count} ${count === 1 ? 'member' : 'members'}`, {
      kind: 'primary', testid: 'import-commit', disabled: result.errors > 0 || result.adds + result.updates === 0,
      describedBy: result.errors > 0 ? 'import-blocked' : null,
      onClick: () => attempt(async () => {
        const done = await api.membersImportCommit(fileData);
        fileData = '';
        fileInput.value = '';
        const left = done.skipped ? ` ${done.skipped} possible ${done.skipped === 1 ? 'duplicate was' : 'duplicates were'} left out.` : '';
        replace(preview, notice('success', 'Import finished', h('p', { 'data-testid': 'import-result' },
          `Added ${done.added} and updated ${done.updated} ${done.added + done.updated === 1 ? 'member' : 'members'}.${left}`)));
        announce(`Added ${done.added} and updated ${done.updated} members.${left}`);
        await reloadList();
      }),
    });
    const words = { add: 'Add', update: 'Update', duplicate: 'Possible duplicate: not added', error: 'Problem' };
    const dupes = result.duplicates || 0;
    replace(preview,
      h('p', { 'data-testid': 'import-read-as' },
        `Read as ${result.encoding}, with ${result.delimiter} between the columns. Check the names below look right (accents included) before you import.`),
      h('p', { 'data-testid': 'import-summary' },
        `${result.adds} to add, ${result.updates} to update, ${dupes} possible ${dupes === 1 ? 'duplicate' : 'duplicates'}, ${result.errors} with problems.`),
      dupes > 0 ? notice('warning', 'Possible duplicates', h('p', null,
        'Rows with no email that have the same name and postcode as someone already on the list will not be added. '
        + 'If one of them really is a different person, add them by hand.')) : null,
      result.errors > 0 ? h('p', { class: 'field-error', id: 'import-blocked' },
        'Please fix the rows with problems in your spreadsheet, save it as CSV again and choose it again. Nothing has been imported.') : null,
      table({
        caption: 'What the import would do',
        headers: ['Line', 'Name', 'Email', 'Postcode', 'What will happen', 'Notes and problems'],
        rows: result.rows.map((r) => ({
          attrs: { 'data-action': r.action, 'data-testid': `import-row-${r.line}` },
          cells: [String(r.line), h('span', { 'data-testid': 'import-name' }, r.name), r.email, r.postcode || '', words[r.action] || r.action,
            r.errors.length ? h('ul', { class: 'line-warnings' }, r.errors.map((e) => h('li', null, e))) : (r.note || '')],
        })),
      }),
      actions(commit));
  }
  return section('Import members from a spreadsheet', { 'data-testid': 'import-section' }, form, preview);
}

// ---------- one member ----------

async function renderMember(container, app, id) {
  const member = id ? await api.memberGet(id) : null;
  draw(container, app, member);
}

/**
 * What the status means for the reach figures: a member counts as active until the day
 * their status moves away from active (the core records that day).
 */
function statusHint(m) {
  if (!m.status || m.status === 'active') return 'Changing it from active records today as the day they stopped, for the reach figures.';
  return m.left_on
    ? `Not active since ${formatDate(m.left_on)}.`
    : 'Forum Desk does not know when they stopped, so the reach figures do not count them in any month.';
}

function draw(container, app, member) {
  const isNew = !member;
  if (member && member.erased_on) {
    replace(container,
      h('p', { class: 'back' }, h('a', { href: '#members' }, 'Back to members')),
      pageHeading('Erased member'),
      notice('info', 'This member has been erased', h('p', null,
        `Their personal details were erased on ${formatDate(member.erased_on)}. Claims and meetings now show the reference ${member.anon_ref}.`)));
    return;
  }
  const m = member || { status: 'active', consent_email: false, consent_phone: false, consent_post: false };
  const form = h('form', { class: 'form', 'data-testid': 'member-form' },
    field({ label: 'Full name', name: 'name', value: m.name, required: true, testid: 'member-name', autocomplete: 'off' }),
    field({ label: 'Known as', name: 'known_as', value: m.known_as, optional: true, hint: 'The name they like to be called.', testid: 'member-known-as' }),
    h('div', { class: 'field-row' },
      field({ label: 'Email', name: 'email', type: 'email', value: m.email, optional: true, testid: 'member-email' }),
      field({ label: 'Phone', name: 'phone', type: 'tel', value: m.phone, optional: true })),
    h('div', { class: 'field-row' },
      field({ label: 'Postcode', name: 'postcode', value: m.postcode, optional: true, short: true }),
      field({ label: 'Joined on', name: 'joined_on', type: 'uk-date', value: m.joined_on || '', optional: true, testid: 'member-joined-on' }),
      field({ label: 'Status', name: 'status', type: 'select', value: m.status || 'active', options: STATUSES, id: 'member-status', testid: 'member-status', hint: statusHint(m) })),
    fieldset('How they are happy to be contacted', { 'data-field': 'consent' },
      checkbox({ label: 'By email', name: 'consent_email', checked: m.consent_email, testid: 'consent-email' }),
      checkbox({ label: 'By phone', name: 'consent_phone', checked: m.consent_phone, testid: 'consent-phone' }),
      checkbox({ label: 'By post', name: 'consent_post', checked: m.consent_post, testid: 'consent-post' })),
    actions(button(isNew ? 'Add member' : 'Save changes', { type: 'submit', testid: 'save-member' })));

  bindSubmit(form, async (values) => {
    const saved = await api.memberSave({
      id: member ? member.id : null,
      name: values.name.trim(),
      known_as: values.known_as.trim(),
      email: values.email.trim(),
      phone: values.phone.trim(),
      postcode: values.postcode.trim(),
      joined_on: values.joined_on,
      status: values.status,
      consent_email: values.consent_email,
      consent_phone: values.consent_phone,
      consent_post: values.consent_post,
    });
    if (isNew) {
      announce(`${saved.name} has been added.`);
      app.go(`#members/${saved.id}`);
    } else {
      draw(container, app, saved);
      announce('Changes saved.');
      qs('h1', container).focus();
    }
  }, { checkedByCore: true });

  replace(container,
    h('p', { class: 'back' }, h('a', { href: '#members', 'data-testid': 'back-to-members' }, 'Back to members')),
    pageHeading(isNew ? 'Add a member' : m.name, { 'data-testid': 'member-heading', 'data-member-id': member ? member.id : null }),
    member ? facts([
      ['Representative', member.is_rep ? 'Yes' : ''],
    ]) : null,
    form,
    member && member.is_rep ? h('p', null, h('a', { href: `#reps/${member.id}` }, 'See their representative details')) : null,
    member && !member.is_rep ? h('p', null, h('a', { href: `#reps/new/${member.id}`, 'data-testid': 'make-rep' }, 'Make this member a representative')) : null,
    member ? childrenSection(container, app, member) : null,
    member ? reach.memberSection(app, member) : null,
    member ? rightsSection(container, app, member) : null);
}

function childrenSection(container, app, member) {
  const explain = h('p', null,
    'Information about a member’s children – such as their age and their needs – is “special category” data. '
    + 'You may only keep it if the member has agreed. They can change their mind at any time: '
    + 'if they withdraw consent, the children’s records are deleted.');
  if (!member.children_consent_on) {
    return section('Children', { 'data-testid': 'children-section' },
      explain,
      actions(button('Record consent to keep information about this member’s children', {
        testid: 'children-consent',
        onClick: () => attempt(async () => {
          const updated = await api.memberSetChildrenConsent(member.id, true);
          draw(container, app, updated);
          announce('Consent recorded. You can now add their children.');
          qs('[data-testid="children-section"] h2', container)?.setAttribute('tabindex', '-1');
          qs('[data-testid="children-section"] h2', container)?.focus();
        }),
      })));
  }
  let editing = null;
  const list = member.children.length ? table({
    caption: 'Children',
    headers: ['Name or initials', 'Age', 'Needs', 'Actions'],
    rows: member.children.map((c) => ({
      attrs: { 'data-testid': `child-${c.id}` },
      cells: [c.name, (AGE_BANDS.find((b) => b.value === c.age_band) || { label: c.age_band }).label, c.needs,
        h('div', { class: 'row-actions' },
          button('Change', { small: true, testid: `edit-child-${c.id}`, ariaLabel: `Change ${c.name}`, onClick: () => fill(c) }),
          button('Delete', {
            small: true, kind: 'danger', testid: `delete-child-${c.id}`, ariaLabel: `Delete ${c.name}`,
            onClick: async () => {
              if (!await confirmDialog({ title: `Delete ${c.name}?`, message: 'This child’s record will be deleted.', confirmLabel: 'Delete', danger: true })) return;
              await attempt(async () => {
                const updated = await api.childDelete(c.id);
                draw(container, app, updated);
                announce('Child’s record deleted.');
              });
            },
          }))],
    })),
  }) : h('p', { class: 'empty' }, 'No children recorded yet.');

  const form = h('form', { class: 'form', 'data-testid': 'child-form' },
    h('h3', { class: 'form-heading', tabindex: '-1' }, 'Add a child'),
    h('div', { class: 'field-row' },
      field({ label: 'First name or initials', name: 'name', required: true, testid: 'child-name' }),
      field({ label: 'Age', name: 'age_band', type: 'select', options: AGE_BANDS, testid: 'child-age-band' })),
    field({ label: 'Needs', name: 'needs', type: 'textarea', optional: true, wide: true, testid: 'child-needs', hint: 'Only what the forum needs to know.' }),
    actions(button('Save child', { type: 'submit', testid: 'save-child' }),
      button('Cancel', { testid: 'cancel-child', attrs: { hidden: true }, onClick: () => reset() })));
  const cancel = qs('[data-testid="cancel-child"]', form);

  function fill(c) {
    editing = c;
    form.elements.name.value = c.name;
    form.elements.age_band.value = c.age_band;
    form.elements.needs.value = c.needs;
    qs('h3', form).textContent = `Change ${c.name}`;
    cancel.hidden = false;
    qs('h3', form).focus();
  }
  function reset() {
    editing = null;
    form.reset();
    qs('h3', form).textContent = 'Add a child';
    cancel.hidden = true;
  }
  bindSubmit(form, async (values) => {
    const updated = await api.childSave({
      id: editing ? editing.id : null, member_id: member.id, name: values.name.trim(), age_band: values.age_band, needs: values.needs.trim(),
    });
    draw(container, app, updated);
    announce('Child saved.');
    qs('[data-testid="child-form"] h3', container)?.focus();
  });

  return section('Children', { 'data-testid': 'children-section' },
    h('p', { 'data-testid': 'children-consent-given' },
      `Consent recorded on ${formatDate(member.children_consent_on)}${member.children_consent_by ? ` by ${member.children_consent_by}` : ''}.`),
    explain,
    list,
    form,
    actions(button('Withdraw consent and delete the children’s records', {
      kind: 'danger', testid: 'withdraw-children-consent',
      onClick: async () => {
        const ok = await confirmDialog({
          title: 'Withdraw consent?',
          message: `All information about ${member.name}’s children will be deleted. This cannot be undone.`,
          confirmLabel: 'Withdraw consent and delete', danger: true, testid: 'confirm-withdraw',
        });
        if (!ok) return;
        await attempt(async () => {
          const updated = await api.memberSetChildrenConsent(member.id, false);
          draw(container, app, updated);
          announce('Consent withdrawn. The children’s records have been deleted.');
        });
      },
    })));
}

function rightsSection(container, app, member) {
  const result = h('div', { 'aria-live': 'polite' });
  return section('Their data', { 'data-testid': 'rights-section' },
    h('p', null, 'Members can ask for a copy of everything the forum holds about them (a “subject access request”), '
      + 'or ask for it to be erased.'),
    actions(
      button('Download their data (subject access)', {
        testid: 'export-member-json',
        onClick: () => attempt(async () => {
          const saved = await api.memberExportJson(member.id);
          replace(result, notice('success', 'Their data has been saved', h('p', null, 'Saved to ',
            h('span', { class: 'path', 'data-testid': 'export-path' }, saved.path))));
          announce(`Saved to ${saved.path}`);
        }),
      }),
      button('Erase this member', {
        kind: 'danger', testid: 'erase-member',
        onClick: async () => {
          const erased = await formDialog({
            title: `Erase ${member.name}?`,
            intro: [
              'Their name, contact details and children’s records will be removed for good. '
                + 'Claims and meeting records stay, under an anonymous reference. This cannot be undone.',
            ],
            fields: [field({ label: 'To confirm, type their full name', name: 'confirm_name', required: true, testid: 'confirm-name', hint: member.name })],
            submitLabel: 'Erase this member',
            submitKind: 'danger',
            testid: 'confirm-erase',
            onSubmit: async (values) => {
              if (values.confirm_name.trim() !== member.name.trim()) {
                throw { code: 'invalid', field: 'confirm_name', message: `Please type their name exactly as shown: ${member.name}` };
              }
              return api.memberErase(member.id, values.confirm_name.trim());
            },
          });
          if (erased && erased !== true) {
            draw(container, app, erased);
            announce('The member has been erased.');
            qs('h1', container).focus();
          }
        },
      })),
    result);
}
