import { describe, expect, test, vi } from 'vitest';
import { createConversationStore, MAX_CONVERSATION_ENTRIES, MAX_CONVERSATIONS, type Conversation } from './conversations.js';
import { createPresenceOnlyClient } from './presence-only.js';
import { settle } from '../test-support/fake-connection.js';
import { item, started } from '../test-support/setup.js';
import type { ChatMessage } from './types.js';

const BOB = 'bob@example.com';
const CAROL = 'carol@example.com';
const ME = 'alice@example.com';

/** Every distinct snapshot a watcher was called with. */
function recording(watch: (fn: (c: Conversation) => void) => () => void) {
  const seen: Conversation[] = [];
  const stop = watch((c) => seen.push(c));
  return { seen, stop, last: () => seen.at(-1)! };
}

const bodies = (c: Conversation) => c.entries.map((e) => e.message.body);
const chat = (from: string, id: string, body: string) =>
  `<message from='${from}/desk' to='${ME}/test' type='chat' id='${id}'><body>${body}</body></message>`;

describe('conversations: sending', () => {
  test('a sent message shows at once as sending, then sent on the ack and delivered on the receipt', async () => {
    const { conn, client } = await started({ roster: item(BOB) });
    conn.drop();
    const w = recording((fn) => client.watchConversation('Bob@Example.com/phone', fn));
    const sending = client.sendMessage(BOB, 'Got a minute?');
    const first = client.conversationOf(BOB);
    expect(first.entries.map((e) => [e.message.body, e.message.direction, e.delivery])).toEqual([['Got a minute?', 'out', 'sending']]);
    // Same object until something changes.
    expect(client.conversationOf(BOB)).toBe(first);
    expect(Object.isFrozen(first) && Object.isFrozen(first.entries) && Object.isFrozen(first.entries[0])).toBe(true);
    await settle();
    expect(w.last()).toBe(first);

    conn.goOnline(true);
    const sent = await sending;
    await settle();
    expect(w.last().entries[0]!.delivery).toBe('sent');
    expect(w.last().entries[0]!.message.id).toBe(sent.id);
    expect(w.last().entries[0]!.key).toBe(first.entries[0]!.key);

    conn.push(`<message from='${BOB}/desk' to='${ME}/test' id='r1'><received xmlns='urn:xmpp:receipts' id='${sent.id}'/></message>`);
    await settle();
    expect(w.last().entries[0]!.delivery).toBe('delivered');
    // (Going online also started the history fetch, a change of its own.)
    const deliveries = w.seen.map((c) => c.entries[0]?.delivery).filter((d, i, all) => i === 0 || d !== all[i - 1]);
    expect(deliveries).toEqual([undefined, 'sending', 'sent', 'delivered']);
    w.stop();
  });

  test('a receipt that overtakes the server ack leaves the line delivered', async () => {
    const { conn, client } = await started({ roster: item(BOB) });
    conn.drop();
    const sending = client.sendMessage(BOB, 'fast');
    const id = client.conversationOf(BOB).entries[0]!.message.id;
    conn.push(`<message from='${BOB}/desk' id='r1'><received xmlns='urn:xmpp:receipts' id='${id}'/></message>`);
    expect(client.conversationOf(BOB).entries[0]!.delivery).toBe('delivered');
    conn.goOnline(true);
    await sending;
    expect(client.conversationOf(BOB).entries[0]!.delivery).toBe('delivered');
  });

  test('a failed send is marked failed and can be retried with the same id', async () => {
    const { conn, client } = await started({ roster: item(BOB) });
    const realSend = conn.send.bind(conn);
    conn.send = () => Promise.reject(new Error('socket gone'));
    await expect(client.sendMessage(BOB, 'Are you there?')).rejects.toThrow('socket gone');
    const [failed] = client.conversationOf(BOB).entries;
    expect(failed!.delivery).toBe('failed');

    conn.send = realSend;
    const again = await client.retryMessage(BOB, failed!.key);
    expect(again.id).toBe(failed!.message.id);
    expect(conn.sent.filter((s) => s.stanza.name === 'message').map((s) => s.stanza.attrs.id)).toEqual([failed!.message.id]);
    expect(client.conversationOf(BOB).entries.map((e) => [e.key, e.delivery])).toEqual([[failed!.key, 'sent']]);
    // Only failed lines can be retried.
    await expect(client.retryMessage(BOB, failed!.key)).rejects.toMatchObject({ code: 'invalid-argument' });
    await expect(client.retryMessage(BOB, 'nope')).rejects.toMatchObject({ code: 'invalid-argument' });
  });

  test('a message the server bounces reads failed and is reported; a bounced chat state is neither', async () => {
    const { conn, client, errors } = await started({ roster: item(BOB) });
    const bounce = (id: string, condition: string) =>
      `<message from='${BOB}' type='error' id='${id}'><error type='cancel'><${condition} xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>`;
    const sent = await client.sendMessage(BOB, 'Are you there?');
    const delivered = await client.sendMessage(BOB, 'Got it?');
    conn.push(`<message from='${BOB}/desk' id='r1'><received xmlns='urn:xmpp:receipts' id='${delivered.id}'/></message>`);
    // No such account, say: the line can be retried, and the error event says why.
    conn.push(bounce(sent.id, 'service-unavailable'));
    expect(client.conversationOf(BOB).entries.map((e) => [e.message.body, e.delivery])).toEqual([
      ['Are you there?', 'failed'],
      ['Got it?', 'delivered'],
    ]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      code: 'stanza-error',
      condition: 'service-unavailable',
      message: `Message ${sent.id} to ${BOB} failed`,
    });
    // A bounce of a message a receipt said was delivered (a session of Bob's that just ended) changes nothing.
    conn.push(bounce(delivered.id, 'recipient-unavailable'));
    expect(client.conversationOf(BOB).entries[1]!.delivery).toBe('delivered');
    expect(errors).toHaveLength(1);
    // Nor does our chat state bounced by such a session: nothing to show or report …
    await client.sendChatState(BOB, 'composing');
    const state = conn.sent.filter((s) => s.stanza.name === 'message').at(-1)!.stanza;
    expect(state.getChild('body')).toBeUndefined();
    conn.push(bounce(state.attrs.id ?? '', 'recipient-unavailable'));
    expect(errors).toHaveLength(1);
    // … unless its condition says something else is wrong.
    conn.push(bounce(state.attrs.id ?? '', 'not-acceptable'));
    expect(errors).toHaveLength(2);
    expect(errors.at(-1)).toMatchObject({ condition: 'not-acceptable' });
  });

  test('bad input is refused before anything shows', async () => {
    const { client } = await started();
    await expect(client.sendMessage(BOB, '   ')).rejects.toMatchObject({ code: 'invalid-argument' });
    await expect(client.sendMessage('bob@', 'x')).rejects.toMatchObject({ code: 'invalid-jid' });
    expect(client.conversationOf(BOB).entries).toEqual([]);
    expect(() => client.conversationOf('bob@')).toThrow(expect.objectContaining({ code: 'invalid-jid' }));
    expect(() => client.watchConversation(BOB, 'nope' as never)).toThrow(expect.objectContaining({ code: 'invalid-argument' }));
  });
});

