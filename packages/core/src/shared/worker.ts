/**
 * The shared worker script (`presently-worker.js`, built next to presently.js): one real client for every page of
 * this origin that uses the same service and account (docs/sharing.md). It keeps no credentials: it asks a page
 * on every (re)connect.
 */
import { createPresenceClient } from '../client.js';
import { createSharedHost } from './host.js';
import { holdHostLock } from './host-lock.js';

const host = createSharedHost({
  // Pages wait for this lock: the browser grants it to them when this worker is gone (killed or crashed), and they
  // start the next one (docs/sharing.md "Failover").
  lock: holdHostLock(),
  // A worker has no document: visibility (XEP-0352 inactive only while all pages are hidden) and user input (for
  // auto-away, on unless the page turned it off) come from the pages.
  createClient: (options, credentials, input) =>
    createPresenceClient({
      ...options,
      credentials,
      shared: false,
      inactiveWhenHidden: false,
      autoAway: options.autoAway === false ? false : { ...options.autoAway, input },
    }),
});

(globalThis as unknown as { onconnect: (event: MessageEvent) => void }).onconnect = (event) => {
  for (const port of event.ports) host.connect(port);
};
