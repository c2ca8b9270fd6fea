// A host page with a chat button for the first contact, as a web mail or CRM page would have. The client is
// created the same way as in page.js (shared by default); the test drives the elements as a user would.
import { createPresenceClient, setDefaultClient } from '/presently.js';

const sharing = (window.sharing = { started: false, startError: undefined });
const config = await (await fetch('/config.json')).json();
const client = createPresenceClient({
  service: config.service,
  jid: config.jid,
  credentials: async () => (await fetch('/credentials')).json(),
});
sharing.client = client;
setDefaultClient(client);
document.querySelector('#dot').setAttribute('jid', config.contacts[0]);
document.querySelector('#chat').setAttribute('jid', config.contacts[0]);
client.start().then(
  () => (sharing.started = true),
  (e) => (sharing.startError = e.code ?? String(e)),
);