describe('conversations: receiving', () => {
  test("messages land in their contact's conversation once, whether live, carbon or archived", async () => {
    const { conn, client } = await started({ roster: item(BOB) + item(CAROL) });
    let seenInListener: string[] = [];
    client.on('message', (m) => (seenInListener = bodies(client.conversationOf(m.from))));
    conn.push(chat(BOB, 'm1', 'Hello'));
    expect(seenInListener).toEqual(['Hello']);
    conn.push(chat(BOB, 'm1', 'Hello'));
    conn.push(chat(CAROL, 'c1', 'Not for Bob'));
    // A carbon of what our other device sent to Bob.
    const fromPhone = `<message from='${ME}/phone' to='${BOB}' type='chat' id='o1'><body>From my phone</body></message>`;
    const forwarded = `<forwarded xmlns='urn:xmpp:forward:0'>${fromPhone}</forwarded>`;
    conn.push(`<message from='${ME}' to='${ME}/test'><sent xmlns='urn:xmpp:carbons:2'>${forwarded}</sent></message>`);
    expect(bodies(client.conversationOf(BOB))).toEqual(['Hello', 'From my phone']);
    expect(client.conversationOf(BOB).entries.map((e) => e.message.direction)).toEqual(['in', 'out']);
    expect(bodies(client.conversationOf(CAROL))).toEqual(['Not for Bob']);
  });

  test('watching while online fetches the archive once; archived copies of known messages are not repeated', async () => {
    const { conn, client } = await started({ roster: item(BOB) });
    conn.push(chat(BOB, 'x2', 'live and archived'));
    const w = recording((fn) => client.watchConversation(BOB, fn));
    expect(w.last().history).toBe('loading');
    await vi.waitFor(() => expect(conn.pending('query', 'urn:xmpp:mam:2')).toHaveLength(1));
    const [q] = conn.pending('query', 'urn:xmpp:mam:2');
    const query = q!.request.getChild('query', 'urn:xmpp:mam:2')!;
    const qid = query.attrs.queryid!;
    const result = (id: string, stamp: string, inner: string) =>
      `<message from='${ME}'><result xmlns='urn:xmpp:mam:2' queryid='${qid}' id='${id}'><forwarded xmlns='urn:xmpp:forward:0'>` +
      `<delay xmlns='urn:xmpp:delay' stamp='${stamp}'/>${inner}</forwarded></result></message>`;
    const fromBob = (id: string, body: string) =>
      `<message from='${BOB}/desk' to='${ME}' type='chat' id='${id}'><body>${body}</body></message>`;
    conn.push(result('r1', '2024-01-01T10:00:00Z', fromBob('x1', 'yesterday')));
    conn.push(result('r2', '2024-01-01T10:05:00Z', fromBob('x2', 'live and archived')));
    q!.result(`<fin xmlns='urn:xmpp:mam:2' complete='true'/>`);
    await vi.waitFor(() => expect(w.last().history).toBe('loaded'));
    expect(bodies(w.last())).toEqual(['yesterday', 'live and archived']);
    expect(query.getChild('set', 'http://jabber.org/protocol/rsm')?.getChildText('max')).toBe('50');

    // A second watcher (another chat window) shares it: no second query.
    const other = recording((fn) => client.watchConversation(BOB, fn));
    expect(other.last()).toBe(w.last());
    await settle();
    expect(conn.iqsFor('query', 'urn:xmpp:mam:2')).toHaveLength(1);
  });

  test('without an archive the conversation shows what arrives live and asks again after a reconnect', async () => {
    const { conn, client } = await started({ roster: item(BOB) });
    conn.responders.push((iq) => (iq.getChild('query', 'urn:xmpp:mam:2') ? { error: 'service-unavailable' } : undefined));
    const w = recording((fn) => client.watchConversation(BOB, fn));
    await vi.waitFor(() => expect(w.last().history).toBe('unavailable'));
    conn.push(chat(BOB, 'm1', 'live'));
    await settle();
    expect(bodies(w.last())).toEqual(['live']);
    conn.drop();
    conn.goOnline(false);
    await vi.waitFor(() => expect(conn.iqsFor('query', 'urn:xmpp:mam:2')).toHaveLength(2));
  });

  test('a flood stays bounded and the newest message is last', async () => {
    const { conn, client } = await started({ roster: item(BOB) });
    const w = recording((fn) => client.watchConversation(BOB, fn));
    for (let i = 0; i < 3000; i++) conn.push(chat(BOB, `f${i}`, i === 2999 ? 'the last one' : `flood ${i}`));
    await settle();
    const c = client.conversationOf(BOB);
    expect(c.entries.length).toBeLessThanOrEqual(MAX_CONVERSATION_ENTRIES + MAX_CONVERSATION_ENTRIES / 4);
    expect(c.entries.length).toBeGreaterThanOrEqual(MAX_CONVERSATION_ENTRIES);
    expect(c.entries.at(-1)!.message.body).toBe('the last one');
    // Batched: the watcher heard the burst once, not 3,000 times.
    expect(w.seen.length).toBeLessThanOrEqual(3);
  });
});

