// SASL2 (XEP-0388) + FAST (XEP-0484) against a real ejabberd 24.12 with the two documented lines of
// docs/servers/ejabberd.yml uncommented (allow_unencrypted_sasl2 on the WebSocket listener, mod_auth_fast):
// the first login signs in the usual way inside SASL2 and gets a FAST token; after the connection drops
// (a loopback proxy cuts it, no goodbye), the reconnect signs in with HT-SHA-256-NONE and never calls
// credentials() again, with a password and with a JWT alike. Login times with and without FAST, same
// server, same run, are printed. The same against Prosody 13 with Debian's prosody-modules (mod_sasl2,
// mod_sasl2_fast; the documented line of docs/servers/prosody.cfg.lua uncommented).
// Needs ejabberd 24.12 and Prosody 13 (scripts/servers.sh); not run with PRESENTLY_QUICK=1.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnection, type XmppConnection } from '../../packages/core/src/connection/connection.js';
import { createPresenceClient, type Credentials, type PresenceError } from '../../packages/core/src/index.js';
import { startCutProxy, type CutProxy } from '../server/cut-proxy.js';
import { startEjabberd, type EjabberdServer } from '../server/ejabberd.js';
import { existsSync } from 'node:fs';
import { prosodyModulesPath, startServer, type TestServer } from '../server/servers.js';
import { signJwt } from '../server/jwt.js';
import { connectPeer } from '../server/peer.js';
import { TEST_USERS } from '../server/users.js';

// Not skipped when a server is missing: the launchers say to run scripts/servers.sh (as the cross-server suite does).
const run = process.env.PRESENTLY_QUICK !== '1';
const user = (name: string) => TEST_USERS.find((u) => u.username === name)!;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const now = () => Math.floor(Date.now() / 1000);

/**
 * Seven logins of `withFast` (which holds a FAST token) with HT-SHA-256-NONE, each followed by one of Alice without
 * FAST (SCRAM-SHA-256) on the same server; asserts each mechanism and prints the median times, same server, same run.
 */
async function compareLoginTimes(label: string, withFast: XmppConnection, where: { service: string; jid: string }): Promise<void> {
  const withoutFast = createConnection({ ...where, password: user('alice').password, reconnect: false, fast: false });
  const times = { fast: [] as number[], scram: [] as number[] };
  for (let i = 0; i < 7; i++) {
    await withFast.start();
    expect(withFast.lastLogin?.mechanism).toBe('HT-SHA-256-NONE');
    times.fast.push(withFast.lastLogin!.totalMs);
    await withFast.stop();
    await withoutFast.start();
    expect(withoutFast.lastLogin?.mechanism).toBe('SCRAM-SHA-256');
    times.scram.push(withoutFast.lastLogin!.totalMs);
    await withoutFast.stop();
  }
  console.log(
    `[fast] ${label} login, median of 7: FAST token ${median(times.fast).toFixed(1)} ms, ` +
      `SCRAM-SHA-256 ${median(times.scram).toFixed(1)} ms (same server, same run)`,
  );
}

