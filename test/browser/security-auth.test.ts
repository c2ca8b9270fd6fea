// Logging in from Chromium over WebSocket: SCRAM (SHA-256 where the server stores SHA-256 keys,
// SHA-1 otherwise) rather than PLAIN, a wrong password fails once with auth-failed and never retries,
// and the password appears nowhere — not on the wire, not in console output, errors, events, the
// DOM, or the server's log.
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { commands } from 'vitest/browser';
import { createPresenceClient, type PresenceClient, type PresenceError } from '../../packages/elements/src/presently.js';
import type { PresentlyClient } from '../../packages/elements/src/client/client.js';
import { captureConsole, deepString, mechanismsUsed, recordingWebSocket, sleep, waitUntil } from '../reliability/browser-helpers.js';

const prosody = inject('prosody');
const PASSWORD = prosody.users.find((u) => u.username === 'alice')!.password;
const WRONG = 'Wr0ng-Passw0rd-7f3c';
const ALICE = `alice@${prosody.host}`;

const started: PresenceClient[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((c) => c.stop().catch(() => {})));
  document.querySelectorAll('main[data-auth-test]').forEach((m) => m.remove());
});
afterAll(async () => {
  await commands.extraProsodyStop('scram256');
});

/** Every encoding of a secret that could leak: as is, in PLAIN's base64 message, URL-encoded. */
function forms(secret: string): string[] {
  return [secret, btoa(`\u0000alice\u0000${secret}`), btoa(`alice\u0000alice\u0000${secret}`), encodeURIComponent(secret), btoa(secret)];
}
function leaks(haystack: string[], secret: string): string[] {
  return haystack.filter((h) => forms(secret).some((f) => h.includes(f))).map((h) => h.slice(0, 200));
}
// The detector itself finds a PLAIN exchange and a logged secret (so an empty result means something).
if (leaks([`<auth mechanism="PLAIN">${btoa(`\u0000alice\u0000${WRONG}`)}</auth>`, `oops ${WRONG}`], WRONG).length !== 2)
  throw new Error('leak detector broken');

function client(service: string, password: string, extra: Record<string, unknown> = {}) {
  const wire = recordingWebSocket();
  const errors: PresenceError[] = [];
  const events: string[] = [];
  const credentialCalls = { n: 0 };
  const c = createPresenceClient({
    service,
    jid: ALICE,
    credentials: async () => {
      credentialCalls.n++;
      return { password };
    },
    resource: 'auth',
    WebSocket: wire.WebSocket,
    ...extra,
  });
  c.on('error', (e) => {
    errors.push(e);
    events.push(`error ${deepString(e)}`);
  });
  c.on('status', (s) => events.push(`status ${s}`));
  c.on('online', (i) => events.push(`online ${JSON.stringify(i)}`));
  started.push(c);
  return { c, wire, errors, events, credentialCalls };
}

describe('SASL mechanism', () => {
  it('SCRAM-SHA-1 against a server storing SHA-1 keys (it offers SCRAM-SHA-1 and PLAIN); the password never goes on the wire', async () => {
    const { c, wire } = client(prosody.wsUrl, PASSWORD);
    await c.start();
    const offered = wire.received.find((f) => f.includes('<mechanisms'))!;
    expect(offered).toContain('PLAIN');
    expect(mechanismsUsed(wire)).toEqual(['SCRAM-SHA-1']);
    expect(leaks([...wire.sent, ...wire.received], PASSWORD)).toEqual([]);
  });

  it('SCRAM-SHA-256 against a server storing SHA-256 keys', async () => {
    const server = await commands.extraProsodyStart('scram256', { passwordHash: 'SHA-256' });
    const { c, wire } = client(server.wsUrl, PASSWORD);
    await c.start();
    expect(wire.received.find((f) => f.includes('<mechanisms'))).toContain('SCRAM-SHA-256');
    expect(mechanismsUsed(wire)).toEqual(['SCRAM-SHA-256']);
    expect(leaks([...wire.sent, ...wire.received], PASSWORD)).toEqual([]);
    expect(await commands.extraProsodyLog('scram256')).toContain(`Authenticated as ${ALICE}`);
  });
});

describe('transport policy', () => {
  it('plaintext ws:// to a non-loopback host is refused before any socket is opened', async () => {
    const { c, wire } = client('ws://chat.example.com/xmpp-websocket', PASSWORD);
    await expect(c.start()).rejects.toMatchObject({ code: 'insecure-transport' });
    expect(wire.sockets).toHaveLength(0);
    expect(c.status).toBe('offline');
  });

  it('xmpp:// (raw TCP) is not available in a browser: unsupported', async () => {
    const { c, wire } = client(prosody.tcpUrl, PASSWORD);
    await expect(c.start()).rejects.toMatchObject({ code: 'unsupported' });
    expect(wire.sockets).toHaveLength(0);
  });
});

