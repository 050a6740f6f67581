// The app shell: start-up, who is using the app, the left navigation, and which screen
// is showing. Screens are chosen by the address's #hash: #claims, #members/12, ...

import * as api from './api.js';
import { h, clear, qs, qsa, focusKey, restoreFocus, bind, afterFrame } from './lib/dom.js';
import { showError, clearOldAnnouncement, bindSubmit, announce, besideField } from './lib/forms.js';
import { formatRoles } from './lib/format.js';
import { field, button, loading, fitTables } from './lib/ui.js';
import { setToday } from './lib/calendar.js';
import * as start from './views/start.js';

// Each screen's module is loaded when first needed (`load`; the browser keeps it after that):
// start-up parses only the sign-in screen's code, not all 350 KB, and after signing in the
// rest follows in the background (loadOtherScreens).
// `forumOnly`: not on a rep's own computer, which holds only what a rep needs (their claims,
// their groups' meetings, their own details and sending to the forum). `repOnly`: the reverse.
const SCREENS = [
  { id: 'claims', label: 'Claims', load: () => import('./views/claims.js') },
  { id: 'approvals', label: 'Approvals', load: () => import('./views/approvals.js'), approversOnly: true, forumOnly: true },
  { id: 'exchange', label: 'Reps’ computers', load: () => import('./views/exchange.js'), approversOnly: true, forumOnly: true },
  { id: 'forum', label: 'Send to the forum', load: () => import('./views/exchange.js'), repOnly: true },
  { id: 'members', label: 'Members', load: () => import('./views/members.js'), forumOnly: true },
  { id: 'reps', label: 'Representatives', load: () => import('./views/reps.js'), forumOnly: true },
  { id: 'groups', label: 'Groups', load: () => import('./views/groups.js'), forumOnly: true },
  { id: 'meetings', label: 'Meetings', load: () => import('./views/meetings.js') },
  { id: 'projects', label: 'Projects and impact', load: () => import('./views/projects.js'), forumOnly: true },
  { id: 'reports', label: 'Reports', load: () => import('./views/reports.js'), approversOnly: true, forumOnly: true },
  { id: 'exports', label: 'Exports', load: () => import('./views/exports.js'), forumOnly: true },
  { id: 'settings', label: 'Settings', load: () => import('./views/settings.js') },
  { id: 'activity', label: 'Activity', load: () => import('./views/activity.js'), forumOnly: true },
];

/**
 * Once signed in and the first screen is showing, the code of the other screens this person
 * may open is loaded one module at a time in the background, so opening one never waits for
 * its code (5–10 ms on the 20-year forum's first visits), while the sign-in screen still
 * starts with only its own.
 */
function loadOtherScreens() {
  const waiting = SCREENS.filter(allowed).map((s) => s.load);
  const next = () => {
    const load = waiting.shift();
    // A module that fails to load says so when its screen is opened (renderScreen shows the error).
    if (load) load().catch(() => {}).then(() => setTimeout(next, 0));
  };
  afterFrame().then(next);
}

/** Whether this screen is shown to the person signed in, on this computer. */
function allowed(screen) {
  if (screen.approversOnly && !app.canApprove()) return false;
  if (screen.forumOnly && app.repComputer) return false;
  if (screen.repOnly && !app.repComputer) return false;
  return true;
}

