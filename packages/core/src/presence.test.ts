import { afterEach, describe, expect, test, vi } from 'vitest';
import type { Presence } from './types.js';
import { settle } from '../test-support/fake-connection.js';
import { harness, item, started } from '../test-support/setup.js';

const BOB = 'bob@example.com';

afterEach(() => {
  vi.useRealTimers();
});

describe('aggregation over resources (RFC 6121 §4.7.2)', () => {
  test('highest priority wins; resources listed winner first; status and idle come from the winner', async () => {
    const { conn, client } = await started({ roster: item(BOB) });
    conn.push(`
      <presence from='${BOB}/phone'><show>away</show><status>On the move</status><priority>1</priority></presence>
      <presence from='${BOB}/desk'><show>dnd</show><status>In a meeting</status><priority>5</priority>
        <idle xmlns='urn:xmpp:idle:1' since='2020-01-01T10:00:00Z'/></presence>`);
    const p = client.presenceOf(BOB);
    expect(p.show).toBe('dnd');
    expect(p.status).toBe('In a meeting');
    expect(p.idleSince?.toISOString()).toBe('2020-01-01T10:00:00.000Z');
    expect(p.resources.map((r) => r.resource)).toEqual(['desk', 'phone']);
  });

  test('a repeated idle stamp keeps its snapshot; a new stamp, or none, replaces idleSince', async () => {
    const { conn, client } = await started({ roster: item(BOB) });
    const idle = (since: string) =>
      `<presence from='${BOB}/desk'><show>away</show><idle xmlns='urn:xmpp:idle:1' since='${since}'/></presence>`;
    conn.push(idle('2020-01-01T10:00:00Z'));
    const first = client.presenceOf(BOB);
    conn.push(idle('2020-01-01T10:00:00Z'));
    expect(client.presenceOf(BOB)).toBe(first);
    conn.push(idle('2020-01-01T11:30:00Z'));
    expect(client.presenceOf(BOB).idleSince?.toISOString()).toBe('2020-01-01T11:30:00.000Z');
    conn.push(`<presence from='${BOB}/desk'><show>away</show></presence>`);
    expect(client.presenceOf(BOB).idleSince).toBeUndefined();
    conn.push(idle('2020-01-01T11:30:00Z'));
    expect(client.presenceOf(BOB).idleSince?.toISOString()).toBe('2020-01-01T11:30:00.000Z');
    conn.push(idle('garbage'));
    expect(client.presenceOf(BOB).idleSince).toBeUndefined();
  });

  test('on a priority tie the most recently updated resource wins', async () => {
    const { conn, client } = await started({ roster: item(BOB) });
    conn.push(`<presence from='${BOB}/a'><show>away</show></presence>`);
    conn.push(`<presence from='${BOB}/b'><show>xa</show></presence>`);
    expect(client.presenceOf(BOB).show).toBe('xa');
    conn.push(`<presence from='${BOB}/a'><show>chat</show></presence>`);
    expect(client.presenceOf(BOB).show).toBe('chat');
    expect(client.presenceOf(BOB).resources.map((r) => r.resource)).toEqual(['a', 'b']);
  });

  test('negative priority resources still count as available; the last one leaving means offline', async () => {
    const { conn, client } = await started({ roster: item(BOB) });
    conn.push(`<presence from='${BOB}/bot'><priority>-1</priority></presence>`);
    expect(client.presenceOf(BOB).show).toBe('available');
    conn.push(`<presence from='${BOB}/phone'><show>away</show><priority>0</priority></presence>`);
    expect(client.presenceOf(BOB).show).toBe('away');
    conn.push(`<presence from='${BOB}/phone' type='unavailable'/>`);
    expect(client.presenceOf(BOB).show).toBe('available');
    conn.push(`<presence from='${BOB}/bot' type='unavailable'><status>Gone home</status></presence>`);
    expect(client.presenceOf(BOB)).toMatchObject({ show: 'offline', status: 'Gone home', resources: [] });
  });

  test('snapshots are frozen and replaced on change, kept when nothing changed', async () => {
    const { conn, client } = await started({ roster: item(BOB) });
    conn.push(`<presence from='${BOB}/a'><show>away</show></presence>`);
    const first = client.presenceOf(BOB);
    expect(Object.isFrozen(first)).toBe(true);
    conn.push(`<presence from='${BOB}/a'><show>away</show></presence>`);
    expect(client.presenceOf(BOB)).toBe(first);
    conn.push(`<presence from='${BOB}/a'><show>dnd</show></presence>`);
    expect(client.presenceOf(BOB)).not.toBe(first);
    expect(first.show).toBe('away');
  });

  test('a presence repeated word for word: the winner keeps its snapshot; a tied resource that repeats itself wins', async () => {
    const { conn, client } = await started({ roster: item(BOB) });
    const from = (resource: string, show: string) =>
      `<presence from='${BOB}/${resource}'><show>${show}</show><status>${show}!</status><priority>1</priority></presence>`;
    conn.push(from('a', 'away'));
    conn.push(from('b', 'dnd'));
    const bWins = client.presenceOf(BOB);
    expect(bWins.resources.map((r) => r.resource)).toEqual(['b', 'a']);
    const watcher = vi.fn();
    client.watch(BOB, watcher);
    conn.push(from('b', 'dnd'));
    await settle();
    expect(client.presenceOf(BOB)).toBe(bWins);
    expect(client.presenceOf(BOB).resources[0]).toBe(bWins.resources[0]);
    // Same priority, heard from later: the repeated resource now wins (RFC 6121 §4.7.2 tie rule).
    conn.push(from('a', 'away'));
    await settle();
    const aWins = client.presenceOf(BOB);
    expect(aWins).toMatchObject({ show: 'away', status: 'away!' });
    expect(aWins.resources.map((r) => r.resource)).toEqual(['a', 'b']);
    expect(aWins.resources[0]).toBe(bWins.resources[1]);
    expect(watcher.mock.calls.map(([p]) => (p as Presence).show)).toEqual(['dnd', 'away']);
  });
});

