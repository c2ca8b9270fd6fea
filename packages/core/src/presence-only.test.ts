import { describe, expect, test } from 'vitest';
import { composeClient } from './compose.js';
import type { PresenceError } from './errors.js';
import { FakeConnection, settle } from '../test-support/fake-connection.js';
import { item } from '../test-support/setup.js';
import type { ChatState, ContactDetails } from './types.js';

const BOB = 'bob@example.com';

/** The composition createPresenceOnlyClient uses, on a fake connection. */
async function presenceOnly() {
  const conn = new FakeConnection();
  conn.rosterXml = item(BOB);
  const client = composeClient({
    connection: conn,
    options: { service: 'ws://localhost:5280/xmpp-websocket', jid: 'alice@example.com' },
    defaultPriority: -1,
  });
  const errors: PresenceError[] = [];
  client.on('error', (e) => errors.push(e));
  await client.start();
  await settle();
  return { conn, client, errors };
}

describe('presence-only client', () => {
  test('shows presence like the full client', async () => {
    const { conn, client } = await presenceOnly();
    const seen: string[] = [];
    client.watch(BOB, (p) => seen.push(p.show));
    conn.push(`<presence from='${BOB}/desk'><show>dnd</show><status>Focus</status></presence>`);
    await settle();
    expect(client.presenceOf(BOB)).toMatchObject({ show: 'dnd', status: 'Focus' });
    expect(seen.at(-1)).toBe('dnd');
  });

  test('announces priority -1, so messages to the bare JID go to clients that can show them (RFC 6121 §8.5.2.1.1)', async () => {
    const { conn, client } = await presenceOnly();
    const initial = conn.sentOf('presence')[0]!;
    expect(initial.getChildText('priority')).toBe('-1');
    expect(client.ownPresence).toEqual({ show: 'available', priority: -1 });
    await client.setPresence({ show: 'away' });
    expect(conn.sentOf('presence').at(-1)!.getChildText('priority')).toBe('-1');
  });

  test('does not enable carbons, answer receipts or report messages', async () => {
    const { conn, client, errors } = await presenceOnly();
    const messages: unknown[] = [];
    client.on('message', (m) => messages.push(m));
    conn.push(
      `<message from='${BOB}/desk' type='chat' id='m1'><body>hi</body><request xmlns='urn:xmpp:receipts'/><composing xmlns='http://jabber.org/protocol/chatstates'/></message>`,
    );
    await settle();
    expect(messages).toEqual([]);
    expect(conn.sentOf('message')).toEqual([]);
    expect(conn.iqsFor('enable', 'urn:xmpp:carbons:2')).toEqual([]);
    expect(client.chatStateOf(BOB)).toBeUndefined();
    expect(errors).toEqual([]);
  });

  test('what it cannot do says so: unsupported, and watchers get "nothing known" once', async () => {
    const { client } = await presenceOnly();
    for (const call of [() => client.sendMessage(BOB, 'hi'), () => client.history(BOB), () => client.fetchDetails(BOB)]) {
      await expect(call()).rejects.toMatchObject({ code: 'unsupported', message: expect.stringContaining('createPresenceClient') });
    }
    await expect(client.sendChatState(BOB, 'composing')).rejects.toMatchObject({ code: 'unsupported' });
    const states: Array<ChatState | undefined> = [];
    const details: Array<ContactDetails | undefined> = [];
    client.watchChatState(BOB, (s) => states.push(s))();
    client.watchDetails(BOB, (d) => details.push(d))();
    expect(states).toEqual([undefined]);
    expect(details).toEqual([undefined]);
    expect(() => client.watchChatState('not a jid', () => {})).toThrow(expect.objectContaining({ code: 'invalid-jid' }));
    expect(client.diagnostics.watchers).toBe(0);
  });
});
