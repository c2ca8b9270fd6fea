/**
 * Entry: asks the host app's server who we are (`/api/presently`: service and JID) and for the password
 * (`/api/xmpp-credentials`, fetched on every (re)connect, never stored), starts one client and renders the app.
 */
import { createPresenceClient, PresenceClientProvider } from '@presently/react';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, type Colleague } from './App.js';

interface Config {
  service: string;
  jid: string;
  colleagues: Colleague[];
}

async function credentials(): Promise<{ password: string }> {
  const response = await fetch('/api/xmpp-credentials', { credentials: 'same-origin', cache: 'no-store' });
  if (!response.ok) throw new Error(`credentials: HTTP ${response.status}`);
  return (await response.json()) as { password: string };
}

const config = (await (await fetch('/api/presently')).json()) as Config;
const client = createPresenceClient({ service: config.service, jid: config.jid, credentials });
void client.start();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <PresenceClientProvider client={client}>
      <App colleagues={config.colleagues} />
    </PresenceClientProvider>
  </StrictMode>,
);