/** What every screen is given: who is using the app, today's date, and ways to move about. */
const app = {
  info: null,
  person: null,
  session: null,
  /** On a rep's own computer: what it knows about itself (rep_computer_info); otherwise null. */
  repComputer: null,
  forumName: '',
  route: { screen: 'claims', parts: [] },

  get today() {
    return (this.info && this.info.today) || new Date().toISOString().slice(0, 10);
  },

  canApprove() {
    // Officer powers come from the sign-in holding the forum's signing key; the core
    // checks again on every command, so this only decides what to show.
    return Boolean(this.person && this.person.officer);
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

  /** Somebody has signed in (or set up the forum, or unlocked): show their screens. */
  async signedIn(session) {
    clear(qs('#page-alerts'));
    this.session = session;
    this.person = session.person;
    if (session.must_choose_passphrase) {
      hideShell();
      renderStart(() => start.renderChoosePassphrase(viewContainer(), app, session));
      return;
    }
    try {
      const forum = await api.forumGet();
      this.setForumName(forum.name);
    } catch (_) { /* a rep may not read the forum's settings; the name is only a label */ }
    try {
      this.repComputer = await api.repComputerInfo();
    } catch (_) { this.repComputer = null; }
    if (this.repComputer) this.setForumName(this.repComputer.forum_name);
    showShell();
    idle.start(session.lock_minutes);
    if (!parseHash().known) location.hash = '#claims';
    await renderScreen({ focusHeading: true });
    showSignInNotices(session.notices);
    if (!this.repComputer) warnAboutBackups();
    await (await import('./views/exchange.js')).checkOnOpen(this);
    loadOtherScreens();
  },

  /** Locks the window: the screen stays as it is behind the lock, to be unlocked by the same person. */
  async lock() {
    if (!this.person || lockScreen.isOpen()) return;
    idle.stop();
    try { await api.lockNow(); } catch (_) { /* locked already, or signed out: the lock screen says what to do */ }
    lockScreen.open();
  },

  /** "Someone else" or "Sign out": ends the session; anything half-typed is discarded. */
  async signOut() {
    idle.stop();
    lockScreen.close();
    try { await api.signOut(); } catch (_) { /* nobody was signed in */ }
    this.person = null;
    this.session = null;
    this.repComputer = null;
    // Nothing of the last person's session stays on screen for the next one.
    clear(qs('#page-alerts'));
    clear(qs('#status'));
    hideShell();
    location.hash = '';
    renderStart(() => start.renderStart(viewContainer(), app));
  },
};

/** Locks the window after `lock_minutes` with no key press, click or scroll. */
const idle = {
  timer: null,
  minutes: 15,
  start(minutes) {
    this.minutes = minutes || 15;
    this.poke();
  },
  poke() {
    clearTimeout(this.timer);
    if (!app.person || lockScreen.isOpen()) return;
    this.timer = setTimeout(() => app.lock(), this.minutes * 60 * 1000);
  },
  stop() {
    clearTimeout(this.timer);
    this.timer = null;
  },
};

/**
 * The lock screen is a modal dialog over the screen, so what was on the screen (and any
 * typing) is still there after unlocking. Escape does not close it.
 */
const lockScreen = {
  dialog: null,
  isOpen() { return Boolean(this.dialog); },
  open() {
    if (this.dialog) return;
    const form = h('form', { class: 'dialog-form', 'data-testid': 'unlock-form' },
      h('h2', { id: 'lock-title' }, 'Forum Desk is locked'),
      h('p', null, 'Signed in as ', h('strong', null, app.person ? app.person.name : ''),
        '. Only they can unlock it. Anyone else: choose “Someone else”, which ends their session.'),
      field({ label: 'Your passphrase', name: 'passphrase', type: 'password', required: true, wide: true, testid: 'unlock-passphrase', autocomplete: 'current-password' }),
      h('div', { class: 'actions' },
        button('Unlock', { type: 'submit', testid: 'unlock' }),
        button('Someone else', { testid: 'someone-else', onClick: () => app.signOut() })));
    bindSubmit(form, async (values) => {
      try {
        const session = await api.unlock(values.passphrase);
        app.session = session;
        this.close();
        idle.start(session.lock_minutes);
        announce('Unlocked.');
      } catch (err) {
        form.elements.passphrase.value = '';
        throw besideField(err, 'passphrase');
      }
    });
    const dialog = h('dialog', { class: 'dialog lock-dialog', 'aria-labelledby': 'lock-title', 'data-testid': 'lock-screen' }, form);
    dialog.addEventListener('cancel', (event) => event.preventDefault());
    document.body.appendChild(dialog);
    dialog.showModal();
    this.dialog = dialog;
    qs('input[name="passphrase"]', form).focus();
  },
  close() {
    if (!this.dialog) return;
    const d = this.dialog;
    this.dialog = null;
    d.close();
    d.remove();
  },
};

function showSignInNotices(notices) {
  if (!notices || !notices.length) return;
  qs('#page-alerts').prepend(h('div', { class: 'notice notice-warning', role: 'alert', 'data-testid': 'sign-in-notices' },
    h('h2', { class: 'notice-title' }, 'Since you last signed in'),
    h('ul', null, notices.map((n) => h('li', null, n)))));
}

/** Officers are told on the first screen when no backup has left the laptop for 30 days. */
async function warnAboutBackups() {
  if (!app.canApprove()) return;
  let overview;
  try { overview = await api.backupsOverview(); } catch (_) { return; }
  if (!overview.copy_off_overdue) return;
  qs('#page-alerts').appendChild(h('div', { class: 'notice notice-warning', 'data-testid': 'copy-off-warning' },
    h('p', null, `No backup has left this laptop for ${overview.days_since_copied_off} days. If the laptop is lost or breaks, `
      + 'the backups go with it. ', h('a', { href: '#settings/backups' }, 'Copy a backup to a USB stick or another folder'), '.')));
}

/**
 * Officers see every project escalation nobody has dealt with yet, above every screen, until
 * it is marked as dealt with on its project (the list is read again each time a screen draws).
 */
async function showEscalations() {
  // Imported here, not at the top: only officers need it, and only once signed in.
  const fresh = app.canApprove() ? await (await import('./views/escalations.js')).escalationsNotice() : null;
  // Looked for after the answer comes, so two screens drawn quickly never leave two notices.
  for (const old of qsa('[data-testid="escalations-notice"]')) old.remove();
  if (fresh && app.person) qs('#page-alerts').appendChild(fresh);
}

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
  for (const alert of qsa('#page-alerts > :not([data-testid="sign-in-notices"]):not([data-testid="copy-off-warning"]):not([data-testid="escalations-notice"]):not([data-testid="exchange-arrived"])')) alert.remove();
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
    if (!allowed(screen)) continue;
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
  if (!allowed(def)) def = SCREENS[0];
  app.route = { screen: def.id, parts: route.parts };
  markCurrentNav();
  const keep = moveFocus ? null : focusKey();
  if (moveFocus) clearOldAnnouncement();
  const scrollY = window.scrollY;
  forgetCommandTimes();
  const began = performance.now();
  const ticket = ++renderCount;
  const container = viewContainer();
  container.appendChild(loading());
  try {
    const view = await def.load();
    if (ticket !== renderCount) return;
    await view.render(container, app);
  } catch (err) {
    if (ticket !== renderCount) return;
    clear(container);
    container.appendChild(h('h1', { class: 'page-heading', tabindex: '-1' }, def.label));
    showError(err, null);
  }
  if (ticket !== renderCount) return;
  const stray = container.querySelector(':scope > .loading');
  if (stray) stray.remove();
  fitTables(container);
  if (moveFocus) {
    window.scrollTo(0, 0);
    focusHeading();
  } else {
    window.scrollTo(0, scrollY);
    if (!restoreFocus(keep)) focusHeading();
  }
  // The escalations notice sits above every screen, outside it, so the screen is not kept
  // waiting for it: it is asked for once the screen's frame is shown (see afterFrame in
  // lib/dom.js), and the notice already showing stays until the fresh one replaces it.
  markDrawn(def.id, began, () => { if (ticket === renderCount) showEscalations(); });
}

