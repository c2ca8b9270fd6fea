import { afterEach, describe, expect, test, vi } from 'vitest';
import { settle } from '../test-support/fake-connection.js';
import { harness, started } from '../test-support/setup.js';
import { NS_OWN_STATUS, NS_PUBSUB_EVENT } from './namespaces.js';
import { buildStatusItem, parseStatusItem, type StoredStatus } from './own-status.js';
import { stanza } from '../test-support/fake-connection.js';
import type { InputSource } from './auto-away.js';

const ME = 'alice@example.com';
const HOUR = 3_600_000;

afterEach(() => {
  vi.useRealTimers();
});

const stored = (s: Partial<StoredStatus> = {}): string =>
  buildStatusItem({ show: 'dnd', since: new Date(Date.now() - 60_000), priority: [], ...s }).toString();
const onServer = (conn: { pep: Map<string, string> }) => parseStatusItem(stanza(conn.pep.get(NS_OWN_STATUS)!));
/** A PEP notification of our node, as our server sends it to each of our sessions. */
const notification = (item: string, from = ME) =>
  `<message from='${from}' type='headline'><event xmlns='${NS_PUBSUB_EVENT}'><items node='${NS_OWN_STATUS}'><item id='current'>${item}</item></items></event></message>`;

describe('own status stored on the server', () => {
  test('a new session reads the stored status before its initial presence: the first presence is already dnd', async () => {
    const h = harness();
    const until = new Date(Date.now() + HOUR);
    h.conn.pep.set(NS_OWN_STATUS, stored({ status: 'Focus time', until, priority: ['boss@example.com'] }));
    await h.client.start();
    const presences = h.conn.sentOf('presence');
    expect(presences).toHaveLength(1);
    expect(presences[0]!.getChildText('show')).toBe('dnd');
    expect(presences[0]!.getChildText('status')).toBe('Focus time');
    expect(h.client.ownPresence).toEqual({ show: 'dnd', status: 'Focus time', until });
    expect(h.client.priorityContacts).toEqual(['boss@example.com']);
    expect(h.errors).toEqual([]);
  });

  test('the client reads online only once the stored status is known: nothing sees us available in between', async () => {
    const h = harness();
    h.conn.pep.set(NS_OWN_STATUS, stored({ status: 'Focus time' }));
    const seen: string[] = [];
    h.client.on('status', (status) => seen.push(`status ${status} own ${h.client.ownPresence.show ?? 'available'}`));
    h.client.watch(ME, (p) => seen.push(`dot ${p.show}`));
    await h.client.start();
    await settle();
    expect(seen).toEqual(['dot unknown', 'status online own dnd', 'dot dnd']);
  });

  test('setPresence stores show, status, until and since; a status set before login is newer and replaces the stored one', async () => {
    const h = harness();
    h.conn.pep.set(NS_OWN_STATUS, stored({ status: 'old' }));
    const until = new Date(Date.now() + HOUR);
    await h.client.setPresence({ show: 'away', status: 'Lunch', until });
    await h.client.start();
    await settle();
    expect(h.conn.sentOf('presence')[0]!.getChildText('show')).toBe('away');
    expect(onServer(h.conn)).toMatchObject({ show: 'away', status: 'Lunch', until });
  });

  test('an expired `until` found on read: this session clears it, sends available and stores the cleared status', async () => {
    const h = harness();
    h.conn.pep.set(
      NS_OWN_STATUS,
      stored({ status: 'Meeting', since: new Date(Date.now() - 2 * HOUR), until: new Date(Date.now() - HOUR) }),
    );
    await h.client.start();
    await settle();
    expect(h.conn.sentOf('presence').map((p) => p.getChildText('show'))).toEqual([null]);
    expect(h.client.ownPresence).toEqual({ show: 'available' });
    expect(onServer(h.conn)).toMatchObject({ show: 'available' });
    expect(onServer(h.conn)!.status).toBeUndefined();
  });

  test('a change stored by another session arrives as a PEP notification: adopted, announced and sent as our presence', async () => {
    const { conn, client } = await started();
    const seen: string[] = [];
    client.on('own-presence', (p) => seen.push(`${p.show}:${p.status ?? ''}`));
    conn.push(notification(stored({ show: 'xa', status: 'Holiday', since: new Date() })));
    await settle();
    expect(client.ownPresence).toEqual({ show: 'xa', status: 'Holiday' });
    expect(seen).toEqual(['xa:Holiday']);
    expect(conn.sentOf('presence').at(-1)!.getChildText('status')).toBe('Holiday');
  });

  test("a contact can't set our status: notifications count only from our own account", async () => {
    const { conn, client } = await started();
    conn.push(notification(stored({ show: 'xa', since: new Date() }), 'mallory@example.com'));
    await settle();
    expect(client.ownPresence.show).toBe('available');
  });

  test('an older notification (a session that had not heard of our change) is answered by storing ours again', async () => {
    const { conn, client } = await started();
    await client.setPresence({ show: 'dnd', status: 'Newest' });
    conn.push(notification(stored({ show: 'away', since: new Date(Date.now() - HOUR) })));
    await settle();
    expect(client.ownPresence.show).toBe('dnd');
    expect(onServer(conn)).toMatchObject({ show: 'dnd', status: 'Newest' });
  });

  test('a storage failure is reported as storage-failed and never blocks presence', async () => {
    const h = harness();
    h.conn.responders.unshift((iq) => (iq.getChild('pubsub', 'http://jabber.org/protocol/pubsub') ? { error: 'forbidden' } : undefined));
    await h.client.start();
    await h.client.setPresence({ show: 'dnd' });
    await settle();
    expect(h.conn.sentOf('presence').map((p) => p.getChildText('show'))).toEqual([null, 'dnd']);
    expect(h.errors.map((e) => [e.code, e.condition])).toEqual([
      ['storage-failed', 'forbidden'],
      ['storage-failed', 'forbidden'],
    ]);
  });

  test('a read that times out: storage-failed, and initial presence goes out with the local status', async () => {
    const h = harness();
    h.conn.responders.unshift((iq) =>
      iq.getChild('pubsub', 'http://jabber.org/protocol/pubsub')?.getChild('items') ? { fail: 'timeout' } : undefined,
    );
    await h.client.setPresence({ show: 'away', status: 'Set before login' });
    await h.client.start();
    expect(h.conn.sentOf('presence').map((p) => p.getChildText('show'))).toEqual(['away']);
    expect(h.errors.map((e) => e.code)).toEqual(['storage-failed']);
    expect(h.errors[0]!.message).toContain('Reading our own status failed');
  });

  test('priority contacts: validated, stored, shared; bad input rejects and changes nothing', async () => {
    const { conn, client } = await started();
    const events: Array<readonly string[]> = [];
    client.on('priority-contacts', (jids) => events.push(jids));
    await client.setPriorityContacts(['Boss@Example.com/phone', 'boss@example.com', 'kid@example.com']);
    expect(client.priorityContacts).toEqual(['boss@example.com', 'kid@example.com']);
    expect(onServer(conn)!.priority).toEqual(['boss@example.com', 'kid@example.com']);
    await expect(client.setPriorityContacts(['not a jid'])).rejects.toMatchObject({ code: 'invalid-jid' });
    await expect(client.setPriorityContacts('boss@example.com' as unknown as string[])).rejects.toMatchObject({ code: 'invalid-argument' });
    expect(client.priorityContacts).toEqual(['boss@example.com', 'kid@example.com']);
    conn.push(notification(stored({ show: 'available', since: new Date(0), priority: ['kid@example.com'] })));
    await settle();
    expect(client.priorityContacts).toEqual(['kid@example.com']);
    expect(events).toEqual([['boss@example.com', 'kid@example.com'], ['kid@example.com']]);
  });
});

