import { describe, expect, test, vi } from 'vitest';
import type { ContactDetails } from './types.js';
import { photoDataUrl, parseTzo } from './details.js';
import { stanza, settle } from '../test-support/fake-connection.js';
import { item, started } from '../test-support/setup.js';

const BOB = 'bob@example.com';
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

describe('details (XEP-0012, XEP-0202, XEP-0054)', () => {
  test('nothing is fetched until something asks; concurrent and repeated fetches share one IQ each', async () => {
    const { conn, client } = await started({ roster: item(BOB) });
    expect(conn.pending('vCard', 'vcard-temp')).toHaveLength(0);
    const fetches = Array.from({ length: 5 }, () => client.fetchDetails(BOB, ['vcard']));
    await settle();
    const [vcard] = conn.pending('vCard', 'vcard-temp');
    expect(conn.iqsFor('vCard', 'vcard-temp')).toHaveLength(1);
    expect(vcard!.request.attrs.to).toBe(BOB);
    vcard!.result(`<vCard xmlns='vcard-temp'><FN>Bob Smith</FN><PHOTO><TYPE>image/png</TYPE><BINVAL>${PNG}</BINVAL></PHOTO></vCard>`);
    const results = await Promise.all(fetches);
    expect(results[0]).toEqual({ jid: BOB, name: 'Bob Smith', avatar: `data:image/png;base64,${PNG}` });
    await client.fetchDetails(BOB, ['vcard']);
    expect(conn.iqsFor('vCard', 'vcard-temp')).toHaveLength(1);
    expect(client.detailsOf(BOB)?.name).toBe('Bob Smith');
    // No roster name: the vCard name shows in the presence snapshot.
    expect(client.presenceOf(BOB).name).toBe('Bob Smith');
  });

  test('details fetched for our own JID leave its presence to what we set (not a contact of ours)', async () => {
    const { conn, client } = await started({ roster: item(BOB) });
    const seen: string[] = [];
    client.watch('alice@example.com', (p) => seen.push(p.show)); // a dot showing ourselves
    await client.setPresence({ show: 'dnd', status: 'Focus' });
    const fetched = client.fetchDetails('alice@example.com', ['vcard']);
    await settle();
    conn.pending('vCard', 'vcard-temp')[0]!.result(`<vCard xmlns='vcard-temp'><FN>Alice Liddell</FN></vCard>`);
    await fetched;
    await settle();
    expect(client.detailsOf('alice@example.com')?.name).toBe('Alice Liddell');
    expect(client.presenceOf('alice@example.com')).toMatchObject({ show: 'dnd', status: 'Focus' });
    expect(seen.at(-1)).toBe('dnd');
  });

  test('last activity goes to the bare JID of offline contacts only; time to the full JID of an available resource', async () => {
    const { conn, client } = await started({ roster: item(BOB) + item('carol@example.com') });
    conn.push(`<presence from='${BOB}/desk'/>`);
    void client.fetchDetails(BOB, ['lastSeen', 'time']);
    void client.fetchDetails('carol@example.com', ['lastSeen', 'time']);
    await settle();
    const last = conn.pending('query', 'jabber:iq:last');
    const time = conn.pending('time', 'urn:xmpp:time');
    expect(last.map((q) => q.request.attrs.to)).toEqual(['carol@example.com']);
    expect(time.map((q) => q.request.attrs.to)).toEqual([`${BOB}/desk`]);
    vi.setSystemTime(new Date('2024-06-01T12:00:00Z'));
    last[0]!.result(`<query xmlns='jabber:iq:last' seconds='3600'/>`);
    time[0]!.result(`<time xmlns='urn:xmpp:time'><tzo>-05:30</tzo><utc>2024-06-01T12:00:00Z</utc></time>`);
    await settle();
    vi.useRealTimers();
    expect(client.detailsOf(BOB)?.tzOffsetMinutes).toBe(-330);
    expect(client.detailsOf('carol@example.com')?.lastSeen?.toISOString()).toBe('2024-06-01T11:00:00.000Z');
    expect(client.presenceOf('carol@example.com').lastSeen?.toISOString()).toBe('2024-06-01T11:00:00.000Z');
  });

  test('watchDetails fetches on first watch, and last activity is refetched when the contact goes offline again', async () => {
    const { conn, client } = await started({ roster: item(BOB) });
    const seen: Array<ContactDetails | undefined> = [];
    client.watchDetails(BOB, (d) => seen.push(d));
    client.watchDetails(BOB, () => {});
    await settle();
    expect(seen).toEqual([undefined]);
    expect(conn.iqsFor('query', 'jabber:iq:last')).toHaveLength(1);
    conn.pending('query', 'jabber:iq:last')[0]!.result(`<query xmlns='jabber:iq:last' seconds='86400'/>`);
    conn.pending('vCard', 'vcard-temp')[0]!.error('item-not-found');
    await settle();
    expect(seen.at(-1)?.lastSeen).toBeInstanceOf(Date);
    conn.push(`<presence from='${BOB}/desk'/>`);
    await settle();
    expect(conn.iqsFor('time', 'urn:xmpp:time')).toHaveLength(1);
    conn.push(`<presence from='${BOB}/desk' type='unavailable'/>`);
    await settle();
    // The old lastSeen is dropped at once (it would say "a day ago"), then fetched anew.
    expect(client.presenceOf(BOB).lastSeen).toBeUndefined();
    expect(conn.iqsFor('query', 'jabber:iq:last')).toHaveLength(2);
    // Error answers are cached: the vCard is not asked again.
    expect(conn.iqsFor('vCard', 'vcard-temp')).toHaveLength(1);
  });

  test('avatars: only raster image types whose bytes match, size-capped', () => {
    const photo = (type: string, bin: string) => stanza(`<PHOTO><TYPE>${type}</TYPE><BINVAL>${bin}</BINVAL></PHOTO>`);
    expect(photoDataUrl(photo('image/png', PNG))).toBe(`data:image/png;base64,${PNG}`);
    expect(photoDataUrl(photo('image/svg+xml', btoa('<svg onload="alert(1)"/>')))).toBeUndefined();
    expect(photoDataUrl(photo('text/html', btoa('<script>')))).toBeUndefined();
    expect(photoDataUrl(photo('image/jpeg', PNG))).toBeUndefined();
    expect(photoDataUrl(photo('image/png', 'not base64!'))).toBeUndefined();
    expect(photoDataUrl(photo('image/png', PNG), 10)).toBeUndefined();
  });

  test('tzo parsing', () => {
    expect(parseTzo('+01:00')).toBe(60);
    expect(parseTzo('Z')).toBe(0);
    expect(parseTzo('-14:00')).toBe(-840);
    expect(parseTzo('+25:00')).toBeUndefined();
    expect(parseTzo('01:00')).toBeUndefined();
    expect(parseTzo(undefined)).toBeUndefined();
  });

  test('invalid JIDs are rejected', async () => {
    const { client } = await started();
    await expect(client.fetchDetails('x@@y')).rejects.toMatchObject({ code: 'invalid-jid' });
    expect(() => client.watchDetails('', () => {})).toThrow(expect.objectContaining({ code: 'invalid-jid' }));
    expect(() => client.detailsOf('a b')).toThrow(expect.objectContaining({ code: 'invalid-jid' }));
  });
});
