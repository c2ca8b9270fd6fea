/**
 * The peers the ingest rows are compared with, fed the same stream as our client:
 *
 * - raw `@xmpp/client` 0.14: a real client over a real WebSocket from the scripted server process; it parses each
 *   stanza into an ltx element and emits `stanza` (no JSON, no store).
 * - `stanza` 12.22 (legastero/stanza): its real `createClient()` with every default plugin, over a real WebSocket
 *   from the same server process: `WSConnection` → `JXT.StreamParser` (SAX parser + the JXT registry turning each
 *   element into its JSON form, the client's own translations: caps, idle, chat states…) → the client's incoming
 *   queue → `presence` / `message` events (and what its plugins do with them). It keeps no presence store.
 * - `stanza`'s parser + JXT alone, in process: the same `StreamParser` with the client's registry on the same frames,
 *   nothing after it (a diagnostic row: what the translation into JSON costs without its client around it).
 */
import { client as rawClient, xml } from '@xmpp/client';
import { createClient as createStanzaClient, JXT } from 'stanza';
import { WebSocket } from 'ws';
import { wallNow } from './row.js';
import type { ServerHandle } from './server-handle.js';
import { DOMAIN } from './stanzas.js';

export interface IngestStream {
  contacts: number;
  presences: number;
  chatStates: number;
  password: string;
  timeoutMs: number;
}

/** Waits until `seen()` reaches `total` or the stream's timeout passes; throws with the count when it doesn't. */
async function allSeen(who: string, seen: () => number, total: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (seen() < total && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  if (seen() < total) throw new Error(`${who} saw ${seen()}/${total}`);
}

/** Raw @xmpp/client over the wire: stanzas per second from the first frame written to the last `stanza` event. */
export async function rawXmppRate(server: ServerHandle, user: string, stream: IngestStream): Promise<number> {
  (globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;
  const xmpp = rawClient({ service: server.wsUrl, domain: DOMAIN, username: user, password: stream.password, resource: 'bench' });
  xmpp.on('error', () => {});
  let count = 0;
  let tLast = 0;
  xmpp.on('stanza', (s: { name: string }) => {
    if (s.name === 'presence' || s.name === 'message') {
      count++;
      tLast = wallNow();
    }
  });
  xmpp.on('online', async () => {
    await xmpp.iqCaller.get(xml('query', { xmlns: 'jabber:iq:roster' }));
    await xmpp.send(xml('presence'));
  });
  try {
    await xmpp.start();
    await server.ready(user);
    const report = await server.ingest(user, stream.contacts, stream.presences, stream.chatStates);
    await allSeen('raw @xmpp/client', () => count, report.stanzas, stream.timeoutMs);
    return report.stanzas / ((tLast - report.t0) / 1000);
  } finally {
    await xmpp.stop().catch(() => {});
  }
}

/**
 * stanza's client over the wire, logged in as its users log in (SCRAM, bind, roster, initial presence): stanzas per
 * second from the first frame written to the last `presence`/`message` event its client emits.
 */
export async function stanzaClientRate(server: ServerHandle, user: string, stream: IngestStream): Promise<number> {
  const client = createStanzaClient({
    jid: `${user}@${DOMAIN}`,
    password: stream.password,
    resource: 'bench',
    transports: { websocket: server.wsUrl, bosh: false },
  });
  let count = 0;
  let tLast = 0;
  const seen = () => {
    count++;
    tLast = wallNow();
  };
  client.on('presence', seen);
  client.on('message', seen);
  client.on('session:started', async () => {
    await client.getRoster();
    await client.sendPresence();
  });
  try {
    client.connect();
    await server.ready(user);
    const report = await server.ingest(user, stream.contacts, stream.presences, stream.chatStates);
    await allSeen('stanza client', () => count, report.stanzas, stream.timeoutMs);
    return report.stanzas / ((tLast - report.t0) / 1000);
  } finally {
    client.disconnect();
  }
}

/** stanza's StreamParser with its client's JXT registry on the same frames, in process; median of `runs`. */
export function stanzaParseRate(frameList: string[], stanzas: number, runs: number): number {
  const { stanzas: registry } = createStanzaClient({ jid: `bench@${DOMAIN}` });
  const rates: number[] = [];
  for (let r = 0; r < runs; r++) {
    // As its WebSocket transport configures it (RFC 7395: every frame holds whole top-level elements).
    const parser = new JXT.StreamParser({ allowComments: false, registry, wrappedStream: false });
    let count = 0;
    let failure: unknown;
    parser.on('data', () => count++);
    parser.on('error', (error: unknown) => (failure = error));
    const t0 = performance.now();
    for (const f of frameList) parser.write(f);
    const dt = performance.now() - t0;
    if (failure || count !== stanzas)
      throw new Error(`stanza's parser saw ${count} of ${stanzas} stanzas${failure ? ` (${String(failure)})` : ''}`);
    rates.push(stanzas / (dt / 1000));
  }
  return rates.sort((a, b) => a - b)[Math.floor(rates.length / 2)]!;
}
