// XEP-0388 SASL2 + XEP-0484 FAST against a scripted server: the token is requested, used on the next
// login without fetching the secret, checked against the server's proof, and dropped when refused.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { xml, type Element } from '../xml.js';
import { NS_FAST, NS_SASL2 } from '../namespaces.js';
import { signInSasl2, type FastState } from './sasl2.js';

const b64 = (data: string | Buffer) => Buffer.from(data).toString('base64');
const hmac = (key: string, data: string) => createHmac('sha256', key).update(data).digest();

/** Stream features offering SASL2 with PLAIN and FAST's HT-SHA-256-NONE. */
const features = () =>
  xml(
    'features',
    {},
    xml(
      'authentication',
      { xmlns: NS_SASL2 },
      xml('mechanism', {}, 'PLAIN'),
      xml('inline', {}, xml('fast', { xmlns: NS_FAST }, xml('mechanism', {}, 'HT-SHA-256-NONE'))),
    ),
  );
const success = (...children: Element[]) => xml('success', { xmlns: NS_SASL2 }, ...children);
const failure = () => xml('failure', { xmlns: NS_SASL2 }, xml('not-authorized', { xmlns: 'urn:ietf:params:xml:ns:xmpp-sasl' }));
const issued = (token: string) => xml('token', { xmlns: NS_FAST, token, expiry: new Date(Date.now() + 86_400_000).toISOString() });

function scripted(replies: Element[]) {
  const sent: Element[] = [];
  const queue = [...replies];
  return {
    sent,
    io: {
      send: async (el: Element) => void sent.push(el),
      next: async () => queue.shift() ?? Promise.reject(new Error('the script ran out')),
    },
  };
}

function login(fast: FastState, replies: Element[]) {
  const server = scripted(replies);
  let fetched = 0;
  const result = signInSasl2({
    io: server.io,
    features: features(),
    username: 'alice',
    domain: 'example.com',
    plainAllowed: true,
    fast,
    secret: async () => (fetched++, { password: 'pw' }),
  });
  return { result, sent: server.sent, fetched: () => fetched };
}

describe('SASL2 + FAST', () => {
  it('the first login requests a token with its user agent; the next one signs in with it, without the secret', async () => {
    const fast: FastState = { enabled: true, userAgentId: 'ua-1' };
    const first = login(fast, [success(issued('secret-token'))]);
    expect(await first.result).toEqual({ mechanism: 'PLAIN', cryptoMs: 0, withToken: false });
    const auth = first.sent[0]!;
    expect(auth.attrs).toMatchObject({ xmlns: NS_SASL2, mechanism: 'PLAIN' });
    expect(auth.getChild('user-agent')?.attrs.id).toBe('ua-1');
    expect(auth.getChild('request-token', NS_FAST)?.attrs.mechanism).toBe('HT-SHA-256-NONE');
    expect(fast.token?.token).toBe('secret-token');

    const proof = b64(hmac('secret-token', 'Responder'));
    const second = login(fast, [success(xml('additional-data', {}, proof))]);
    expect((await second.result).mechanism).toBe('HT-SHA-256-NONE');
    expect(second.fetched()).toBe(0);
    const initial = Buffer.from(second.sent[0]!.getChildText('initial-response')!, 'base64');
    expect(initial).toEqual(Buffer.concat([Buffer.from('alice\0'), hmac('secret-token', 'Initiator')]));
    expect(second.sent[0]!.getChild('fast', NS_FAST)).toBeDefined();
    expect(fast.token?.token).toBe('secret-token');
  });

  it('a refused token is dropped and the secret signs in on the same stream (asking for a new token)', async () => {
    const fast: FastState = {
      enabled: true,
      userAgentId: 'ua-1',
      token: { token: 'old', mechanism: 'HT-SHA-256-NONE', expiresAt: Date.now() + 60_000 },
    };
    const attempt = login(fast, [failure(), success(issued('new'))]);
    expect((await attempt.result).mechanism).toBe('PLAIN');
    expect(attempt.fetched()).toBe(1);
    expect(attempt.sent.map((el) => el.attrs.mechanism)).toEqual(['HT-SHA-256-NONE', 'PLAIN']);
    expect(fast.token?.token).toBe('new');
  });

  it('a server that cannot prove it knows the token is not trusted with it: the secret signs in instead', async () => {
    const fast: FastState = {
      enabled: true,
      userAgentId: 'ua-1',
      token: { token: 'tok', mechanism: 'HT-SHA-256-NONE', expiresAt: Date.now() + 60_000 },
    };
    const attempt = login(fast, [success(xml('additional-data', {}, b64('not the proof'))), success()]);
    expect((await attempt.result).mechanism).toBe('PLAIN');
    expect(attempt.fetched()).toBe(1);
  });

  it('an expired token is not tried; fast disabled asks for none', async () => {
    const expired: FastState = {
      enabled: true,
      userAgentId: 'u',
      token: { token: 't', mechanism: 'HT-SHA-256-NONE', expiresAt: Date.now() - 1 },
    };
    const a = login(expired, [success()]);
    await a.result;
    expect(a.sent.map((el) => el.attrs.mechanism)).toEqual(['PLAIN']);
    const off: FastState = { enabled: false, userAgentId: 'u' };
    const b = login(off, [success(issued('ignored'))]);
    await b.result;
    expect(b.sent[0]!.getChild('request-token', NS_FAST)).toBeUndefined();
    expect(off.token).toBeUndefined();
  });
});
