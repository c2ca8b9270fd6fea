// Reliability of sending, against a real Prosody that is killed and restarted under the client:
// the outbox delivers exactly once and in order, sendMessage resolves on the server's ack and rejects
// when the message can never be sent, and chat states are never queued. docs/reliability.md cites
// these tests by name.
import { describe, expect, it } from 'vitest';
import { isPresenceError } from '../../packages/core/src/index.js';
import { sleep, track, until, user, useProsodySuite } from '../reliability/node-helpers.js';

const suite = useProsodySuite({ smacksHibernationSeconds: 30 });
const { alice, peer, jid } = suite;

describe('outbox across a server crash', () => {
  it('messages sent while the server is dead are delivered exactly once, in order, and resolve only on the ack', async () => {
    const bob = await peer('bob');
    const a = alice();
    await a.client.start();
    await suite.server.kill();
    await until(() => a.client.status !== 'online', 5000, 'the client to notice the crash');

    const bodies = Array.from({ length: 5 }, (_, i) => `outage ${i + 1} ${Math.random().toString(36).slice(2, 8)}`);
    const sends = bodies.map((b) => track(a.client.sendMessage(jid('bob'), b)));
    expect(a.client.diagnostics.outbox).toBe(5);
    await sleep(1500);
    // Nothing can have been acknowledged by a server that isn't there.
    expect(sends.map((s) => s.state())).toEqual(bodies.map(() => 'pending'));

    await suite.server.restart();
    await until(() => sends.every((s) => s.state() !== 'pending'), 45_000, 'the queued sends to settle');
    expect(sends.map((s) => s.state())).toEqual(bodies.map(() => 'resolved'));
    expect(a.client.diagnostics.outbox).toBe(0);

    await bob.waitForMessage({ from: jid('alice'), bodyIncludes: bodies[4]! }, 15_000);
    await sleep(1500); // a duplicate would arrive by now
    const got = bob.findMessages({ from: jid('alice') }).filter((m) => m.body?.startsWith('outage '));
    expect(got.map((m) => m.body)).toEqual(bodies);
  });

  it('a message whose promise resolved is on the server: it arrives even though the recipient logs in later', async () => {
    const a = alice();
    await a.client.start();
    const body = `for later ${Date.now()}`;
    const sent = await a.client.sendMessage(jid('carol'), body);
    expect(sent.id).toBeTruthy();
    // Carol was offline: the server stored it (mod_offline) because it acknowledged it.
    const carol = await peer('carol');
    const m = await carol.waitForMessage({ from: jid('alice'), bodyIncludes: body }, 10_000);
    expect(m.id).toBe(sent.id);
  });
});

describe('sendMessage rejects when the message can never be sent', () => {
  it('before start: not-connected, at once', async () => {
    const a = alice();
    await expect(a.client.sendMessage(jid('bob'), 'too early')).rejects.toMatchObject({ code: 'not-connected' });
  });

  it('stop() during an outage rejects every queued send with stopped', async () => {
    const a = alice();
    await a.client.start();
    await suite.server.kill();
    await until(() => a.client.status !== 'online', 5000, 'the client to notice the crash');
    const queued = [track(a.client.sendMessage(jid('bob'), 'one')), track(a.client.sendMessage(jid('bob'), 'two'))];
    await a.client.stop();
    await until(() => queued.every((q) => q.state() !== 'pending'), 2000, 'the sends to settle');
    for (const q of queued) expect(isPresenceError(q.error, 'stopped')).toBe(true);
    expect(a.client.status).toBe('offline');
  });

  it('a password changed during the outage: the reconnect fails auth, queued sends reject auth-failed, no retries', async () => {
    const a = alice({ reconnect: { minDelayMs: 200, maxDelayMs: 400 } });
    await a.client.start();
    await suite.server.kill();
    await until(() => a.client.status !== 'online', 5000, 'the client to notice the crash');
    const queued = track(a.client.sendMessage(jid('bob'), 'never'));
    await suite.server.register('alice', 'a-new-password');
    try {
      await suite.server.restart();
      await until(() => queued.state() !== 'pending', 15_000, 'the queued send to settle');
      expect(isPresenceError(queued.error, 'auth-failed')).toBe(true);
      expect(a.client.status).toBe('offline');
      const attempts = a.client.diagnostics.connectAttempts;
      await sleep(2000);
      expect(a.client.diagnostics.connectAttempts).toBe(attempts);
      expect(a.errors.filter((e) => e.code === 'auth-failed')).toHaveLength(1);
    } finally {
      await suite.server.register('alice', user('alice').password);
    }
  });

  it('the outbox is bounded: past its limit a send rejects flood instead of growing memory', async () => {
    const a = alice();
    await a.client.start();
    await suite.server.kill();
    await until(() => a.client.status !== 'online', 5000, 'the client to notice the crash');
    const sends = Array.from({ length: 1001 }, (_, i) => track(a.client.sendMessage(jid('bob'), `bulk ${i}`)));
    await sleep(50);
    expect(sends.filter((s) => s.state() === 'rejected').map((s) => (s.error as { code?: string }).code)).toEqual(['flood']);
    expect(a.client.diagnostics.outbox).toBe(1000);
    await a.client.stop();
  });
});

describe('chat states are not queued', () => {
  it('a composing sent during an outage never reaches the peer after the reconnect', async () => {
    const bob = await peer('bob');
    const a = alice();
    await a.client.start();
    await suite.server.kill();
    await until(() => a.client.status !== 'online', 5000, 'the client to notice the crash');
    await expect(a.client.sendChatState(jid('bob'), 'composing')).resolves.toBeUndefined();
    const marker = track(a.client.sendMessage(jid('bob'), 'after the outage'));
    await suite.server.restart();
    await until(() => marker.state() !== 'pending', 45_000, 'the message to be acknowledged');
    await bob.waitForMessage({ from: jid('alice'), bodyIncludes: 'after the outage' }, 15_000);
    await sleep(500);
    // The message carries <active/> (XEP-0085 §5.5); a standalone composing must not have been sent.
    expect(bob.findMessages({ from: jid('alice'), chatState: 'composing' })).toHaveLength(0);
  });
});
