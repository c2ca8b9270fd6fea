// A host page as a site would write it: presently.js, one client, dots for the contacts. What the test reads is
// kept on window.sharing: when the first contact's dot first showed a real state, messages heard, start result.
import { createPresenceClient, setDefaultClient } from '/presently.js';

const sharing = (window.sharing = { firstRealDot: undefined, messages: [], started: false, startError: undefined, infos: [] });
const info = console.info;
console.info = (...args) => {
  sharing.infos.push(args.join(' '));
  info.apply(console, args);
};

const config = await (await fetch('/config.json')).json();
sharing.created = performance.now();
const client = createPresenceClient({
  service: config.service,
  jid: config.jid,
  credentials: async () => (await fetch('/credentials')).json(),
});
sharing.client = client;
setDefaultClient(client);
for (const jid of config.contacts) {
  const dot = document.createElement('presently-dot');
  dot.setAttribute('jid', jid);
  document.querySelector('#dots').append(dot);
}
client.watch(config.contacts[0], (p) => {
  if (p.show !== 'unknown' && sharing.firstRealDot === undefined) sharing.firstRealDot = performance.now();
});
client.on('message', (m) => sharing.messages.push(m.body));
client.start().then(
  () => (sharing.started = true),
  (e) => (sharing.startError = e.code ?? String(e)),
);
