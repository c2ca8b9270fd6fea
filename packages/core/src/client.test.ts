import { describe, expect, test, vi } from 'vitest';
import { createClientWith } from './client.js';
import type { PresenceClient } from './types.js';
import { FakeConnection, settle } from '../test-support/fake-connection.js';
import { harness, item, started } from '../test-support/setup.js';

const BOB = 'bob@example.com';
const BAD = ['', 'not a jid', 'bob@', '@example.com', 'a@b@c', '<img src=x>', 42 as unknown as string];

describe('options', () => {
  test('an invalid or domain-only jid throws invalid-jid', () => {
    for (const jid of [...BAD, 'example.com']) {
      expect(() => createClientWith(new FakeConnection(), { service: 'ws://localhost', jid })).toThrow(
        expect.objectContaining({ code: 'invalid-jid' }),
      );
    }
  });

  test('a missing service or a bad grace period throws invalid-argument', () => {
    expect(() => createClientWith(new FakeConnection(), { service: '', jid: 'alice@example.com' })).toThrow(
      expect.objectContaining({ code: 'invalid-argument' }),
    );
    expect(() => createClientWith(new FakeConnection(), { service: 'ws://x', jid: 'alice@example.com', graceMs: -1 })).toThrow(
      expect.objectContaining({ code: 'invalid-argument' }),
    );
  });
});

describe('invalid JIDs throw invalid-jid everywhere', () => {
  const sync: Array<[string, (c: PresenceClient, jid: string) => unknown]> = [
    ['presenceOf', (c, j) => c.presenceOf(j)],
    ['watch', (c, j) => c.watch(j, () => {})],
    ['chatStateOf', (c, j) => c.chatStateOf(j)],
    ['watchChatState', (c, j) => c.watchChatState(j, () => {})],
    ['detailsOf', (c, j) => c.detailsOf(j)],
    ['watchDetails', (c, j) => c.watchDetails(j, () => {})],
  ];
  test.each(sync)('%s', (_, call) => {
    const { client } = harness();
    for (const jid of BAD) expect(() => call(client, jid)).toThrow(expect.objectContaining({ code: 'invalid-jid' }));
  });

  const async: Array<[string, (c: PresenceClient, jid: string) => Promise<unknown>]> = [
    ['sendMessage', (c, j) => c.sendMessage(j, 'hi')],
    ['sendChatState', (c, j) => c.sendChatState(j, 'composing')],
    ['history', (c, j) => c.history(j)],
    ['requestSubscription', (c, j) => c.requestSubscription(j)],
    ['approveSubscription', (c, j) => c.approveSubscription(j)],
    ['denySubscription', (c, j) => c.denySubscription(j)],
    ['fetchDetails', (c, j) => c.fetchDetails(j)],
  ];
  test.each(async)('%s rejects', async (_, call) => {
    const { client } = harness();
    for (const jid of BAD) await expect(call(client, jid)).rejects.toMatchObject({ code: 'invalid-jid' });
  });

  test('presenceOf never returns undefined and normalises the JID', () => {
    const { client } = harness();
    expect(client.presenceOf('Nobody@Example.COM')).toEqual({ jid: 'nobody@example.com', show: 'unknown', resources: [] });
  });

  test('presenceOf returns the same object for any JID until something changes (useSyncExternalStore)', async () => {
    const { conn, client } = harness({ roster: item(BOB) });
    // Before start(), not watched, not in any store.
    const first = client.presenceOf('Nobody@Example.COM');
    expect(client.presenceOf('nobody@example.com')).toBe(first);
    const stop = client.watch('nobody@example.com', () => {});
    expect(client.presenceOf('nobody@example.com')).toBe(first);
    stop();
    expect(client.presenceOf('nobody@example.com')).toBe(first);
    // A roster contact: the same object while nothing changes, a new one on a change.
    await client.start();
    await settle();
    const offline = client.presenceOf(BOB);
    expect(offline.show).toBe('offline');
    expect(client.presenceOf(BOB)).toBe(offline);
    conn.push(`<presence from='${BOB}/desk'/>`);
    const online = client.presenceOf(BOB);
    expect(online).not.toBe(offline);
    expect(online.show).toBe('available');
    expect(client.presenceOf(BOB)).toBe(online);
  });
});

