import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { composeClient } from './compose.js';
import { NS_PING } from './namespaces.js';
import { FakeConnection, settle, type PendingIq } from '../test-support/fake-connection.js';
import { item, started } from '../test-support/setup.js';
import type { ClientOptions } from './types.js';

const BOB = 'bob@example.com';
const CAROL = 'carol@example.com';
const DAVE = 'dave@example.com';
const roster = [BOB, CAROL, DAVE].map((jid) => item(jid)).join('');

/** Pings the client sent to contacts (not the server round trips of the burst), answered or not. */
const contactPings = (conn: FakeConnection): PendingIq[] => conn.iqsFor('ping', NS_PING).filter((q) => q.request.attrs.to?.includes('@'));
const open = (conn: FakeConnection) => contactPings(conn).filter((q) => !q.settled);

async function advance(ms: number): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
  await settle();
}

/** A started full client with bob available on `desk`; pings to contacts are held for the test to answer. */
async function withBob(options: Partial<ClientOptions> = {}) {
  const h = await started({ roster, options });
  h.conn.holdPings = true;
  h.conn.push(`<presence from='${BOB}/desk'/>`);
  await settle();
  return h;
}

describe('liveness: re-check of contacts shown reachable (XEP-0199)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    // No jitter: a resource is due exactly `silenceMs` after it was last heard.
    vi.spyOn(Math, 'random').mockReturnValue(0);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  test('pings only the winning resource of watched, available contacts, after 20 s of silence by default', async () => {
    const { conn, client } = await withBob();
    conn.push(`<presence from='${CAROL}/phone'/>`);
    client.watch(BOB, () => {});
    client.watch(DAVE, () => {}); // watched but offline
    await advance(15_000);
    expect(contactPings(conn)).toEqual([]);
    await advance(12_000);
    expect(contactPings(conn).map((q) => q.request.attrs.to)).toEqual([`${BOB}/desk`]);
    expect(contactPings(conn)[0]!.request.attrs.type).toBe('get');
  });

  test('anything heard from the resource resets its silence; an answer keeps it available', async () => {
    const { conn, client } = await withBob();
    client.watch(BOB, () => {});
    await advance(12_000);
    conn.push(`<message from='${BOB}/desk' type='chat'><active xmlns='http://jabber.org/protocol/chatstates'/></message>`);
    await advance(15_000);
    expect(contactPings(conn)).toEqual([]);
    await advance(10_000);
    expect(open(conn)).toHaveLength(1);
    open(conn)[0]!.result();
    await advance(35_000);
    expect(client.presenceOf(BOB).show).toBe('available');
    // The answer counts as heard: the next ping comes one silence later, not at every sweep.
    expect(contactPings(conn)).toHaveLength(2);
  });

  test('feature-not-implemented means the resource answered: it stays', async () => {
    const { conn, client } = await withBob();
    client.watch(BOB, () => {});
    await advance(35_000);
    open(conn)[0]!.error('feature-not-implemented');
    await advance(5_000);
    expect(client.presenceOf(BOB).show).toBe('available');
    expect(open(conn)).toEqual([]);
  });

  test('a timeout is retried once; a second one drops the resource and the contact reads offline', async () => {
    const { conn, client } = await withBob();
    const seen: string[] = [];
    client.watch(BOB, (p) => seen.push(p.show));
    await advance(35_000);
    open(conn)[0]!.fail('timeout');
    await settle();
    expect(client.presenceOf(BOB).show).toBe('available');
    expect(open(conn).map((q) => q.request.attrs.to)).toEqual([`${BOB}/desk`]);
    open(conn)[0]!.fail('timeout');
    await settle();
    expect(client.presenceOf(BOB)).toMatchObject({ show: 'offline', resources: [] });
    expect(seen).toEqual(['available', 'offline']);
  });

  test('a slow answer on the retry keeps the contact', async () => {
    const { conn, client } = await withBob();
    client.watch(BOB, () => {});
    await advance(35_000);
    open(conn)[0]!.fail('timeout');
    await settle();
    open(conn)[0]!.result();
    await settle();
    expect(client.presenceOf(BOB).show).toBe('available');
  });

  test('service-unavailable drops the resource at once: the next resource wins, then the contact goes offline', async () => {
    const { conn, client } = await withBob();
    conn.push(`<presence from='${BOB}/phone'><show>away</show><priority>-1</priority></presence>`);
    client.watch(BOB, () => {});
    await advance(35_000);
    expect(open(conn).map((q) => q.request.attrs.to)).toEqual([`${BOB}/desk`]);
    open(conn)[0]!.error('service-unavailable');
    await settle();
    expect(client.presenceOf(BOB)).toMatchObject({ show: 'away', resources: [{ resource: 'phone' }] });
    await advance(35_000);
    expect(open(conn).map((q) => q.request.attrs.to)).toEqual([`${BOB}/phone`]);
    open(conn)[0]!.error('recipient-unavailable');
    await settle();
    expect(client.presenceOf(BOB).show).toBe('offline');
  });

  test('a message error bounced from a full JID drops that resource', async () => {
    const { conn, client } = await withBob();
    conn.push(`<presence from='${BOB}/phone'/>`);
    conn.push(
      `<message from='${BOB}/desk' type='error' id='m1'><error type='cancel'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>`,
    );
    await settle();
    expect(client.presenceOf(BOB).resources.map((r) => r.resource)).toEqual(['phone']);
    // An error that says nothing about the session (e.g. not-acceptable) keeps it.
    conn.push(
      `<message from='${BOB}/phone' type='error' id='m2'><error type='modify'><not-acceptable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>`,
    );
    await settle();
    expect(client.presenceOf(BOB).show).toBe('available');
  });

  test('at most maxInFlight pings wait and perMinute are sent per minute, however many contacts', async () => {
    const many = Array.from({ length: 10 }, (_, i) => `c${i}@example.com`);
    const { conn, client } = await started({
      roster: many.map((jid) => item(jid)).join(''),
      options: { liveness: { maxInFlight: 2, perMinute: 5 } },
    });
    conn.holdPings = true;
    for (const jid of many) {
      conn.push(`<presence from='${jid}/r'/>`);
      client.watch(jid, () => {});
    }
    await advance(35_000);
    expect(open(conn)).toHaveLength(2);
    for (const q of open(conn)) q.result();
    await advance(5_000);
    expect(contactPings(conn)).toHaveLength(4);
    for (const q of open(conn)) q.result();
    await advance(5_000);
    expect(contactPings(conn)).toHaveLength(5);
    for (const q of open(conn)) q.result();
    await advance(15_000);
    // Still inside the minute of the first pings: the cap holds.
    expect(contactPings(conn)).toHaveLength(5);
    // A minute after the first pings, the next ones go out.
    await advance(35_000);
    expect(contactPings(conn).length).toBeGreaterThan(5);
  });

  test('no pings while offline, none after stop(), none with liveness: false', async () => {
    const { conn, client } = await withBob();
    client.watch(BOB, () => {});
    conn.drop();
    await advance(60_000);
    expect(contactPings(conn)).toEqual([]);
    conn.goOnline(true);
    await advance(40_000);
    expect(contactPings(conn)).toHaveLength(1);
    await client.stop();
    await advance(120_000);
    expect(contactPings(conn)).toHaveLength(1);

    const off = await withBob({ liveness: false });
    off.client.watch(BOB, () => {});
    await advance(120_000);
    expect(contactPings(off.conn)).toEqual([]);
    expect(off.client.presenceOf(BOB).show).toBe('available');
  });

  test('the presence-only client re-checks too (dots are what lie)', async () => {
    const conn = new FakeConnection();
    conn.rosterXml = item(BOB);
    const client = composeClient({
      connection: conn,
      options: { service: 'ws://localhost:5280/xmpp-websocket', jid: 'alice@example.com', liveness: { silenceMs: 3000 } },
      defaultPriority: -1,
    });
    await client.start();
    await settle();
    conn.holdPings = true;
    conn.push(`<presence from='${BOB}/desk'/>`);
    client.watch(BOB, () => {});
    await advance(4_000);
    open(conn)[0]!.error('item-not-found');
    await settle();
    expect(client.presenceOf(BOB).show).toBe('offline');
  });

  test('cost with the defaults: 200 watched, available, silent contacts get at most 120 pings a minute', async () => {
    vi.mocked(Math.random).mockRestore();
    const many = Array.from({ length: 200 }, (_, i) => `c${i}@example.com`);
    const { conn, client } = await started({ roster: many.map((jid) => item(jid)).join('') });
    // Every contact answers at once: pings stop only because of the cap.
    conn.responders.unshift((iq) => (iq.getChild('ping', NS_PING) && iq.attrs.to?.includes('@') ? '' : undefined));
    for (const jid of many) {
      conn.push(`<presence from='${jid}/r'/>`);
      client.watch(jid, () => {});
    }
    await advance(60_000);
    const perMinute: number[] = [];
    for (let minute = 0; minute < 5; minute++) {
      const before = contactPings(conn).length;
      await advance(60_000);
      perMinute.push(contactPings(conn).length - before);
    }
    console.log(`[liveness] 200 watched contacts, defaults: pings per minute ${perMinute.join(', ')}`);
    for (const n of perMinute) expect(n).toBeLessThanOrEqual(120);
    // And the cap is used, so every contact does get re-checked (each about every 100 s).
    expect(Math.min(...perMinute)).toBeGreaterThanOrEqual(100);
    expect(new Set(contactPings(conn).map((q) => q.request.attrs.to)).size).toBe(200);
    expect(client.presenceOf(many[0]!).show).toBe('available');
  });

  test('bad liveness options are rejected with invalid-argument', async () => {
    for (const liveness of [{ silenceMs: -1 }, { perMinute: 0 }, { timeoutMs: Number.NaN }, 'often']) {
      await expect(started({ options: { liveness } as unknown as Partial<ClientOptions> })).rejects.toMatchObject({
        code: 'invalid-argument',
      });
    }
  });
});
