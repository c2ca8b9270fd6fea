// Page side of bench/tabs.ts: a tab of a site that uses presently.js, logged in as `jid` through the site's
// credentials endpoint, sharing its connection with the origin's other tabs unless `shared=0`. It shows one
// <presently-dot> for `watch`. What bench/tabs.ts reads is on window.tabs: when the dot first showed a real state and
// when the client was created (ms since navigation start), how many watched contacts have a real state, whether
// start() finished, whether the page fell back to a connection of its own.
import { createPresenceClient, setDefaultClient } from '/presently.js';

const q = new URLSearchParams(location.search);
const domain = q.get('jid').split('@')[1];
const tabs = (window.tabs = { firstRealDot: undefined, known: 0, started: false, startError: undefined, fellBack: false });
// A page that can't share says so once with console.info ("[presently] one connection for this tab (not shared)…").
const info = console.info;
console.info = (...args) => {
  if (String(args[0]).startsWith('[presently] one connection for this tab')) tabs.fellBack = true;
  info.apply(console, args);
};

tabs.created = performance.now(); // presently.js is loaded and run: what follows is the client's part
const client = createPresenceClient({
  service: q.get('service'),
  jid: q.get('jid'),
  credentials: async () => (await fetch(`/credentials?p=${encodeURIComponent(q.get('password'))}`)).json(),
  shared: q.get('shared') !== '0',
});
tabs.client = client;
setDefaultClient(client);

const dot = document.createElement('presently-dot');
dot.setAttribute('jid', q.get('watch'));
new MutationObserver(() => {
  const show = dot.getAttribute('show');
  if (tabs.firstRealDot === undefined && show && show !== 'unknown') tabs.firstRealDot = performance.now();
}).observe(dot, { attributes: true, attributeFilter: ['show'] });
document.getElementById('host').append(dot);

// A directory page (`contacts=N`) watches each of the N contacts; a page with only the dot watches one.
const contacts = Number(q.get('contacts') ?? 0);
const known = new Set();
for (let i = 0; i < contacts; i++) {
  const jid = `${q.get('prefix')}${i}@${domain}`;
  client.watch(jid, (p) => {
    if (p.show !== 'unknown') known.add(jid);
    else known.delete(jid);
    tabs.known = known.size;
  });
}

client.start().then(
  () => (tabs.started = true),
  (e) => (tabs.startError = e.code ?? String(e)),
);