/** An input source the test drives. */
function fakeInput(): { source: InputSource; touch(): void } {
  let listener: (() => void) | undefined;
  return {
    source: (fn) => {
      listener = fn;
      return () => (listener = undefined);
    },
    touch: () => listener?.(),
  };
}

describe('auto-away', () => {
  const MIN = 60_000;

  test('away with idle since the last input after 5 min, xa after 30 more, back to the chosen status on input', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const input = fakeInput();
    const { conn, client } = await started({ options: { autoAway: { input: input.source } } });
    await client.setPresence({ show: 'chat', status: 'Ask me' });
    const start = Date.now();
    vi.advanceTimersByTime(5 * MIN - 1);
    expect(client.ownPresence.show).toBe('chat');
    vi.advanceTimersByTime(1);
    await settle();
    expect(client.ownPresence).toMatchObject({ show: 'away', status: 'Ask me', idleSince: new Date(start - 0) });
    const idle = conn.sentOf('presence').at(-1)!;
    expect(idle.getChildText('show')).toBe('away');
    expect(idle.getChild('idle', 'urn:xmpp:idle:1')!.attrs.since).toBe(new Date(start).toISOString());
    vi.advanceTimersByTime(30 * MIN);
    await settle();
    expect(client.ownPresence.show).toBe('xa');
    input.touch();
    await settle();
    expect(client.ownPresence).toEqual({ show: 'chat', status: 'Ask me' });
    expect(conn.sentOf('presence').at(-1)!.getChild('idle', 'urn:xmpp:idle:1')).toBeUndefined();
    // Ending an automatic away is shared at once, so our other sessions come back too.
    expect(onServer(conn)!.lastInput!.getTime()).toBe(Date.now());
  });

  test('never over a status set by hand: dnd stays dnd while idle and after input', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const input = fakeInput();
    const { conn, client } = await started({ options: { autoAway: { input: input.source, away: 1000, xa: 1000 } } });
    await client.setPresence({ show: 'dnd', status: 'Focus' });
    const sent = conn.sentOf('presence').length;
    vi.advanceTimersByTime(5000);
    input.touch();
    await settle();
    expect(client.ownPresence).toEqual({ show: 'dnd', status: 'Focus' });
    expect(conn.sentOf('presence')).toHaveLength(sent);
  });

  test('input in another session counts: its last input in the stored item keeps us available', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const { conn, client } = await started({ options: { autoAway: { input: fakeInput().source, away: 10_000, xa: 10_000 } } });
    vi.advanceTimersByTime(8000);
    conn.push(notification(stored({ show: 'available', since: new Date(0), lastInput: new Date() })));
    await settle();
    vi.advanceTimersByTime(8000);
    expect(client.ownPresence.show).toBe('available');
    vi.advanceTimersByTime(2000);
    await settle();
    expect(client.ownPresence.show).toBe('away');
  });

  test('a start() while stop() still waits for the server (a shared worker whose next page came at once) keeps it running', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const { client } = await started({ options: { autoAway: { input: fakeInput().source, away: 1000, xa: 60_000 } } });
    const stopping = client.stop();
    const starting = client.start();
    await Promise.all([stopping, starting]);
    await settle();
    expect(client.status).toBe('online');
    vi.advanceTimersByTime(1000);
    await settle();
    expect(client.ownPresence.show).toBe('away');
  });

  test('off in Node by default; bad options throw invalid-argument', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const { client } = harness();
    vi.advanceTimersByTime(HOUR);
    expect(client.ownPresence.show).toBe('available');
    for (const autoAway of [{ away: -1 }, { xa: 0 }, { input: 'x' }, 5] as never[]) {
      expect(() => harness({ options: { autoAway } })).toThrow(expect.objectContaining({ code: 'invalid-argument' }));
    }
  });
});
