// OAUTHBEARER (RFC 7628) against a real Prosody 13: its core mod_tokenauth checks the token and its
// OAUTHBEARER SASL profile takes it. Debian ships nothing that issues such a token to another
// program (that is the community module mod_http_oauth2), so a 15-line test-only module
// (test/server/prosody-modules/mod_presently_test_token.lua) issues one over HTTP on loopback, the
// way mod_http_oauth2 would at the end of an OAuth flow. Needs Prosody 13 (scripts/servers.sh);
// not run with PRESENTLY_QUICK=1.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnection } from '../../packages/core/src/connection/connection.js';
import { startProsody, type ProsodyServer } from '../server/prosody.js';
import { prosody13Path } from '../server/servers.js';
import { TEST_USERS } from '../server/users.js';

const quick = process.env.PRESENTLY_QUICK === '1';
const user = (name: string) => TEST_USERS.find((u) => u.username === name)!;

describe.runIf(!quick)('Prosody 13 OAUTHBEARER', () => {
  let server: ProsodyServer;
  beforeAll(async () => {
    server = await startProsody({
      prosodyPath: prosody13Path(),
      users: [user('alice')],
      extraModules: ['presently_test_token'],
      extraConfig: { plugin_paths: [fileURLToPath(new URL('../server/prosody-modules', import.meta.url))] },
    });
  }, 30_000);
  afterAll(() => server?.stop());

  const issue = async (username: string) => (await fetch(`http://127.0.0.1:${server.httpPort}/presently_test_token/${username}`)).text();

  it('signs in with OAUTHBEARER using a token issued by mod_tokenauth, a new one per login', async () => {
    let fetched = 0;
    const connection = createConnection({
      service: server.wsUrl,
      jid: `alice@${server.host}`,
      credentials: async () => (fetched++, { token: await issue('alice') }),
      reconnect: false,
    });
    await connection.start();
    expect(connection.lastLogin?.mechanism).toBe('OAUTHBEARER');
    await connection.stop();
    await connection.start();
    expect(connection.lastLogin?.mechanism).toBe('OAUTHBEARER');
    expect(fetched).toBe(2);
    await connection.stop();
  }, 30_000);

  it('a made-up token is refused: auth-failed saying the token was refused', async () => {
    const connection = createConnection({
      service: server.wsUrl,
      jid: `alice@${server.host}`,
      credentials: async () => ({ token: 'not-a-real-token' }),
      reconnect: false,
    });
    const error = await connection.start().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'auth-failed' });
    expect((error as Error).message).toMatch(/refused the token/);
  }, 30_000);
});
