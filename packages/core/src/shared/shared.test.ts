// The page ↔ host protocol over real MessageChannels (Node's), with the host's client on a FakeConnection: what
// pages read and hear, who holds the one client, and the fallback when a host refuses the protocol version.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { harness, item, type Harness } from '../../test-support/setup.js';
import { settle } from '../../test-support/fake-connection.js';
import { isPresenceError } from '../errors.js';
import type { InputSource } from '../auto-away.js';
import type { ClientOptions, Credentials, PresenceClient } from '../types.js';
import { fakeLocks } from '../../test-support/fake-locks.js';
import { createSharedHost } from './host.js';
import { holdHostLock } from './host-lock.js';
import { createSharedClient } from './page.js';
import { PROTOCOL_VERSION } from './protocol.js';

const options = { service: 'ws://localhost:5280/xmpp-websocket', jid: 'alice@example.com', password: 'pw' };
const ports: MessagePort[] = [];

/**
 * A host whose client is a harness; counts how many clients it made and keeps the credentials callback it got.
 * `lock`: the host lock it tells pages; `held`: its connection stays `connecting` until the test calls goOnline().
 */
function host({ lock, held = false }: { lock?: string | Promise<string | undefined>; held?: boolean } = {}) {
  const made: Harness[] = [];
  const asked: Array<() => Promise<Credentials>> = [];
  const inputs: InputSource[] = [];
  const h = createSharedHost({
    lock: lock === undefined ? undefined : Promise.resolve(lock),
    createClient: (_options, credentials, input) => {
      asked.push(credentials);
      inputs.push(input);
      const made1 = harness({ roster: item('bob@example.com') });
      if (held) made1.conn.start = async () => {};
      made.push(made1);
      return made1.client;
    },
  });
  return { made, asked, inputs, connect: () => channel((port) => h.connect(port)), pages: () => h.pages };
}

function channel(connect: (port: MessagePort) => void): MessagePort {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  connect(port2);
  return port1;
}

function page(port: MessagePort, privatePort?: () => Promise<MessagePort>, own: Partial<ClientOptions> = {}): PresenceClient {
  return createSharedClient({
    options: { ...options, ...own },
    connect: () => ({ port, label: 'the shared worker' }),
    privatePort: privatePort ?? (() => Promise.reject(new Error('no fallback'))),
  });
}

afterEach(() => {
  for (const port of ports.splice(0)) port.close();
});

