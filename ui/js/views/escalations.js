// The notice of project escalations nobody has dealt with yet, which officers see above every
// screen (main.js) until it is marked as dealt with on its project. Kept apart from
// projects.js so that every screen does not load the whole Projects screen to show it.

import * as api from '../api.js';
import { h } from '../lib/dom.js';
import { formatDate } from '../lib/format.js';

/** The notice, or null when there is nothing to deal with (or the list cannot be read). */
export async function escalationsNotice() {
  let open;
  try { open = await api.escalationsOpen(); } catch (_) { return null; }
  if (!open.length) return null;
  return h('div', { class: 'notice notice-warning', 'data-testid': 'escalations-notice' },
    h('h2', { class: 'notice-title' }, open.length === 1 ? 'A project escalation needs dealing with' : `${open.length} project escalations need dealing with`),
    h('ul', null, open.map((e) => h('li', null,
      h('a', { href: `#projects/${e.project_id}` }, e.project_name), ` (${formatDate(e.entry_on)}): ${e.escalation}`))));
}
