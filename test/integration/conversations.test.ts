// Core's conversation model and the end of our own status (`until`) against a real Prosody: Alice runs our
// client (two sessions, as two pages would); Bob is a scripted peer on raw @xmpp/client (test/server/peer.ts).
import { describe, expect, it } from 'vitest';
import { createPresenceClient, type Conversation, type OwnPresence, type PresenceClient } from '../../packages/core/src/index.js';
import { useIntegrationSuite } from './suite.js';

const suite = useIntegrationSuite();
const { jidOf, user, peer } = suite;

/** A session of Alice (`resource` tells two pages apart). */
async function alice(resource: string): Promise<PresenceClient> {
  const client = createPresenceClient({ service: suite.server.tcpUrl, jid: jidOf('alice'), password: user('alice').password, resource });
  suite.track(client);
  await client.start();
  return client;
}

/** The conversation's lines as `[body, direction]`. */
const lines = (c: Conversation) => c.entries.map((e) => [e.message.body, e.message.direction]);

describe('conversations against Prosody', () => {
  it('sent → delivered; a second session shows the archive once, then live lines once, with its own unread count', async () => {
    const desk = await alice('desk');
    const bob = await peer('bob');
    const deliveries: string[] = [];
    desk.watchConversation(jidOf('bob'), (c) => {
      const d = c.entries[0]?.delivery;
      if (d && d !== deliveries.at(-1)) deliveries.push(d);
    });
    const sent = await desk.sendMessage(jidOf('bob'), 'Lunch?');
    expect(['sent', 'delivered']).toContain(desk.conversationOf(jidOf('bob')).entries[0]?.delivery);
    await bob.waitForMessage({ from: jidOf('alice'), bodyIncludes: 'Lunch?' });
    // Bob's client answers the receipt request (XEP-0184).
    await expect.poll(() => desk.conversationOf(jidOf('bob')).entries[0]?.delivery).toBe('delivered');
    // In order; `sent` may be skipped when the server's ack and the receipt land in one batch of notifications.
    expect(deliveries.filter((d) => d !== 'sent')).toEqual(['sending', 'delivered']);
    expect(deliveries.indexOf('sent')).toBeLessThan(deliveries.indexOf('delivered'));

    const replyId = await bob.sendMessage(jidOf('alice'), 'Sure, 12:30', { requestReceipt: true });
    await expect
      .poll(() => lines(desk.conversationOf(jidOf('bob'))))
      .toEqual([
        ['Lunch?', 'out'],
        ['Sure, 12:30', 'in'],
      ]);
    expect(desk.unreadOf(jidOf('bob'))).toBe(1);
    expect(desk.unreadTotal()).toBe(1);

    // Another page opens the chat: the archive (XEP-0313) brings both lines, with their ids, and counts none as unread.
    const laptop = await alice('laptop');
    let latest: Conversation | undefined;
    laptop.watchConversation(jidOf('bob'), (c) => (latest = c));
    await expect.poll(() => latest?.history).toBe('loaded');
    expect(lines(latest!)).toEqual([
      ['Lunch?', 'out'],
      ['Sure, 12:30', 'in'],
    ]);
    expect(latest!.entries.map((e) => e.message.id)).toEqual([sent.id, replyId]);
    expect(laptop.unreadOf(jidOf('bob'))).toBe(0);

    // A live line reaches both sessions once (directly or as a carbon), never twice.
    await bob.sendMessage(jidOf('alice'), 'Or 13:00?');
    await expect.poll(() => lines(laptop.conversationOf(jidOf('bob'))).length).toBe(3);
    await expect.poll(() => lines(desk.conversationOf(jidOf('bob'))).length).toBe(3);
    expect(lines(laptop.conversationOf(jidOf('bob'))).at(-1)).toEqual(['Or 13:00?', 'in']);
    expect(laptop.unreadOf(jidOf('bob'))).toBe(1);
    // Per session for now: reading it here leaves the other page's count alone.
    laptop.markRead(jidOf('bob'));
    expect(laptop.unreadOf(jidOf('bob'))).toBe(0);
    expect(desk.unreadOf(jidOf('bob'))).toBe(2);

    // What the laptop writes shows on the desk as ours (a carbon), and reads the desk's conversation too.
    await laptop.sendMessage(jidOf('bob'), '13:00 it is');
    await expect.poll(() => lines(desk.conversationOf(jidOf('bob'))).at(-1)).toEqual(['13:00 it is', 'out']);
    expect(desk.unreadOf(jidOf('bob'))).toBe(0);
    await bob.waitForMessage({ bodyIncludes: '13:00 it is' });
  });
});

