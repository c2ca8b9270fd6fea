import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { capsString, capsVer } from './caps.js';
import { NS_CAPS, NS_DISCO_INFO, NS_OWN_STATUS } from './namespaces.js';
import { buildStatusItem, parseStatusItem, type StoredStatus } from './own-status.js';
import { sha1 } from './sha1.js';
import { xml } from './xml.js';
import { settle, stanza } from '../test-support/fake-connection.js';
import { started } from '../test-support/setup.js';

describe('the stored own-status item (XEP-0223)', () => {
  test('round trip: show, status, until, since, priority contacts and last input', () => {
    const s: StoredStatus = {
      show: 'dnd',
      status: 'Focus <b>time</b>',
      until: new Date('2030-01-01T16:00:00.000Z'),
      since: new Date('2026-12-04T02:00:00.000Z'),
      priority: ['boss@example.com', 'kid@example.com'],
      lastInput: new Date('2026-12-04T02:05:00.000Z'),
    };
    const el = buildStatusItem(s);
    expect(el.toString()).toContain('Focus &lt;b&gt;time&lt;/b&gt;');
    expect(parseStatusItem(stanza(el.toString()))).toEqual(s);
  });

  test('a future `until` stays in the future (unlike delay stamps, which are clamped to now)', () => {
    const until = new Date(Date.now() + 86_400_000);
    const parsed = parseStatusItem(buildStatusItem({ show: 'away', since: new Date(), until, priority: [] }));
    expect(parsed?.until?.getTime()).toBe(until.getTime());
  });

  test('unreadable items read as nothing stored; bad priority JIDs are dropped, duplicates kept once', () => {
    const item = (attrs: string, body = '') => stanza(`<own-status xmlns='${NS_OWN_STATUS}' ${attrs}>${body}</own-status>`);
    expect(parseStatusItem(item(`show='busy' since='2026-01-01T00:00:00Z'`))).toBeUndefined();
    expect(parseStatusItem(item(`show='dnd'`))).toBeUndefined();
    expect(parseStatusItem(item(`show='dnd' since='yesterday'`))).toBeUndefined();
    expect(parseStatusItem(stanza(`<own-status xmlns='urn:other' show='dnd' since='2026-01-01T00:00:00Z'/>`))).toBeUndefined();
    const parsed = parseStatusItem(
      item(
        `show='dnd' since='2026-01-01T00:00:00Z' until='soon'`,
        `<priority jid='a@example.com'/><priority jid='a@example.com/phone'/><priority jid='not a jid'/><priority/>`,
      ),
    );
    expect(parsed).toEqual({ show: 'dnd', since: new Date('2026-01-01T00:00:00Z'), priority: ['a@example.com'] });
  });
});

describe('XEP-0115 caps', () => {
  test('sha1 matches node:crypto, across block boundaries', () => {
    for (const length of [0, 3, 55, 56, 63, 64, 65, 200]) {
      const data = new TextEncoder().encode('x'.repeat(length));
      expect(Buffer.from(sha1(data)).toString('hex')).toBe(createHash('sha1').update(data).digest('hex'));
    }
  });

  test('the verification string sorts features once each, and the ver is its base64 SHA-1', () => {
    const s = capsString([NS_DISCO_INFO, NS_CAPS, NS_DISCO_INFO, `${NS_OWN_STATUS}+notify`]);
    expect(s).toBe(`client/web//Presently<${NS_CAPS}<${NS_DISCO_INFO}<${NS_OWN_STATUS}+notify<`);
    expect(capsVer([NS_CAPS, NS_DISCO_INFO, `${NS_OWN_STATUS}+notify`])).toBe(createHash('sha1').update(s).digest('base64'));
  });

  test('our presence carries <c/> and disco#info answers the same features', async () => {
    const { conn } = await started();
    const c = conn.sentOf('presence')[0]!.getChild('c', NS_CAPS)!;
    expect(c.attrs).toMatchObject({ hash: 'sha-1', node: expect.any(String), ver: expect.any(String) });
    conn.deliver(xml('iq', { type: 'get', from: 'alice@example.com', id: 'd1' }, xml('query', { xmlns: NS_DISCO_INFO })));
    await settle();
    const reply = conn.iqReplies.find((r) => r.attrs.id === 'd1')!;
    expect(reply.attrs.type).toBe('result');
    const features = reply
      .getChild('query', NS_DISCO_INFO)!
      .getChildren('feature')
      .map((f) => f.attrs.var!);
    expect(features).toContain(`${NS_OWN_STATUS}+notify`);
    expect(capsVer(features)).toBe(c.attrs.ver);
  });
});
