import { xml, type Element } from '../xml.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createConnection, type XmppConnection } from './connection.js';
import type { ConnectionOptions } from './options.js';
import { FakeServer, type FakeServerOptions } from '../../test-support/fake-server.js';
import type { PresenceError } from '../errors.js';

const NS_SM = 'urn:xmpp:sm:3';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const open: XmppConnection[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.stop()));
  vi.restoreAllMocks();
});

function setup(serverOptions: FakeServerOptions = {}, options: Partial<ConnectionOptions> = {}) {
  const server = new FakeServer(serverOptions);
  const c = createConnection({
    service: 'ws://localhost:5280/xmpp-websocket',
    jid: 'alice@localhost',
    password: 'pw',
    resource: 'unit',
    WebSocket: server.WebSocket,
    reconnect: { minDelayMs: 5, maxDelayMs: 20 },
    pingTimeoutMs: 300,
    ...options,
  });
  open.push(c);
  const statuses: string[] = [];
  const onlines: Array<{ resumed: boolean }> = [];
  const errors: PresenceError[] = [];
  const stanzas: Element[] = [];
  c.on('status', (s) => statuses.push(s));
  c.on('online', (i) => onlines.push(i));
  c.on('error', (e) => errors.push(e));
  c.on('stanza', (s) => stanzas.push(s));
  return { server, c, statuses, onlines, errors, stanzas };
}

const chat = (body: string) => xml('message', { to: 'bob@localhost', type: 'chat' }, xml('body', {}, body));
const bodies = (els: Element[]) => els.filter((e) => e.name === 'message').map((e) => e.getChildText('body'));
const msg = (body: string, from = 'bob@localhost/x') =>
  `<message xmlns="jabber:client" from="${from}" type="chat"><body>${body}</body></message>`;
const R = `<r xmlns="${NS_SM}"/>`;

async function lastAck(server: FakeServer): Promise<number> {
  const before = server.last.received.filter((e) => e.is('a', NS_SM)).length;
  server.last.push(R);
  await expect.poll(() => server.last.received.filter((e) => e.is('a', NS_SM)).length).toBe(before + 1);
  return server.last.lastClientH!;
}

describe('XEP-0198 inbound counting', () => {
  it('counts stanzas that arrive in the same read as <enabled/> (the @xmpp/client 0.14 bug)', async () => {
    const { server, c, stanzas } = setup({
      afterEnabled: [msg('one'), `<presence xmlns="jabber:client" from="bob@localhost/x"/>`, msg('two')],
    });
    await c.start();
    expect(await lastAck(server)).toBe(3);
    expect(server.last.sentStanzas).toBe(3);
    // And they reached the model, after 'online', in order.
    expect(stanzas.map((s) => s.name)).toEqual(['message', 'presence', 'message']);
  });

  it('does not count what the server sent before <enabled/> (it was not counting yet), but delivers it', async () => {
    const { server, c, stanzas } = setup({ beforeEnabled: [msg('early')], afterEnabled: [msg('late')] });
    await c.start();
    expect(await lastAck(server)).toBe(1);
    expect(bodies(stanzas)).toEqual(['early', 'late']);
  });

  it('counts stanzas it drops: malformed ones and oversized ones', async () => {
    const { server, c, errors, stanzas } = setup({}, { maxStanzaSize: 2000 });
    await c.start();
    server.last.push(
      msg('ok-1'),
      `<message xmlns="jabber:client" from="not a jid@@" type="chat"><body>bad</body></message>`,
      msg('x'.repeat(5000)),
      `<presence xmlns="jabber:client" type="bogus"/>`,
      msg('ok-2'),
    );
    expect(await lastAck(server)).toBe(5);
    expect(bodies(stanzas)).toEqual(['ok-1', 'ok-2']);
    expect(errors.map((e) => e.code)).toEqual(['malformed-stanza', 'flood', 'malformed-stanza']);
    expect(errors[1]!.message).toMatch(/<message> of more than/);
    expect(c.connectAttempts).toBe(1);
  });

  it('counts across resumption (h continues) and wraps nothing before 2^32', async () => {
    const { server, c, onlines } = setup({ afterEnabled: [msg('a'), msg('b')] });
    await c.start();
    server.last.close(false);
    await expect.poll(() => onlines.length).toBe(2);
    expect(onlines[1]).toEqual({ resumed: true });
    expect(server.last.received.find((e) => e.is('resume', NS_SM))?.attrs.h).toBe('2');
    server.last.push(msg('c'));
    expect(await lastAck(server)).toBe(3);
  });
});

