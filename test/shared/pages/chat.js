// A host page with a chat button for the first contact, as a web mail or CRM page would have. The client is
// made by client.js like page.js's (shared by default); the test drives the elements as a user would.
import { createPageClient, fetchConfig } from '/client.js';

const sharing = (window.sharing = { started: false, startError: undefined });
const config = await fetchConfig();
const client = createPageClient(config);
sharing.client = client;
document.querySelector('#dot').setAttribute('jid', config.contacts[0]);
document.querySelector('#chat').setAttribute('jid', config.contacts[0]);
client.start().then(
  () => (sharing.started = true),
  (e) => (sharing.startError = e.code ?? String(e)),
);