describe('unread counts', () => {
  test('incoming live messages count until read; our own reply reads them; the total follows', async () => {
    const { conn, client } = await started({ roster: item(BOB) + item(CAROL) });
    const bobCounts: number[] = [];
    const totals: number[] = [];
    client.watchUnread(BOB, (n) => bobCounts.push(n));
    client.watchUnreadTotal((n) => totals.push(n));
    conn.push(chat(BOB, 'm1', 'one'));
    conn.push(chat(BOB, 'm2', 'two'));
    conn.push(chat(BOB, 'm2', 'two'));
    conn.push(chat(CAROL, 'c1', 'hi'));
    expect(client.unreadOf(BOB)).toBe(2);
    expect(client.unreadOf('Carol@Example.com/x')).toBe(1);
    expect(client.unreadTotal()).toBe(3);
    expect(client.conversationOf(BOB).unread).toBe(2);
    await settle();
    expect(bobCounts).toEqual([0, 2]);
    expect(totals).toEqual([0, 3]);

    client.markRead(BOB);
    expect(client.unreadOf(BOB)).toBe(0);
    expect(client.unreadTotal()).toBe(1);
    await client.sendMessage(CAROL, 'hello back');
    expect(client.unreadOf(CAROL)).toBe(0);
    await settle();
    expect(bobCounts).toEqual([0, 2, 0]);
    expect(totals).toEqual([0, 3, 0]);
    expect(client.unreadOf('dave@example.com')).toBe(0);
    expect(() => client.unreadOf('bad@')).toThrow(expect.objectContaining({ code: 'invalid-jid' }));
  });
});