describe('XEP-0198 outbound: acks, resumption, exactly once', () => {
  it('resolves a queued send on the ack, not on the write', async () => {
    const { server, c } = setup({ acks: false });
    await c.start();
    let done = false;
    const sent = c.send(chat('hello'), { queue: true }).then(() => (done = true));
    await sleep(30);
    expect(bodies(server.last.received)).toEqual(['hello']);
    expect(server.last.received.some((e) => e.is('r', NS_SM))).toBe(true);
    expect(done).toBe(false);
    expect(c.outboxSize).toBe(1);
    server.last.push(`<a xmlns="${NS_SM}" h="1"/>`);
    await sent;
    expect(c.outboxSize).toBe(0);
  });

  it('on <resumed h>: resolves what the server handled and resends the rest once, in order', async () => {
    const { server, c, onlines } = setup({ acks: false });
    await c.start();
    const results: string[] = [];
    const sends = ['m1', 'm2', 'm3'].map((b) => c.send(chat(b), { queue: true }).then(() => results.push(b)));
    await expect.poll(() => bodies(server.last.received)).toEqual(['m1', 'm2', 'm3']);
    server.last.handled = 1; // the server only got to m1 before the link died
    server.last.close(false);
    await expect.poll(() => onlines.length).toBe(2);
    expect(onlines[1]).toEqual({ resumed: true });
    expect(bodies(server.last.received)).toEqual(['m2', 'm3']);
    server.last.push(`<a xmlns="${NS_SM}" h="3"/>`);
    await Promise.all(sends);
    expect(results).toEqual(['m1', 'm2', 'm3']);
    expect(bodies(server.sent('message'))).toEqual(['m1', 'm2', 'm3', 'm2', 'm3']);
  });

  it('on <failed h>: never resends what was handled, resends the rest once on a fresh session, online {resumed:false}', async () => {
    const { server, c, onlines } = setup({ acks: false, resume: 'failed', failedH: true });
    await c.start();
    const sends = ['m1', 'm2', 'm3'].map((b) => c.send(chat(b), { queue: true }));
    await expect.poll(() => bodies(server.last.received)).toEqual(['m1', 'm2', 'm3']);
    server.last.handled = 1;
    server.last.close(false);
    await expect.poll(() => onlines.length).toBe(2);
    expect(onlines[1]).toEqual({ resumed: false });
    const fresh = server.last.received;
    expect(fresh.findIndex((e) => e.name === 'iq' && !!e.getChild('bind'))).toBeLessThan(fresh.findIndex((e) => e.name === 'message'));
    expect(bodies(fresh)).toEqual(['m2', 'm3']);
    server.last.push(`<a xmlns="${NS_SM}" h="2"/>`);
    await Promise.all(sends);
  });

  it('queues while reconnecting, flushes after the old unacked ones, bounded, ids added', async () => {
    const { server, c, onlines } = setup({ acks: false, resume: 'failed' }, { outboxLimit: 3 });
    await c.start();
    const first = c.send(chat('before'), { queue: true });
    await expect.poll(() => bodies(server.last.received)).toEqual(['before']);
    server.options.down = true;
    server.last.close(false);
    await expect.poll(() => c.status).toBe('reconnecting');
    const queued = chat('while-down');
    const p1 = c.send(queued, { queue: true });
    expect(queued.attrs.id).toBeTruthy();
    const p2 = c.send(chat('while-down-2'), { queue: true });
    await expect(c.send(chat('overflow'), { queue: true })).rejects.toMatchObject({ code: 'flood' });
    await expect(c.send(chat('not queued'))).rejects.toMatchObject({ code: 'not-connected' });
    expect(c.outboxSize).toBe(3);
    server.options.down = false;
    await expect.poll(() => onlines.length, { timeout: 3000 }).toBe(2);
    expect(bodies(server.last.received)).toEqual(['before', 'while-down', 'while-down-2']);
    server.last.push(`<a xmlns="${NS_SM}" h="3"/>`);
    await Promise.all([first, p1, p2]);
    expect(c.outboxSize).toBe(0);
  });

  it('asks for acks of plain sends too, so the resend queue stays short', async () => {
    const { server, c } = setup();
    await c.start();
    for (let i = 0; i < 25; i++)
      await c.send(
        xml('message', { to: 'bob@localhost', type: 'chat' }, xml('composing', { xmlns: 'http://jabber.org/protocol/chatstates' })),
      );
    // One <r/> per 10 unacknowledged stanzas (each answered by the server), none needed for a queued send.
    await expect.poll(() => server.last.received.filter((e) => e.is('r', NS_SM)).length).toBeGreaterThanOrEqual(2);
  });

  it('without stream management, a queued send resolves on write', async () => {
    const { server, c } = setup({ sm: false });
    await c.start();
    await c.send(chat('plain'), { queue: true });
    expect(bodies(server.last.received)).toEqual(['plain']);
    expect(server.last.received.some((e) => e.is('r', NS_SM))).toBe(false);
  });
});

