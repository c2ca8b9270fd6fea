// The demo's host app hands the page a token, not a password, when its XMPP server accepts one:
// with ejabberd and JWT sign-in (PRESENTLY_DEMO_SERVER=ejabberd-…) /api/credentials answers a
// one-minute HS256 JWT for the signed-in viewer, and @presently/core signs in with it against the
// demo's own server; with the default Prosody 0.12 (no token mechanism) it answers the password.
// ejabberd needs scripts/servers.sh; not run with PRESENTLY_QUICK=1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocketWithOrigin from 'ws';
import { createPresenceClient } from '../../packages/core/src/index.js';
import { startDemo, type Demo } from '../../examples/server/demo.js';
import { jidOf, VIEWER } from '../../examples/server/company.js';
import { TOKEN_LIFETIME_SECONDS } from '../../examples/server/token.js';

/** What the page's credentials-url fetch gets, after opening the page (which starts the session). */
async function credentials(demo: Demo): Promise<Record<string, unknown>> {
  const page = await fetch(demo.url);
  const cookie = page.headers.get('set-cookie')!.split(';')[0]!;
  const answer = await fetch(new URL('/api/credentials', demo.url), { headers: { cookie, 'sec-fetch-site': 'same-origin' } });
  expect(answer.headers.get('cache-control')).toBe('no-store');
  return (await answer.json()) as Record<string, unknown>;
}

const claimsOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as { jid: string; exp: number };

describe.runIf(process.env.PRESENTLY_QUICK !== '1')('the demo on ejabberd with JWT sign-in', () => {
  let demo: Demo;
  beforeAll(async () => {
    demo = await startDemo({ server: 'ejabberd-23.01', firstNudgeMs: 600_000 });
  }, 120_000);
  afterAll(() => demo?.stop());

  it('hands the page a one-minute token for the viewer, never the password, and the token signs in', async () => {
    expect(demo.signIn).toBe('token');
    const given = await credentials(demo);
    expect(Object.keys(given)).toEqual(['token']);
    const { jid, exp } = claimsOf(given.token as string);
    expect(jid).toBe(jidOf(VIEWER.username));
    const now = Date.now() / 1000;
    expect(exp).toBeGreaterThan(now);
    expect(exp).toBeLessThanOrEqual(Math.ceil(now) + TOKEN_LIFETIME_SECONDS);

    let fetched = 0;
    const client = createPresenceClient({
      service: demo.server.wsUrl,
      jid: jidOf(VIEWER.username),
      credentials: async () => (fetched++, { token: (await credentials(demo)).token as string }),
      reconnect: false,
      WebSocket: originSocket(new URL(demo.url).origin),
    });
    try {
      await client.start();
      expect(client.status).toBe('online');
      // The colleagues are in the viewer's shared groups: someone is online.
      await expect.poll(() => client.roster().some((j) => client.presenceOf(j).show !== 'offline'), { timeout: 15_000 }).toBe(true);
      expect(fetched).toBe(1);
    } finally {
      await client.stop();
    }
  }, 60_000);
});

describe('the demo on Debian Prosody 0.12 (default)', () => {
  let demo: Demo;
  beforeAll(async () => {
    demo = await startDemo({ firstNudgeMs: 600_000 });
  }, 120_000);
  afterAll(() => demo?.stop());

  it('has no token mechanism, so the page gets the password', async () => {
    expect(demo.signIn).toBe('password');
    const given = await credentials(demo);
    expect(Object.keys(given)).toEqual(['password']);
    expect(typeof given.password).toBe('string');
  }, 30_000);
});

/** A WebSocket that sends the page's Origin, as a browser would (ejabberd checks it). */
function originSocket(origin: string) {
  return class extends WebSocketWithOrigin {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { origin });
    }
  };
}
