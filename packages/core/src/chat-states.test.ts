import { afterEach, describe, expect, test, vi } from 'vitest';
import type { ChatState } from './types.js';
import { settle } from '../test-support/fake-connection.js';
import { harness, item, started } from '../test-support/setup.js';

const BOB = 'bob@example.com';
const CS = 'http://jabber.org/protocol/chatstates';

afterEach(() => {
  vi.useRealTimers();
});

describe('inbound chat states (XEP-0085)', () => {
  test('composing reaches watchChatState and lapses after 30 s without refresh', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { conn, client } = await started({ roster: item(BOB) });
    const seen: Array<ChatState | undefined> = [];
    client.watchChatState(BOB, (s) => seen.push(s));
    conn.push(`<message from='${BOB}/desk' type='chat'><composing xmlns='${CS}'/></message>`);
    expect(client.chatStateOf(BOB)).toBe('composing');
    await settle();
    vi.advanceTimersByTime(20_000);
    conn.push(`<message from='${BOB}/desk' type='chat'><composing xmlns='${CS}'/></message>`);
    vi.advanceTimersByTime(20_000);
    expect(client.chatStateOf(BOB)).toBe('composing');
    vi.advanceTimersByTime(10_000);
    expect(client.chatStateOf(BOB)).toBeUndefined();
    await settle();
    expect(seen).toEqual([undefined, 'composing', undefined]);
  });

  test('paused, then a message with a body and <active/> → active; a body without a state clears it', async () => {
    const { conn, client } = await started({ roster: item(BOB) });
    conn.push(`<message from='${BOB}/desk' type='chat'><paused xmlns='${CS}'/></message>`);
    expect(client.chatStateOf(BOB)).toBe('paused');
    conn.push(`<message from='${BOB}/desk' type='chat'><composing xmlns='${CS}'/></message>`);
    conn.push(`<message from='${BOB}/desk' type='chat'><body>Hi</body><active xmlns='${CS}'/></message>`);
    expect(client.chatStateOf(BOB)).toBe('active');
    conn.push(`<message from='${BOB}/desk' type='chat'><composing xmlns='${CS}'/></message>`);
    conn.push(`<message from='${BOB}/desk' type='chat'><body>plain</body></message>`);
    expect(client.chatStateOf(BOB)).toBeUndefined();
  });

  test('ignored from strangers, from groupchat, and cleared when the contact goes offline', async () => {
    const { conn, client } = await started({ roster: item(BOB) });
    conn.push(`<message from='eve@evil.example/x' type='chat'><composing xmlns='${CS}'/></message>`);
    expect(client.chatStateOf('eve@evil.example')).toBeUndefined();
    conn.push(`<message from='${BOB}/desk' type='groupchat'><composing xmlns='${CS}'/></message>`);
    expect(client.chatStateOf(BOB)).toBeUndefined();
    conn.push(`<presence from='${BOB}/desk'/><message from='${BOB}/desk' type='chat'><composing xmlns='${CS}'/></message>`);
    expect(client.chatStateOf(BOB)).toBe('composing');
    conn.push(`<presence from='${BOB}/desk' type='unavailable'/>`);
    expect(client.chatStateOf(BOB)).toBeUndefined();
  });

  test('a stranger someone watches (e.g. an open chat) can show typing', async () => {
    const { conn, client } = await started();
    client.watchChatState('sam@example.com', () => {});
    conn.push(`<message from='sam@example.com/web' type='chat'><composing xmlns='${CS}'/></message>`);
    expect(client.chatStateOf('sam@example.com')).toBe('composing');
  });

  test('grace expiry clears chat states', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { conn, client } = await started({ roster: item(BOB) });
    conn.push(`<message from='${BOB}/desk' type='chat'><paused xmlns='${CS}'/></message>`);
    conn.drop();
    vi.advanceTimersByTime(10_000);
    expect(client.chatStateOf(BOB)).toBeUndefined();
  });
});

describe('outbound chat states', () => {
  test('bodiless, unarchived, not queued; dropped silently while offline', async () => {
    const { conn, client } = await started({ roster: item(BOB) });
    await client.sendChatState('Bob@Example.com', 'composing');
    const last = conn.sent.at(-1)!;
    expect(last.options?.queue).toBeFalsy();
    expect(last.stanza.attrs).toMatchObject({ type: 'chat', to: BOB });
    expect(last.stanza.getChild('composing', CS)).toBeDefined();
    expect(last.stanza.getChild('no-store', 'urn:xmpp:hints')).toBeDefined();
    expect(last.stanza.getChild('body')).toBeUndefined();
    conn.drop();
    const count = conn.sent.length;
    await expect(client.sendChatState(BOB, 'paused')).resolves.toBeUndefined();
    expect(conn.sent.length).toBe(count);
  });

  test('invalid JID and unknown state reject, like sendMessage, and send nothing', async () => {
    const { conn, client } = await started();
    const count = conn.sent.length;
    await expect(client.sendChatState('not a jid', 'composing')).rejects.toMatchObject({ code: 'invalid-jid' });
    await expect(client.sendChatState(BOB, 'typing' as ChatState)).rejects.toMatchObject({ code: 'invalid-argument' });
    expect(conn.sent.length).toBe(count);
  });

  test('a client that is not started (or was stopped) rejects not-connected, like sendMessage', async () => {
    const { client } = harness();
    await expect(client.sendChatState(BOB, 'composing')).rejects.toMatchObject({ code: 'not-connected' });
    const { client: stoppedClient } = await started();
    await stoppedClient.stop();
    await expect(stoppedClient.sendChatState(BOB, 'composing')).rejects.toMatchObject({ code: 'not-connected' });
  });
});
