// serverFeatures(): disco#info of the server and of the account (XEP-0030), plus the stream features of
// the last login, through the public client API over a fake connection.
import { describe, expect, it } from 'vitest';
import { FakeConnection } from '../test-support/fake-connection.js';
import { createClientWith } from './client.js';
import { isPresenceError } from './errors.js';

const info = (...vars: string[]) =>
  `<query xmlns='http://jabber.org/protocol/disco#info'><identity category='server' type='im'/>${vars
    .map((v) => `<feature var='${v}'/>`)
    .join('')}</query>`;

function setUp() {
  const connection = new FakeConnection();
  const client = createClientWith(connection, { service: 'ws://127.0.0.1:5280/xmpp-websocket', jid: 'alice@example.com', password: 'x' });
  return { connection, client };
}

describe('serverFeatures()', () => {
  it('asks the server and the account, and adds the stream features of the last login; sorted, no duplicates', async () => {
    const { connection, client } = setUp();
    Object.assign(connection, { streamFeatures: ['urn:xmpp:sm:3', 'urn:xmpp:csi:0'] });
    connection.responders.unshift((iq) => {
      if (!iq.getChild('query', 'http://jabber.org/protocol/disco#info')) return undefined;
      if (iq.attrs.to === 'example.com') return info('urn:xmpp:time', 'urn:xmpp:carbons:2', 'urn:xmpp:time');
      if (iq.attrs.to === 'alice@example.com') return info('urn:xmpp:mam:2');
      return { error: 'item-not-found' };
    });
    await client.start();
    expect(await client.serverFeatures()).toEqual({
      server: ['urn:xmpp:carbons:2', 'urn:xmpp:time'],
      account: ['urn:xmpp:mam:2'],
      stream: ['urn:xmpp:sm:3', 'urn:xmpp:csi:0'],
    });
  });

  it('a server that answers disco with an error offers nothing there', async () => {
    const { connection, client } = setUp();
    connection.responders.unshift((iq) =>
      iq.getChild('query', 'http://jabber.org/protocol/disco#info') ? { error: 'service-unavailable' } : undefined,
    );
    await client.start();
    expect(await client.serverFeatures()).toEqual({ server: [], account: [], stream: [] });
  });

  it('offline: rejects not-connected', async () => {
    const { client } = setUp();
    const error = await client.serverFeatures().catch((e: unknown) => e);
    expect(isPresenceError(error, 'not-connected')).toBe(true);
  });
});