describe('liveness and reconnection', () => {
  it('declares a silent server dead when <r/> goes unanswered, then resumes', async () => {
    const { server, c, onlines, statuses } = setup({}, { pingTimeoutMs: 100 });
    await c.start();
    server.last.frozen = true; // this link is dead; new connections work
    const p = c.send(chat('into the void'), { queue: true });
    await expect.poll(() => onlines.length).toBe(2);
    expect(onlines[1]).toEqual({ resumed: true });
    await p; // resent after resumption and acked there
    expect(statuses).toEqual(['connecting', 'online', 'reconnecting', 'online']);
  });

  it('probes after silence with XEP-0199 ping when stream management is off', async () => {
    const { server, c, statuses } = setup({ sm: false }, { pingIntervalMs: 50, pingTimeoutMs: 100 });
    server.onElement = (el, socket) => {
      if (el.name === 'iq' && el.getChild('ping', 'urn:xmpp:ping'))
        socket.push(`<iq xmlns="jabber:client" type="result" id="${el.attrs.id}" from="localhost"/>`);
    };
    await c.start();
    await sleep(300);
    expect(server.last.received.filter((e) => e.getChild('ping')).length).toBeGreaterThan(1);
    expect(c.connectAttempts).toBe(1);
    server.onElement = undefined; // now nobody answers
    await expect.poll(() => statuses).toContain('reconnecting');
  });

  it('retries at once when the browser says it is back online', async () => {
    const fakeWindow = new EventTarget();
    vi.stubGlobal('window', fakeWindow);
    vi.spyOn(Math, 'random').mockReturnValue(0.99); // every backoff delay ≈ 59 s
    const { server, c, onlines } = setup({}, { reconnect: { minDelayMs: 60_000, maxDelayMs: 60_000 } });
    await c.start();
    server.last.close(false);
    await expect.poll(() => c.status).toBe('reconnecting');
    await sleep(50);
    expect(server.sockets.length).toBe(1); // sleeping out the backoff
    fakeWindow.dispatchEvent(new Event('online'));
    await expect.poll(() => onlines.length, { timeout: 2000 }).toBe(2);
    expect(c.connectAttempts).toBe(2);
    vi.unstubAllGlobals();
  });

  it('re-checks the link when the page becomes visible again', async () => {
    const fakeDocument = Object.assign(new EventTarget(), { visibilityState: 'visible' });
    vi.stubGlobal('document', fakeDocument);
    const { server, c, onlines } = setup();
    await c.start();
    server.last.close(false); // a reconnect that sleeps out its (short) backoff first
    await expect.poll(() => onlines.length).toBe(2);
    const before = server.last.received.filter((e) => e.is('r', NS_SM)).length;
    fakeDocument.dispatchEvent(new Event('visibilitychange'));
    await expect.poll(() => server.last.received.filter((e) => e.is('r', NS_SM)).length).toBe(before + 1);
    vi.unstubAllGlobals();
  });

  it('a resource conflict (another session took our resource) makes the next login pick another one', async () => {
    const { server, c, onlines, errors } = setup({ resume: 'failed' });
    await c.start();
    expect(server.boundResource).toBe('unit');
    server.last.push(
      '<stream:error xmlns:stream="http://etherx.jabber.org/streams"><conflict xmlns="urn:ietf:params:xml:ns:xmpp-streams"/></stream:error>',
    );
    await expect.poll(() => onlines.length).toBe(2);
    expect(server.boundResource).toMatch(/^unit-.+/);
    expect(c.jid).toBe(`alice@localhost/${server.boundResource}`);
    expect(errors.map((e) => e.code)).toEqual([]);
  });

  it('malformed XML from the server: malformed-stanza error, reconnect and resume', async () => {
    const { server, c, errors, onlines } = setup();
    await c.start();
    const first = server.last;
    first.push('<message xmlns="jabber:client"><body>x</bod></message>');
    await expect.poll(() => onlines.length).toBe(2);
    expect(errors.map((e) => e.code)).toContain('malformed-stanza');
    expect(first.received.some((e) => e.name === 'stream:error')).toBe(true);
    expect(onlines[1]).toEqual({ resumed: true });
  });

  it('a throwing listener is reported and does not break the stream', async () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { server, c, stanzas } = setup();
    c.on('stanza', () => {
      throw new Error('listener bug');
    });
    await c.start();
    server.last.push(msg('1'), msg('2'));
    await expect.poll(() => stanzas.length).toBe(2);
    expect(spy).toHaveBeenCalledTimes(2);
    expect(c.connectAttempts).toBe(1);
  });

  it('credentials() is called on every login and a failing one is retried, not fatal', async () => {
    let calls = 0;
    const { server, c, errors } = setup(
      {},
      {
        password: undefined,
        credentials: async () => {
          calls++;
          if (calls === 1) throw new Error('token endpoint down');
          return { password: 'pw' };
        },
      },
    );
    await c.start();
    expect(calls).toBe(2);
    expect(errors.map((e) => e.code)).toEqual(['credentials-failed']);
    server.last.close(false);
    await expect.poll(() => calls).toBe(3);
  });

  it('wrong password: auth-failed, offline, queued sends rejected, no retry', async () => {
    const { server, c, statuses } = setup({ password: 'other' });
    await expect(c.start()).rejects.toMatchObject({ code: 'auth-failed' });
    expect(c.status).toBe('offline');
    await sleep(100);
    expect(server.sockets.length).toBe(1);
    expect(statuses).toEqual(['connecting', 'offline']);
  });
});

