// What the @presently/react README shows: one client, the provider, a component, a raw tag and a hook.
import { createPresenceClient, PresenceClientProvider, PresentlyDot, usePresence } from '@presently/react';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

interface Config {
  service: string;
  jid: string;
  password: string;
  peer: string;
}

function Peer({ jid }: { jid: string }) {
  const { show, status } = usePresence(jid);
  return (
    <p>
      <PresentlyDot id="component-dot" jid={jid} size="large" />
      {/* The raw tag type-checks through the JSX types @presently/react ships. */}
      <presently-dot id="raw-dot" jid={jid} size="small" />
      {/* @ts-expect-error -- the shipped types know `size` is 'small' | 'medium' | 'large' */}
      <presently-dot jid={jid} size="huge" />
      <span id="hook-text">{status ? `${show} — ${status}` : show}</span>
    </p>
  );
}

const config = (await (await fetch('/config.json')).json()) as Config;
const client = createPresenceClient({ service: config.service, jid: config.jid, credentials: async () => ({ password: config.password }) });
void client.start();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <PresenceClientProvider client={client}>
      <Peer jid={config.peer} />
    </PresenceClientProvider>
  </StrictMode>,
);