describe('unknown vs offline', () => {
  test('roster contacts stay unknown until the initial burst ends, then silent to/both contacts are offline', async () => {
    const roster = item(BOB) + item('carol@example.com', 'to') + item('dave@example.com', 'from') + item('erin@example.com', 'none');
    const { conn, client } = harness({ roster });
    conn.holdPings = true;
    const starting = client.start();
    await settle();
    expect(client.presenceOf('carol@example.com').show).toBe('unknown');
    conn.push(`<presence from='${BOB}/desk'/>`);
    expect(client.presenceOf(BOB).show).toBe('available');
    expect(client.presenceOf('carol@example.com').show).toBe('unknown');
    // The ping goes out only after initial presence.
    const sent = conn.sent.map((s) => s.stanza.name);
    expect(sent).toContain('presence');
    const [ping] = conn.pending('ping', 'urn:xmpp:ping');
    expect(ping).toBeDefined();
    ping!.result();
    await starting;
    expect(client.presenceOf(BOB).show).toBe('available');
    expect(client.presenceOf('carol@example.com').show).toBe('offline');
    expect(client.presenceOf('dave@example.com').show).toBe('unknown');
    expect(client.presenceOf('erin@example.com').show).toBe('unknown');
  });

  test('a watcher sees no flash: unknown, then the real value', async () => {
    const { conn, client } = harness({ roster: item(BOB) + item('carol@example.com') });
    conn.holdPings = true;
    const seenBob: string[] = [];
    const seenCarol: string[] = [];
    client.watch(BOB, (p) => seenBob.push(p.show));
    client.watch('carol@example.com', (p) => seenCarol.push(p.show));
    const starting = client.start();
    await settle();
    conn.push(`<presence from='${BOB}/desk'><show>away</show></presence>`);
    await settle();
    conn.pending('ping', 'urn:xmpp:ping')[0]!.result();
    await starting;
    await settle();
    // (The roster result adds name/subscription to the snapshot: same show, new object.)
    const shows = (list: string[]) => list.filter((s, i) => s !== list[i - 1]);
    expect(shows(seenBob)).toEqual(['unknown', 'away']);
    expect(shows(seenCarol)).toEqual(['unknown', 'offline']);
  });

  test('contacts on other servers get extra time before being called offline', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { client } = await started({ roster: item('zed@other.example'), internals: { remoteSettleMs: 5000 } });
    expect(client.presenceOf('zed@other.example').show).toBe('unknown');
    vi.advanceTimersByTime(5000);
    expect(client.presenceOf('zed@other.example').show).toBe('offline');
  });

  test('presence type=error makes the contact unknown and reports an error', async () => {
    const { conn, client, errors } = await started({ roster: item(BOB) });
    conn.push(`<presence from='${BOB}/desk'/>`);
    conn.push(
      `<presence from='${BOB}' type='error'><error type='cancel'><remote-server-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></presence>`,
    );
    expect(client.presenceOf(BOB)).toMatchObject({ show: 'unknown', resources: [] });
    expect(errors.at(-1)).toMatchObject({ code: 'stanza-error', condition: 'remote-server-not-found' });
  });

  test('our presence bounced by a session of Bob that ended (recipient-unavailable) changes nothing and is not reported', async () => {
    const { conn, client, errors } = await started({ roster: item(BOB) });
    const bounce = (from: string, condition = 'recipient-unavailable') =>
      `<presence from='${from}' type='error'><error type='cancel'><${condition} xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></presence>`;
    conn.push(`<presence from='${BOB}/phone'><show>dnd</show></presence>`);
    conn.push(`<presence from='${BOB}/tab'><show>away</show><priority>-1</priority></presence>`);
    // Prosody bounces what Bob's closed session had not acknowledged from the bare JID it went to, and may do so
    // after his other sessions said they are available: it says nothing about them.
    const before = client.presenceOf(BOB);
    conn.push(bounce(BOB));
    expect(client.presenceOf(BOB)).toBe(before);
    // From the session's full JID: that resource is gone, the others stay.
    conn.push(bounce(`${BOB}/tab`));
    expect(client.presenceOf(BOB)).toMatchObject({ show: 'dnd', resources: [{ resource: 'phone' }] });
    const after = client.presenceOf(BOB);
    conn.push(bounce(`${BOB}/tab`, 'service-unavailable'));
    expect(client.presenceOf(BOB)).toBe(after);
    expect(errors).toEqual([]);
    // The last resource bounced: like its unavailable, Bob (whose presence we see) reads offline — without the status
    // text of ours a server may echo in the error.
    conn.push(bounce(`${BOB}/phone`).replace('<error ', '<status>Back at 3</status><error '));
    expect(client.presenceOf(BOB)).toMatchObject({ show: 'offline', resources: [] });
    expect(client.presenceOf(BOB).status).toBeUndefined();
    expect(errors).toEqual([]);
  });

  test('a presence error from one resource with a condition that does not mean "gone" is reported; the other resources stay', async () => {
    const { conn, client, errors } = await started({ roster: item(BOB) });
    conn.push(`<presence from='${BOB}/phone'><show>dnd</show></presence>`);
    conn.push(`<presence from='${BOB}/desk'/>`);
    conn.push(
      `<presence from='${BOB}/desk' type='error'><error type='auth'><forbidden xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></presence>`,
    );
    expect(client.presenceOf(BOB)).toMatchObject({ show: 'dnd', resources: [{ resource: 'phone' }] });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'stanza-error', condition: 'forbidden', message: `Presence error from ${BOB}/desk` });
  });

  test('losing the subscription makes the contact unknown', async () => {
    const { conn, client } = await started({ roster: item(BOB) });
    conn.push(`<presence from='${BOB}/desk'/>`);
    conn.push(`<iq type='set' id='push1'><query xmlns='jabber:iq:roster'>${item(BOB, 'from')}</query></iq>`);
    await settle();
    expect(client.presenceOf(BOB).show).toBe('unknown');
  });

  test('roster pushes reach the snapshot: a new name shows at once and stays with later presence; removal forgets', async () => {
    const { conn, client } = await started({ roster: item(BOB, 'both', " name='Bob'") });
    conn.push(`<presence from='${BOB}/desk'><show>away</show></presence>`);
    expect(client.presenceOf(BOB).name).toBe('Bob');
    conn.push(`<iq type='set' id='push1'><query xmlns='jabber:iq:roster'>${item(BOB, 'both', " name='Robert'")}</query></iq>`);
    await settle();
    expect(client.presenceOf(BOB)).toMatchObject({ show: 'away', name: 'Robert', subscription: 'both' });
    conn.push(`<presence from='${BOB}/desk'><show>dnd</show></presence>`);
    expect(client.presenceOf(BOB)).toMatchObject({ show: 'dnd', name: 'Robert' });
    conn.push(`<iq type='set' id='push2'><query xmlns='jabber:iq:roster'>${item(BOB, 'remove')}</query></iq>`);
    await settle();
    expect(client.presenceOf(BOB)).toMatchObject({ show: 'unknown' });
    expect(client.presenceOf(BOB).name).toBeUndefined();
    // No longer a contact and nobody watches: a stranger's presence is not kept.
    conn.push(`<presence from='${BOB}/desk'><show>chat</show></presence>`);
    expect(client.presenceOf(BOB).show).toBe('unknown');
  });
});

