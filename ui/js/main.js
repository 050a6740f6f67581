// The app shell: start-up, who is using the app, the left navigation, and which screen
// is showing. Screens are chosen by the address's #hash: #claims, #members/12, ...

import * as api from './api.js';
import { h, clear, qs, focusKey, restoreFocus, bind } from './lib/dom.js';
import { showError, clearOldAnnouncement } from './lib/forms.js';
import { formatRoles } from './lib/format.js';
import { loading } from './lib/ui.js';
import { setToday } from './lib/calendar.js';
import * as start from './views/start.js';
import * as claims from './views/claims.js';
import * as approvals from './views/approvals.js';
import * as members from './views/members.js';
import * as reps from './views/reps.js';
import * as groups from './views/groups.js';
import * as meetings from './views/meetings.js';
import * as settings from './views/settings.js';
import * as exportsView from './views/exports.js';
import * as activity from './views/activity.js';

const SCREENS = [
  { id: 'claims', label: 'Claims', view: claims },
  { id: 'approvals', label: 'Approvals', view: approvals, approversOnly: true },
  { id: 'members', label: 'Members', view: members },
  { id: 'reps', label: 'Representatives', view: reps },
  { id: 'groups', label: 'Groups', view: groups },
  { id: 'meetings', label: 'Meetings', view: meetings },
  { id: 'exports', label: 'Exports', view: exportsView },
  { id: 'settings', label: 'Settings', view: settings },
  { id: 'activity', label: 'Activity', view: activity },
];

/** What every screen is given: who is using the app, today's date, and ways to move about. */
const app = {
  info: null,
  person: null,
  forumName: '',
  route: { screen: 'claims', parts: [] },

  get today() {
    return (this.info && this.info.today) || new Date().toISOString().slice(0, 10);
  },

  canApprove() {
    return Boolean(this.person && this.person.roles.some((r) => r === 'chair' || r === 'treasurer'));
  },

  /** Goes to a screen, e.g. app.go('#members/3'). */
  go(hash) {
    if (location.hash === hash) renderScreen({ focusHeading: true });
    else location.hash = hash;
  },

  /** Draws the current screen again, keeping focus where it was if that element still exists. */
  refresh() {
    return renderScreen({ focusHeading: false });
  },

  setForumName(name) {
    this.forumName = name || '';
    qs('#forum-name').textContent = this.forumName;
  },

  /** Called when somebody has been picked (or has just set up the forum). */
  setPerson(person) {
    this.person = person;
    showShell();
    if (!parseHash().known) location.hash = '#claims';
    renderScreen({ focusHeading: true });
  },

  /** Back to "Who is using Forum Desk?". */
  switchPerson() {
    this.person = null;
    hideShell();
    renderStart(() => start.renderPicker(viewContainer(), app));
  },
};

function parseHash() {
  const raw = decodeURIComponent(location.hash.replace(/^#\/?/, ''));
  const [screen, ...parts] = raw.split('/').filter(Boolean);
  const known = SCREENS.some((s) => s.id === screen);
  return { screen: known ? screen : 'claims', parts, known };
}

function viewContainer() {
  const old = qs('#view');
  const fresh = h('div', { id: 'view' });
  old.replaceWith(fresh);
  clear(qs('#page-alerts'));
  return fresh;
}

function focusHeading() {
  const heading = qs('#view h1');
  if (heading) heading.focus();
  else qs('#main').focus();
}

async function renderStart(draw) {
  await draw();
  focusHeading();
}

function showShell() {
  qs('#who').hidden = false;
  qs('#app-nav').hidden = false;
  qs('#current-person').textContent = app.person.name;
  const roles = formatRoles(app.person.roles);
  qs('#current-roles').textContent = roles ? `(${roles})` : '';
  buildNav();
}

function hideShell() {
  qs('#who').hidden = true;
  qs('#app-nav').hidden = true;
}

function buildNav() {
  const list = qs('#nav-list');
  clear(list);
  for (const screen of SCREENS) {
    if (screen.approversOnly && !app.canApprove()) continue;
    list.appendChild(h('li', null,
      h('a', { href: `#${screen.id}`, 'data-nav': screen.id, 'data-testid': `nav-${screen.id}` }, screen.label)));
  }
  markCurrentNav();
}

function markCurrentNav() {
  for (const a of document.querySelectorAll('[data-nav]')) {
    if (a.dataset.nav === app.route.screen) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

let renderCount = 0;
async function renderScreen({ focusHeading: moveFocus }) {
  if (!app.person) return;
  const route = parseHash();
  let def = SCREENS.find((s) => s.id === route.screen);
  if (def.approversOnly && !app.canApprove()) def = SCREENS[0];
  app.route = { screen: def.id, parts: route.parts };
  markCurrentNav();
  const keep = moveFocus ? null : focusKey();
  if (moveFocus) clearOldAnnouncement();
  const scrollY = window.scrollY;
  const ticket = ++renderCount;
  const container = viewContainer();
  container.appendChild(loading());
  try {
    await def.view.render(container, app);
  } catch (err) {
    if (ticket !== renderCount) return;
    clear(container);
    container.appendChild(h('h1', { class: 'page-heading', tabindex: '-1' }, def.label));
    showError(err, null);
  }
  if (ticket !== renderCount) return;
  const stray = container.querySelector(':scope > .loading');
  if (stray) stray.remove();
  if (moveFocus) {
    window.scrollTo(0, 0);
    focusHeading();
  } else {
    window.scrollTo(0, scrollY);
    if (!restoreFocus(keep)) focusHeading();
  }
}

async function boot() {
  bind(qs('#switch-person'), 'click', () => app.switchPerson());
  bind(qs('[data-skip]'), 'click', (event) => {
    event.preventDefault();
    qs('#main').focus();
  });
  bind(window, 'hashchange', () => renderScreen({ focusHeading: true }));
  bind(window, 'forumdesk:no-session', () => { if (app.person) app.switchPerson(); });

  let info;
  try {
    info = await api.appInfo();
  } catch (err) {
    const container = viewContainer();
    start.renderOpenError(container, { message: err.message, code: err.code }, null);
    focusHeading();
    return;
  }
  app.info = info;
  setToday(info.today);
  qs('#data-dir').textContent = info.data_dir || '';
  qs('#schema-version').textContent = info.schema_version === undefined ? '' : String(info.schema_version);
  qs('#app-version').textContent = info.app_version || '';
  app.setForumName(info.forum_name);

  if (info.open_error) {
    start.renderOpenError(viewContainer(), info.open_error, info);
    focusHeading();
  } else if (info.setup_needed) {
    renderStart(() => start.renderSetup(viewContainer(), app));
  } else if (info.person) {
    app.setPerson(info.person);
  } else {
    renderStart(() => start.renderPicker(viewContainer(), app));
  }
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot);
else boot();
