// The presence model against a real Prosody: Alice runs our client; the other accounts are
// scripted peers on raw @xmpp/client (test/server/peer.ts), never our code.
import { describe, expect, it } from 'vitest';
import {
  createPresenceClient,
  type ChatMessage,
  type ChatState,
  type Presence,
  type PresenceClient,
  type PresenceError,
} from '../../packages/core/src/index.js';
import { useIntegrationSuite } from './suite.js';

const suite = useIntegrationSuite();
const { jidOf, user, peer } = suite;

function makeAlice(): PresenceClient {
  return createPresenceClient({ service: suite.server.tcpUrl, jid: jidOf('alice'), password: user('alice').password, resource: 'it' });
}

async function alice(): Promise<{ client: PresenceClient; errors: PresenceError[] }> {
  const client = makeAlice();
  const errors = suite.track(client);
  await client.start();
  return { client, errors };
}

/** Every distinct value `watch` delivered, in order. */
function record(client: PresenceClient, jid: string): Array<{ show: string; status?: string }> {
  const seen: Array<{ show: string; status?: string }> = [];
  client.watch(jid, (p: Presence) => seen.push(p.status === undefined ? { show: p.show } : { show: p.show, status: p.status }));
  return seen;
}

describe('presence against Prosody', () => {
  it('sees Bob go available → away with status → dnd → offline, in order', async () => {
    const { client } = await alice();
    // start() resolves after the initial burst: a roster contact who isn't online is known offline.
    expect(client.presenceOf(jidOf('bob')).show).toBe('offline');
    expect(client.presenceOf(jidOf('bob')).name).toBe('Bob Baker');
    const seen = record(client, jidOf('bob'));
    const bob = await peer('bob');
    await expect.poll(() => seen.at(-1)?.show).toBe('available');
    await bob.setPresence({ show: 'away', status: 'Lunch', idleSince: '2024-05-01T12:00:00Z' });
    await expect.poll(() => seen.at(-1)).toEqual({ show: 'away', status: 'Lunch' });
    expect(client.presenceOf(jidOf('bob')).idleSince?.toISOString()).toBe('2024-05-01T12:00:00.000Z');
    await bob.setPresence({ show: 'dnd' });
    await expect.poll(() => seen.at(-1)?.show).toBe('dnd');
    await bob.stop();
    await expect.poll(() => seen.at(-1)?.show).toBe('offline');
    expect(seen.map((s) => s.show)).toEqual(['offline', 'available', 'away', 'dnd', 'offline']);
  });

  it('works the same over RFC 7395 WebSocket', async () => {
    const client = createPresenceClient({ service: suite.server.wsUrl, jid: jidOf('alice'), password: user('alice').password });
    suite.track(client);
    await client.start();
    const seen = record(client, jidOf('bob'));
    const bob = await peer('bob', { presence: { show: 'dnd', status: 'In a meeting' } });
    await expect.poll(() => seen.at(-1)).toEqual({ show: 'dnd', status: 'In a meeting' });
    await bob.stop();
    await expect.poll(() => seen.at(-1)?.show).toBe('offline');
  });

  it('a contact already online at start-up never flashes offline', async () => {
    await peer('carol', { presence: { show: 'xa', status: 'Holiday' } });
    const client = makeAlice();
    suite.track(client);
    const seen = record(client, jidOf('carol'));
    await client.start();
    await expect.poll(() => seen.at(-1)?.show).toBe('xa');
    expect(seen.map((s) => s.show).filter((s, i, a) => s !== a[i - 1])).toEqual(['unknown', 'xa']);
  });

  it('aggregates Bob on two resources by priority; the last resource leaving means offline', async () => {
    const { client } = await alice();
    const desk = await peer('bob', { resource: 'desk', presence: { show: 'dnd', status: 'Meeting', priority: 5 } });
    const phone = await peer('bob', { resource: 'phone', presence: { show: 'away', priority: 1 } });
    await expect.poll(() => client.presenceOf(jidOf('bob')).resources.length).toBe(2);
    const p = client.presenceOf(jidOf('bob'));
    expect(p).toMatchObject({ show: 'dnd', status: 'Meeting' });
    expect(p.resources.map((r) => [r.resource, r.priority])).toEqual([
      ['desk', 5],
      ['phone', 1],
    ]);
    await desk.stop();
    await expect.poll(() => client.presenceOf(jidOf('bob')).show).toBe('away');
    await phone.stop();
    await expect.poll(() => client.presenceOf(jidOf('bob')).show).toBe('offline');
  });

  it('one of Bob’s sessions ending with our presence unacknowledged (XEP-0198) leaves his other session shown as it is', async () => {
    // What a closed browser tab or a killed worker looks like to Bob's colleagues: Prosody bounces what the ended
    // session had not acknowledged — here Alice's new status — as a presence error from that session's full JID.
    const { client } = await alice();
    await peer('bob', { resource: 'desk', presence: { show: 'dnd', status: 'Meeting', priority: 5 } });
    const tab = await peer('bob', { resource: 'tab', presence: { show: 'away', priority: 1 } });
    await expect.poll(() => client.presenceOf(jidOf('bob')).resources.length).toBe(2);
    // The tab's session counts what it is sent and never acknowledges it (no resumption: it ends at once when dropped).
    await tab.enableStreamManagementWithoutAcks();
    await client.setPresence({ show: 'away', status: 'Back at 3' });
    await tab.waitForPresence({ from: `${jidOf('alice')}/it`, show: 'away' });
    tab.drop();
    await expect.poll(() => client.presenceOf(jidOf('bob')).resources.map((r) => r.resource)).toEqual(['desk']);
    expect(client.presenceOf(jidOf('bob'))).toMatchObject({ show: 'dnd', status: 'Meeting' });
    // Still so once everything the server had to say about the tab has arrived (a round trip later).
    await client.setPresence({ show: 'available' });
    expect(client.presenceOf(jidOf('bob'))).toMatchObject({ show: 'dnd', status: 'Meeting' });
  });

  it("Bob's composing and paused reach watchChatState; his message clears it", async () => {
    const { client } = await alice();
    const bob = await peer('bob');
    const states: Array<ChatState | undefined> = [];
    client.watchChatState(jidOf('bob'), (s) => states.push(s));
    const messages: ChatMessage[] = [];
    client.on('message', (m) => messages.push(m));
    await bob.sendChatState(jidOf('alice'), 'composing');
    await expect.poll(() => states.at(-1)).toBe('composing');
    await bob.sendChatState(jidOf('alice'), 'paused');
    await expect.poll(() => states.at(-1)).toBe('paused');
    await bob.sendChatState(jidOf('alice'), 'composing');
    await expect.poll(() => states.at(-1)).toBe('composing');
    await bob.sendMessage(jidOf('alice'), 'Here it is');
    await expect.poll(() => messages.length).toBe(1);
    expect(client.chatStateOf(jidOf('bob'))).toBe('active');
    expect(messages[0]).toMatchObject({ from: jidOf('bob'), to: jidOf('alice'), body: 'Here it is', direction: 'in' });
  });

  it('Alice composing reaches Bob as a bodiless chat state', async () => {
    const { client } = await alice();
    const bob = await peer('bob');
    client.sendChatState(jidOf('bob'), 'composing');
    const m = await bob.waitForMessage({ from: jidOf('alice'), chatState: 'composing' });
    expect(m.body).toBeUndefined();
  });

  it('a message and its receipt round-trip both ways', async () => {
    const { client } = await alice();
    const bob = await peer('bob');
    const receipts: Array<{ id: string; from: string }> = [];
    client.on('receipt', (r) => receipts.push(r));
    const sent = await client.sendMessage(jidOf('bob'), 'Got a minute?');
    const got = await bob.waitForMessage({ from: jidOf('alice'), bodyIncludes: 'Got a minute?' });
    expect(got.id).toBe(sent.id);
    await expect.poll(() => receipts).toEqual([{ id: sent.id, from: jidOf('bob') }]);

    const id = await bob.sendMessage(jidOf('alice'), 'Sure', { requestReceipt: true });
    await expect.poll(() => bob.findMessages({ from: jidOf('alice') }).some((m) => m.receiptFor === id)).toBe(true);
  });

  it("carbons: messages of Alice's other device show up, both directions", async () => {
    const { client } = await alice();
    const phone = await peer('alice', { resource: 'phone' });
    const bob = await peer('bob');
    const got: ChatMessage[] = [];
    client.on('message', (m) => got.push(m));
    await phone.sendMessage(jidOf('bob'), 'sent from my phone');
    await bob.waitForMessage({ bodyIncludes: 'sent from my phone' });
    await bob.sendMessage(`${jidOf('alice')}/phone`, 'to your phone');
    await expect
      .poll(() => got.map((m) => [m.body, m.direction, m.from, m.to]))
      .toEqual([
        ['sent from my phone', 'out', jidOf('alice'), jidOf('bob')],
        ['to your phone', 'in', jidOf('bob'), jidOf('alice')],
      ]);
    // Our other device is not a contact: our own entry shows what this client set, with no resources of the phone.
    expect(client.presenceOf(jidOf('alice'))).toMatchObject({ show: 'available', resources: [] });
  });

  it('history(jid) returns the archived conversation, oldest first', async () => {
    const { client } = await alice();
    const grace = await peer('grace');
    const sent = await client.sendMessage(jidOf('grace'), 'first, from alice');
    await grace.waitForMessage({ from: jidOf('alice'), bodyIncludes: 'first' });
    await grace.sendMessage(jidOf('alice'), 'second, from grace');
    await expect
      .poll(async () => (await client.history(jidOf('grace'))).map((m) => [m.body, m.direction]))
      .toEqual([
        ['first, from alice', 'out'],
        ['second, from grace', 'in'],
      ]);
    const [first] = await client.history(jidOf('grace'), { max: 1 });
    expect(first).toMatchObject({ body: 'second, from grace', archived: true, from: jidOf('grace'), to: jidOf('alice') });
    expect(sent.id).toBeTruthy();
  });

  it('a non-roster JID stays unknown until our subscription is approved', async () => {
    const { client } = await alice();
    const mallory = await peer('mallory', { presence: { show: 'chat' } });
    const seen = record(client, jidOf('mallory'));
    // Online, but we're not subscribed: nothing tells us.
    await client.sendMessage(jidOf('bob'), 'round-trip so anything in flight has arrived');
    expect(client.presenceOf(jidOf('mallory')).show).toBe('unknown');
    await client.requestSubscription(jidOf('mallory'));
    await mallory.waitForPresence({ from: jidOf('alice'), type: 'subscribe' });
    await expect.poll(() => client.presenceOf(jidOf('mallory')).pending).toBe(true);
    expect(client.presenceOf(jidOf('mallory')).show).toBe('unknown');
    await mallory.send(`<presence to='${jidOf('alice')}' type='subscribed'/>`);
    await expect.poll(() => client.presenceOf(jidOf('mallory')).show).toBe('chat');
    expect(client.presenceOf(jidOf('mallory')).subscription).toBe('to');
    expect(seen.map((s) => s.show).filter((s, i, a) => s !== a[i - 1])).toEqual(['unknown', 'chat']);
  });

  it('reports subscription requests and never approves them by itself', async () => {
    const { client } = await alice();
    const requests: string[] = [];
    client.on('subscription-request', (r) => requests.push(r.jid));
    // A fresh account outside every group: alice has no subscription from it.
    await suite.server.register('trent', 'trent-pw');
    const trent = await peer({ username: 'trent', password: 'trent-pw' });
    await trent.send(
      `<presence to='${jidOf('alice')}' type='subscribe'><nick xmlns='http://jabber.org/protocol/nick'>Trent</nick></presence>`,
    );
    await expect.poll(() => requests).toEqual([jidOf('trent')]);
    await client.sendMessage(jidOf('trent'), 'round-trip');
    await trent.waitForMessage({ from: jidOf('alice') });
    expect(trent.findPresences({ from: jidOf('alice'), type: 'subscribed' })).toEqual([]);
    expect(client.presenceOf(jidOf('trent')).show).toBe('unknown');
  });

  it('local time and last seen come back as real values', async () => {
    const { client } = await alice();
    const dave = await peer('dave', { tzo: '+05:30' });
    await expect.poll(() => client.presenceOf(jidOf('dave')).show).toBe('available');
    const details = await client.fetchDetails(jidOf('dave'), ['time']);
    expect(details.tzOffsetMinutes).toBe(330);
    const before = Date.now();
    await dave.stop();
    await expect.poll(() => client.presenceOf(jidOf('dave')).show).toBe('offline');
    const after = await client.fetchDetails(jidOf('dave'), ['lastSeen']);
    expect(after.lastSeen).toBeInstanceOf(Date);
    expect(Math.abs(after.lastSeen!.getTime() - before)).toBeLessThan(5_000);
    expect(client.presenceOf(jidOf('dave')).lastSeen?.getTime()).toBe(after.lastSeen!.getTime());
  });

  it('vCard name and avatar come from the contact’s vCard', async () => {
    const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
    const eve = await peer('eve');
    await eve.iq(
      `<iq type='set'><vCard xmlns='vcard-temp'><FN>Eve E. Evans</FN><PHOTO><TYPE>image/png</TYPE><BINVAL>${png}</BINVAL></PHOTO></vCard></iq>`,
    );
    const { client } = await alice();
    const details: Array<unknown> = [];
    client.watchDetails(jidOf('eve'), (d) => details.push(d));
    await expect.poll(() => client.detailsOf(jidOf('eve'))?.avatar).toBe(`data:image/png;base64,${png}`);
    expect(client.detailsOf(jidOf('eve'))?.name).toBe('Eve E. Evans');
  });

  it('a lost server turns everyone unknown after the grace period, and a restart rebuilds from the server', async () => {
    const client = createPresenceClient({
      service: suite.server.tcpUrl,
      jid: jidOf('alice'),
      password: user('alice').password,
      graceMs: 500,
    });
    // It reports the lost connection on purpose.
    suite.track(client, { checkErrors: false });
    await client.start();
    const frank = await peer('frank', { presence: { show: 'away' } });
    await expect.poll(() => client.presenceOf(jidOf('frank')).show).toBe('away');
    expect(client.presenceOf(jidOf('grace')).show).toBe('offline');
    const onlines: boolean[] = [];
    client.on('online', (i) => onlines.push(i.resumed));
    await frank.stop();
    await suite.server.kill();
    await expect.poll(() => client.status).not.toBe('online');
    await expect.poll(() => client.presenceOf(jidOf('grace')).show).toBe('unknown');
    expect(client.presenceOf(jidOf('frank')).show).toBe('unknown');
    await suite.server.restart();
    await peer('frank', { presence: { show: 'dnd' } });
    await expect.poll(() => onlines, { timeout: 20_000 }).toEqual([false]);
    await expect.poll(() => client.presenceOf(jidOf('frank')).show, { timeout: 20_000 }).toBe('dnd');
    expect(client.presenceOf(jidOf('grace')).show).toBe('offline');
    expect(client.status).toBe('online');
  });
});
