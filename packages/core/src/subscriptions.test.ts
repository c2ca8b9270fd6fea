import { describe, expect, test } from 'vitest';
import type { SubscriptionRequest } from './types.js';
import { settle } from '../test-support/fake-connection.js';
import { item, started } from '../test-support/setup.js';

const SAM = 'sam@example.com';

function rosterPush(xml: string): string {
  return `<iq type='set' id='push${Math.random().toString(36).slice(2)}'><query xmlns='jabber:iq:roster'>${xml}</query></iq>`;
}

describe('subscriptions (RFC 6121 §3)', () => {
  test('request, approve and deny send the right presence types, queued', async () => {
    const { conn, client } = await started();
    await client.requestSubscription('Sam@Example.com');
    await client.approveSubscription(SAM);
    await client.denySubscription('carol@example.com');
    expect(
      conn
        .sentOf('presence')
        .slice(-3)
        .map((p) => [p.attrs.to, p.attrs.type]),
    ).toEqual([
      [SAM, 'subscribe'],
      [SAM, 'subscribed'],
      ['carol@example.com', 'unsubscribed'],
    ]);
    expect(conn.sent.slice(-3).every((s) => s.options?.queue)).toBe(true);
    await expect(client.requestSubscription('no jid')).rejects.toMatchObject({ code: 'invalid-jid' });
  });

  test('an inbound request is reported with its nickname and never approved automatically', async () => {
    const { conn, client } = await started();
    const requests: SubscriptionRequest[] = [];
    client.on('subscription-request', (r) => requests.push(r));
    const before = conn.sent.length;
    conn.push(`<presence from='${SAM}' type='subscribe'><nick xmlns='http://jabber.org/protocol/nick'>Sam</nick></presence>`);
    await settle();
    expect(requests).toEqual([{ jid: SAM, name: 'Sam' }]);
    expect(conn.sent.length).toBe(before);
  });

  test('a non-roster JID stays unknown until our subscription is approved', async () => {
    const { conn, client } = await started();
    const shows: string[] = [];
    client.watch(SAM, (p) => shows.push(p.show));
    await client.requestSubscription(SAM);
    conn.push(rosterPush(`<item jid='${SAM}' subscription='none' ask='subscribe'/>`));
    // Prosody acknowledges a request with an unavailable from the contact: that says nothing.
    conn.push(`<presence from='${SAM}' type='unavailable'/>`);
    await settle();
    expect(client.presenceOf(SAM)).toMatchObject({ show: 'unknown', subscription: 'none', pending: true });
    // Approved: roster push, then the contact's presence.
    conn.push(`<presence from='${SAM}' type='subscribed'/>`);
    conn.push(rosterPush(item(SAM, 'to')));
    conn.push(`<presence from='${SAM}/web'><show>away</show></presence>`);
    await settle();
    expect(client.presenceOf(SAM)).toMatchObject({ show: 'away', subscription: 'to' });
    expect(client.presenceOf(SAM).pending).toBeUndefined();
    expect(shows.filter((s, i) => s !== shows[i - 1])).toEqual(['unknown', 'away']);
    expect(client.roster()).toContain(SAM);
  });

  test('approval from a contact who is offline settles to offline after a round-trip', async () => {
    const { conn, client } = await started({ roster: `<item jid='${SAM}' subscription='none' ask='subscribe'/>` });
    expect(client.presenceOf(SAM).show).toBe('unknown');
    conn.push(rosterPush(item(SAM, 'to')));
    await settle();
    expect(client.presenceOf(SAM).show).toBe('offline');
  });

  test('roster pushes from anyone but our account are refused', async () => {
    const { conn, client } = await started();
    conn.push(
      `<iq type='set' id='evil' from='eve@evil.example/x'><query xmlns='jabber:iq:roster'>${item('eve@evil.example')}</query></iq>`,
    );
    await settle();
    expect(client.roster()).toEqual([]);
    expect(conn.iqReplies.at(-1)?.attrs.type).toBe('error');
  });

  test('roster names feed the snapshot and removal forgets the contact', async () => {
    const { conn, client } = await started({ roster: item(SAM, 'both', " name='Sam Smith'") });
    const rosterEvents: string[][] = [];
    client.on('roster', (j) => rosterEvents.push(j));
    expect(client.presenceOf(SAM).name).toBe('Sam Smith');
    conn.push(rosterPush(`<item jid='${SAM}' subscription='remove'/>`));
    await settle();
    expect(client.roster()).toEqual([]);
    expect(client.presenceOf(SAM)).toMatchObject({ show: 'unknown' });
    expect(client.presenceOf(SAM).name).toBeUndefined();
    expect(rosterEvents).toEqual([[SAM]]);
  });
});
