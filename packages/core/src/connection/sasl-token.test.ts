import { describe, expect, it } from 'vitest';
import { xml, type Element } from '../xml.js';
import { NS_SASL } from '../namespaces.js';
import { authenticate, type Secret } from './sasl.js';
import { tokenInitialResponse, tokenMechanisms } from './sasl-token.js';

const decode = (b64: string) => Buffer.from(b64, 'base64').toString('utf8');

function features(...mechanisms: string[]): Element {
  return xml('features', {}, xml('mechanisms', { xmlns: NS_SASL }, ...mechanisms.map((m) => xml('mechanism', {}, m))));
}

/** A scripted server: answers each <auth/>/<response/> with the next element of `replies`. */
function scripted(replies: Element[]) {
  const sent: Element[] = [];
  const queue = [...replies];
  return {
    sent,
    io: {
      send: async (el: Element) => void sent.push(el),
      next: async () => {
        const el = queue.shift();
        if (!el) throw new Error('the script ran out');
        return el;
      },
    },
  };
}
const success = () => xml('success', { xmlns: NS_SASL });
const failure = (condition = 'not-authorized') => xml('failure', { xmlns: NS_SASL }, xml(condition));

function run(offered: string[], replies: Element[], secret: Secret = { token: 'tok.en' }, plainAllowed = true, learned?: string) {
  const server = scripted(replies);
  const result = authenticate({
    io: server.io,
    features: features(...offered),
    username: 'alice',
    domain: 'example.com',
    secret,
    plainAllowed,
    learned,
  });
  return { server, result };
}

describe('token mechanism choice', () => {
  it('prefers OAUTHBEARER, then X-OAUTH2, then PLAIN (only where PLAIN is allowed)', () => {
    expect(tokenMechanisms(['PLAIN', 'X-OAUTH2', 'OAUTHBEARER', 'SCRAM-SHA-1'], true)).toEqual(['OAUTHBEARER', 'X-OAUTH2', 'PLAIN']);
    expect(tokenMechanisms(['PLAIN', 'X-OAUTH2'], false)).toEqual(['X-OAUTH2']);
    expect(tokenMechanisms(['SCRAM-SHA-256', 'SCRAM-SHA-1'], true)).toEqual([]);
    expect(tokenMechanisms(['PLAIN', 'X-OAUTH2'], true, 'PLAIN')).toEqual(['PLAIN', 'X-OAUTH2']);
    // A learned mechanism the server no longer offers is ignored.
    expect(tokenMechanisms(['OAUTHBEARER'], true, 'PLAIN')).toEqual(['OAUTHBEARER']);
  });

  it('builds the RFC 7628 GS2 header and the PLAIN-framed payloads exactly', () => {
    const args = { username: 'alice', domain: 'example.com', token: 'eyJ.a.b' };
    expect(decode(tokenInitialResponse('OAUTHBEARER', args))).toBe('n,a=alice@example.com,\u0001auth=Bearer eyJ.a.b\u0001\u0001');
    expect(decode(tokenInitialResponse('X-OAUTH2', args))).toBe('\u0000alice\u0000eyJ.a.b');
    expect(decode(tokenInitialResponse('PLAIN', args))).toBe('\u0000alice\u0000eyJ.a.b');
    // RFC 5801 saslname escaping of ',' and '=' in the authzid.
    expect(decode(tokenInitialResponse('OAUTHBEARER', { ...args, username: 'a,b=c' }))).toBe(
      'n,a=a=2Cb=3Dc@example.com,\u0001auth=Bearer eyJ.a.b\u0001\u0001',
    );
  });
});

