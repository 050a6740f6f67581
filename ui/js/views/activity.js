// Activity: the audit log – who did what, and when.

import * as api from '../api.js';
import { h, replace } from '../lib/dom.js';
import { formatDateTime } from '../lib/format.js';
import { pageHeading, table, empty } from '../lib/ui.js';

export async function render(container) {
  const entries = await api.auditList(200);
  replace(container,
    pageHeading('Activity'),
    h('p', { class: 'lead' }, 'Every change made in Forum Desk, newest first. The latest 200 are shown.'),
    entries.length ? table({
      caption: 'Recent activity',
      headers: ['When', 'Who', 'What'],
      rows: entries.map((e) => ({
        attrs: { 'data-testid': `audit-${e.id}` },
        cells: [
          formatDateTime(e.at),
          e.actor_name || 'Forum Desk',
          [h('span', { class: 'audit-action' }, describe(e)), e.detail ? h('span', { class: 'muted' }, ` – ${e.detail}`) : null],
        ],
      })),
    }) : empty('Nothing has happened yet.'));
}

/** "Attached a receipt (claim 17)": the action, then what it was done to. */
function describe(e) {
  const action = String(e.action || '').replace(/_/g, ' ');
  const entity = String(e.entity || '').replace(/_/g, ' ');
  const what = entity && e.entity_id ? ` (${entity} ${e.entity_id})` : '';
  return action.charAt(0).toUpperCase() + action.slice(1) + what;
}
