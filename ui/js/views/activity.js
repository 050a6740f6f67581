// Activity: the audit log – who did what, and when, a page at a time.

import * as api from '../api.js';
import { h, replace, qs } from '../lib/dom.js';
import { attempt } from '../lib/forms.js';
import { formatDateTime } from '../lib/format.js';
import { pageHeading, table, empty, pageCount, pager } from '../lib/ui.js';

/** How many entries the screen shows at a time: a forum's twenty years of changes draw as
 * quickly as a week's. */
const PAGE_SIZE = 25;

export async function render(container) {
  const results = h('div', { 'data-testid': 'activity-results' });
  const show = (page) => {
    const more = (next) => attempt(async () => {
      show(await api.auditPage(next, PAGE_SIZE));
      // After moving page, the count ("Showing 26 to 50 of …") is read out first.
      const count = qs('[data-testid="activity-count"]', results);
      if (count) count.focus();
    });
    replace(results, page.total ? [
      pageCount(page, page.entries.length, ['change', 'changes'], 'activity-count'),
      table({
        caption: 'Recent activity',
        headers: ['When', 'Who', 'What'],
        rows: page.entries.map((e) => ({
          attrs: { 'data-testid': `audit-${e.id}` },
          cells: [
            formatDateTime(e.at),
            e.actor_name || 'Forum Desk',
            [h('span', { class: 'audit-action' }, describe(e)), e.detail ? h('span', { class: 'muted' }, ` – ${e.detail}`) : null],
          ],
        })),
      }),
      pager(page, page.entries.length, PAGE_SIZE, { label: 'Pages of activity', testid: 'activity', go: more }),
    ] : empty('Nothing has happened yet.'));
  };
  show(await api.auditPage(0, PAGE_SIZE));
  replace(container,
    pageHeading('Activity'),
    h('p', { class: 'lead' }, 'Every change made in Forum Desk, newest first.'),
    results);
}

/** "Attached a receipt (claim 17)": the action, then what it was done to. */
function describe(e) {
  const action = String(e.action || '').replace(/_/g, ' ');
  const entity = String(e.entity || '').replace(/_/g, ' ');
  const what = entity && e.entity_id ? ` (${entity} ${e.entity_id})` : '';
  return action.charAt(0).toUpperCase() + action.slice(1) + what;
}