describe('createConversationStore', () => {
  function store() {
    let n = 0;
    const sent: ChatMessage[] = [];
    const s = createConversationStore({
      prepare: (to, body) => ({ id: `s${++n}`, from: ME, to, body, timestamp: new Date(), direction: 'out' }),
      transmit: async (m) => void sent.push(m),
      history: () => Promise.reject(new Error('no archive')),
      isOnline: () => true,
      onWatcherError: () => {},
    });
    return { s, sent };
  }
  const incoming = (from: string, id: string): ChatMessage => ({ id, from, to: ME, body: 'hi', timestamp: new Date(), direction: 'in' });

  test(`keeps at most ${MAX_CONVERSATIONS} conversations, never one that is watched`, () => {
    const { s } = store();
    const watched = s.watch('first@example.com', () => {});
    s.received(incoming('first@example.com', 'a'));
    s.received(incoming('second@example.com', 'b'));
    for (let i = 0; i < MAX_CONVERSATIONS; i++) s.received(incoming(`u${i}@example.com`, `x${i}`));
    // The two least recently active unwatched ones were forgotten, with their unread counts.
    expect(s.unreadOf('second@example.com')).toBe(0);
    expect(s.unreadOf('u0@example.com')).toBe(0);
    expect(s.unreadOf('u1@example.com')).toBe(1);
    expect(s.unreadTotal()).toBe(MAX_CONVERSATIONS);
    expect(s.get('first@example.com').entries).toHaveLength(1);
    expect(s.get('second@example.com').entries).toHaveLength(0);
    watched();
  });

  test('archived messages never count as unread', () => {
    const { s } = store();
    s.received({ ...incoming(BOB, 'a1'), archived: true });
    expect(s.unreadOf(BOB)).toBe(0);
    expect(s.get(BOB).entries).toHaveLength(1);
  });
});

describe('presence-only client', () => {
  test('has no conversations, and nothing unread', () => {
    const client = createPresenceOnlyClient({ service: 'ws://localhost:5280/xmpp-websocket', jid: ME, password: 'x' });
    expect(() => client.conversationOf(BOB)).toThrow(expect.objectContaining({ code: 'unsupported' }));
    expect(() => client.watchConversation(BOB, () => {})).toThrow(expect.objectContaining({ code: 'unsupported' }));
    expect(client.unreadOf(BOB)).toBe(0);
    const counts: number[] = [];
    client.watchUnreadTotal((n) => counts.push(n))();
    expect(counts).toEqual([0]);
    expect(() => client.markRead('bad@')).toThrow(expect.objectContaining({ code: 'invalid-jid' }));
    return expect(client.retryMessage(BOB, 'c1')).rejects.toMatchObject({ code: 'unsupported' });
  });
});
