// Shared start-up of the demo's host apps: read the host's config, point the page's
// <presently-client> at the XMPP server, and show your own status (with the picker) and the
// connection state in the app bar.
import { keepUnreadInTitle, setDefaultClient, startNotifier } from '/presently.js';
import { mountOwnStatus } from '/assets/me.js';

/** GET a JSON document from the host app's own API. */
export async function getJSON(url) {
  const response = await fetch(url, { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`);
  return response.json();
}

const STATUS_TEXT = {
  offline: 'Offline',
  connecting: 'Connecting…',
  online: 'Online',
  reconnecting: 'Reconnecting…',
};

/**
 * Configures the page's <presently-client> (its credentials-url is in the HTML) and returns
 * { config, client }. `account` is 'viewer' (the employee) or 'visitor' (the support portal's guest).
 */
export async function boot({ account = 'viewer' } = {}) {
  const config = await getJSON('/api/config');
  const me = account === 'visitor' ? config.visitor : config.viewer;
  const element = document.querySelector('presently-client');
  const connection = document.querySelector('[data-connection]');

  element.addEventListener('presently-error', (event) => {
    // Errors of the elements inside bubble here too; only the connection's own matter for the banner.
    if (event.target !== element) return;
    showBanner(`Could not connect to the chat server: ${event.detail.message}`);
  });
  element.setAttribute('service', config.service);
  element.setAttribute('jid', me.jid);
  await element.updateComplete;
  const client = element.activeClient;
  // Docked chats open at the end of <body>, outside <presently-client>: they use the page default.
  setDefaultClient(client);

  if (account === 'viewer') {
    mountOwnStatus({ client, me });
    // A colleague's message shows as a notice that never takes focus (nothing while you are "do not disturb",
    // except your priority contacts), and the unread count stays in the tab's title: "(2) Web mail".
    startNotifier({ client });
    keepUnreadInTitle({ client });
  }
  if (connection) {
    const render = (status) => {
      connection.dataset.status = status;
      connection.textContent = status === 'online' ? `${me.name} · online` : (STATUS_TEXT[status] ?? status);
    };
    render(client.status);
    client.on('status', render);
  }
  return { config, client, me };
}

export function showBanner(text) {
  let banner = document.querySelector('.banner');
  if (!banner) {
    banner = document.createElement('div');
    banner.className = 'banner';
    banner.setAttribute('role', 'alert');
    document.querySelector('.appbar')?.after(banner);
  }
  banner.textContent = text;
}

/** Show values grouped the way people read them. */
export function bucketOf(show) {
  if (show === 'available' || show === 'chat') return 'available';
  if (show === 'away' || show === 'xa') return 'away';
  if (show === 'dnd') return 'busy';
  if (show === 'offline') return 'offline';
  return 'unknown';
}

/** Shorthand for building elements: el('div', { class: 'x', jid: '…' }, child, 'text'). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === false || value === undefined || value === null) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  node.append(...children.filter((c) => c !== undefined && c !== null && c !== false));
  return node;
}

/** "12 min ago", "3 h ago", or a date. */
export function ago(iso) {
  const ms = Date.now() - new Date(iso).getTime();
  const min = Math.round(ms / 60_000);
  if (min < 1) return 'just now';
  if (min < 60) return `${min} min ago`;
  const h = Math.round(min / 60);
  if (h < 24) return `${h} h ago`;
  return new Date(iso).toLocaleDateString();
}
