// Page side of bench/latency.ts and bench/first-presence.ts: one dot for `watch`, logged in as `jid`, with
// presently.js (<presently-client credentials-url> + <presently-dot>) or the floor stack (<floor-dot>, raw
// @xmpp/client). Every change of the dot's `show` attribute is recorded with a wall-clock time.
const q = new URLSearchParams(location.search);
const lib = q.get('lib');
const service = q.get('service');
const jid = q.get('jid');
const password = q.get('password');
const watch = q.get('watch');
const wallNow = () => performance.timeOrigin + performance.now();

window.records = [];
window.firstKnown = undefined; // ms since navigation start when the dot first showed a real state

function observe(dot) {
  const record = () => {
    const show = dot.getAttribute('show');
    window.records.push({ t: wallNow(), show });
    if (window.firstKnown === undefined && show && show !== 'unknown') window.firstKnown = performance.now();
  };
  new MutationObserver(record).observe(dot, { attributes: true, attributeFilter: ['show'] });
  if (dot.hasAttribute('show')) record();
}

const host = document.getElementById('host');
if (lib === 'presently') {
  await import('/presently.js');
  const client = document.createElement('presently-client');
  client.setAttribute('service', service);
  client.setAttribute('jid', jid);
  client.setAttribute('credentials-url', `/credentials?p=${encodeURIComponent(password)}`);
  client.setAttribute('resource', 'page');
  const dot = document.createElement('presently-dot');
  dot.setAttribute('jid', watch);
  observe(dot);
  client.append(dot);
  host.append(client);
} else {
  await import('/floor.js');
  const dot = document.createElement('floor-dot');
  dot.setAttribute('jid', watch);
  observe(dot);
  host.append(dot);
  const [username, domain] = jid.split('@');
  await window.floor.connect({ service, domain, username, password, resource: 'page' });
}
window.ready = true;
