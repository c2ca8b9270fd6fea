// The host app: one module from its own origin, building the page with DOM APIs only (no HTML strings).
import './presently.js';

const config = await (await fetch('/config.json')).json();
const provider = document.getElementById('provider');
const people = document.getElementById('people');
provider.addEventListener('presently-error', (e) => window.__errors.push(`presently-error ${e.detail.code}`));

config.contacts.forEach((jid, i) => {
  const li = document.createElement('li');
  if (i === 0) {
    // The richest element first: avatar, name, dot, status, meta.
    const badge = document.createElement('presently-badge');
    badge.setAttribute('jid', jid);
    li.append(badge);
    const button = document.createElement('presently-chat-button');
    button.setAttribute('jid', jid);
    li.append(button);
    const typing = document.createElement('presently-typing');
    typing.setAttribute('jid', jid);
    li.append(typing);
  }
  const dot = document.createElement('presently-dot');
  dot.setAttribute('jid', jid);
  li.append(dot, document.createTextNode(` ${jid}`));
  people.append(li);
});

const chat = document.createElement('presently-chat');
chat.setAttribute('jid', config.contacts[0]);
chat.setAttribute('allowed-link-hosts', 'intranet.example.com');
provider.append(chat);

// ?unshared: a connection of this page's own (its connect-src then governs it, not the shared worker's).
if (new URLSearchParams(location.search).has('unshared')) provider.setAttribute('unshared', '');
// Last, so every child is in place when the client starts.
provider.setAttribute('jid', config.jid);
provider.setAttribute('service', config.service);
window.__ready = true;
