// "You" in every app bar: your own status — the dot and the words colleagues see — on a button that
// opens the status picker. The dot with your own JID shows what you set (not the connection), and
// follows every change: this page's picker, another page's, or a status that ends by its "until".
import { el } from '/assets/app.js';

const SHOW_TEXT = { available: 'Available', chat: 'Available', away: 'Away', xa: 'Away for a while', dnd: 'Do not disturb' };

/** The time a status ends, as the user's locale writes it ("4:00 PM", or "Fri 4:00 PM" when not today). */
function untilText(until) {
  const sameDay = until.toDateString() === new Date().toDateString();
  const format = new Intl.DateTimeFormat(undefined, { ...(sameDay ? {} : { weekday: 'short' }), hour: 'numeric', minute: '2-digit' });
  return `until ${format.format(until)}`;
}

/** Adds the own-status button and its picker to `.appbar` (before the connection state). */
export function mountOwnStatus({ client, me }) {
  const bar = document.querySelector('.appbar');
  if (!bar) return;
  const words = el('span', { class: 'me-status', 'data-own-status': true });
  const button = el(
    'button',
    { type: 'button', class: 'me', popovertarget: 'own-status', 'aria-haspopup': 'dialog', title: 'Set your status' },
    el('presently-dot', { jid: me.jid, size: 'large', 'aria-hidden': 'true' }),
    el('span', { class: 'me-text' }, el('span', { class: 'me-name', text: me.name }), words),
  );
  const popover = el(
    'div',
    { id: 'own-status', popover: 'auto', class: 'card own-status', role: 'dialog', 'aria-label': 'Your status' },
    el('presently-status-picker'),
  );
  const render = () => {
    const own = client.ownPresence;
    const text = [SHOW_TEXT[own.show ?? 'available'], own.status].filter(Boolean).join(' — ');
    words.textContent = own.until ? `${text} · ${untilText(own.until)}` : text;
  };
  render();
  client.on('own-presence', render);
  // Set: the picker has done its job.
  popover.addEventListener('presently-status-change', () => popover.hidePopover());
  const connection = bar.querySelector('[data-connection]');
  bar.insertBefore(button, connection);
  bar.append(popover);
}
