// XEP-0333 displayed markers: how reading a conversation in one session clears it in the others.
import { describe, expect, test } from 'vitest';
import { settle } from '../test-support/fake-connection.js';
import { item, started } from '../test-support/setup.js';
import type { Conversation } from './conversations.js';

const BOB = 'bob@example.com';
const CAROL = 'carol@example.com';
const ME = 'alice@example.com';
const NS = 'urn:xmpp:chat-markers:0';

const markable = (from: string, id: string, body: string) =>
  `<message from='${from}/desk' to='${ME}/test' type='chat' id='${id}'><body>${body}</body><markable xmlns='${NS}'/></message>`;
const plain = (from: string, id: string, body: string) =>
  `<message from='${from}/desk' to='${ME}/test' type='chat' id='${id}'><body>${body}</body></message>`;
/** Our carbon of a `displayed` marker another session of ours sent to `to`. */
const displayedCarbon = (to: string, id: string, from = ME) =>
  `<message from='${from}' to='${ME}/test'><sent xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>` +
  `<message from='${ME}/other' to='${to}' type='chat' id='d1'><displayed xmlns='${NS}' id='${id}'/></message></forwarded></sent></message>`;

describe('chat markers: reading here tells the others', () => {
  test('markRead sends one displayed marker for the last markable message, to the bare JID, as type chat', async () => {
    const { conn, client } = await started({ roster: item(BOB) });
    conn.push(markable(BOB, 'm1', 'one'));
    conn.push(markable(BOB, 'm2', 'two'));
    conn.push(plain(BOB, 'm3', 'three, no marker asked'));
    expect(client.unreadOf(BOB)).toBe(3);
    client.markRead(BOB);
    expect(client.unreadOf(BOB)).toBe(0);
    const markers = conn.sentOf('message').filter((m) => m.getChild('displayed', NS));
    expect(markers.map((m) => [m.attrs.to, m.attrs.type, m.getChild('displayed', NS)!.attrs.id])).toEqual([[BOB, 'chat', 'm2']]);
    expect(markers[0]!.getChild('body')).toBeUndefined();
    // Read again with nothing new: no second marker.
    client.markRead(BOB);
    expect(conn.sentOf('message').filter((m) => m.getChild('displayed', NS))).toHaveLength(1);
  });

  test('no marker when nothing asked for one, nor to someone who does not see our presence', async () => {
    const { conn, client } = await started({ roster: item(BOB) + item(CAROL, 'to') });
    conn.push(plain(BOB, 'm1', 'plain'));
    conn.push(markable(CAROL, 'c1', 'from someone we follow but who does not see us'));
    client.markRead(BOB);
    client.markRead(CAROL);
    expect(client.unreadTotal()).toBe(0);
    expect(conn.sentOf('message').filter((m) => m.getChild('displayed', NS))).toEqual([]);
  });

  test('what we send asks for markers', async () => {
    const { conn, client } = await started({ roster: item(BOB) });
    await client.sendMessage(BOB, 'hello');
    const sent = conn.sentOf('message').find((m) => m.getChildText('body') === 'hello')!;
    expect(sent.getChild('markable', NS)).toBeDefined();
  });
});

describe('chat markers: reading elsewhere clears it here', () => {
  test("our carbon of a displayed marker clears the contact's unread up to that message", async () => {
    const { conn, client } = await started({ roster: item(BOB) });
    conn.push(markable(BOB, 'm1', 'one'));
    conn.push(markable(BOB, 'm2', 'two'));
    conn.push(markable(BOB, 'm3', 'three'));
    expect(client.unreadOf(BOB)).toBe(3);
    conn.push(displayedCarbon(BOB, 'm2'));
    expect(client.unreadOf(BOB)).toBe(1);
    conn.push(displayedCarbon(BOB, 'm3'));
    expect(client.unreadOf(BOB)).toBe(0);
    // Markers only move forward: an older one never brings messages back.
    conn.push(displayedCarbon(BOB, 'm1'));
    expect(client.unreadOf(BOB)).toBe(0);
    // Nothing is sent back: a marker is never answered with a marker.
    expect(conn.sentOf('message').filter((m) => m.getChild('displayed', NS))).toEqual([]);
  });

  test('a marker for an unknown message is ignored, and a forged carbon changes nothing', async () => {
    const { conn, client, errors } = await started({ roster: item(BOB) });
    conn.push(markable(BOB, 'm1', 'one'));
    conn.push(displayedCarbon(BOB, 'never-seen'));
    expect(client.unreadOf(BOB)).toBe(1);
    conn.push(displayedCarbon(BOB, 'm1', 'mallory@example.com'));
    expect(client.unreadOf(BOB)).toBe(1);
    expect(errors.map((e) => e.code)).toContain('malformed-stanza');
  });

  test('the unread list follows: newest first, gone once read, same array until a change', async () => {
    const { conn, client } = await started({ roster: item(BOB) + item(CAROL) });
    const seen: Array<readonly Conversation[]> = [];
    const stop = client.watchUnreadConversations((list) => seen.push(list));
    expect(seen.at(-1)).toEqual([]);
    conn.push(markable(BOB, 'm1', 'from bob'));
    await new Promise((r) => setTimeout(r, 5));
    conn.push(markable(CAROL, 'c1', 'from carol'));
    await settle();
    expect(client.unreadConversations().map((c) => [c.jid, c.unread, c.entries.at(-1)!.message.body])).toEqual([
      [CAROL, 1, 'from carol'],
      [BOB, 1, 'from bob'],
    ]);
    expect(seen.at(-1)).toBe(client.unreadConversations());
    expect(Object.isFrozen(client.unreadConversations())).toBe(true);
    conn.push(displayedCarbon(CAROL, 'c1'));
    await settle();
    expect(seen.at(-1)!.map((c) => c.jid)).toEqual([BOB]);
    stop();
  });
});