describe('grace period and reconnection', () => {
  test('after the grace period without connection every contact is unknown', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { conn, client } = await started({ roster: item(BOB) + item('carol@example.com'), options: { graceMs: 10_000 } });
    conn.push(`<presence from='${BOB}/desk'><show>away</show></presence>`);
    conn.drop();
    vi.advanceTimersByTime(9_999);
    expect(client.presenceOf(BOB).show).toBe('away');
    expect(client.presenceOf('carol@example.com').show).toBe('offline');
    vi.advanceTimersByTime(1);
    expect(client.presenceOf(BOB).show).toBe('unknown');
    expect(client.presenceOf('carol@example.com').show).toBe('unknown');
  });

  test('back online within the grace period (resumed) keeps everything as it was', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { conn, client } = await started({ roster: item(BOB) });
    conn.push(`<presence from='${BOB}/desk'><show>away</show></presence>`);
    const before = client.presenceOf(BOB);
    const sentBefore = conn.sent.length;
    conn.drop();
    vi.advanceTimersByTime(5_000);
    conn.goOnline(true);
    vi.advanceTimersByTime(60_000);
    await settle();
    expect(client.presenceOf(BOB)).toBe(before);
    expect(conn.sent.length).toBe(sentBefore);
  });

  test('a fresh session rebuilds: re-fetches the roster, re-sends presence, re-enables carbons, drops stale resources', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { conn, client } = await started({ roster: item(BOB) + item('carol@example.com') });
    await client.setPresence({ show: 'dnd', status: 'Busy' });
    conn.push(`<presence from='${BOB}/desk'><show>away</show></presence><presence from='${BOB}/phone'><priority>9</priority></presence>`);
    conn.push(`<presence from='carol@example.com/x'/>`);
    expect(client.presenceOf(BOB).show).toBe('available');
    conn.drop();
    vi.advanceTimersByTime(3_000);
    conn.holdPings = true;
    const rosterGets = conn.iqsFor('query', 'jabber:iq:roster').length;
    conn.goOnline(false);
    await settle();
    expect(conn.iqsFor('query', 'jabber:iq:roster').length).toBe(rosterGets + 1);
    expect(conn.iqsFor('enable', 'urn:xmpp:carbons:2').length).toBe(2);
    const lastPresence = conn.sentOf('presence').at(-1)!;
    expect(lastPresence.getChildText('show')).toBe('dnd');
    // Until the new burst ends, contacts keep their last value.
    expect(client.presenceOf(BOB).show).toBe('available');
    conn.push(`<presence from='${BOB}/desk'><show>away</show></presence>`);
    conn.pending('ping', 'urn:xmpp:ping')[0]!.result();
    await settle();
    expect(client.presenceOf(BOB)).toMatchObject({ show: 'away', resources: [{ resource: 'desk' }] });
    expect(client.presenceOf('carol@example.com').show).toBe('offline');
  });

  test('after the grace expired, the new burst rebuilds from unknown', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { conn, client } = await started({ roster: item(BOB) });
    conn.push(`<presence from='${BOB}/desk'/>`);
    conn.drop();
    vi.advanceTimersByTime(10_000);
    expect(client.presenceOf(BOB).show).toBe('unknown');
    conn.holdPings = true;
    conn.goOnline(false);
    await settle();
    expect(client.presenceOf(BOB).show).toBe('unknown');
    conn.push(`<presence from='${BOB}/desk'><show>xa</show></presence>`);
    expect(client.presenceOf(BOB).show).toBe('xa');
  });

  test('resumed after the grace expired: what the server replays and what we knew shows again', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { conn, client } = await started({ roster: item(BOB) + item('carol@example.com') });
    conn.push(`<presence from='${BOB}/desk'><show>away</show></presence>`);
    conn.drop();
    vi.advanceTimersByTime(10_000);
    expect(client.presenceOf(BOB).show).toBe('unknown');
    expect(client.presenceOf('carol@example.com').show).toBe('unknown');
    conn.goOnline(true);
    expect(client.presenceOf(BOB).show).toBe('away');
    expect(client.presenceOf('carol@example.com').show).toBe('offline');
  });

  test('after the grace expired, a fresh session shows only what it heard, never stale resources', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { conn, client } = await started({ roster: item(BOB) });
    conn.push(`<presence from='${BOB}/phone'><show>dnd</show><priority>10</priority></presence>`);
    conn.drop();
    vi.advanceTimersByTime(10_000);
    conn.holdPings = true;
    conn.goOnline(false);
    await settle();
    conn.push(`<presence from='${BOB}/desk'><show>chat</show></presence>`);
    expect(client.presenceOf(BOB)).toMatchObject({ show: 'chat', resources: [{ resource: 'desk' }] });
    conn.pending('ping', 'urn:xmpp:ping')[0]!.result();
    await settle();
    expect(client.presenceOf(BOB)).toMatchObject({ show: 'chat', resources: [{ resource: 'desk' }] });
  });

  test('stop makes every contact unknown', async () => {
    const { conn, client } = await started({ roster: item(BOB) });
    conn.push(`<presence from='${BOB}/desk'/>`);
    await client.stop();
    expect(client.presenceOf(BOB).show).toBe('unknown');
  });
});

