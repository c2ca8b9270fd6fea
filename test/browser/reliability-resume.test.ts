// Network trouble that XEP-0198 stream resumption rides out: a server that goes silent (SIGSTOP)
// long enough for the client to declare the connection dead, and a socket dropped under the client.
// The session resumes ({resumed: true} on 'online'), nothing is rebuilt, the dots never flicker, and
// every message — unacknowledged on the dead stream or queued while reconnecting — arrives exactly once.
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { commands } from 'vitest/browser';
import { createPresenceClient, type PresenceClient } from '../../packages/elements/src/presently.js';
import { recordingWebSocket, recordShows, sleep, waitUntil, type Wire } from '../reliability/browser-helpers.js';

const prosody = inject('prosody');
const password = prosody.users.find((u) => u.username === 'alice')!.password;
const ALICE = `alice@${prosody.host}`;
const BOB = `bob@${prosody.host}`;

let client: PresenceClient;
let wire: Wire;
let root: HTMLElement;
const onlines: Array<{ resumed: boolean; at: number }> = [];
const dot = () => root.querySelector<HTMLElement>('presently-dot')!;
const rosterRequests = () => wire.sent.filter((f) => f.includes('jabber:iq:roster') && /type=["']get["']/.test(f)).length;
const tracked = <T>(p: Promise<T>) => {
  const t = { state: 'pending' as 'pending' | 'resolved' | 'rejected', error: undefined as unknown };
  p.then(
    () => (t.state = 'resolved'),
    (e: unknown) => {
      t.state = 'rejected';
      t.error = e;
    },
  );
  return t;
};

async function ensureServer(): Promise<void> {
  await commands.prosodyResume().catch(() => {});
  if (!(await commands.prosodyRunning())) await commands.prosodyRestart();
}

beforeAll(async () => {
  await ensureServer();
  await commands.peerConnect('bob', { presence: { show: 'dnd', status: 'In a meeting' } });
  wire = recordingWebSocket();
  // Default grace (10 s), default timings: pings after 60 s of silence, 10 s to answer an ack request.
  client = createPresenceClient({
    service: prosody.wsUrl,
    jid: ALICE,
    credentials: async () => ({ password }),
    resource: 'resume',
    WebSocket: wire.WebSocket,
  });
  client.on('online', (info) => onlines.push({ ...info, at: performance.now() }));
  root = document.createElement('main');
  const d = document.createElement('presently-dot') as HTMLElement & { client: PresenceClient };
  d.client = client;
  d.setAttribute('jid', BOB);
  root.append(d);
  document.body.append(root);
  await client.start();
  await waitUntil(() => dot().getAttribute('show') === 'dnd', 10_000, 'bob dnd');
});

afterEach(async () => {
  await ensureServer();
});

afterAll(async () => {
  await client?.stop();
  root?.remove();
  await commands.peerStopAll();
});

describe('XEP-0198 resumption', () => {
  // First, on a session that was never resumed: Prosody 0.12 leaves a WebSocket close frame from the
  // browser unanswered on a connection that resumed a session (an XMPP <close/> still works), so
  // closing such a socket from the page would look like a hung network rather than a drop.
  it('a dropped socket: resumed at once, a message sent into the dying socket delivered once', async () => {
    const history = recordShows(dot());
    const rosterBefore = rosterRequests();
    const onlineBefore = onlines.length;
    const tag = Math.random().toString(36).slice(2, 8);
    const socket = wire.current!;
    const droppedAt = performance.now();
    socket.close();
    // The client has not seen the close yet: this goes into a closing socket and is lost on the wire.
    const lost = tracked(client.sendMessage(BOB, `into the void ${tag}`));
    await waitUntil(() => onlines.length > onlineBefore, 10_000, "'online' again");
    const resumeMs = onlines.at(-1)!.at - droppedAt;
    expect(onlines.at(-1)!.resumed).toBe(true);
    await waitUntil(() => lost.state !== 'pending', 10_000, 'the send to settle');
    expect(lost.state).toBe('resolved');
    await commands.peerWaitForMessage('bob', { from: 'alice', bodyIncludes: tag }, 10_000);
    await sleep(1500);
    expect(await commands.peerMessages('bob', { from: 'alice', bodyIncludes: tag })).toHaveLength(1);
    expect(rosterRequests()).toBe(rosterBefore);
    history.stop();
    expect(history.changes.map(([, s]) => s)).toEqual(['dnd']);
    // And the session is live: a change made now shows.
    await commands.peerPresence('bob', { show: 'away', status: 'Back soon' });
    await waitUntil(() => dot().getAttribute('show') === 'away', 5000, 'bob away');
    console.log(`[reliability] dropped socket: resumed ${Math.round(resumeMs)} ms after the drop`);
  }, 30_000);

  it('a silent server: detected, resumed, the unacknowledged and the queued message each delivered once, in order', async () => {
    const history = recordShows(dot());
    const initial = dot().getAttribute('show');
    expect(initial).toBe('away');
    const rosterBefore = rosterRequests();
    const onlineBefore = onlines.length;
    const tag = Math.random().toString(36).slice(2, 8);

    await commands.prosodyPause();
    const pausedAt = performance.now();
    // Written to the socket, never acknowledged: the server is stopped.
    const unacked = tracked(client.sendMessage(BOB, `unacked ${tag}`));
    const detectedMs = await waitUntil(() => client.status !== 'online', 20_000, 'the dead connection to be noticed');
    // Queued in the outbox while reconnecting.
    const queued = tracked(client.sendMessage(BOB, `queued ${tag}`));
    expect([unacked.state, queued.state]).toEqual(['pending', 'pending']);
    await sleep(1000);
    await commands.prosodyResume();
    const resumedAt = performance.now();

    await waitUntil(() => onlines.length > onlineBefore, 20_000, "'online' again");
    const resumeMs = onlines.at(-1)!.at - resumedAt;
    expect(onlines.at(-1)!.resumed).toBe(true);
    await waitUntil(() => unacked.state !== 'pending' && queued.state !== 'pending', 10_000, 'both sends to settle');
    expect([unacked.state, queued.state]).toEqual(['resolved', 'resolved']);

    await commands.peerWaitForMessage('bob', { from: 'alice', bodyIncludes: `queued ${tag}` }, 10_000);
    await sleep(1500);
    const got = (await commands.peerMessages('bob', { from: 'alice', bodyIncludes: tag })).map((m) => m.body);
    expect(got).toEqual([`unacked ${tag}`, `queued ${tag}`]);
    // Resumed, not rebuilt: no new roster request, and the dot never changed.
    expect(rosterRequests()).toBe(rosterBefore);
    history.stop();
    expect(history.changes.map(([, s]) => s)).toEqual([initial]);
    console.log(
      `[reliability] silent server: dead connection noticed ${Math.round(detectedMs)} ms after SIGSTOP; resumed ${Math.round(resumeMs)} ms after SIGCONT ` +
        `(${Math.round(performance.now() - pausedAt)} ms in all)`,
    );
  }, 60_000);
});