describe.runIf(run)('ejabberd 24.12: SASL2 + FAST reconnects', () => {
  const key = randomBytes(32);
  let server: EjabberdServer;
  let proxy: CutProxy;
  const jid = (name: string) => `${name}@${server.host}`;
  const service = () => `ws://127.0.0.1:${proxy.port}/xmpp-websocket`;

  beforeAll(async () => {
    server = await startEjabberd({ version: '24.12', fast: true, jwtSecret: key, users: [user('alice'), user('bob')] });
    proxy = await startCutProxy(server.httpPort);
  }, 60_000);
  afterAll(async () => {
    await proxy?.close();
    await server?.stop();
  });

  it.each([
    ['a password', (): Credentials => ({ password: user('alice').password })],
    ['a JWT', (): Credentials => ({ token: signJwt({ jid: jid('alice'), exp: now() + 60 }, key) })],
  ])(
    'with %s: a dropped connection reconnects with the FAST token, without calling credentials()',
    async (_, secret) => {
      let fetched = 0;
      const errors: PresenceError[] = [];
      const alice = createPresenceClient({
        service: service(),
        jid: jid('alice'),
        credentials: async () => (fetched++, secret()),
        reconnect: { minDelayMs: 100, maxDelayMs: 500 },
      });
      alice.on('error', (e) => errors.push(e));
      const bob = await connectPeer(server, user('bob'), { presence: { show: 'away', status: 'Lunch' } });
      try {
        await alice.start();
        expect(fetched).toBe(1);
        await expect.poll(() => alice.presenceOf(jid('bob')).show, { timeout: 10_000 }).toBe('away');
        let onlineAgain = 0;
        alice.on('online', () => onlineAgain++);
        for (let drop = 1; drop <= 2; drop++) {
          proxy.cut();
          await expect.poll(() => onlineAgain, { timeout: 15_000 }).toBe(drop);
        }
        // Two reconnects, no credentials() call: the FAST token (in memory) signed in both times.
        expect(fetched).toBe(1);
        expect(alice.status).toBe('online');
        await expect.poll(() => alice.presenceOf(jid('bob')).show, { timeout: 10_000 }).toBe('away');
        expect(errors.filter((e) => e.code !== 'connection-failed')).toEqual([]);
      } finally {
        await alice.stop();
        await bob.stop();
      }
    },
    60_000,
  );

  it('the mechanism: SCRAM inside SASL2 first, HT-SHA-256-NONE after; login time with and without FAST (same run)', async () => {
    // With jwt among its auth methods ejabberd offers no SCRAM: this one has passwords only.
    const scramServer = await startEjabberd({ version: '24.12', fast: true, users: [user('alice')] });
    const service = () => scramServer.wsUrl;
    let fetched = 0;
    const connection = createConnection({
      service: service(),
      jid: jid('alice'),
      credentials: async () => (fetched++, { password: user('alice').password }),
      reconnect: false,
    });
    await connection.start();
    expect(connection.lastLogin?.mechanism).toBe('SCRAM-SHA-256');
    await connection.stop();
    await compareLoginTimes('ejabberd 24.12', connection, { service: service(), jid: jid('alice') });
    expect(fetched).toBe(1);
    await scramServer.stop();
  }, 60_000);
});

describe.runIf(run)('Prosody 13 with prosody-modules: SASL2 + FAST reconnects', () => {
  let server: TestServer;
  let proxy: CutProxy;
  beforeAll(async () => {
    if (!existsSync(prosodyModulesPath())) throw new Error(`${prosodyModulesPath()} is missing: run scripts/servers.sh (as root)`);
    server = await startServer('prosody-13', { users: [user('alice'), user('bob')], fast: true });
    proxy = await startCutProxy(Number(new URL(server.wsUrl).port));
  }, 60_000);
  afterAll(async () => {
    await proxy?.close();
    await server?.stop();
  });

  it('a dropped connection reconnects with HT-SHA-256-NONE, without calling credentials(); login time with and without FAST', async () => {
    let fetched = 0;
    const service = `ws://127.0.0.1:${proxy.port}/xmpp-websocket`;
    const connection = createConnection({
      service,
      jid: `alice@${server.host}`,
      credentials: async () => (fetched++, { password: user('alice').password }),
      reconnect: { minDelayMs: 100, maxDelayMs: 500 },
    });
    let online = 0;
    connection.on('online', () => online++);
    await connection.start();
    expect(connection.lastLogin?.mechanism).toBe('SCRAM-SHA-256');
    proxy.cut();
    await expect.poll(() => online, { timeout: 15_000 }).toBe(2);
    expect(connection.lastLogin?.mechanism).toBe('HT-SHA-256-NONE');
    expect(fetched).toBe(1);
    await connection.stop();
    await compareLoginTimes('Prosody 13', connection, { service, jid: `alice@${server.host}` });
    expect(fetched).toBe(1);
  }, 60_000);
});