/** Each screen keeps only its own commands' measures (api.js), so they never pile up. */
function forgetCommandTimes() {
  for (const m of performance.getEntriesByType('measure')) {
    if (m.name.startsWith('command:')) performance.clearMeasures(m.name);
  }
}

/**
 * How long the screen took to draw, from asking for it to the frame that shows it: a
 * standard User Timing measure, `screen:<id>`, that `make bench` reads through WebDriver.
 * Only the newest one per screen is kept, so it costs nothing however long the app runs.
 */
function markDrawn(id, began, then) {
  afterFrame().then(() => {
    const name = `screen:${id}`;
    performance.clearMeasures(name);
    performance.measure(name, { start: began, end: performance.now() });
    then();
  });
}

async function boot() {
  bind(qs('#lock-now'), 'click', () => app.lock());
  bind(qs('#sign-out'), 'click', () => app.signOut());
  bind(qs('[data-skip]'), 'click', (event) => {
    event.preventDefault();
    qs('#main').focus();
  });
  bind(window, 'hashchange', () => renderScreen({ focusHeading: true }));
  // Tables too wide for the window are stacked, whenever the window changes size or a
  // screen redraws part of itself (only added or removed nodes are watched, so the class
  // fitTables sets does not set it off again).
  let fitting = null;
  const refit = () => {
    clearTimeout(fitting);
    fitting = setTimeout(() => fitTables(qs('#main')), 100);
  };
  bind(window, 'resize', refit);
  new MutationObserver(refit).observe(qs('#main'), { childList: true, subtree: true });
  bind(window, 'forumdesk:no-session', () => { if (app.person) app.signOut(); });
  bind(window, 'forumdesk:locked', () => { if (app.person) lockScreen.open(); });
  for (const type of ['keydown', 'pointerdown', 'wheel', 'touchstart']) {
    window.addEventListener(type, () => idle.poke(), { passive: true, capture: true });
  }

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
  } else if (info.session) {
    await app.signedIn(info.session);
    if (info.session.locked) lockScreen.open();
  } else {
    renderStart(() => start.renderStart(viewContainer(), app, info.sign_in));
  }
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot);
else boot();
