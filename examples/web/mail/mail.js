// Web mail: the host's own inbox with a presence dot beside each sender, and a reading pane with
// the sender's badge, "is typing…" and "reply by chat".
import { ago, boot, el, getJSON } from '/assets/app.js';

const list = document.querySelector('[data-messages]');
const reader = document.querySelector('[data-reader]');
const unreadCount = document.querySelector('[data-unread]');
const search = document.querySelector('[data-search]');
for (const a of document.querySelectorAll('[data-inert]')) a.addEventListener('click', (e) => e.preventDefault());

const [, mail] = await Promise.all([boot(), getJSON('/api/mail')]);
const unread = new Set(mail.slice(1, 4).map((m) => m.id));
const rows = new Map();

for (const m of mail) {
  const row = el(
    'li',
    { class: 'message', role: 'option', tabindex: '0', 'aria-selected': 'false', 'data-id': m.id },
    el('presently-dot', { jid: m.from, size: 'small' }),
    el('span', { class: 'sender', text: m.fromName }),
    el('time', { datetime: m.receivedAt, text: ago(m.receivedAt) }),
    el('span', { class: 'subject', text: m.subject }),
    el('span', { class: 'preview', text: m.body.slice(1).join(' ') }),
  );
  row.addEventListener('click', () => select(m.id));
  row.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      select(m.id);
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = e.key === 'ArrowDown' ? row.nextElementSibling : row.previousElementSibling;
      next?.focus();
    }
  });
  rows.set(m.id, row);
  list.append(row);
}

function renderUnread() {
  for (const [id, row] of rows) row.classList.toggle('unread', unread.has(id));
  unreadCount.textContent = unread.size ? String(unread.size) : '';
}

function select(id) {
  const m = mail.find((x) => x.id === id) ?? mail[0];
  unread.delete(m.id);
  renderUnread();
  for (const [rid, row] of rows) row.setAttribute('aria-selected', String(rid === m.id));
  if (location.hash !== `#${m.id}`) history.replaceState(null, '', `#${m.id}`);
  const first = m.fromName.split(' ')[0];
  reader.replaceChildren(
    el('h1', { text: m.subject }),
    el(
      'div',
      { class: 'from card' },
      el('div', { class: 'who' }, el('presently-badge', { jid: m.from, layout: 'full' }), el('presently-typing', { jid: m.from })),
      el(
        'div',
        { class: 'actions' },
        el('time', {
          datetime: m.receivedAt,
          text: new Date(m.receivedAt).toLocaleString([], { weekday: 'short', hour: 'numeric', minute: '2-digit' }),
        }),
        el('small', { text: `Reply to ${first} by chat` }),
        el('presently-chat-button', { jid: m.from }),
      ),
    ),
    el('div', { class: 'body' }, ...m.body.map((p) => el('p', { text: p }))),
    el(
      'div',
      { class: 'reply-bar' },
      el('button', { type: 'button', class: 'button', disabled: true, text: 'Reply' }),
      el('button', { type: 'button', class: 'button', disabled: true, text: 'Forward' }),
    ),
  );
}

search.addEventListener('input', () => {
  const q = search.value.toLowerCase();
  for (const m of mail) rows.get(m.id).hidden = q !== '' && !`${m.fromName} ${m.subject} ${m.body.join(' ')}`.toLowerCase().includes(q);
});

select(location.hash.slice(1) || mail[0].id);