describe('who is tracked', () => {
  test('presence from our own other devices is not a contact', async () => {
    const { conn, client } = await started({ roster: item(BOB) });
    conn.push(`<presence from='alice@example.com/phone'><show>away</show></presence>`);
    // Our own entry shows what this client set (see client.test.ts "our own JID"), never the phone's.
    expect(client.presenceOf('alice@example.com').show).toBe('available');
    expect(client.diagnostics.storedJids).toBe(1);
  });

  test('strangers are ignored unless watched, and kept within a bound (LRU over unwatched)', async () => {
    const { conn, client } = await started({ internals: { limits: { maxStrangers: 10 } } });
    conn.push(`<presence from='eve@evil.example/x'/>`);
    expect(client.presenceOf('eve@evil.example').show).toBe('unknown');
    expect(client.diagnostics.storedJids).toBe(0);
    client.watch('sam@example.com', () => {});
    conn.push(`<presence from='sam@example.com/x'/>`);
    expect(client.presenceOf('sam@example.com').show).toBe('available');
    const stops = Array.from({ length: 30 }, (_, i) => client.watch(`s${i}@example.com`, () => {}));
    for (let i = 0; i < 30; i += 1) conn.push(`<presence from='s${i}@example.com/x'/>`);
    for (const stop of stops) stop();
    conn.push(`<presence from='s0@example.com/x'><show>away</show></presence>`);
    expect(client.diagnostics.storedJids).toBeLessThanOrEqual(31);
    for (let i = 0; i < 30; i += 1) client.presenceOf(`s${i}@example.com`);
    // Another watched stranger evicts unwatched ones down to the bound.
    client.watch('t@example.com', () => {});
    conn.push(`<presence from='t@example.com/x'/>`);
    expect(client.diagnostics.storedJids).toBeLessThanOrEqual(10);
    expect(client.presenceOf('sam@example.com').show).toBe('available');
    expect(client.presenceOf('t@example.com').show).toBe('available');
  });

  test('resources per contact are bounded with one flood error', async () => {
    const { conn, client, errors } = await started({ roster: item(BOB), internals: { limits: { maxResources: 100 } } });
    conn.push(Array.from({ length: 150 }, (_, i) => `<presence from='${BOB}/r${i}'/>`).join(''));
    expect(client.presenceOf(BOB).resources).toHaveLength(100);
    expect(errors.filter((e) => e.code === 'flood')).toHaveLength(1);
  });
});

