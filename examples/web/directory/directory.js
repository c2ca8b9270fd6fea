// Intranet directory: the host's own employee list, with live presence from Presently.
// The "Available now" filter reads presence in plain JavaScript with client.watch().
import { boot, bucketOf, el, getJSON } from '/assets/app.js';

const grid = document.querySelector('[data-grid]');
const search = document.querySelector('[data-search]');
const availableOnly = document.querySelector('[data-available]');
const summary = document.querySelector('[data-summary]');
const empty = document.querySelector('[data-empty]');
const departmentButtons = [...document.querySelectorAll('[data-department]')];
for (const a of document.querySelectorAll('[data-inert]')) a.addEventListener('click', (e) => e.preventDefault());

const [{ client }, people] = await Promise.all([boot(), getJSON('/api/people')]);
people.sort((a, b) => a.name.localeCompare(b.name));
let department = '';
const shows = new Map();

const cards = people.map((person) => {
  const card = el(
    'li',
    { class: 'person card', 'data-jid': person.jid },
    el('presently-badge', { jid: person.jid, layout: 'full' }),
    el('p', { class: 'title', text: person.title }),
    el(
      'dl',
      {},
      el('dt', { text: 'Team' }),
      el('dd', { text: person.department }),
      el('dt', { text: 'Office' }),
      el('dd', { text: person.office }),
      el('dt', { text: 'Phone' }),
      el('dd', { text: person.phone }),
      el('dt', { text: 'Chat' }),
      el('dd', { text: person.jid }),
    ),
    el('div', { class: 'actions' }, el('presently-chat-button', { jid: person.jid })),
  );
  card.searchText = `${person.name} ${person.title} ${person.office} ${person.department}`.toLowerCase();
  card.person = person;
  return card;
});
grid.append(...cards);

function applyFilters() {
  const words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
  let visible = 0;
  for (const card of cards) {
    const show = shows.get(card.person.jid) ?? 'unknown';
    const match =
      words.every((w) => card.searchText.includes(w)) &&
      (!department || card.person.department === department) &&
      (!availableOnly.checked || bucketOf(show) === 'available');
    card.hidden = !match;
    if (match) visible++;
  }
  const availableNow = [...shows.values()].filter((s) => bucketOf(s) === 'available').length;
  summary.textContent = `Showing ${visible} of ${people.length} people · ${availableNow} available now`;
  empty.hidden = visible > 0;
}

// One watch per person: called at once, then on every change. Cheap — the client keeps one
// subscription per JID however many elements and watchers use it.
for (const person of people) {
  client.watch(person.jid, (presence) => {
    shows.set(person.jid, presence.show);
    applyFilters();
  });
}

search.addEventListener('input', applyFilters);
availableOnly.addEventListener('change', applyFilters);
for (const button of departmentButtons) {
  button.addEventListener('click', () => {
    department = button.dataset.department;
    for (const b of departmentButtons) b.setAttribute('aria-pressed', String(b === button));
    applyFilters();
  });
}
applyFilters();
