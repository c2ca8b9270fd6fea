// Agent console: your own status (<presently-status-picker>), the team board regrouped live by
// presence, your incoming chats, and the ticket queue with each assignee's dot.
import { boot, bucketOf, el, getJSON } from '/assets/app.js';

for (const a of document.querySelectorAll('[data-inert]')) a.addEventListener('click', (e) => e.preventDefault());
const [{ client, config }, people] = await Promise.all([boot(), getJSON('/api/people')]);
const byJid = new Map(people.map((p) => [p.jid, p]));
const agents = config.supportAgents;

// Team board: one badge per agent, moved to the lane of its current state.
const lanes = Object.fromEntries([...document.querySelectorAll('[data-lane]')].map((l) => [l.dataset.lane, l.querySelector('ul')]));
const summary = document.querySelector('[data-team-summary]');
const shows = new Map();
const items = new Map();
for (const jid of agents) {
  items.set(jid, el('li', {}, el('presently-badge', { jid, layout: 'compact' })));
  client.watch(jid, (presence) => {
    shows.set(jid, presence.show);
    const lane = lanes[bucketOf(presence.show)] ?? lanes.offline;
    const item = items.get(jid);
    if (item.parentElement !== lane) lane.append(item);
    const n = (b) => [...shows.values()].filter((s) => bucketOf(s) === b).length;
    summary.textContent = `${n('available')} of ${agents.length} can take a chat now`;
  });
}

// Tickets: host data, with the assignee's presence beside the name.
const tickets = [
  ['#4411', 'Harbor Freight', 'Nightly sync fails with “token expired”', 'marcus.johnson'],
  ['#4409', 'Nordlicht Energie', 'SSO login loops after password reset', 'elena.petrova'],
  ['#4402', 'Okapi Foods', 'Invoice shows the wrong VAT number', 'ana.souza'],
  ['#4398', 'Vela Robotics', 'Webhook retries flood our endpoint', 'kenji.watanabe'],
  ['#4391', 'Lindqvist AB', 'Export to CSV times out for large reports', 'noah.fischer'],
  ['#4385', 'Pampas Travel', 'Add 20 seats before renewal', 'isabel.garcia'],
];
const domain = config.domain;
document.querySelector('[data-tickets]').append(
  ...tickets.map(([id, customer, subject, user]) => {
    const jid = `${user}@${domain}`;
    return el(
      'tr',
      {},
      el('td', { text: id }),
      el('td', { text: customer }),
      el('td', { text: subject }),
      el('td', {}, el('span', { class: 'assignee' }, el('presently-dot', { jid, size: 'small' }), byJid.get(jid)?.name ?? user)),
    );
  }),
);

// Your chats: the latest message per contact, newest first.
const chats = document.querySelector('[data-chats]');
const noChats = document.querySelector('[data-no-chats]');
const rows = new Map();
client.on('message', (m) => {
  const other = m.direction === 'in' ? m.from : m.to;
  const name = byJid.get(other)?.name ?? (other === config.visitor.jid ? config.visitor.name : other);
  let row = rows.get(other);
  if (!row) {
    row = el('li', { class: 'chat' });
    rows.set(other, row);
  }
  row.replaceChildren(
    el('presently-dot', { jid: other, size: 'small' }),
    el(
      'div',
      { class: 'chat-text' },
      el('strong', { text: name }),
      el('span', { class: 'muted', text: `${m.direction === 'out' ? 'You: ' : ''}${m.body}` }),
    ),
    el('presently-chat-button', { jid: other }),
  );
  chats.prepend(row);
  noChats.hidden = true;
});
