// Reconnection against a real Prosody: full-jitter exponential backoff with a cap, never giving up
// while the server is merely down, giving up at once on a wrong password, `unknown` after the grace
// period (and not before), dead-connection detection and XEP-0198 resumption on a silent server,
// and XEP-0352 client state. docs/reliability.md cites these tests by name.
import { describe, expect, it } from 'vitest';
import { sleep, track, until, useProsodySuite } from '../reliability/node-helpers.js';

const suite = useProsodySuite({ smacksHibernationSeconds: 60 });
const { alice, peer, jid } = suite;

describe('backoff', () => {
  it('retries with full-jitter exponential delays that never exceed min·2^n or the cap', async () => {
    const base = 100;
    const cap = 800;
    const a = alice({ reconnect: { minDelayMs: base, maxDelayMs: cap } });
    await a.client.start();
    const failures: number[] = [];
    a.client.on('error', (e) => {
      if (e.code === 'connection-failed') failures.push(performance.now());
    });
    const killedAt = performance.now();
    await suite.server.kill();
    await sleep(8000);
    const attempts = failures.length;
    // Gap before retry n (n = 0 for the first retry after the first failure) is delay(n) + a refused connect.
    const gaps = failures.slice(1).map((t, i) => t - failures[i]!);
    const ceilings = gaps.map((_, n) => Math.min(cap, base * 2 ** (n + 1)));
    const over = gaps.map((g, n) => ({ n, gap: Math.round(g), ceiling: ceilings[n]! })).filter((x) => x.gap > x.ceiling + 150);
    expect(over).toEqual([]);
    // Never faster than a storm, never slower than the cap: in 8 s with an 800 ms cap, at least 6 tries.
    expect(attempts).toBeGreaterThanOrEqual(6);
    const capped = gaps.slice(4);
    const mean = capped.reduce((s, g) => s + g, 0) / capped.length;
    const sd = Math.sqrt(capped.reduce((s, g) => s + (g - mean) ** 2, 0) / capped.length);
    // Uniform on [0, 800): mean ≈ 400, sd ≈ 230. A fixed delay has sd ≈ 0; no delay has mean ≈ 0.
    expect(mean).toBeGreaterThan(150);
    expect(sd).toBeGreaterThan(60);
    console.log(
      `[reliability] backoff ${base}→${cap} ms: ${attempts} attempts in ${Math.round(performance.now() - killedAt)} ms; gaps ${gaps.map((g) => Math.round(g)).join(', ')}`,
    );
  });

  it('never gives up while the server is down: start() resolves once it comes back', async () => {
    await suite.server.kill();
    const a = alice({ reconnect: { minDelayMs: 200, maxDelayMs: 1000 } });
    const started = track(a.client.start());
    await sleep(3000);
    expect(started.state()).toBe('pending');
    expect(a.client.status).toBe('reconnecting');
    expect(a.client.diagnostics.connectAttempts).toBeGreaterThan(2);
    await suite.server.restart();
    await until(() => started.state() !== 'pending', 10_000, 'start() to settle');
    expect(started.state()).toBe('resolved');
    expect(a.client.status).toBe('online');
  });

  it('gives up at once on a wrong password: auth-failed, offline, one attempt', async () => {
    const a = alice({ password: 'not-the-password' });
    await expect(a.client.start()).rejects.toMatchObject({ code: 'auth-failed' });
    expect(a.client.status).toBe('offline');
    await sleep(3000);
    expect(a.client.diagnostics.connectAttempts).toBe(1);
  });
});

describe('the server goes away politely', () => {
  it('a graceful restart (system-shutdown) is not fatal: the client reconnects and rebuilds', async () => {
    await peer('bob', { presence: { show: 'dnd', status: 'Busy' } });
    const a = alice({ reconnect: { minDelayMs: 200, maxDelayMs: 1000 } });
    await a.client.start();
    await until(() => a.client.presenceOf(jid('bob')).show === 'dnd', 5000, 'bob dnd');
    await suite.server.restart();
    await until(() => a.onlines.length > 1, 15_000, 'back online');
    expect(a.onlines.at(-1)).toMatchObject({ resumed: false });
    await until(() => a.client.presenceOf(jid('bob')).show === 'dnd', 15_000, 'bob dnd again (the peer reconnects too)');
    expect(a.errors.filter((e) => e.code === 'auth-failed')).toEqual([]);
  }, 40_000);

  it('a resource conflict (another login took our resource) moves to a new resource instead of fighting over it', async () => {
    const first = alice({ resource: 'same' });
    await first.client.start();
    const second = alice({ resource: 'same' });
    await second.client.start();
    await until(() => first.onlines.length > 1, 10_000, 'the first client to come back');
    await sleep(3000);
    expect(first.client.status).toBe('online');
    expect(second.client.status).toBe('online');
    expect(first.client.jid).not.toBe(second.client.jid);
    expect(second.client.jid).toBe(`${jid('alice')}/same`);
    // One reconnect each at most: no tug of war.
    expect(first.client.diagnostics.connectAttempts).toBe(2);
    expect(second.client.diagnostics.connectAttempts).toBe(1);
  }, 30_000);
});

