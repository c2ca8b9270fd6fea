import { vi, describe, expect, test } from 'vitest';
import type { ChatMessage } from './types.js';
import { settle } from '../test-support/fake-connection.js';
import { item, started } from '../test-support/setup.js';

const BOB = 'bob@example.com';
const ME = 'alice@example.com';

describe('sending messages', () => {
  test('builds a chat message with a receipt request and <active/>, queued, resolving with the message', async () => {
    const { conn, client } = await started({ roster: item(BOB) });
    const m = await client.sendMessage('Bob@Example.com', 'Got a minute?');
    const sent = conn.sent.at(-1)!;
    expect(sent.options).toEqual({ queue: true });
    expect(sent.stanza.attrs).toMatchObject({ type: 'chat', to: BOB, id: m.id });
    expect(sent.stanza.getChildText('body')).toBe('Got a minute?');
    expect(sent.stanza.getChild('request', 'urn:xmpp:receipts')).toBeDefined();
    expect(sent.stanza.getChild('active', 'http://jabber.org/protocol/chatstates')).toBeDefined();
    expect(m).toMatchObject({ from: ME, to: BOB, body: 'Got a minute?', direction: 'out' });
    expect(m.timestamp).toBeInstanceOf(Date);
  });

  test('while offline the message waits in the outbox and resolves once sent', async () => {
    const { conn, client } = await started({ roster: item(BOB) });
    conn.drop();
    let done = false;
    const p = client.sendMessage(BOB, 'later').then((m) => ((done = true), m));
    await settle();
    expect(done).toBe(false);
    conn.goOnline(true);
    await expect(p).resolves.toMatchObject({ body: 'later' });
  });

  test('rejects invalid recipients and empty or oversized bodies', async () => {
    const { client } = await started();
    await expect(client.sendMessage('bob@', 'x')).rejects.toMatchObject({ code: 'invalid-jid' });
    await expect(client.sendMessage(BOB, '   ')).rejects.toMatchObject({ code: 'invalid-argument' });
    await expect(client.sendMessage(BOB, 'x'.repeat(10_001))).rejects.toMatchObject({ code: 'invalid-argument' });
  });

  test('an id of our choosing is the stanza id and its XEP-0359 origin-id; a bad one is refused and nothing sent', async () => {
    const { conn, client } = await started({ roster: item(BOB) });
    const m = await client.sendMessage(BOB, 'once', { id: 'page-chosen-1' });
    expect(m.id).toBe('page-chosen-1');
    const sent = conn.sent.at(-1)!.stanza;
    expect(sent.attrs.id).toBe('page-chosen-1');
    expect(sent.getChild('origin-id', 'urn:xmpp:sid:0')?.attrs.id).toBe('page-chosen-1');
    const count = conn.sent.length;
    await expect(client.sendMessage(BOB, 'x', { id: '' })).rejects.toMatchObject({ code: 'invalid-argument' });
    await expect(client.sendMessage(BOB, 'x', { id: 'i'.repeat(129) })).rejects.toMatchObject({ code: 'invalid-argument' });
    await expect(client.sendMessage(BOB, 'x', { id: 7 as unknown as string })).rejects.toMatchObject({ code: 'invalid-argument' });
    expect(conn.sent.length).toBe(count);
  });
});

describe('receiving messages', () => {
  test('emits message events with bare JIDs and delayed stamps', async () => {
    const { conn, client } = await started({ roster: item(BOB) });
    const got: ChatMessage[] = [];
    client.on('message', (m) => got.push(m));
    conn.push(`<message from='${BOB}/desk' to='${ME}/test' type='chat' id='m1'><body>Hello</body></message>`);
    conn.push(
      `<message from='${BOB}/desk' type='chat' id='m2'><body>Old</body><delay xmlns='urn:xmpp:delay' stamp='2024-05-01T08:00:00Z'/></message>`,
    );
    conn.push(`<message from='${BOB}/desk' type='groupchat' id='m3'><body>room</body></message>`);
    conn.push(`<message from='${BOB}/desk' type='headline' id='m4'><body>news</body></message>`);
    expect(got.map((m) => [m.id, m.from, m.to, m.body, m.direction])).toEqual([
      ['m1', BOB, ME, 'Hello', 'in'],
      ['m2', BOB, ME, 'Old', 'in'],
    ]);
    expect(got[1]).toMatchObject({ delayed: true, timestamp: new Date('2024-05-01T08:00:00Z') });
  });
});