describe('a wrong password', () => {
  it('fails once with auth-failed, goes offline and makes no further attempt', async () => {
    const { c, errors, wire, credentialCalls } = client(prosody.wsUrl, WRONG);
    const failure = await c.start().then(
      () => undefined,
      (e: unknown) => e as PresenceError,
    );
    expect(failure?.code).toBe('auth-failed');
    expect(c.status).toBe('offline');
    await sleep(5000);
    expect(c.diagnostics.connectAttempts).toBe(1);
    expect(wire.sockets).toHaveLength(1);
    expect(credentialCalls.n).toBe(1);
    expect(errors.map((e) => e.code)).toEqual(['auth-failed']);
  });

  it('<presently-client> says auth-failed with presently-error and shows status="offline"', async () => {
    const main = document.createElement('main');
    main.dataset.authTest = '';
    const provider = document.createElement('presently-client') as PresentlyClient;
    const codes: string[] = [];
    provider.addEventListener('presently-error', (e) => codes.push(e.detail.code));
    provider.setAttribute('service', prosody.wsUrl);
    provider.setAttribute('jid', ALICE);
    provider.setAttribute('credentials-url', `data:application/json,${encodeURIComponent(JSON.stringify({ password: WRONG }))}`);
    main.append(provider);
    document.body.append(main);
    await waitUntil(() => codes.length > 0, 10_000, 'presently-error');
    expect(codes).toEqual(['auth-failed']);
    expect(provider.getAttribute('status')).toBe('offline');
    await sleep(3000);
    expect(provider.activeClient!.diagnostics.connectAttempts).toBe(1);
  });
});

describe('credentials never appear in logs, errors, events or the page', () => {
  it('through a failed and a successful login', async () => {
    const logs = captureConsole();
    const seen: string[] = [];
    const onDomError = (e: Event) => seen.push(`dom ${e.type} ${deepString((e as CustomEvent).detail)}`);
    document.addEventListener('presently-error', onDomError, true);
    try {
      // 1. Wrong password.
      const bad = client(prosody.wsUrl, WRONG);
      const failure = await bad.c.start().catch((e: unknown) => e);
      seen.push(`thrown ${deepString(failure)}`, ...bad.events, ...bad.wire.sent, ...bad.wire.received);

      // 2. Right password, through the element (credentials-url, as a host app would), then a reconnect.
      const main = document.createElement('main');
      main.dataset.authTest = '';
      const provider = document.createElement('presently-client') as PresentlyClient;
      provider.setAttribute('service', prosody.wsUrl);
      provider.setAttribute('jid', ALICE);
      provider.setAttribute('credentials-url', `data:application/json,${encodeURIComponent(JSON.stringify({ password: PASSWORD }))}`);
      main.append(provider);
      document.body.append(main);
      await waitUntil(() => provider.getAttribute('status') === 'online', 10_000, 'online through the element');

      const good = client(prosody.wsUrl, PASSWORD);
      await good.c.start();
      good.wire.current!.close(); // a reconnect fetches the credentials again
      await waitUntil(() => good.events.filter((e) => e.startsWith('online')).length === 2, 10_000, 'the reconnect');
      expect(good.credentialCalls.n).toBe(2);
      seen.push(...good.events, ...good.wire.sent, ...good.wire.received, provider.outerHTML, document.body.outerHTML);
      // Whatever the client object exposes when logged or serialised.
      seen.push(deepString(good.c), deepString(good.c.diagnostics), deepString(provider.activeClient));
    } finally {
      logs.restore();
      document.removeEventListener('presently-error', onDomError, true);
    }
    // The data: credentials-url is ours (the test's); real host apps use a same-origin endpoint.
    const pageText = seen.map((s) => s.replace(/data:application\/json,[^"\s]*/g, 'data:…'));
    expect(leaks([...logs.lines, ...pageText], WRONG)).toEqual([]);
    expect(leaks([...logs.lines, ...pageText], PASSWORD)).toEqual([]);
    // The server's log (info level) has neither.
    const serverLog = await commands.prosodyLog(2000);
    expect(leaks([serverLog], WRONG)).toEqual([]);
    expect(leaks([serverLog], PASSWORD)).toEqual([]);
  });
});