describe('authenticate with a token', () => {
  it('signs in with OAUTHBEARER when offered, sending the exact initial response', async () => {
    const { server, result } = run(['SCRAM-SHA-1', 'PLAIN', 'OAUTHBEARER'], [success()]);
    await expect(result).resolves.toEqual({ mechanism: 'OAUTHBEARER', cryptoMs: 0 });
    expect(server.sent).toHaveLength(1);
    expect(server.sent[0]!.attrs.mechanism).toBe('OAUTHBEARER');
    expect(decode(server.sent[0]!.text())).toBe('n,a=alice@example.com,\u0001auth=Bearer tok.en\u0001\u0001');
  });

  it('answers an RFC 7628 error challenge with 0x01 and reports a refused token, not a wrong password', async () => {
    const challenge = xml('challenge', { xmlns: NS_SASL }, Buffer.from('{"status":"invalid_token"}').toString('base64'));
    const { server, result } = run(['OAUTHBEARER'], [challenge, failure()]);
    const error = await result.catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'auth-failed' });
    expect((error as Error).message).toMatch(/refused the token/);
    expect((error as Error).message).not.toMatch(/password/);
    expect(server.sent.map((e) => e.name)).toEqual(['auth', 'response']);
    expect(decode(server.sent[1]!.text())).toBe('\u0001');
  });

  it('falls back from X-OAUTH2 to PLAIN on the same stream (ejabberd offers X-OAUTH2 beside its JWT PLAIN)', async () => {
    const { server, result } = run(['PLAIN', 'X-OAUTH2'], [failure(), success()]);
    await expect(result).resolves.toMatchObject({ mechanism: 'PLAIN' });
    expect(server.sent.map((e) => e.attrs.mechanism)).toEqual(['X-OAUTH2', 'PLAIN']);
    expect(decode(server.sent[1]!.text())).toBe('\u0000alice\u0000tok.en');
  });

  it('tries the learned mechanism first, so a reconnect costs no refused attempt', async () => {
    const { server, result } = run(['PLAIN', 'X-OAUTH2'], [success()], { token: 't' }, true, 'PLAIN');
    await expect(result).resolves.toMatchObject({ mechanism: 'PLAIN' });
    expect(server.sent.map((e) => e.attrs.mechanism)).toEqual(['PLAIN']);
  });

  it('refuses to send a token as PLAIN over plaintext to a non-loopback host', async () => {
    const { server, result } = run(['PLAIN', 'SCRAM-SHA-1'], [], { token: 't' }, false);
    await expect(result).rejects.toMatchObject({ code: 'insecure-transport' });
    expect(server.sent).toEqual([]);
  });

  it('says clearly when the server offers nothing usable with a token', async () => {
    const { server, result } = run(['SCRAM-SHA-256', 'SCRAM-SHA-1'], []);
    const error = await result.catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'unsupported' });
    expect((error as Error).message).toMatch(/no way to sign in with a token.*SCRAM-SHA-256, SCRAM-SHA-1/);
    expect(server.sent).toEqual([]);
  });

  it('treats a temporary failure as transient, without trying further mechanisms', async () => {
    const { server, result } = run(['PLAIN', 'X-OAUTH2'], [failure('temporary-auth-failure')]);
    await expect(result).rejects.toMatchObject({ code: 'connection-failed' });
    expect(server.sent).toHaveLength(1);
  });

  it('still signs in with a password as before (PLAIN payload unchanged)', async () => {
    const { server, result } = run(['PLAIN', 'X-OAUTH2'], [success()], { password: 'secret' }, true);
    await expect(result).resolves.toMatchObject({ mechanism: 'PLAIN' });
    expect(decode(server.sent[0]!.text())).toBe('\u0000alice\u0000secret');
  });
});

describe('credentials() answers', () => {
  const base = { service: 'ws://127.0.0.1:1/xmpp-websocket', jid: 'alice@example.com' };
  it('a token wins over a password; a fresh call on every login; anything else is credentials-failed', async () => {
    const { resolveOptions } = await import('./options.js');
    let calls = 0;
    const opts = resolveOptions({ ...base, credentials: async () => ({ token: `t${++calls}` }) });
    await expect(opts.secret()).resolves.toEqual({ token: 't1' });
    await expect(opts.secret()).resolves.toEqual({ token: 't2' });
    await expect(resolveOptions({ ...base, credentials: async () => ({ password: 'pw' }) }).secret()).resolves.toEqual({ password: 'pw' });
    await expect(resolveOptions({ ...base, password: 'pw' }).secret()).resolves.toEqual({ password: 'pw' });
    for (const bad of [{ token: '' }, { token: 42 }, {}, null]) {
      await expect(resolveOptions({ ...base, credentials: async () => bad as never }).secret()).rejects.toMatchObject({
        code: 'credentials-failed',
      });
    }
  });
});