describe('unread counts follow our sessions (XEP-0333 over XEP-0280) against Prosody', () => {
  it('a message shows unread in both sessions; reading it in one clears the other within a second', async () => {
    const desk = await alice('desk');
    const laptop = await alice('laptop');
    const bob = await peer('bob');
    const BOB = jidOf('bob');
    const id = `mark-${Math.random().toString(36).slice(2, 8)}`;
    // Bob's client asks for markers, as Conversations, Dino, Gajim and our own client do.
    await bob.send(
      `<message to='${jidOf('alice')}' type='chat' id='${id}'><body>Are you free?</body><markable xmlns='urn:xmpp:chat-markers:0'/></message>`,
    );
    await expect.poll(() => [desk.unreadOf(BOB), laptop.unreadOf(BOB)]).toEqual([1, 1]);
    expect(laptop.unreadConversations().map((c) => c.jid)).toEqual([BOB]);

    const readAt = Date.now();
    desk.markRead(BOB);
    expect(desk.unreadOf(BOB)).toBe(0);
    await expect.poll(() => laptop.unreadOf(BOB), { timeout: 5_000, interval: 10 }).toBe(0);
    const clearedMs = Date.now() - readAt;
    console.log(`[inbox] read in one session, cleared in the other after ${clearedMs} ms`);
    // Well under a second on an idle machine; the bound leaves room for the whole suite running on two shared cores.
    expect(clearedMs).toBeLessThan(3_000);
    expect(laptop.unreadConversations()).toEqual([]);
    // Bob learns it was read: the same marker, addressed to him.
    const marker = await bob.waitForMessage({ from: jidOf('alice'), after: readAt - 1 });
    // (Attribute order differs between serialisations.)
    expect(marker.xml).toMatch(new RegExp(`<displayed (?=[^>]*id="${id}")(?=[^>]*xmlns="urn:xmpp:chat-markers:0")`));
  });
});

describe('a message the server refuses', () => {
  it('to an account that does not exist: the line reads failed and the error event says why', async () => {
    const client = createPresenceClient({ service: suite.server.tcpUrl, jid: jidOf('alice'), password: user('alice').password });
    const errors = suite.track(client);
    await client.start();
    const nobody = jidOf('nobody-here');
    const sent = await client.sendMessage(nobody, 'Hello?');
    await expect.poll(() => client.conversationOf(nobody).entries.map((e) => e.delivery)).toEqual(['failed']);
    expect(errors.splice(0)).toEqual([
      expect.objectContaining({
        code: 'stanza-error',
        condition: 'service-unavailable',
        message: `Message ${sent.id} to ${nobody} failed`,
      }),
    ]);
  });
});

describe('own status with until against Prosody', () => {
  it('dnd with until 2 s ahead: Bob sees dnd, then available with no text on time', async () => {
    const desk = await alice('desk');
    const bob = await peer('bob');
    const own: OwnPresence[] = [];
    desk.on('own-presence', (p) => own.push(p));
    const setAt = Date.now();
    await desk.setPresence({ show: 'dnd', status: 'Focus time', until: new Date(setAt + 2000) });
    const dnd = await bob.waitForPresence({ from: `${jidOf('alice')}/desk`, show: 'dnd' });
    expect(dnd.status).toBe('Focus time');
    // `until` stays ours: it is not on the wire.
    expect(dnd.xml).not.toContain('until');

    const availableSince = () =>
      bob.findPresences({ from: `${jidOf('alice')}/desk`, after: dnd.receivedAt }).filter((p) => !p.type && !p.show);
    await expect.poll(() => availableSince().length, { timeout: 6000 }).toBe(1);
    const back = availableSince()[0]!;
    expect(back.status).toBeUndefined();
    // On time: not before `until`, and within a second after it.
    expect(back.receivedAt).toBeGreaterThanOrEqual(setAt + 2000);
    expect(back.receivedAt).toBeLessThan(setAt + 3000);
    expect(desk.ownPresence).toEqual({ show: 'available' });
    expect(desk.presenceOf(jidOf('alice')).show).toBe('available');
    expect(own.map((p) => p.show)).toEqual(['dnd', 'available']);
  });
});
