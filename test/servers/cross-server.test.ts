// The same scenarios against every server Presently supports, each started from its documented
// config (docs/servers/): sign-in with SCRAM, the shared roster, presence over two resources, chat
// states, messages with receipts, and stream resumption (XEP-0198) after a dropped connection.
// Alice runs @presently/core over WebSocket, as in a browser; the others are scripted peers
// (test/server/peer.ts). PRESENTLY_QUICK=1 runs only Prosody 0.12.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createPresenceClient,
  type ChatMessage,
  type ClientOptions,
  type PresenceClient,
  type PresenceError,
} from '../../packages/core/src/index.js';
import { request } from 'node:https';
import WebSocket from 'ws';
import { startCutProxy, type CutProxy } from '../server/cut-proxy.js';
import type { EjabberdServer } from '../server/ejabberd.js';
import { startNginx, type NginxProxy } from '../server/nginx.js';
import { connectPeer, type Peer, type PeerOptions } from '../server/peer.js';
import { mechanismsIn, websocketFeatures } from '../server/probe.js';
import { serversUnderTest, startServer, TEST_ORIGIN, type TestServer } from '../server/servers.js';
import { TEST_USERS } from '../server/users.js';

const user = (name: string) => TEST_USERS.find((u) => u.username === name)!;

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.each(serversUnderTest())('%s', (kind) => {
  let server: TestServer;
  let startedInMs = 0;
  const clients: PresenceClient[] = [];
  const peers: Peer[] = [];
  const errors: PresenceError[] = [];
  const jid = (name: string) => `${name}@${server.host}`;

  function alice(extra: Partial<ClientOptions> = {}): PresenceClient {
    const client = createPresenceClient({
      service: server.wsUrl,
      jid: jid('alice'),
      password: user('alice').password,
      resource: 'web',
      ...extra,
    });
    client.on('error', (e) => errors.push(e));
    clients.push(client);
    return client;
  }

  async function peer(name: string, options: PeerOptions = {}): Promise<Peer> {
    const p = await connectPeer(server, user(name), { transport: 'ws', ...options });
    peers.push(p);
    return p;
  }

  beforeAll(async () => {
    const t = performance.now();
    server = await startServer(kind, { users: [...TEST_USERS], resumeSeconds: 60 });
    startedInMs = performance.now() - t;
    console.log(`[servers] ${kind} up with ${TEST_USERS.length} accounts in ${Math.round(startedInMs)} ms`);
  });

  afterEach(async () => {
    await Promise.all(peers.splice(0).map((p) => p.stop().catch(() => {})));
    await Promise.all(clients.splice(0).map((c) => c.stop().catch(() => {})));
    const reported = errors.splice(0);
    expect(reported.map((e) => `${e.code}: ${e.message}`)).toEqual([]);
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('offers SCRAM-SHA-256 over WebSocket; Alice signs in, and a wrong password fails as auth-failed', async () => {
    const mechanisms = mechanismsIn(await websocketFeatures(server.wsUrl, server.host, { origin: TEST_ORIGIN }));
    expect(mechanisms).toContain('SCRAM-SHA-256');
    const client = alice();
    await client.start();
    expect(client.status).toBe('online');
    const wrong = alice({ password: 'not-the-password', resource: 'wrong', reconnect: false });
    await expect(wrong.start()).rejects.toMatchObject({ code: 'auth-failed' });
    errors.splice(0); // the wrong password's auth-failed is the point here
  });

  it('allowed origins: ejabberd refuses a WebSocket from another site; Prosody leaves that to the proxy', async () => {
    const foreign = websocketFeatures(server.wsUrl, server.host, { origin: 'https://elsewhere.example' });
    if (kind.startsWith('ejabberd')) {
      // websocket_origin in docs/servers/ejabberd.yml (the tests allow TEST_ORIGIN).
      await expect(foreign).rejects.toThrow('HTTP 403');
    } else {
      // Prosody has no origin check on WebSocket upgrades: docs/servers/nginx.conf does it.
      expect(await foreign).toContain('SCRAM-SHA-256');
    }
  });

  it("behind the documented nginx: TLS, the intranet's origin signs in, another origin gets 403, nothing but the WebSocket is served", async () => {
    const origin = TEST_ORIGIN;
    let nginx: NginxProxy | undefined;
    try {
      nginx = await startNginx({ upstreamPort: Number(new URL(server.wsUrl).port), allowedOrigin: origin });
      const ca = nginx.certificate;
      // What a browser on the intranet page does: wss:// with its page's Origin.
      class IntranetPageWebSocket extends WebSocket {
        constructor(url: string, protocols?: string | string[]) {
          super(url, protocols, { ca, origin });
        }
      }
      const client = alice({ service: nginx.wssUrl, WebSocket: IntranetPageWebSocket });
      await client.start();
      await peer('bob', { presence: { show: 'chat' } });
      await until(() => client.presenceOf(jid('bob')).show === 'chat', 5000, 'bob through the proxy');
      await expect(websocketFeatures(nginx.wssUrl, server.host, { ca, origin: 'https://elsewhere.example' })).rejects.toThrow('HTTP 403');
      const status = await new Promise<number>((resolve, reject) => {
        const req = request(`https://localhost:${nginx!.port}/api/status`, { method: 'POST', ca }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end('{}');
      });
      expect(status).toBe(404);
    } finally {
      await Promise.all(clients.splice(0).map((c) => c.stop()));
      await nginx?.stop();
    }
  });

  it('the shared group fills the roster, with the names the directory gave', async () => {
    const client = alice();
    await client.start();
    const team = TEST_USERS.filter((u) => u.group === 'Team' && u.username !== 'alice').map((u) => jid(u.username));
    await until(() => team.every((j) => client.roster().includes(j)), 5000, 'the team in the roster');
    expect(client.roster()).not.toContain(jid('mallory'));
    expect(client.presenceOf(jid('bob'))).toMatchObject({ name: 'Bob Baker', subscription: 'both' });
  });

  it('presence over two resources: the higher priority wins, the other takes over when it leaves', async () => {
    const client = alice();
    await client.start();
    const phone = await peer('bob', { resource: 'phone', presence: { show: 'away', status: 'On the train', priority: 0 } });
    const desk = await peer('bob', { resource: 'desk', presence: { show: 'dnd', status: 'Focus', priority: 5 } });
    await until(() => client.presenceOf(jid('bob')).resources.length === 2, 5000, "both of bob's resources");
    expect(client.presenceOf(jid('bob'))).toMatchObject({ show: 'dnd', status: 'Focus' });
    expect(client.presenceOf(jid('bob')).resources.map((r) => r.resource)).toEqual(['desk', 'phone']);
    await desk.goUnavailable();
    await until(() => client.presenceOf(jid('bob')).show === 'away', 5000, 'the phone to win');
    expect(client.presenceOf(jid('bob'))).toMatchObject({ status: 'On the train' });
    await phone.goUnavailable();
    await until(() => client.presenceOf(jid('bob')).show === 'offline', 5000, 'bob offline');
  });

  it('chat states both ways (XEP-0085)', async () => {
    const client = alice();
    await client.start();
    const bob = await peer('bob');
    await until(() => client.presenceOf(jid('bob')).show === 'available', 5000, 'bob available');
    await bob.sendChatState(jid('alice'), 'composing');
    await until(() => client.chatStateOf(jid('bob')) === 'composing', 5000, 'bob composing');
    await bob.sendChatState(jid('alice'), 'paused');
    await until(() => client.chatStateOf(jid('bob')) === 'paused', 5000, 'bob paused');
    client.sendChatState(jid('bob'), 'composing');
    const received = await bob.waitForMessage({ from: jid('alice'), chatState: 'composing' });
    expect(received.body).toBeUndefined();
  });

  it('messages both ways, with delivery receipts (XEP-0184)', async () => {
    const client = alice();
    const inbox: ChatMessage[] = [];
    const receipts: Array<{ id: string; from: string }> = [];
    client.on('message', (m) => inbox.push(m));
    client.on('receipt', (r) => receipts.push(r));
    await client.start();
    const bob = await peer('bob');
    await until(() => client.presenceOf(jid('bob')).show === 'available', 5000, 'bob available');
    const sent = await client.sendMessage(jid('bob'), 'Lunch at noon? <b>not markup</b>');
    const got = await bob.waitForMessage({ from: jid('alice'), bodyIncludes: 'Lunch' });
    expect(got.body).toBe('Lunch at noon? <b>not markup</b>');
    await until(() => receipts.some((r) => r.id === sent.id), 5000, 'the receipt');
    expect(receipts.find((r) => r.id === sent.id)!.from).toBe(jid('bob'));
    await bob.sendMessage(jid('alice'), 'Sure, see you there');
    await until(() => inbox.some((m) => m.body === 'Sure, see you there'), 5000, "bob's answer");
    expect(inbox.find((m) => m.body === 'Sure, see you there')).toMatchObject({ from: jid('bob'), direction: 'in' });
  });

  it('the archive (XEP-0313) keeps the conversation for the next sign-in', async () => {
    const first = alice({ resource: 'morning' });
    await first.start();
    const bob = await peer('bob');
    const body = `archived ${kind} ${Date.now()}`;
    await first.sendMessage(jid('bob'), body);
    await bob.waitForMessage({ from: jid('alice'), bodyIncludes: body });
    await first.stop();
    const later = alice({ resource: 'afternoon' });
    await later.start();
    const history = await later.history(jid('bob'), { max: 20 });
    expect(history.filter((m) => m.body === body)).toMatchObject([{ direction: 'out', to: jid('bob'), archived: true }]);
  });

  // ejabberd has no retention option: docs/servers/ejabberd.md runs delete_old_mam_messages daily.
  // (Prosody expires by itself: archive_expires_after in docs/servers/prosody.cfg.lua.)
  if (kind.startsWith('ejabberd')) {
    it('the documented retention job empties what is older than its days', async () => {
      const client = alice({ resource: 'retention' });
      await client.start();
      const body = `to be expired ${Date.now()}`;
      await client.sendMessage(jid('carol'), body);
      expect((await client.history(jid('carol'), { max: 20 })).map((m) => m.body)).toContain(body);
      // The daily job with 0 days instead of 365: everything older than now goes.
      await (server as unknown as EjabberdServer).api('delete_old_mam_messages', { type: 'all', days: 0 });
      expect((await client.history(jid('carol'), { max: 20 })).map((m) => m.body)).not.toContain(body);
    });
  }

  it('own status on the server (XEP-0223 PEP): survives a second session and a restart, and reaches the other session within a second', async () => {
    const bob = await peer('bob');
    const first = alice({ resource: 'first' });
    await first.start();
    const ends = new Date(Date.now() + 3_600_000);
    await first.setPresence({ show: 'dnd', status: `Focus on ${kind}`, until: ends });
    const second = alice({ resource: 'second' });
    await second.start();
    expect(second.ownPresence).toEqual({ show: 'dnd', status: `Focus on ${kind}`, until: ends });
    await first.stop();
    const third = alice({ resource: 'third' });
    await third.start();
    expect(third.ownPresence).toEqual({ show: 'dnd', status: `Focus on ${kind}`, until: ends });
    const fromAlice = (resource: string) => bob.presences.filter((p) => p.from === `${jid('alice')}/${resource}` && p.type === undefined);
    await until(() => fromAlice('second').length > 0 && fromAlice('third').length > 0, 5000, "bob hearing alice's new sessions");
    // Neither new session ever told Bob "available".
    expect([...fromAlice('second'), ...fromAlice('third')].map((p) => p.show)).not.toContain(undefined);

    // The node is private: a contact asking for it is refused (Prosody: forbidden, ejabberd: closed-node).
    const items = `<iq type='get' id='peek' to='${jid('alice')}'><pubsub xmlns='http://jabber.org/protocol/pubsub'><items node='urn:xmpp:presently:own-status:0'/></pubsub></iq>`;
    await expect(bob.iq(items)).rejects.toThrow(/forbidden|closed-node/);

    const changed = performance.now();
    await third.setPresence({ show: 'available' });
    await until(() => second.ownPresence.show === 'available', 1000, 'the change in the other session');
    console.log(`[servers] ${kind} own status third → second in ${Math.round(performance.now() - changed)} ms`);
    expect(second.ownPresence).toEqual({ show: 'available' });
  });

  it('a dropped connection resumes the session (XEP-0198): no new login, nothing lost', async () => {
    let proxy: CutProxy | undefined;
    try {
      proxy = await startCutProxy(Number(new URL(server.wsUrl).port));
      const service = server.wsUrl.replace(/:\d+\//, `:${proxy.port}/`);
      const client = alice({ service, reconnect: { minDelayMs: 100, maxDelayMs: 500 } });
      const onlines: boolean[] = [];
      const inbox: ChatMessage[] = [];
      client.on('online', ({ resumed }) => onlines.push(resumed));
      client.on('message', (m) => inbox.push(m));
      await client.start();
      const bob = await peer('bob', { presence: { show: 'away' } });
      await until(() => client.presenceOf(jid('bob')).show === 'away', 5000, 'bob away');
      const cutAt = performance.now();
      proxy.cut();
      await bob.sendMessage(jid('alice'), 'sent while you were cut off');
      await until(() => onlines.length === 2, 15_000, 'alice back online');
      const backMs = performance.now() - cutAt;
      expect(onlines).toEqual([false, true]);
      await until(() => inbox.some((m) => m.body === 'sent while you were cut off'), 5000, 'the message held for the session');
      expect(inbox.filter((m) => m.body === 'sent while you were cut off')).toHaveLength(1);
      expect(client.presenceOf(jid('bob')).show).toBe('away');
      console.log(`[servers] ${kind} resumed ${Math.round(backMs)} ms after the cut`);
    } finally {
      // Sign out before the proxy goes, or the client would retry against a closed port.
      await Promise.all(clients.splice(0).map((c) => c.stop()));
      await proxy?.close();
    }
  });
});