describe('receipts (XEP-0184)', () => {
  test('answers a request from a contact who may see our presence, to the sending resource', async () => {
    const { conn } = await started({ roster: item(BOB) });
    conn.push(`<message from='${BOB}/desk' type='chat' id='abc'><body>ping</body><request xmlns='urn:xmpp:receipts'/></message>`);
    const reply = conn.sentOf('message').at(-1)!;
    expect(reply.attrs.to).toBe(`${BOB}/desk`);
    expect(reply.getChild('received', 'urn:xmpp:receipts')?.attrs.id).toBe('abc');
  });

  test('does not answer strangers or contacts without a from subscription (would leak presence)', async () => {
    const { conn } = await started({ roster: item(BOB, 'to') });
    conn.push(`<message from='${BOB}/desk' type='chat' id='a'><body>x</body><request xmlns='urn:xmpp:receipts'/></message>`);
    conn.push(`<message from='eve@evil.example/x' type='chat' id='b'><body>x</body><request xmlns='urn:xmpp:receipts'/></message>`);
    expect(conn.sentOf('message')).toHaveLength(0);
  });

  test('emits receipt for our message only when it comes from its recipient', async () => {
    const { conn, client } = await started({ roster: item(BOB) });
    const receipts: Array<{ id: string; from: string }> = [];
    client.on('receipt', (r) => receipts.push(r));
    const m = await client.sendMessage(BOB, 'hi');
    conn.push(`<message from='eve@evil.example/x'><received xmlns='urn:xmpp:receipts' id='${m.id}'/></message>`);
    conn.push(`<message from='${BOB}/desk'><received xmlns='urn:xmpp:receipts' id='unknown-id'/></message>`);
    expect(receipts).toEqual([]);
    conn.push(`<message from='${BOB}/desk'><received xmlns='urn:xmpp:receipts' id='${m.id}'/></message>`);
    expect(receipts).toEqual([{ id: m.id, from: BOB }]);
  });
});

describe('carbons (XEP-0280)', () => {
  test('unwraps received and sent copies from our own bare JID', async () => {
    const { conn, client } = await started({ roster: item(BOB) });
    const got: ChatMessage[] = [];
    client.on('message', (m) => got.push(m));
    conn.push(`<message from='${ME}' to='${ME}/test'><received xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>
      <message from='${BOB}/desk' to='${ME}/phone' type='chat' id='c1'><body>to your phone</body><request xmlns='urn:xmpp:receipts'/></message>
    </forwarded></received></message>`);
    conn.push(`<message from='${ME}' to='${ME}/test'><sent xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>
      <message from='${ME}/phone' to='${BOB}' type='chat' id='c2'><body>from my phone</body></message>
    </forwarded></sent></message>`);
    expect(got.map((m) => [m.id, m.from, m.to, m.direction])).toEqual([
      ['c1', BOB, ME, 'in'],
      ['c2', ME, BOB, 'out'],
    ]);
    // The phone answers the receipt request, not us.
    expect(conn.sentOf('message')).toHaveLength(0);
  });

  test('rejects spoofed carbons: from a contact, from our full JID, or about someone else', async () => {
    const { conn, client, errors } = await started({ roster: item(BOB) });
    const got: ChatMessage[] = [];
    client.on('message', (m) => got.push(m));
    const fwd = (from: string, inner: string) =>
      `<message from='${from}' to='${ME}/test'><received xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>${inner}</forwarded></received></message>`;
    conn.push(fwd(BOB, `<message from='carol@example.com/x' to='${ME}' type='chat'><body>fake</body></message>`));
    conn.push(fwd(`${ME}/evil`, `<message from='carol@example.com/x' to='${ME}' type='chat'><body>fake</body></message>`));
    conn.push(
      `<message to='${ME}/test'><sent xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'><message from='${ME}/x' to='${BOB}' type='chat'><body>fake</body></message></forwarded></sent></message>`,
    );
    conn.push(fwd(ME, `<message from='carol@example.com/x' to='dave@example.com' type='chat'><body>not ours</body></message>`));
    expect(got).toEqual([]);
    expect(errors.filter((e) => e.code === 'malformed-stanza')).toHaveLength(4);
  });

  test('carbons are enabled on every fresh session', async () => {
    const { conn } = await started();
    expect(conn.iqsFor('enable', 'urn:xmpp:carbons:2')).toHaveLength(1);
    conn.drop();
    conn.goOnline(false);
    await settle();
    expect(conn.iqsFor('enable', 'urn:xmpp:carbons:2')).toHaveLength(2);
  });
});

