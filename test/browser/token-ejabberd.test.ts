// Sign-in with a token in Chromium: <presently-client credentials-url> answers {"token": "…"} (an
// HS256 JWT signed in Node, as the host app's back end would) and a dot goes live against a real
// ejabberd with JWT authentication (docs/servers/ejabberd.md §9). Needs ejabberd 23.01
// (scripts/servers.sh); not run with PRESENTLY_QUICK=1.
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { commands } from 'vitest/browser';
import '../../packages/elements/src/client/client.define.js';
import '../../packages/elements/src/dot/dot.define.js';
import type { PresentlyClient } from '../../packages/elements/src/client/client.js';
import { mount, record } from '../../packages/elements/test-support/fixture.js';

const quick = await commands.tokenQuick();

describe.runIf(!quick)('token sign-in against ejabberd JWT', () => {
  let server: { wsUrl: string; host: string };
  beforeAll(async () => {
    server = await commands.tokenServerStart(location.origin);
  }, 60_000);
  afterAll(() => commands.tokenServerStop());
  afterEach(() => vi.restoreAllMocks());

  test('credentials-url returns { token }: the client signs in and a dot goes live', async () => {
    let fetched = 0;
    vi.spyOn(window, 'fetch').mockImplementation(async () => {
      fetched++;
      return new Response(JSON.stringify({ token: await commands.tokenSign('alice') }), {
        headers: { 'content-type': 'application/json' },
      });
    });
    const errors = record<{ code: string }>(document, 'presently-error');
    await commands.tokenPeerPresence('bob', 'dnd');
    const provider = await mount<PresentlyClient>(
      `<presently-client service="${server.wsUrl}" jid="alice@${server.host}" credentials-url="/creds"><presently-dot jid="bob@${server.host}"></presently-dot></presently-client>`,
    );
    await vi.waitFor(() => expect(provider.getAttribute('status')).toBe('online'), { timeout: 15_000 });
    const dot = provider.querySelector('presently-dot')!;
    await vi.waitFor(() => expect(dot.getAttribute('show')).toBe('dnd'), { timeout: 10_000 });
    expect(fetched).toBe(1);
    expect(errors).toEqual([]);
    provider.remove();
  }, 30_000);

  test('an expired token ends in presently-error auth-failed saying the token was refused', async () => {
    vi.spyOn(window, 'fetch').mockImplementation(
      async () => new Response(JSON.stringify({ token: await commands.tokenSign('alice', { expired: true }) })),
    );
    const errors = record<{ code: string; message: string }>(document, 'presently-error');
    const provider = await mount<PresentlyClient>(
      `<presently-client service="${server.wsUrl}" jid="alice@${server.host}" credentials-url="/creds"></presently-client>`,
    );
    await vi.waitFor(() => expect(errors.length).toBeGreaterThan(0), { timeout: 15_000 });
    expect(errors[0]!.detail.code).toBe('auth-failed');
    expect(errors[0]!.detail.message).toMatch(/refused the token/);
    expect(provider.getAttribute('status')).not.toBe('online');
    provider.remove();
  }, 30_000);
});