describe('grace period', () => {
  it('contacts keep their state through a short outage and read unknown once the grace period is over', async () => {
    const graceMs = 2000;
    await peer('bob', { presence: { show: 'dnd', status: 'In a meeting' } });
    const a = alice({ graceMs, reconnect: { minDelayMs: 60_000, maxDelayMs: 60_000 } });
    await a.client.start();
    await until(() => a.client.presenceOf(jid('bob')).show === 'dnd', 5000, 'bob dnd');
    await suite.server.kill();
    const detected = await until(() => a.client.status !== 'online', 5000, 'the client to notice');
    const lostAt = performance.now();
    await sleep(graceMs / 4);
    expect(a.client.presenceOf(jid('bob')).show).toBe('dnd');
    const tookMs = (await until(() => a.client.presenceOf(jid('bob')).show === 'unknown', graceMs + 2000, 'bob unknown')) + graceMs / 4;
    expect(tookMs).toBeGreaterThanOrEqual(graceMs - 50);
    expect(tookMs).toBeLessThanOrEqual(graceMs + 2000);
    expect(a.client.presenceOf(jid('bob')).status).toBeUndefined();
    console.log(
      `[reliability] crash noticed in ${Math.round(detected)} ms; unknown ${Math.round(performance.now() - lostAt)} ms after (grace ${graceMs} ms)`,
    );
  });
});

describe('a server that goes silent (SIGSTOP)', () => {
  it('is detected by an unanswered ack request and the session resumes (XEP-0198) with the message delivered once', async () => {
    const bob = await peer('bob', { presence: { show: 'away', status: 'Lunch' } });
    const a = alice();
    await a.client.start();
    await until(() => a.client.presenceOf(jid('bob')).show === 'away', 5000, 'bob away');
    const shows: string[] = [];
    a.client.watch(jid('bob'), (p) => shows.push(p.show));

    suite.server.pause();
    const body = `while silent ${Date.now()}`;
    const sent = track(a.client.sendMessage(jid('bob'), body));
    // pingTimeoutMs (10 s) after the ack request that followed the message, the stream is declared dead.
    const deadAfter = await until(() => a.client.status !== 'online', 20_000, 'the silence to be detected');
    expect(sent.state()).toBe('pending');
    await sleep(1000);
    suite.server.resume();
    const resumedAt = performance.now();
    await until(() => a.onlines.length > 1, 20_000, 'the session to come back');
    const resumeMs = performance.now() - resumedAt;
    expect(a.onlines.at(-1)).toMatchObject({ resumed: true });
    await until(() => sent.state() !== 'pending', 5000, 'the send to settle');
    expect(sent.state()).toBe('resolved');
    await bob.waitForMessage({ from: jid('alice'), bodyIncludes: body }, 10_000);
    await sleep(1000);
    expect(bob.findMessages({ from: jid('alice'), bodyIncludes: body })).toHaveLength(1);
    // Resumed within the grace period: Bob never flickered to unknown.
    expect(shows.filter((s) => s !== 'away')).toEqual([]);
    console.log(`[reliability] silent server detected after ${Math.round(deadAfter)} ms; resumed ${Math.round(resumeMs)} ms after SIGCONT`);
  }, 60_000);
});

describe('resumed after the grace period', () => {
  it('contacts read unknown during the outage and their real state again once the session resumes', async () => {
    const graceMs = 1000;
    const bob = await peer('bob', { presence: { show: 'away', status: 'Lunch' } });
    const a = alice({ graceMs });
    await a.client.start();
    await until(() => a.client.presenceOf(jid('bob')).show === 'away', 5000, 'bob away');
    suite.server.pause();
    // An unanswered ack request after this send ends the stream pingTimeoutMs (10 s) later.
    void a.client.sendMessage(jid('bob'), 'ping?').catch(() => {});
    await until(() => a.client.status !== 'online', 20_000, 'the silence to be detected');
    await until(() => a.client.presenceOf(jid('bob')).show === 'unknown', graceMs + 2000, 'bob unknown after the grace period');
    suite.server.resume();
    await until(() => a.onlines.length > 1, 20_000, 'the session to come back');
    expect(a.onlines.at(-1)).toMatchObject({ resumed: true });
    // Bob never changed: the server has nothing new to tell us, so the client must find out again.
    const back = await until(() => a.client.presenceOf(jid('bob')).show === 'away', 10_000, 'bob away again').catch((e: Error) => e);
    expect(back).not.toBeInstanceOf(Error);
    expect(a.client.presenceOf(jid('bob')).status).toBe('Lunch');
    expect(bob.sessions).toBe(1);
  }, 60_000);
});

describe('client state indication (XEP-0352)', () => {
  it('in the background the server holds presence changes back; back in the foreground they arrive', async () => {
    const bob = await peer('bob');
    const a = alice();
    await a.client.start();
    await until(() => a.client.presenceOf(jid('bob')).show === 'available', 5000, 'bob available');
    a.client.setInactive(true);
    await sleep(300);
    await bob.setPresence({ show: 'xa', status: 'Gone fishing' });
    await sleep(1500);
    // mod_csi_simple queues presence updates for inactive clients.
    expect(a.client.presenceOf(jid('bob')).show).toBe('available');
    a.client.setInactive(false);
    const ms = await until(() => a.client.presenceOf(jid('bob')).show === 'xa', 3000, 'the held presence');
    expect(a.client.presenceOf(jid('bob')).status).toBe('Gone fishing');
    console.log(`[reliability] CSI: held presence delivered ${Math.round(ms)} ms after setInactive(false)`);
  });

  it('a message with a body still arrives at once while inactive', async () => {
    const bob = await peer('bob');
    const a = alice();
    await a.client.start();
    a.client.setInactive(true);
    await sleep(300);
    const got: string[] = [];
    a.client.on('message', (m) => got.push(m.body));
    await bob.sendMessage(jid('alice'), 'urgent');
    await until(() => got.includes('urgent'), 2000, 'the message');
  });
});
