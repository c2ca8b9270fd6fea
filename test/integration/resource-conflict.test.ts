// A server that refuses a second session on a resource instead of replacing the first (RFC 6120 §7.7.2.2,
// Prosody's conflict_resolve = "kick_new"), against a real Prosody. A client asking for a resource another
// session holds — a shared client's next host binding the gone host's resource (docs/sharing.md "Failover"), or
// any client with `resource` set — must still get online, on another resource, with the other session untouched.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeClient } from '../reliability/node-helpers.js';
import { connectPeer, type Peer } from '../server/peer.js';
import { startProsody, type ProsodyServer } from '../server/prosody.js';
import { TEST_USERS } from '../server/users.js';

let server: ProsodyServer;
const user = (name: string) => TEST_USERS.find((u) => u.username === name)!;

beforeAll(async () => {
  server = await startProsody({ users: [...TEST_USERS], extraConfig: { conflict_resolve: 'kick_new' } });
}, 60_000);
afterAll(() => server?.stop());

describe('a server that refuses a conflicting bind (kick_new)', () => {
  it('a client asking for a resource another session holds gets online on another one; the other session stays', async () => {
    const peers: Peer[] = [];
    const a = makeClient(server, { resource: 'desk' });
    try {
      // Alice's other session on `desk`, and Bob, who sees Alice's resources.
      const other = await connectPeer(server, user('alice'), { resource: 'desk' });
      peers.push(other);
      const bob = await connectPeer(server, user('bob'));
      peers.push(bob);
      await a.client.start();
      expect(a.client.status).toBe('online');
      expect(a.client.jid).toMatch(new RegExp(`^alice@${server.host}/desk-.+`));
      expect(a.errors).toEqual([]);
      // Both sessions are there: Bob hears presence from each, and the first was not kicked.
      await bob.waitForPresence({ from: a.client.jid }, 5_000);
      await bob.waitForPresence({ from: `alice@${server.host}/desk` }, 5_000);
      await other.sendMessage(`bob@${server.host}`, 'still here');
      await bob.waitForMessage({ from: `alice@${server.host}/desk`, bodyIncludes: 'still here' });
    } finally {
      await a.client.stop().catch(() => {});
      await Promise.all(peers.map((p) => p.stop()));
    }
  }, 30_000);
});
