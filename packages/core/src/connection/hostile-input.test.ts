/**
 * End to end through the real client (connection, parser, stream, presence model) against a scripted RFC 7395
 * server that sends what XML or XMPP forbids (RFC 6120 §11, §4.9.3): the client reports a `PresenceError` naming
 * the stream error condition, tells the server, reconnects (resuming the XEP-0198 session), and keeps what it knew.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createPresenceClient } from '../client.js';
import type { PresenceError } from '../errors.js';
import type { PresenceClient } from '../types.js';
import { FakeServer } from '../../test-support/fake-server.js';

const BOB = 'bob@localhost';
const clients: PresenceClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.stop()));
});

async function online() {
  const server = new FakeServer();
  server.onElement = (el, socket) => {
    if (el.name === 'iq' && el.attrs.type === 'get' && el.getChild('query', 'jabber:iq:roster')) {
      socket.push(
        `<iq xmlns="jabber:client" type="result" id="${el.attrs.id}"><query xmlns="jabber:iq:roster"><item jid="${BOB}" subscription="both"/></query></iq>`,
      );
    } else if (el.name === 'iq' && (el.attrs.type === 'get' || el.attrs.type === 'set') && !el.getChild('bind')) {
      const from = el.attrs.to ? ` from="${el.attrs.to}"` : '';
      socket.push(`<iq xmlns="jabber:client" type="result" id="${el.attrs.id}"${from}/>`);
    }
  };
  const client = createPresenceClient({
    service: 'ws://localhost:5280/xmpp-websocket',
    jid: 'alice@localhost',
    password: 'pw',
    resource: 'unit',
    WebSocket: server.WebSocket,
    reconnect: { minDelayMs: 5, maxDelayMs: 20 },
  });
  clients.push(client);
  const errors: PresenceError[] = [];
  const statuses: string[] = [];
  client.on('error', (e) => errors.push(e));
  client.on('status', (s) => statuses.push(s));
  await client.start();
  server.last.push(`<presence xmlns="jabber:client" from="${BOB}/desk"><show>dnd</show><status>busy</status></presence>`);
  await expect.poll(() => client.presenceOf(BOB).show).toBe('dnd');
  return { server, client, errors, statuses };
}

/** What a hostile server sends, each as one WebSocket message, and the stream error it must end the stream with. */
const FORBIDDEN: Array<[string, string, string]> = [
  [
    'an entity that is not predefined',
    `<message xmlns="jabber:client" from="${BOB}/desk"><body>&toString;</body></message>`,
    'restricted-xml',
  ],
  ['a comment', '<!-- hello -->', 'restricted-xml'],
  ['a processing instruction', '<?evil x?>', 'restricted-xml'],
  ['a DTD', '<!DOCTYPE x [<!ENTITY a "b">]>', 'restricted-xml'],
  ['an entity declaration', '<!ENTITY a "b">', 'restricted-xml'],
  ['a character outside XML Char', `<message xmlns="jabber:client" from="${BOB}/desk"><body>\u0001</body></message>`, 'not-well-formed'],
  ['a lone surrogate', `<message xmlns="jabber:client" from="${BOB}/desk"><body>\uD800</body></message>`, 'not-well-formed'],
  ['an invalid name', '<1a/>', 'not-well-formed'],
  ['"]]>" in text', `<message xmlns="jabber:client" from="${BOB}/desk"><body>a]]>b</body></message>`, 'not-well-formed'],
  [
    'a duplicate __proto__ attribute',
    `<presence xmlns="jabber:client" from="${BOB}/desk" __proto__="a" __proto__="b"/>`,
    'not-well-formed',
  ],
  ['a second XML declaration', `<?xml version='1.0'?>`, 'not-well-formed'],
  ['non-XML whitespace between stanzas', '\u00A0', 'not-well-formed'],
  ['a mismatched end tag', `<message xmlns="jabber:client"><body>x</bodx></message>`, 'not-well-formed'],
];

describe('a hostile server sends what XML or XMPP forbids', () => {
  it.each(FORBIDDEN)('%s: reported with its condition, the stream closed with it, reconnected, state kept', async (_, input, condition) => {
    const { server, client, errors, statuses } = await online();
    const first = server.last;
    first.push(input);
    await expect.poll(() => errors.length).toBe(1);
    expect(errors[0]).toMatchObject({ name: 'PresenceError', code: 'malformed-stanza', condition });
    // The server was told why (RFC 6120 §4.9.3), and the client came back on a new connection, resuming the session.
    await expect.poll(() => first.received.some((el) => el.name === 'stream:error' && el.getChild(condition) !== undefined)).toBe(true);
    await expect.poll(() => server.sockets.length).toBe(2);
    await expect.poll(() => client.status).toBe('online');
    expect(statuses.slice(-2)).toEqual(['reconnecting', 'online']);
    expect(server.last.received.some((el) => el.name === 'resume')).toBe(true);
    // What the client knew is kept, and what comes next is read.
    expect(client.presenceOf(BOB)).toMatchObject({ show: 'dnd', status: 'busy' });
    server.last.push(`<presence xmlns="jabber:client" from="${BOB}/desk"><show>away</show></presence>`);
    await expect.poll(() => client.presenceOf(BOB).show).toBe('away');
    expect(errors).toHaveLength(1);
  });
});

describe('a contact nests a presence deeply (the report of a bad stanza must never throw)', () => {
  it('10,000 levels: the presence is dropped with a flood error, no reconnection, state kept', async () => {
    const { server, client, errors } = await online();
    const deep = '<x>'.repeat(10_000) + '</x>'.repeat(10_000);
    server.last.push(`<presence xmlns="jabber:client" from="${BOB}/desk"><priority>high</priority><show>away</show>${deep}</presence>`);
    await expect.poll(() => errors.length).toBe(1);
    expect(errors[0]).toMatchObject({ code: 'flood' });
    expect(errors[0]!.message).toMatch(/<presence> nested deeper than 64 elements/);
    expect(client.presenceOf(BOB).show).toBe('dnd');
    expect(server.sockets).toHaveLength(1);
    server.last.push(`<presence xmlns="jabber:client" from="${BOB}/desk"><show>xa</show></presence>`);
    await expect.poll(() => client.presenceOf(BOB).show).toBe('xa');
  });

  it('60 levels with a bad <priority>: the error is reported (its report serialises the stanza) and the presence applies', async () => {
    const { server, client, errors } = await online();
    const deep = '<x>'.repeat(60) + '</x>'.repeat(60);
    server.last.push(`<presence xmlns="jabber:client" from="${BOB}/desk"><priority>high</priority><show>away</show>${deep}</presence>`);
    await expect.poll(() => client.presenceOf(BOB).show).toBe('away');
    expect(errors.map((e) => e.code)).toEqual(['malformed-stanza']);
    expect(errors[0]!.message).toMatch(/priority/);
  });
});