describe('shared client', () => {
  it('a page that joins after our own status changed hears it as an own-presence event, once', async () => {
    const h = host();
    const a = page(h.connect());
    await a.start();
    await a.setPresence({ show: 'dnd', status: 'Focus time' });
    const b = page(h.connect());
    const heard: string[] = [];
    b.on('own-presence', (own) => heard.push(`${own.show} ${own.status}`));
    await b.start();
    await settle();
    expect(b.ownPresence.show).toBe('dnd');
    expect(heard).toEqual(['dnd Focus time']);
    await a.setPresence({ show: 'away' });
    await vi.waitFor(() => expect(heard).toEqual(['dnd Focus time', 'away undefined']));
  });

  it("auto-away in the host counts any started page's input, at most one report a second per page", async () => {
    const h = host();
    const fire: Array<() => void> = [];
    const tab = (): InputSource => (onInput) => {
      fire.push(onInput);
      return () => {};
    };
    const a = page(h.connect(), undefined, { autoAway: { input: tab() } });
    const b = page(h.connect(), undefined, { autoAway: { input: tab() } });
    const off = page(h.connect(), undefined, { autoAway: false });
    await a.start();
    await b.start();
    await off.start();
    const heard = vi.fn();
    h.inputs[0]!(heard);
    fire[1]!(); // input in tab b
    fire[1]!(); // again within the second: not sent
    await vi.waitFor(() => expect(heard).toHaveBeenCalledTimes(1));
    fire[0]!(); // input in tab a
    await vi.waitFor(() => expect(heard).toHaveBeenCalledTimes(2));
    await settle();
    expect(heard).toHaveBeenCalledTimes(2);
    // The page that turned auto-away off never listens to its input.
    expect(fire).toHaveLength(2);
  });

  it('two pages share one client: both read the same presence, and the second gets it at once from memory', async () => {
    const h = host();
    const a = page(h.connect());
    await a.start();
    expect(h.made).toHaveLength(1);
    const conn = h.made[0]!.conn;
    conn.push("<presence from='bob@example.com/x'><show>dnd</show></presence>");
    await settle();
    const seenA: string[] = [];
    a.watch('bob@example.com', (p) => seenA.push(p.show));
    await vi.waitFor(() => expect(a.presenceOf('bob@example.com').show).toBe('dnd'));
    const b = page(h.connect());
    const seenB: string[] = [];
    b.watch('bob@example.com', (p) => seenB.push(p.show));
    await b.start();
    // Sent from the host's memory before its answer to start: there when start() resolves.
    expect(b.presenceOf('bob@example.com').show).toBe('dnd');
    expect(h.made).toHaveLength(1);
    expect(b.status).toBe('online');
    await vi.waitFor(() => expect(seenB.at(-1)).toBe('dnd'));
    // The same object until it changes.
    expect(b.presenceOf('bob@example.com')).toBe(b.presenceOf('bob@example.com'));
    conn.push("<presence from='bob@example.com/x'><show>away</show></presence>");
    await settle();
    await vi.waitFor(() => expect([seenA.at(-1), seenB.at(-1)]).toEqual(['away', 'away']));
  });

  it('presenceOf of a JID the page does not watch reads what the client knows, as a private client does', async () => {
    const h = host();
    const a = page(h.connect());
    await a.start();
    const conn = h.made[0]!.conn;
    conn.push("<presence from='bob@example.com/x'><show>dnd</show><status>Focus</status></presence>");
    conn.push("<presence from='carol@example.com/y'/>"); // not in the roster: the client ignores it, so do we
    await settle();
    // A page started later gets everything at once from memory.
    const b = page(h.connect());
    await b.start();
    expect(b.presenceOf('bob@example.com')).toMatchObject({ show: 'dnd', status: 'Focus' });
    expect(b.presenceOf('bob@example.com')).toBe(b.presenceOf('bob@example.com'));
    // Later changes arrive in a batch (within 100 ms), and before any event that follows them.
    await vi.waitFor(() => expect(a.presenceOf('bob@example.com').show).toBe('dnd'));
    for (const jid of ['bob@example.com', 'carol@example.com', 'alice@example.com'])
      expect(a.presenceOf(jid)).toEqual(h.made[0]!.client.presenceOf(jid));
    conn.push("<presence from='bob@example.com/x'><show>away</show></presence>");
    await vi.waitFor(() => expect([a, b].map((c) => c.presenceOf('bob@example.com').show)).toEqual(['away', 'away']));
    const heard = new Promise<string>((resolve) => b.once('message', () => resolve(b.presenceOf('bob@example.com').show)));
    conn.push("<presence from='bob@example.com/x'><show>xa</show></presence>");
    conn.push("<message from='bob@example.com/x' type='chat'><body>gone home</body></message>");
    await expect(heard).resolves.toBe('xa');
    // A watched JID comes as values only: no second call for the same change.
    const shows: string[] = [];
    b.watch('bob@example.com', (p) => shows.push(p.show));
    await vi.waitFor(() => expect(shows.at(-1)).toBe('xa'));
    const calls = shows.length;
    conn.push("<presence from='bob@example.com/x'/>");
    await vi.waitFor(() => expect(shows.at(-1)).toBe('available'));
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(shows.length).toBe(calls + 1);
    // A contact removed from the roster is forgotten by the client: unknown in every page.
    conn.push(`<iq type='set' id='push1'><query xmlns='jabber:iq:roster'>${item('bob@example.com', 'remove')}</query></iq>`);
    await vi.waitFor(() => expect(a.presenceOf('bob@example.com').show).toBe('unknown'));
    expect(a.presenceOf('bob@example.com')).toEqual(h.made[0]!.client.presenceOf('bob@example.com'));
    // Stopped: everything reads unknown again, as in a private client.
    await b.stop();
    expect(b.presenceOf('bob@example.com').show).toBe('unknown');
  });

  it('unread counts and chat states of what a page does not watch read what the client knows', async () => {
    const h = host();
    const a = page(h.connect());
    await a.start();
    const conn = h.made[0]!.conn;
    conn.push("<message from='bob@example.com/x' type='chat'><body>one</body></message>");
    conn.push("<message from='bob@example.com/x' type='chat'><body>two</body></message>");
    conn.push("<message from='bob@example.com/x' type='chat'><composing xmlns='http://jabber.org/protocol/chatstates'/></message>");
    await vi.waitFor(() => expect(a.unreadOf('bob@example.com')).toBe(2));
    expect(a.unreadTotal()).toBe(2);
    expect(a.chatStateOf('bob@example.com')).toBe('composing');
    expect(a.unreadConversations().map((c) => c.jid)).toEqual(['bob@example.com']);
    expect(a.conversationOf('bob@example.com').entries.map((e) => e.message.body)).toEqual(['one', 'two']);
    // A page that starts later has it all at once.
    const b = page(h.connect());
    await b.start();
    expect([b.unreadOf('bob@example.com'), b.unreadTotal(), b.chatStateOf('bob@example.com')]).toEqual([2, 2, 'composing']);
    b.markRead('bob@example.com');
    await vi.waitFor(() => expect([a.unreadTotal(), b.unreadTotal(), a.unreadOf('bob@example.com')]).toEqual([0, 0, 0]));
    expect(a.unreadConversations()).toEqual([]);
  });

  it("one page's stop() leaves the other working; the last one stops the client", async () => {
    const h = host();
    const a = page(h.connect());
    const b = page(h.connect());
    await a.start();
    await b.start();
    const conn = h.made[0]!.conn;
    b.watch('bob@example.com', () => {});
    await a.stop();
    expect(a.status).toBe('offline');
    expect(a.presenceOf('bob@example.com').show).toBe('unknown');
    expect(conn.status).toBe('online');
    conn.push("<presence from='bob@example.com/x'/>");
    await settle();
    await vi.waitFor(() => expect(b.presenceOf('bob@example.com').show).toBe('available'));
    await b.stop();
    expect(conn.status).toBe('offline');
  });

  it('calls settle with the same PresenceError codes; sending needs this page started', async () => {
    const h = host();
    const a = page(h.connect());
    const b = page(h.connect());
    await a.start();
    await expect(b.sendMessage('bob@example.com', 'hi')).rejects.toSatisfy((e) => isPresenceError(e, 'not-connected'));
    await expect(a.sendMessage('not a jid@', 'hi')).rejects.toSatisfy((e) => isPresenceError(e, 'invalid-jid'));
    await expect(a.setPresence({ show: 'nonsense' as never })).rejects.toSatisfy((e) => isPresenceError(e, 'invalid-argument'));
    expect(() => a.presenceOf('not a jid@')).toThrow(expect.objectContaining({ code: 'invalid-jid' }));
    const sent = await a.sendMessage('bob@example.com', 'hello');
    expect(sent.body).toBe('hello');
    expect(sent.timestamp).toBeInstanceOf(Date);
    expect(h.made[0]!.conn.sentOf('message').map((m) => m.getChildText('body'))).toEqual(['hello']);
  });

  it('a message heard reaches every started page, and conversations are the same in each', async () => {
    const h = host();
    const a = page(h.connect());
    const b = page(h.connect());
    await a.start();
    await b.start();
    const heard: string[] = [];
    a.on('message', (m) => heard.push(`a ${m.body}`));
    b.on('message', (m) => heard.push(`b ${m.body}`));
    b.watchConversation('bob@example.com', () => {});
    await a.sendMessage('bob@example.com', 'from a');
    h.made[0]!.conn.push("<message from='bob@example.com/x' type='chat'><body>reply</body></message>");
    await settle();
    await vi.waitFor(() => expect(heard.sort()).toEqual(['a reply', 'b reply']));
    expect(b.conversationOf('bob@example.com').entries.map((e) => e.message.body)).toEqual(['from a', 'reply']);
    const counts: number[] = [];
    b.watchUnread('bob@example.com', (n) => counts.push(n));
    await vi.waitFor(() => expect(counts.at(-1)).toBe(1));
    a.markRead('bob@example.com');
    await vi.waitFor(() => expect(counts.at(-1)).toBe(0));
    expect(b.unreadOf('bob@example.com')).toBe(0);
  });

  it('XEP-0352 inactive only while every started page is hidden', async () => {
    const h = host();
    const a = page(h.connect());
    const b = page(h.connect());
    await a.start();
    await b.start();
    const conn = h.made[0]!.conn;
    // A call's answer comes after every message the page sent before it (one port, in order).
    const roundTrip = (c: PresenceClient) => c.setPresence({});
    a.setInactive(true);
    await roundTrip(a);
    expect(conn.inactive).toBe(false);
    b.setInactive(true);
    await roundTrip(b);
    expect(conn.inactive).toBe(true);
    a.setInactive(false);
    await roundTrip(a);
    expect(conn.inactive).toBe(false);
  });

  it('a host of another protocol version refuses the page, which goes on with a private host', async () => {
    const old = channel((port) => {
      port.onmessage = () => port.postMessage({ t: 'refused', v: PROTOCOL_VERSION + 1 });
    });
    const h = host();
    const a = page(old, async () => h.connect());
    await a.start();
    expect(a.status).toBe('online');
    expect(h.made).toHaveLength(1);
  });

  it("a page that can load neither host (a deploy without presently.js's chunks) fails its calls with connection-failed, never hangs", async () => {
    const info = vi.spyOn(console, 'info').mockImplementation(() => {});
    const old = channel((port) => {
      port.onmessage = () => port.postMessage({ t: 'refused', v: PROTOCOL_VERSION + 1 });
    });
    const a = page(old, () => Promise.reject(new Error('Failed to fetch dynamically imported module')));
    const started = await a.start().catch((e: unknown) => e);
    expect(isPresenceError(started) && started.code).toBe('connection-failed');
    expect((started as Error).message).toContain('Failed to fetch dynamically imported module');
    const later = await a.sendMessage('bob@example.com', 'hi').catch((e: unknown) => e);
    expect(isPresenceError(later) && later.code).toBe('connection-failed');
    info.mockRestore();
  });

  it('credentials come from a started page, on every login, and from the next page once that one stopped', async () => {
    const h = host();
    const a = page(h.connect(), undefined, { password: undefined, credentials: async () => ({ password: 'from a' }) });
    const b = page(h.connect(), undefined, { password: undefined, credentials: async () => ({ password: 'from b' }) });
    const c = page(h.connect(), undefined, { password: undefined, credentials: () => Promise.reject(new Error('signed out')) });
    await a.start();
    await b.start();
    const credentials = h.asked[0]!;
    await expect(credentials()).resolves.toEqual({ password: 'from a' });
    await a.stop();
    await expect(credentials()).resolves.toEqual({ password: 'from b' });
    await b.stop();
    await c.start();
    // A page's own failure is the answer (with its code); nothing is remembered from earlier logins.
    await expect(credentials()).rejects.toSatisfy((e) => isPresenceError(e, 'credentials-failed') && /signed out/.test(String(e)));
    await c.stop();
    await expect(credentials()).rejects.toSatisfy((e) => isPresenceError(e, 'credentials-failed'));
  });

  it('when the host goes away the page attaches to the next: it keeps showing what it knew, and a message without answer is sent once, with its id', async () => {
    const gone = new Map<string, () => void>();
    const first = host({ lock: 'first host' });
    const second = host({ lock: 'second host', held: true });
    const hosts = [first, second];
    const a = createSharedClient({
      options,
      connect: () => ({ port: hosts.shift()!.connect(), label: 'the shared worker' }),
      privatePort: () => Promise.reject(new Error('no fallback')),
      hostGone: (name) => new Promise<void>((resolve) => gone.set(name, resolve)),
    });
    const statuses: string[] = [];
    a.on('status', (s) => statuses.push(s));
    await a.start();
    await a.setPresence({ show: 'dnd', status: 'Focus' });
    const shows: string[] = [];
    a.watch('bob@example.com', (p) => shows.push(p.show));
    first.made[0]!.conn.push("<presence from='bob@example.com/x'><show>dnd</show></presence>");
    await vi.waitFor(() => expect(a.presenceOf('bob@example.com').show).toBe('dnd'));
    // The old host's connection is down: the message waits in its outbox, unanswered, when the host dies.
    first.made[0]!.conn.drop();
    const sending = a.sendMessage('bob@example.com', 'typed during the takeover');
    await vi.waitFor(() => expect(first.made[0]!.client.conversationOf('bob@example.com').entries).toHaveLength(1));
    const chosenId = first.made[0]!.client.conversationOf('bob@example.com').entries[0]!.message.id;
    gone.get('first host')!();
    await vi.waitFor(() => expect(second.made).toHaveLength(1));
    await settle();
    // The new host knows nothing yet: the page goes on showing dnd, and reads reconnecting, not offline.
    expect(a.presenceOf('bob@example.com').show).toBe('dnd');
    expect(a.status).toBe('reconnecting');
    // Our own status too: the new host says `available` until it read the stored one.
    expect(a.ownPresence).toMatchObject({ show: 'dnd', status: 'Focus' });
    const conn = second.made[0]!.conn;
    conn.goOnline();
    await expect(sending).resolves.toMatchObject({ id: chosenId, body: 'typed during the takeover' });
    await vi.waitFor(() => expect(a.status).toBe('online'));
    conn.push("<presence from='bob@example.com/x'><show>away</show></presence>");
    await vi.waitFor(() => expect(a.presenceOf('bob@example.com').show).toBe('away'));
    const sent = conn.sentOf('message').filter((m) => m.getChildText('body') === 'typed during the takeover');
    expect(sent.map((m) => m.attrs.id)).toEqual([chosenId]);
    expect(first.made[0]!.conn.sentOf('message')).toEqual([]);
    // What the first host knew when watched (Bob, in the roster, had sent nothing: offline), dnd; then what the new
    // host knows once online (the fake server's burst had no presence of Bob: offline), then his next change.
    // Never `unknown` in between.
    expect(shows).toEqual(['offline', 'dnd', 'offline', 'away']);
    expect(statuses).toEqual(['connecting', 'online', 'reconnecting', 'online'].slice(statuses[0] === 'online' ? 1 : 0));
    // Only the lock of the host it attached to last still counts.
    gone.get('first host')!();
    await settle();
    expect(hosts).toEqual([]);
  });

  it('after the grace period without a new host online, presence reads unknown, as after a lost connection', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const gone = new Map<string, () => void>();
      const hosts = [host({ lock: 'first host' }), host({ lock: 'second host', held: true })];
      const first = hosts[0]!;
      const a = createSharedClient({
        options: { ...options, graceMs: 3000 },
        connect: () => ({ port: hosts.shift()!.connect(), label: 'the shared worker' }),
        privatePort: () => Promise.reject(new Error('no fallback')),
        hostGone: (name) => new Promise<void>((resolve) => gone.set(name, resolve)),
      });
      await a.start();
      a.watch('bob@example.com', () => {});
      first.made[0]!.conn.push("<presence from='bob@example.com/x'><show>dnd</show></presence>");
      await vi.waitFor(() => expect(a.presenceOf('bob@example.com').show).toBe('dnd'));
      gone.get('first host')!();
      await settle();
      await vi.advanceTimersByTimeAsync(2900);
      expect(a.presenceOf('bob@example.com').show).toBe('dnd');
      await vi.advanceTimersByTimeAsync(200);
      expect(a.presenceOf('bob@example.com').show).toBe('unknown');
      expect(a.status).toBe('reconnecting');
    } finally {
      vi.useRealTimers();
    }
  });

  describe('with Web Locks (a fake manager: Node has none)', () => {
    afterEach(() => {
      vi.useRealTimers();
      vi.unstubAllGlobals();
    });
    /** Pages' own locks wait for the test's grant, as the browser takes tens of milliseconds to grant them. */
    function locksOfBrowser() {
      const locks = fakeLocks();
      locks.defer('presently-page ');
      vi.stubGlobal('navigator', { locks: locks.manager });
      const pageLocks = () => locks.requested.filter((name) => name.startsWith('presently-page '));
      return { locks, pageLocks };
    }

    it('a page is served before its own lock is granted; the host waits for it only once the page holds it, and a closed tab ends the session', async () => {
      const { locks, pageLocks } = locksOfBrowser();
      const h = host({ lock: holdHostLock() });
      const a = page(h.connect());
      // Started and online while the browser has not granted the page its lock yet.
      await a.start();
      expect(a.status).toBe('online');
      const [own] = pageLocks();
      expect(pageLocks()).toEqual([own]);
      // Granted: the page says so, and only then does the host ask for it (granted to the host once the page is gone).
      locks.grant(own!);
      await vi.waitFor(() => expect(pageLocks()).toEqual([own, own]));
      expect(locks.held()).toContain(own);
      expect(h.made[0]!.conn.status).toBe('online');
      locks.drop(own!); // the tab closed
      await vi.waitFor(() => expect(h.made[0]!.conn.status).toBe('offline'));
    });

    it('a tab closed before its lock was granted is let go after a while; one still waiting for it is kept', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      const { locks, pageLocks } = locksOfBrowser();
      const h = host({ lock: holdHostLock() });
      const a = page(h.connect());
      const b = page(h.connect());
      await a.start();
      await b.start();
      const [lockA, lockB] = pageLocks();
      await vi.advanceTimersByTimeAsync(5_100);
      expect(h.pages()).toBe(2);
      locks.forget(lockB!); // b's tab closed while its request was pending: the browser drops it
      await vi.advanceTimersByTimeAsync(5_100);
      expect(h.pages()).toBe(1);
      expect(h.made[0]!.conn.status).toBe('online');
      locks.forget(lockA!);
      await vi.advanceTimersByTimeAsync(5_100);
      expect(h.pages()).toBe(0);
      expect(h.made[0]!.conn.status).toBe('offline');
    });

    it('a host that welcomes but never says its lock (it died as it started) is given up: the page goes on with a private host', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      const info = vi.spyOn(console, 'info').mockImplementation(() => {});
      locksOfBrowser();
      const silent = host();
      const own = host();
      const a = page(silent.connect(), async () => own.connect());
      const starting = a.start();
      await vi.advanceTimersByTimeAsync(100);
      expect(silent.made).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(5_000);
      await starting;
      expect(own.made).toHaveLength(1);
      expect(a.status).toBe('online');
      info.mockRestore();
    });
  });
});
