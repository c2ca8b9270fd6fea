// The client every sharing test page makes, as a site would: service and account from the host app's config,
// credentials from its own endpoint (test/shared/site.ts), shared by default, and made the page's default client.
import { createPresenceClient, setDefaultClient } from '/presently.js';

/** Fetches the host app's config (service, jid, contacts). */
export const fetchConfig = async () => (await fetch('/config.json')).json();

export function createPageClient(config) {
  const client = createPresenceClient({
    service: config.service,
    jid: config.jid,
    credentials: async () => (await fetch('/credentials')).json(),
  });
  setDefaultClient(client);
  return client;
}
