// Sign-in with a token against a real ejabberd with JWT authentication (docs/servers/ejabberd.yml
// with AUTH_METHOD [internal, jwt] and its jwt_key/jwt_jid_field lines, as docs/servers/ejabberd.md
// documents): the test signs a short-lived HS256 JWT with node:crypto, as a host app's back end
// would, and @presently/core signs in with `credentials: () => ({ token })`. ejabberd offers X-OAUTH2
// beside PLAIN; a JWT is only taken as the PLAIN password, so the first login learns that.
// Needs ejabberd (scripts/servers.sh); not run with PRESENTLY_QUICK=1. Login time with a token vs
// SCRAM on the same server is printed for the report.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPresenceClient, type Credentials, type PresenceClient, type PresenceError } from '../../packages/core/src/index.js';
import { startEjabberd, ejabberdctlPath, type EjabberdServer, type EjabberdVersion } from '../server/ejabberd.js';
import { connectPeer } from '../server/peer.js';
import { createConnection } from '../../packages/core/src/connection/connection.js';
import { signJwt } from '../server/jwt.js';
import { TEST_USERS } from '../server/users.js';

const quick = process.env.PRESENTLY_QUICK === '1';
// 23.01 is Debian's package (always expected); 24.12 where scripts/servers.sh unpacked it.
const versions = (['23.01', '24.12'] as const).filter((v) => v === '23.01' || ejabberdctlPath(v) !== undefined);
const user = (name: string) => TEST_USERS.find((u) => u.username === name)!;

const now = () => Math.floor(Date.now() / 1000);

describe.runIf(!quick).each(versions)('ejabberd %s with JWT sign-in', (version: EjabberdVersion) => {
  const key = randomBytes(32);
  let server: EjabberdServer;
  const clients: PresenceClient[] = [];
  const jid = (name: string) => `${name}@${server.host}`;

  beforeAll(async () => {
    server = await startEjabberd({ version, jwtSecret: key, users: [user('alice'), user('bob')] });
  }, 60_000);
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.stop()));
    await server?.stop();
  });

  function client(credentials: () => Promise<Credentials>): { client: PresenceClient; errors: PresenceError[] } {
    const errors: PresenceError[] = [];
    const c = createPresenceClient({ service: server.wsUrl, jid: jid('alice'), credentials, reconnect: false });
    c.on('error', (e) => errors.push(e));
    clients.push(c);
    return { client: c, errors };
  }

  it('signs in with a fresh token on every (re)connect and sees a contact live', async () => {
    let fetched = 0;
    const { client: alice, errors } = client(async () => {
      fetched++;
      return { token: signJwt({ jid: jid('alice'), exp: now() + 60 }, key) };
    });
    await alice.start();
    expect(alice.status).toBe('online');
    const bob = await connectPeer(server, user('bob'), { presence: { show: 'dnd', status: 'In a meeting' } });
    await expect.poll(() => alice.presenceOf(jid('bob')).show, { timeout: 10_000 }).toBe('dnd');
    await alice.stop();
    await alice.start();
    expect(alice.status).toBe('online');
    expect(fetched).toBe(2);
    await expect.poll(() => alice.presenceOf(jid('bob')).show, { timeout: 10_000 }).toBe('dnd');
    await bob.stop();
    expect(errors).toEqual([]);
  }, 60_000);

  it('learns that ejabberd takes the JWT as PLAIN (after refusing it over X-OAUTH2), then goes straight there; login time vs a password', async () => {
    const token = () => signJwt({ jid: jid('alice'), exp: now() + 60 }, key);
    const withToken = createConnection({
      service: server.wsUrl,
      jid: jid('alice'),
      credentials: async () => ({ token: token() }),
      reconnect: false,
    });
    const withPassword = createConnection({ service: server.wsUrl, jid: jid('alice'), password: user('alice').password, reconnect: false });
    const times = { first: 0, token: [] as number[], password: [] as number[], mechanism: '' };
    await withToken.start();
    times.first = withToken.lastLogin!.totalMs;
    expect(withToken.lastLogin?.mechanism).toBe('PLAIN');
    await withToken.stop();
    for (let i = 0; i < 7; i++) {
      await withToken.start();
      expect(withToken.lastLogin?.mechanism).toBe('PLAIN');
      times.token.push(withToken.lastLogin!.totalMs);
      await withToken.stop();
      await withPassword.start();
      times.mechanism = withPassword.lastLogin!.mechanism;
      times.password.push(withPassword.lastLogin!.totalMs);
      await withPassword.stop();
    }
    // With jwt among its auth methods ejabberd offers no SCRAM (docs/servers/ejabberd.md): the SCRAM
    // baseline comes from the same version with the default config, in the same run.
    expect(times.mechanism).toBe('PLAIN');
    const plain = await startEjabberd({ version, users: [user('alice')] });
    const scram: number[] = [];
    try {
      const withScram = createConnection({ service: plain.wsUrl, jid: jid('alice'), password: user('alice').password, reconnect: false });
      for (let i = 0; i < 7; i++) {
        await withScram.start();
        expect(withScram.lastLogin?.mechanism).toBe('SCRAM-SHA-256');
        scram.push(withScram.lastLogin!.totalMs);
        await withScram.stop();
      }
    } finally {
      await plain.stop();
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    console.log(
      `[token] ejabberd ${version} loopback WebSocket, medians of 7: token (PLAIN) ${median(times.token).toFixed(1)} ms, ` +
        `password as PLAIN on the same server ${median(times.password).toFixed(1)} ms, SCRAM-SHA-256 on the default config ${median(scram).toFixed(1)} ms; ` +
        `first token login ${times.first.toFixed(1)} ms (X-OAUTH2 refused, then PLAIN)`,
    );
  }, 60_000);

  it('an expired token and one signed with another key fail as auth-failed, saying the token was refused', async () => {
    for (const token of [
      signJwt({ jid: jid('alice'), exp: now() - 120 }, key),
      signJwt({ jid: jid('alice'), exp: now() + 60 }, randomBytes(32)),
    ]) {
      const { client: alice } = client(async () => ({ token }));
      const error = (await alice.start().catch((e: unknown) => e)) as PresenceError;
      expect(error.code).toBe('auth-failed');
      expect(error.message).toMatch(/refused the token/);
      expect(alice.status).not.toBe('online');
    }
  }, 60_000);

  it('a token for another person does not sign Alice in', async () => {
    const { client: alice } = client(async () => ({ token: signJwt({ jid: jid('bob'), exp: now() + 60 }, key) }));
    await expect(alice.start()).rejects.toMatchObject({ code: 'auth-failed' });
  }, 60_000);
});
