// A host page as a site would write it: presently.js, one client, dots for the contacts. What the test reads is
// kept on window.sharing: when the first contact's dot first showed a real state, messages heard, start result.
import { createPageClient, fetchConfig } from '/client.js';

const sharing = (window.sharing = { firstRealDot: undefined, messages: [], started: false, startError: undefined, infos: [] });
const info = console.info;
console.info = (...args) => {
  sharing.infos.push(args.join(' '));
  info.apply(console, args);
};

const config = await fetchConfig();
sharing.created = performance.now();
const client = createPageClient(config);
sharing.client = client;
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
