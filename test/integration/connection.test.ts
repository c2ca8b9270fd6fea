/**
 * The connection layer (packages/core/src/connection) against a real Prosody: SCRAM logins over
 * WebSocket (Node, through `ws`) and TCP, auth failure without a retry storm, the plaintext policy,
 * XEP-0198 acks and counting, crash and restart, a frozen server and session resumption, and
 * exactly-once, in-order delivery of queued messages to a raw peer.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { xml, type Element } from '../../packages/core/src/xml.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createConnection, type ConnectionOptions, type XmppConnection } from '../../packages/core/src/connection/index.js';
import { isPresenceError, type PresenceError } from '../../packages/core/src/errors.js';
import { connectPeer, type Peer } from '../server/peer.js';
import { startProsody, type ProsodyServer } from '../server/prosody.js';
import { hasOpenssl, selfSignedCertificate } from '../server/certificate.js';
import { TEST_USERS } from '../server/users.js';

const user = (name: string) => TEST_USERS.find((u) => u.username === name)!;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let server: ProsodyServer;
const open: XmppConnection[] = [];
const peers: Peer[] = [];

beforeAll(async () => {
  server = await startProsody({ users: [...TEST_USERS], smacksHibernationSeconds: 60 });
});
afterEach(async () => {
  if (!server.running) await server.restart();
  await Promise.all(open.splice(0).map((c) => c.stop()));
  await Promise.all(peers.splice(0).map((p) => p.stop().catch(() => {})));
});
afterAll(() => server?.stop());

function connect(overrides: Partial<ConnectionOptions> = {}): XmppConnection {
  const c = createConnection({
    service: server.wsUrl,
    jid: `alice@${server.host}`,
    password: user('alice').password,
    // Fast failure detection and retries, so the outage tests take seconds, not minutes.
    pingTimeoutMs: 1000,
    connectTimeoutMs: 1500,
    reconnect: { minDelayMs: 100, maxDelayMs: 400 },
    ...overrides,
  });
  open.push(c);
  return c;
}

async function peer(name: string): Promise<Peer> {
  const p = await connectPeer(server, user(name));
  peers.push(p);
  return p;
}

function record(c: XmppConnection) {
  const statuses: string[] = [];
  const onlines: Array<{ resumed: boolean }> = [];
  const errors: PresenceError[] = [];
  const stanzas: Element[] = [];
  c.on('status', (s) => statuses.push(s));
  c.on('online', (i) => onlines.push(i));
  c.on('error', (e) => errors.push(e));
  c.on('stanza', (s) => stanzas.push(s));
  return { statuses, onlines, errors, stanzas };
}

const chat = (to: string, body: string) => xml('message', { to, type: 'chat' }, xml('body', {}, body));

describe('login', () => {
  // Login and SASL times are printed here and measured by `pnpm bench` (first presence); they are never
  // asserted in tests, which would flake on a shared machine.
  it('logs in with SCRAM over ws:// in Node through the ws package', async () => {
    expect((globalThis as { WebSocket?: unknown }).WebSocket).toBeUndefined();
    const c = connect();
    const t0 = performance.now();
    await c.start();
    const elapsed = performance.now() - t0;
    expect(c.status).toBe('online');
    expect(c.jid).toMatch(/^alice@localhost\/presently-/);
    expect(c.lastLogin).toMatchObject({ mechanism: 'SCRAM-SHA-1', resumed: false, streamManagement: true });
    console.info(
      `[connection] ws:// login ${elapsed.toFixed(1)} ms, SASL ${c.lastLogin!.saslMs.toFixed(1)} ms (${c.lastLogin!.mechanism})`,
    );
    const roster = await c.iq(xml('iq', { type: 'get' }, xml('query', { xmlns: 'jabber:iq:roster' })));
    expect(
      roster
        .getChild('query', 'jabber:iq:roster')!
        .getChildren('item')
        .map((i) => i.attrs.jid),
    ).toContain('bob@localhost');
  });

  it('logs in again and again over both transports (median login time printed)', async () => {
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    for (const [name, service] of [
      ['ws', server.wsUrl],
      ['tcp', server.tcpUrl],
    ] as const) {
      const totals: number[] = [];
      const sasl: number[] = [];
      for (let i = 0; i < 5; i++) {
        const c = connect({ service });
        const t0 = performance.now();
        await c.start();
        totals.push(performance.now() - t0);
        sasl.push(c.lastLogin!.saslMs);
        await c.stop();
      }
      console.info(`[connection] ${name} warm login median ${median(totals).toFixed(1)} ms (SASL median ${median(sasl).toFixed(1)} ms)`);
      expect(totals).toHaveLength(5);
    }
  });

  it('logs in with SCRAM over xmpp:// (TCP)', async () => {
    const c = connect({ service: server.tcpUrl, resource: 'tcp' });
    const t0 = performance.now();
    await c.start();
    const elapsed = performance.now() - t0;
    expect(c.jid).toBe('alice@localhost/tcp');
    expect(c.lastLogin).toMatchObject({ mechanism: 'SCRAM-SHA-1', streamManagement: true, encrypted: false });
    console.info(`[connection] xmpp:// login ${elapsed.toFixed(1)} ms, SASL ${c.lastLogin!.saslMs.toFixed(1)} ms`);
  });

  it('prefers SCRAM-SHA-256 when the server offers it', async () => {
    const sha256 = await startProsody({ users: [user('alice')], passwordHash: 'SHA-256' });
    try {
      const c = connect({ service: sha256.wsUrl });
      await c.start();
      expect(c.lastLogin).toMatchObject({ mechanism: 'SCRAM-SHA-256' });
      await c.stop();
    } finally {
      await sha256.stop();
    }
  });

  const openssl = hasOpenssl();

  it.skipIf(!openssl)('upgrades xmpp:// with STARTTLS and verifies the certificate', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'presently-tls-'));
    const { certPath: crt, keyPath: key } = selfSignedCertificate(dir);
    const tlsServer = await startProsody({
      users: [user('alice')],
      extraModules: ['tls'],
      extraConfig: { ssl: { certificate: crt, key } },
    });
    const previous = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    try {
      // Verification is on: a self-signed certificate is refused, and no password is sent in clear instead.
      const refused = connect({ service: tlsServer.tcpUrl, reconnect: false });
      await expect(refused.start()).rejects.toMatchObject({ code: 'connection-failed', message: expect.stringMatching(/self-signed/) });
      // Trusting it (for this test only), the login runs over TLS.
      process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
      const c = connect({ service: tlsServer.tcpUrl });
      await c.start();
      expect(c.lastLogin).toMatchObject({ encrypted: true, mechanism: 'SCRAM-SHA-1' });
      await c.stop();
    } finally {
      if (previous === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
      else process.env.NODE_TLS_REJECT_UNAUTHORIZED = previous;
      await tlsServer.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('asks credentials() on every login and never puts the password in errors or events', async () => {
    let calls = 0;
    const c = connect({ password: undefined, credentials: async () => (calls++, { password: user('alice').password }) });
    const rec = record(c);
    await c.start();
    expect(calls).toBe(1);
    await server.kill();
    await expect.poll(() => c.status).toBe('reconnecting');
    await server.restart();
    await expect.poll(() => rec.onlines.length, { timeout: 10_000 }).toBe(2);
    expect(calls).toBe(2);
    const seen = JSON.stringify([rec.errors.map((e) => [e.message, String(e.cause ?? '')]), rec.statuses]);
    expect(seen).not.toContain(user('alice').password);
  });

  it('a wrong password fails with auth-failed once, goes offline and does not retry', async () => {
    const c = connect({ password: 'wrong-password' });
    const rec = record(c);
    const failure = await c.start().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isPresenceError(failure, 'auth-failed')).toBe(true);
    expect(String((failure as Error).message)).not.toContain('wrong-password');
    expect(c.status).toBe('offline');
    await sleep(3000);
    expect(c.connectAttempts).toBe(1);
    expect(c.status).toBe('offline');
    expect(rec.statuses).toEqual(['connecting', 'offline']);
    // A queued send after the failure is refused, not held forever.
    await expect(c.send(chat('bob@localhost', 'hi'), { queue: true })).rejects.toMatchObject({ code: 'not-connected' });
  });

  it('refuses ws:// to a non-loopback host before connecting', async () => {
    const c = connect({ service: 'ws://example.com/xmpp-websocket' });
    await expect(c.start()).rejects.toMatchObject({ code: 'insecure-transport' });
    expect(c.connectAttempts).toBe(0);
    expect(c.status).toBe('offline');
  });
});

describe('stream management', () => {
  it('enables XEP-0198, resolves a queued send on the ack, and keeps counting right under a stanza burst', async () => {
    const bob = await peer('bob');
    const c = connect();
    const rec = record(c);
    // Ask for the roster and announce ourselves the moment we are online: the replies and the
    // presence burst race the enablement, which is what broke @xmpp/client's counter.
    c.on('online', () => {
      void c.iq(xml('iq', { type: 'get' }, xml('query', { xmlns: 'jabber:iq:roster' }))).catch(() => {});
      void c.send(xml('presence')).catch(() => {});
    });
    await c.start();
    expect(c.lastLogin!.streamManagement).toBe(true);

    const sent = c.send(chat('bob@localhost', 'acked?'), { queue: true });
    expect(c.outboxSize).toBe(1);
    await sent;
    expect(c.outboxSize).toBe(0);
    await bob.waitForMessage({ from: 'alice@localhost', bodyIncludes: 'acked?' });

    // 30 inbound stanzas; Prosody asks for an ack after each and closes the stream on a wrong count.
    for (let i = 0; i < 30; i++) await bob.sendMessage('alice@localhost', `burst ${i}`);
    await expect.poll(() => rec.stanzas.filter((s) => s.getChildText('body')?.startsWith('burst')).length).toBe(30);
    await sleep(1000);
    expect(c.connectAttempts).toBe(1);
    expect(rec.statuses).toEqual(['connecting', 'online']);
    expect(server.logTail(400)).not.toMatch(/client says it handled/i);
  });

  it('answers pings and unknown IQ requests as RFC 6120 requires', async () => {
    const c = connect({ resource: 'iq' });
    await c.start();
    const bob = await peer('bob');
    const ping = await bob.iq(`<iq type="get" to="alice@localhost/iq" id="p1"><ping xmlns="urn:xmpp:ping"/></iq>`);
    expect(ping).toMatch(/type="result"/);
    const unknown = await bob
      .iq(`<iq type="get" to="alice@localhost/iq" id="u1"><query xmlns="urn:example:nothing"/></iq>`)
      .catch((e: unknown) => String(e));
    expect(unknown).toMatch(/service-unavailable/);
    c.handleIq('get', 'urn:example:answer', 'query', () => xml('query', { xmlns: 'urn:example:answer' }, xml('value', {}, '42')));
    expect(await bob.iq(`<iq type="get" to="alice@localhost/iq" id="a1"><query xmlns="urn:example:answer"/></iq>`)).toContain(
      '<value>42</value>',
    );
  });
});

describe('outages', () => {
  it('server killed: reconnecting; server back: online again as a new session', async () => {
    const c = connect();
    const rec = record(c);
    await c.start();
    await server.kill();
    await expect.poll(() => c.status).toBe('reconnecting');
    await sleep(800); // a few failed attempts against a closed port
    expect(c.connectAttempts).toBeGreaterThan(1);
    await server.restart();
    await expect.poll(() => rec.onlines.length, { timeout: 10_000 }).toBe(2);
    expect(rec.onlines).toEqual([{ resumed: false }, { resumed: false }]);
    expect(c.status).toBe('online');
    expect(rec.statuses.slice(0, 3)).toEqual(['connecting', 'online', 'reconnecting']);
    expect(rec.statuses.at(-1)).toBe('online');
  });

  it('a message sent while the server is down is delivered once after the restart, in order', async () => {
    const bob = await peer('bob');
    const c = connect();
    const rec = record(c);
    await c.start();
    await c.send(chat('bob@localhost', 'order-1'), { queue: true });
    await server.kill();
    await expect.poll(() => c.status).toBe('reconnecting');
    await expect(c.send(chat('bob@localhost', 'not queued'))).rejects.toMatchObject({ code: 'not-connected' });
    const whileDown = c.send(chat('bob@localhost', 'order-2'), { queue: true });
    expect(c.outboxSize).toBe(1);
    await server.restart();
    await expect.poll(() => rec.onlines.length, { timeout: 10_000 }).toBe(2);
    await whileDown;
    await c.send(chat('bob@localhost', 'order-3'), { queue: true });
    await expect.poll(() => bob.findMessages({ bodyIncludes: 'order-' }).length, { timeout: 10_000 }).toBe(3);
    await sleep(500);
    expect(bob.findMessages({ bodyIncludes: 'order-' }).map((m) => m.body)).toEqual(['order-1', 'order-2', 'order-3']);
  });

  it('server frozen (SIGSTOP): detects the dead link, resumes the session, delivers the queued message exactly once', async () => {
    const bob = await peer('bob');
    const c = connect();
    const rec = record(c);
    await c.start();
    server.pause();
    let resumedServer = false;
    try {
      const inFlight = c.send(chat('bob@localhost', 'frozen-1'), { queue: true });
      await expect.poll(() => c.status, { timeout: 5000 }).toBe('reconnecting');
      const queued = c.send(chat('bob@localhost', 'frozen-2'), { queue: true });
      await sleep(1500);
      server.resume();
      resumedServer = true;
      await expect.poll(() => rec.onlines.length, { timeout: 15_000 }).toBe(2);
      expect(rec.onlines[1]).toEqual({ resumed: true });
      await Promise.all([inFlight, queued]);
      await expect.poll(() => bob.findMessages({ bodyIncludes: 'frozen-' }).length, { timeout: 10_000 }).toBe(2);
      await sleep(1000);
      expect(bob.findMessages({ bodyIncludes: 'frozen-' }).map((m) => m.body)).toEqual(['frozen-1', 'frozen-2']);
      expect(c.outboxSize).toBe(0);
    } finally {
      if (!resumedServer) server.resume();
    }
  });
});

describe('stop', () => {
  it('closes cleanly, rejects the outbox with stopped, can be called twice, and start() works again', async () => {
    const c = connect();
    const rec = record(c);
    await c.start();
    await server.kill();
    await expect.poll(() => c.status).toBe('reconnecting');
    const queued = c.send(chat('bob@localhost', 'dropped'), { queue: true }).catch((e: unknown) => e);
    await Promise.all([c.stop(), c.stop()]);
    expect(await queued).toMatchObject({ code: 'stopped' });
    expect(c.status).toBe('offline');
    expect(c.outboxSize).toBe(0);
    await server.restart();
    const attempts = c.connectAttempts;
    await c.start();
    expect(c.status).toBe('online');
    expect(c.connectAttempts).toBe(attempts + 1);
    expect(rec.onlines.at(-1)).toEqual({ resumed: false });
    await c.stop();
    await sleep(300);
    expect(c.status).toBe('offline');
  });
});
