/**
 * The shared worker script (`presently-worker.js`, built next to presently.js): one real client for every page of
 * this origin that uses the same service and account (docs/sharing.md). It keeps no credentials: it asks a page
 * on every (re)connect.
 */
import { createPresenceClient } from '../client.js';
import { createSharedHost } from './host.js';

const host = createSharedHost({
  // Visibility comes from the pages (XEP-0352 inactive only while all are hidden); a worker has no document.
  createClient: (options, credentials) => createPresenceClient({ ...options, credentials, shared: false, inactiveWhenHidden: false }),
});

(globalThis as unknown as { onconnect: (event: MessageEvent) => void }).onconnect = (event) => {
  for (const port of event.ports) host.connect(port);
};
