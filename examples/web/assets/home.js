// The demo's index: your connection state and the whole office at a glance.
import { boot, bucketOf, el, getJSON } from '/assets/app.js';

const { client } = await boot();

// Your unread messages first: <presently-inbox> lists them and opens the chat; reading it in any tab clears it
// everywhere (the tabs share one connection, and other devices hear it through XEP-0333 markers).
const inboxSlot = document.querySelector('[data-inbox-slot]');
inboxSlot.append(el('h2', { class: 'inbox-title', text: 'Your messages' }), el('presently-inbox'));
inboxSlot.hidden = false;
const people = await getJSON('/api/people');
const dots = document.querySelector('[data-dots]');
const counts = document.querySelector('[data-counts]');
const shows = new Map();

function renderCounts() {
  const n = { available: 0, away: 0, busy: 0, offline: 0, unknown: 0 };
  for (const show of shows.values()) n[bucketOf(show)]++;
  counts.replaceChildren(
    el('b', { text: String(n.available) }),
    ' available · ',
    el('b', { text: String(n.away) }),
    ' away · ',
    el('b', { text: String(n.busy) }),
    ' busy · ',
    el('b', { text: String(n.offline) }),
    ' offline',
  );
}

for (const person of people) {
  dots.append(
    el(
      'div',
      { class: 'person' },
      el('presently-dot', { jid: person.jid }),
      el('span', {}, person.name, ' ', el('small', { text: person.office })),
    ),
  );
  client.watch(person.jid, (presence) => {
    shows.set(person.jid, presence.show);
    renderCounts();
  });
}