describe('IQ', () => {
  it('resolves results, rejects errors with the condition, times out, ignores spoofed replies', async () => {
    const { server, c } = setup();
    server.onElement = (el, socket) => {
      if (el.name !== 'iq' || el.attrs.type !== 'get') return;
      const q = el.getChildElements()[0]!;
      if (q.attrs.xmlns === 'urn:x:ok')
        socket.push(`<iq xmlns="jabber:client" type="result" id="${el.attrs.id}" from="bob@localhost/x"><answer/></iq>`);
      if (q.attrs.xmlns === 'urn:x:err')
        socket.push(
          `<iq xmlns="jabber:client" type="error" id="${el.attrs.id}" from="bob@localhost/x"><error type="cancel"><item-not-found xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error></iq>`,
        );
      if (q.attrs.xmlns === 'urn:x:spoof')
        socket.push(`<iq xmlns="jabber:client" type="result" id="${el.attrs.id}" from="mallory@localhost/x"/>`);
    };
    await c.start();
    const get = (ns: string) => xml('iq', { type: 'get', to: 'bob@localhost/x' }, xml('query', { xmlns: ns }));
    const ok = await c.iq(get('urn:x:ok'));
    expect(ok.getChild('answer')).toBeTruthy();
    await expect(c.iq(get('urn:x:err'))).rejects.toMatchObject({ code: 'stanza-error', condition: 'item-not-found' });
    await expect(c.iq(get('urn:x:spoof'), 100)).rejects.toMatchObject({ code: 'timeout' });
    await c.stop();
    await expect(c.iq(get('urn:x:ok'))).rejects.toMatchObject({ code: 'not-connected' });
  });

  it('answers inbound requests: handlers, ping, service-unavailable for the rest (also emitted)', async () => {
    const { server, c, stanzas } = setup();
    c.handleIq('get', 'urn:x:answer', 'query', (iq) => xml('query', { xmlns: 'urn:x:answer' }, iq.attrs.from));
    c.handleIq('set', 'urn:x:fail', 'query', () => {
      throw new Error('boom');
    });
    await c.start();
    const req = (id: string, type: string, ns: string) =>
      `<iq xmlns="jabber:client" type="${type}" id="${id}" from="bob@localhost/x"><query xmlns="${ns}"/></iq>`;
    server.last.push(
      req('1', 'get', 'urn:x:answer'),
      `<iq xmlns="jabber:client" type="get" id="2" from="localhost"><ping xmlns="urn:xmpp:ping"/></iq>`,
      req('3', 'get', 'urn:x:unknown'),
      req('4', 'set', 'urn:x:fail'),
      `<iq xmlns="jabber:client" type="get" id="5" from="bob@localhost/x"/>`,
    );
    const reply = (id: string) => server.last.received.find((e) => e.name === 'iq' && e.attrs.id === id);
    await expect.poll(() => ['1', '2', '3', '4', '5'].every((id) => reply(id))).toBe(true);
    expect(reply('1')!.attrs).toMatchObject({ type: 'result', to: 'bob@localhost/x' });
    expect(reply('1')!.getChildText('query', 'urn:x:answer')).toBe('bob@localhost/x');
    expect(reply('2')!.attrs.type).toBe('result');
    expect(reply('3')!.getChild('error')!.getChild('service-unavailable')).toBeTruthy();
    expect(reply('4')!.getChild('error')!.getChild('internal-server-error')).toBeTruthy();
    expect(reply('5')!.getChild('error')!.getChild('bad-request')).toBeTruthy();
    expect(stanzas.map((s) => s.attrs.id)).toEqual(['3']);
  });
});

