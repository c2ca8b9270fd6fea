/**
 * What the integration suites share (conversations, presence): a real Prosody for the file with the standard
 * cast (test/server/users.ts), our clients and scripted peers (test/server/peer.ts) made through it and stopped
 * after each test, and no error reported by a tracked client unless the test emptied its list.
 */
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { PresenceClient, PresenceError } from '../../packages/core/src/index.js';
import { connectPeer, type Peer } from '../server/peer.js';
import { startProsody, type ProsodyServer } from '../server/prosody.js';
import { TEST_USERS } from '../server/users.js';

export function useIntegrationSuite() {
  let started: ProsodyServer | undefined;
  const clients: PresenceClient[] = [];
  /** Errors each tracked client reported; a test that expects some empties its list. */
  const reported: PresenceError[][] = [];
  const peers: Peer[] = [];

  const suite = {
    get server(): ProsodyServer {
      if (!started) throw new Error('Prosody is not started yet (use the suite inside tests)');
      return started;
    },
    user: (name: string) => TEST_USERS.find((u) => u.username === name)!,
    jidOf: (name: string) => `${name}@${suite.server.host}`,
    /**
     * Stops `client` after the test and returns the list of errors it reports, which must be empty then
     * (`checkErrors: false` for a test that makes it fail on purpose).
     */
    track(client: PresenceClient, { checkErrors = true } = {}): PresenceError[] {
      clients.push(client);
      const errors: PresenceError[] = [];
      client.on('error', (e) => errors.push(e));
      if (checkErrors) reported.push(errors);
      return errors;
    },
    /** A scripted peer, stopped after the test (`name` of the standard cast, or an account of its own). */
    async peer(name: string | { username: string; password: string }, options: Parameters<typeof connectPeer>[2] = {}): Promise<Peer> {
      const p = await connectPeer(suite.server, typeof name === 'string' ? suite.user(name) : name, options);
      peers.push(p);
      return p;
    },
  };

  beforeAll(async () => {
    started = await startProsody({ users: [...TEST_USERS] });
  });
  afterEach(async () => {
    await Promise.all(peers.splice(0).map((p) => p.stop()));
    await Promise.all(clients.splice(0).map((c) => c.stop().catch(() => {})));
    // Nothing in these scenarios is malformed or failing: any reported error is a bug.
    const errors = reported.splice(0).flat();
    expect(errors.map((e) => `${e.code}: ${e.message}`)).toEqual([]);
  });
  afterAll(async () => {
    await started?.stop();
  });
  return suite;
}