describe('lifecycle', () => {
  test('start fetches the roster before sending initial presence, and resolves once online', async () => {
    const h = harness({ roster: item(BOB) });
    const online: boolean[] = [];
    h.client.on('online', (i) => online.push(i.resumed));
    await h.client.start();
    const order = h.conn.iqs.map((q) => q.request.getChildElements()[0]!.name);
    expect(order[0]).toBe('query');
    expect(h.conn.sentOf('presence')).toHaveLength(1);
    expect(h.client.roster()).toEqual([BOB]);
    expect(h.client.status).toBe('online');
    expect(h.client.jid).toBe('alice@example.com/test');
    expect(online).toEqual([false]);
  });

  test('setPresence sends show, status, priority and XEP-0319 idle, and is re-sent on every new session', async () => {
    const { conn, client } = await started();
    const since = new Date('2024-01-01T09:00:00Z');
    await client.setPresence({ show: 'away', status: 'Lunch', priority: 5, idleSince: since });
    const p = conn.sentOf('presence').at(-1)!;
    expect(p.getChildText('show')).toBe('away');
    expect(p.getChildText('status')).toBe('Lunch');
    expect(p.getChildText('priority')).toBe('5');
    expect(p.getChild('idle', 'urn:xmpp:idle:1')?.attrs.since).toBe('2024-01-01T09:00:00.000Z');
    expect(client.ownPresence).toEqual({ show: 'away', status: 'Lunch', priority: 5, idleSince: since });
    conn.drop();
    await client.setPresence({ show: 'dnd' });
    conn.goOnline(false);
    await settle();
    const resent = conn.sentOf('presence').at(-1)!;
    expect(resent.getChildText('show')).toBe('dnd');
    expect(resent.getChildText('priority')).toBe('5');
    expect(resent.getChild('status')).toBeUndefined();
  });

  test('setPresence validates', async () => {
    const { client } = await started();
    await expect(client.setPresence({ show: 'busy' as 'dnd' })).rejects.toMatchObject({ code: 'invalid-argument' });
    await expect(client.setPresence({ priority: 500 })).rejects.toMatchObject({ code: 'invalid-argument' });
    await expect(client.setPresence({ status: 'x'.repeat(3000) })).rejects.toMatchObject({ code: 'invalid-argument' });
    await expect(client.setPresence({ idleSince: new Date('nope') })).rejects.toMatchObject({ code: 'invalid-argument' });
  });

  test('stop rejects a pending start with stopped', async () => {
    const h = harness();
    h.conn.holdPings = true;
    const starting = h.client.start();
    await settle();
    await h.client.stop();
    await expect(starting).rejects.toMatchObject({ code: 'stopped' });
  });

  test('setInactive reaches the connection (XEP-0352)', async () => {
    const { conn, client } = await started();
    client.setInactive(true);
    expect(conn.inactive).toBe(true);
  });

  test('a throwing watcher is reported as an error and others still hear', async () => {
    const { conn, client, errors } = await started({ roster: item(BOB) });
    client.watch(BOB, (p) => {
      if (p.show === 'away') throw new Error('boom');
    });
    const shows: string[] = [];
    client.watch(BOB, (p) => shows.push(p.show));
    conn.push(`<presence from='${BOB}/x'><show>away</show></presence>`);
    await settle();
    expect(shows.at(-1)).toBe('away');
    expect(errors.some((e) => (e.cause as Error)?.message === 'boom')).toBe(true);
  });

  test('answers entity time (XEP-0202) for contacts who see our presence only', async () => {
    const { conn } = await started({ roster: item(BOB) });
    conn.push(`<iq type='get' id='t1' from='${BOB}/desk'><time xmlns='urn:xmpp:time'/></iq>`);
    conn.push(`<iq type='get' id='t2' from='eve@evil.example/x'><time xmlns='urn:xmpp:time'/></iq>`);
    // The answering code loads with the first request: the replies come a moment later.
    await vi.waitFor(() => expect(conn.iqReplies.filter((r) => r.attrs.id === 't1' || r.attrs.id === 't2')).toHaveLength(2));
    const ok = conn.iqReplies.find((r) => r.attrs.id === 't1');
    const refused = conn.iqReplies.find((r) => r.attrs.id === 't2');
    expect(ok!.attrs.type).toBe('result');
    expect(ok!.getChild('time', 'urn:xmpp:time')?.getChildText('tzo')).toMatch(/^[+-]\d{2}:\d{2}$/);
    expect(refused!.attrs.type).toBe('error');
  });
});

describe('our own JID', () => {
  const ME = 'alice@example.com';
  test('shows what we set while connected, unknown before, while reconnecting and after stop()', async () => {
    const { client, conn } = harness();
    const seen: string[] = [];
    client.watch(ME, (p) => seen.push(`${p.show}${p.status ? `:${p.status}` : ''}`));
    expect(client.presenceOf(ME).show).toBe('unknown');
    await client.start();
    await settle();
    expect(client.presenceOf(ME)).toMatchObject({ jid: ME, show: 'available' });
    await client.setPresence({ show: 'dnd', status: 'In a meeting until 3pm' });
    await settle();
    expect(client.presenceOf(ME)).toMatchObject({ show: 'dnd', status: 'In a meeting until 3pm' });
    conn.setStatus('reconnecting');
    await settle();
    expect(client.presenceOf(ME).show).toBe('unknown');
    conn.goOnline(true); // resumed (XEP-0198): online at once
    await settle();
    expect(client.presenceOf(ME).show).toBe('dnd');
    await client.stop();
    await settle();
    expect(client.presenceOf(ME).show).toBe('unknown');
    expect(seen).toEqual(['unknown', 'available', 'dnd:In a meeting until 3pm', 'unknown', 'dnd:In a meeting until 3pm', 'unknown']);
  });

  test('presence from our other devices does not change it', async () => {
    const { client, conn } = await started();
    conn.push(`<presence from='${ME}/phone'><show>away</show><status>on the phone</status></presence>`);
    await settle();
    expect(client.presenceOf(ME)).toMatchObject({ show: 'available' });
    expect(client.presenceOf(ME).status).toBeUndefined();
  });
});