describe('XEP-0352 CSI', () => {
  it('sends <inactive/> when advertised, and re-applies it on a fresh session', async () => {
    const { server, c, onlines } = setup({ csi: true, resume: 'failed' });
    await c.start();
    c.setInactive(true);
    c.setInactive(true);
    await expect.poll(() => server.last.received.filter((e) => e.name === 'inactive').length).toBe(1);
    server.last.close(false);
    await expect.poll(() => onlines.length).toBe(2);
    await expect.poll(() => server.last.received.some((e) => e.name === 'inactive')).toBe(true);
    c.setInactive(false);
    await expect.poll(() => server.last.received.some((e) => e.name === 'active')).toBe(true);
  });

  it('sends nothing when the server does not advertise it', async () => {
    const { server, c } = setup({ csi: false });
    await c.start();
    c.setInactive(true);
    await sleep(20);
    expect(server.last.received.some((e) => e.name === 'inactive')).toBe(false);
  });
});

describe('stop()', () => {
  it('acks, closes the stream, rejects the outbox, is idempotent, and start() works again', async () => {
    const { server, c, statuses } = setup({ acks: false, afterEnabled: [msg('x')] });
    await c.start();
    const pending = c.send(chat('never acked'), { queue: true }).catch((e: unknown) => e);
    await Promise.all([c.stop(), c.stop()]);
    expect(await pending).toMatchObject({ code: 'stopped' });
    const first = server.sockets[0]!;
    expect(first.lastClientH).toBe(1);
    expect(first.closed).toBe(true);
    expect(c.status).toBe('offline');
    await expect(c.send(chat('after stop'), { queue: true })).rejects.toMatchObject({ code: 'not-connected' });
    await c.start();
    expect(c.status).toBe('online');
    expect(server.sockets.length).toBe(2);
    expect(server.last.received.some((e) => e.is('resume', NS_SM))).toBe(false);
    expect(statuses).toEqual(['connecting', 'online', 'offline', 'connecting', 'online']);
  });

  it('stop() returns within about a second even when the server no longer answers', async () => {
    const { server, c } = setup();
    await c.start();
    server.last.frozen = true;
    const t0 = performance.now();
    await c.stop();
    // Behaviour, not speed: stop() must not wait for the 10 s liveness timeout (the bound is loose on purpose).
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(c.status).toBe('offline');
  });

  it('stop() during the backoff wait cancels the retry and rejects start()', async () => {
    const { server, c } = setup({ down: true }, { reconnect: { minDelayMs: 5000, maxDelayMs: 5000 } });
    const started = c.start().catch((e: unknown) => e);
    await expect.poll(() => c.status).toBe('reconnecting');
    await c.stop();
    expect(await started).toMatchObject({ code: 'stopped' });
    const n = server.sockets.length;
    await sleep(50);
    expect(server.sockets.length).toBe(n);
  });
});

describe('XEP-0352 CSI follows the tab', () => {
  function fakeDocument(initial: 'visible' | 'hidden') {
    const listeners = new Set<() => void>();
    const doc = {
      visibilityState: initial as string,
      addEventListener: (_: string, fn: () => void) => listeners.add(fn),
      removeEventListener: (_: string, fn: () => void) => listeners.delete(fn),
      set(state: 'visible' | 'hidden') {
        doc.visibilityState = state;
        for (const fn of listeners) fn();
      },
    };
    vi.stubGlobal('document', doc);
    return doc;
  }
  afterEach(() => vi.unstubAllGlobals());

  it('inactive while the tab is hidden, active when shown again, inactive at once if it starts hidden', async () => {
    const doc = fakeDocument('hidden');
    const { server, c } = setup({ csi: true });
    await c.start();
    const states = () => server.last.received.filter((e) => e.name === 'inactive' || e.name === 'active').map((e) => e.name);
    await expect.poll(states).toEqual(['inactive']);
    doc.set('visible');
    await expect.poll(states).toEqual(['inactive', 'active']);
    doc.set('hidden');
    await expect.poll(states).toEqual(['inactive', 'active', 'inactive']);
  });

  it('can be turned off with inactiveWhenHidden: false', async () => {
    const doc = fakeDocument('visible');
    const { server, c } = setup({ csi: true }, { inactiveWhenHidden: false });
    await c.start();
    doc.set('hidden');
    await sleep(20);
    expect(server.last.received.some((e) => e.name === 'inactive')).toBe(false);
  });
});