describe('malformed and unexpected stanzas', () => {
  test('are ignored or sanitised without throwing', async () => {
    const { conn, client, errors } = await started({ roster: item(BOB) });
    const bad = [
      `<presence/>`,
      `<presence from='not a jid'/>`,
      `<presence from='@@@'/>`,
      `<presence from='${BOB}/a' type='bogus'/>`,
      `<presence from='${BOB}/a'><show>sleeping</show><priority>abc</priority></presence>`,
      `<presence from='${BOB}/b'><priority>999999</priority><idle xmlns='urn:xmpp:idle:1' since='yesterday'/></presence>`,
      `<presence from='${BOB}/c'><status>${'x'.repeat(50_000)}</status><priority>-999999</priority></presence>`,
      `<message/>`,
      `<message from='???'><body>hi</body></message>`,
      `<iq type='result' id='nobody-asked'/>`,
    ];
    expect(() => conn.push(bad.join(''))).not.toThrow();
    const p = client.presenceOf(BOB);
    const byName = Object.fromEntries(p.resources.map((r) => [r.resource, r]));
    expect(byName.a).toMatchObject({ show: 'available', priority: 0 });
    expect(byName.b).toMatchObject({ priority: 127 });
    expect(byName.b!.idleSince).toBeUndefined();
    expect(byName.c!.status!.length).toBe(2000);
    expect(byName.c!.priority).toBe(-128);
    expect(p.resources[0]!.resource).toBe('b');
    expect(errors.length).toBeGreaterThanOrEqual(5);
    expect(errors.every((e) => e.code === 'malformed-stanza')).toBe(true);
  });
});

describe('batching', () => {
  test('1,000 presences for one JID in one read notify a watcher once, with the final value', async () => {
    const { conn, client } = await started({ roster: item(BOB) });
    const seen: Presence[] = [];
    client.watch(BOB, (p) => seen.push(p));
    const burst = Array.from({ length: 1000 }, (_, i) => `<presence from='${BOB}/desk'><status>${i}</status></presence>`).join('');
    conn.push(burst);
    await settle();
    expect(seen).toHaveLength(2);
    expect(seen[1]!.status).toBe('999');
  });

  test('many watchers of one JID share one store entry', async () => {
    const { client } = await started({ roster: item(BOB) });
    for (let i = 0; i < 100; i += 1) client.watch(BOB, () => {});
    client.watchChatState(BOB, () => {});
    expect(client.diagnostics).toMatchObject({ watchedJids: 1, watchers: 101 });
  });
});
