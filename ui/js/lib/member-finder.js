// Choosing one member out of thousands: a search box and a short list of the active members
// it matches, asked of the core a page at a time. A forum with 10,000 members never has them
// all drawn into one drop-down (which took seconds to draw and was no use to scroll).

import * as api from '../api.js';
import { h, replace, uid } from './dom.js';
import { field } from './ui.js';
import { formatCount } from './format.js';

/** How many matches the list holds at a time. */
const SHOWN = 25;

/**
 * A search box, a <select name="member_id"> of the active members it matches and a line
 * saying how many match. `keep(m)` leaves members out (say, those already reps);
 * `preselect` is a member (`{id, name}`) chosen already; `onPick(m)` hears each choice (null
 * for the blank one). Returns the element to put in the form.
 */
export function memberFinder({
  label, testid, blankLabel, hint = null, keep = () => true, preselect = null, onPick = () => {},
}) {
  const searchId = uid('find');
  const search = h('input', {
    type: 'search', id: searchId, autocomplete: 'off', 'data-testid': `${testid}-search`,
    'aria-describedby': `${searchId}-hint`,
  });
  const pick = field({
    label, name: 'member_id', type: 'select', testid, hint,
    options: [{ value: '', label: blankLabel }],
  });
  const select = pick.querySelector('select');
  const count = h('p', { class: 'hint', 'aria-live': 'polite', 'data-testid': `${testid}-count` });
  let shown = [];
  let ticket = 0;

  const load = async () => {
    const mine = ++ticket;
    const text = search.value.trim();
    const page = await api.membersPage({ text, status: 'active', reps_only: false }, 0, SHOWN);
    if (mine !== ticket) return;
    const before = select.value;
    shown = page.members.filter((m) => !m.erased && keep(m));
    const described = describe(page.total, shown.length, text);
    if (preselect && !shown.some((m) => m.id === preselect.id)) shown.unshift(preselect);
    replace(select, h('option', { value: '' }, blankLabel),
      shown.map((m) => h('option', { value: String(m.id) }, m.email ? `${m.name} (${m.email})` : m.name)));
    select.value = shown.some((m) => String(m.id) === before) ? before : '';
    count.textContent = described;
  };
  const later = debounce(() => load().catch(() => {}), 300);
  // 'change' too: emptying the box some ways (the clear button, a test's clear) sends no 'input'.
  search.addEventListener('input', later);
  search.addEventListener('change', later);
  // Enter in the search box searches; it must not send the form it sits in.
  search.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    load().catch(() => {});
  });
  select.addEventListener('change', () => {
    onPick(shown.find((m) => String(m.id) === select.value) || null);
  });

  load().then(() => {
    if (preselect) select.value = String(preselect.id);
  }).catch(() => {});
  const node = h('div', { class: 'member-finder' },
    h('div', { class: 'field' },
      h('label', { for: searchId }, 'Search the members'),
      h('p', { class: 'hint', id: `${searchId}-hint` }, 'Type part of a name, email address, phone number or postcode, then choose from the list below.'),
      search),
    pick,
    count);
  return node;
}

/** "3 members to choose from." or "Showing some of the 9,812 active members: type more of a
 * name to narrow the list." `total` counts every match; `shown` those that may be chosen. */
function describe(total, shown, text) {
  if (total > SHOWN) {
    return `Showing some of the ${formatCount(total)} active members${text ? ' that match' : ''}: type more of a name to narrow the list.`;
  }
  if (shown === 0) return text ? 'Nobody who can be chosen here matches that.' : 'There is nobody to choose yet.';
  return `${shown} ${shown === 1 ? 'member' : 'members'} to choose from.`;
}

function debounce(fn, ms) {
  let timer = null;
  return () => { clearTimeout(timer); timer = setTimeout(fn, ms); };
}
