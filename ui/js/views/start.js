// The first screens: data that cannot be opened, first-run set-up, and
// "Who is using Forum Desk?".

import * as api from '../api.js';
import { h, replace } from '../lib/dom.js';
import { bindSubmit, showError } from '../lib/forms.js';
import { formatRoles } from '../lib/format.js';
import { pageHeading, field, button, notice, empty, loading } from '../lib/ui.js';

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

/** First run: name the forum and yourself (you become the chair). */
export function renderSetup(container, app) {
  const form = h('form', { class: 'form card', 'data-testid': 'setup-form' },
    field({ label: 'Forum name', name: 'forum_name', required: true, hint: 'For example: Anytown Parent Carer Forum', autocomplete: 'organization' }),
    field({ label: 'Your name', name: 'your_name', required: true, autocomplete: 'name' }),
    field({ label: 'Your email', name: 'your_email', type: 'email', optional: true, autocomplete: 'email' }),
    h('div', { class: 'actions' }, button('Set up Forum Desk', { type: 'submit', testid: 'setup-forum' })));

  bindSubmit(form, async (values) => {
    const person = await api.setupForum({
      forum_name: values.forum_name.trim(),
      your_name: values.your_name.trim(),
      your_email: values.your_email.trim(),
    });
    app.info.setup_needed = false;
    app.setForumName(values.forum_name.trim());
    app.setPerson(person);
  });

  replace(container,
    pageHeading('Set up your forum'),
    h('p', { class: 'lead' }, 'Welcome. Forum Desk keeps your forum’s members, meetings and expense claims on this laptop. '
      + 'Nothing is sent over the internet.'),
    h('p', null, 'Tell us your forum’s name and your own name. You will be set up as the forum’s chair; '
      + 'you can add the treasurer and representatives afterwards.'),
    form);
}

/** "Who is using Forum Desk?": one button per person who may use the app. */
export async function renderPicker(container, app) {
  replace(container, pageHeading('Who is using Forum Desk?'), loading());
  let people;
  try {
    people = await api.peopleList();
  } catch (err) {
    replace(container, pageHeading('Who is using Forum Desk?'));
    showError(err, null);
    return;
  }
  const list = h('ul', { class: 'person-list', 'data-testid': 'people-list' },
    people.map((person) => h('li', null,
      button([
        h('span', { class: 'person-name' }, person.name),
        h('span', { class: 'person-roles' }, formatRoles(person.roles)),
      ], {
        kind: 'person',
        testid: `person-${person.id}`,
        attrs: { 'data-person-name': person.name },
        onClick: async (event) => {
          const btn = event.currentTarget;
          btn.disabled = true;
          try {
            const chosen = await api.sessionSet(person.id);
            app.setPerson(chosen || person);
          } catch (err) {
            btn.disabled = false;
            showError(err, null);
          }
        },
      }))));
  replace(container,
    pageHeading('Who is using Forum Desk?'),
    h('p', { class: 'lead' }, 'Choose your name. Forum Desk records who made each change.'),
    people.length ? list : empty('Nobody is set up to use Forum Desk yet.'),
    notice('info', 'Not on the list?', h('p', null,
      'Ask your forum’s chair or treasurer to add you as a representative in Forum Desk.')));
}