describe('history (XEP-0313)', () => {
  test('an archive result nobody asked for (no history() yet) is dropped, not shown as a message', async () => {
    const { conn, client, errors } = await started({ roster: item(BOB) });
    const messages: unknown[] = [];
    client.on('message', (m) => messages.push(m));
    conn.push(
      `<message from='${BOB}'><result xmlns='urn:xmpp:mam:2' queryid='q1' id='r1'><forwarded xmlns='urn:xmpp:forward:0'><message from='${BOB}/desk' to='${ME}' type='chat'><body>injected</body></message></forwarded></result><body>injected</body></message>`,
    );
    await settle();
    expect(messages).toEqual([]);
    expect(errors).toEqual([]);
  });

  test('queries our archive with the contact and returns results oldest first, ignoring foreign results', async () => {
    const { conn, client } = await started({ roster: item(BOB) });
    const pending = client.history(BOB, { max: 20 });
    // The archive's code loads on the first history() call.
    await vi.waitFor(() => expect(conn.pending('query', 'urn:xmpp:mam:2')).toHaveLength(1));
    const [q] = conn.pending('query', 'urn:xmpp:mam:2');
    const query = q!.request.getChild('query', 'urn:xmpp:mam:2')!;
    expect(q!.request.attrs.to).toBeUndefined();
    expect(query.toString()).toContain(`<value>${BOB}</value>`);
    expect(query.getChild('set', 'http://jabber.org/protocol/rsm')?.getChildText('max')).toBe('20');
    const qid = query.attrs.queryid!;
    const result = (from: string, id: string, stamp: string, inner: string) =>
      `<message from='${from}'><result xmlns='urn:xmpp:mam:2' queryid='${qid}' id='${id}'><forwarded xmlns='urn:xmpp:forward:0'><delay xmlns='urn:xmpp:delay' stamp='${stamp}'/>${inner}</forwarded></result></message>`;
    conn.push(
      result(ME, 'r2', '2024-01-01T10:05:00Z', `<message from='${ME}/test' to='${BOB}' type='chat' id='x2'><body>second</body></message>`),
    );
    conn.push(
      result(ME, 'r1', '2024-01-01T10:00:00Z', `<message from='${BOB}/desk' to='${ME}' type='chat' id='x1'><body>first</body></message>`),
    );
    conn.push(
      result(BOB, 'r3', '2024-01-01T10:06:00Z', `<message from='${BOB}/desk' to='${ME}' type='chat'><body>spoofed</body></message>`),
    );
    q!.result(`<fin xmlns='urn:xmpp:mam:2' complete='true'/>`);
    const history = await pending;
    expect(history.map((m) => [m.body, m.direction, m.archived])).toEqual([
      ['first', 'in', true],
      ['second', 'out', true],
    ]);
  });
});
