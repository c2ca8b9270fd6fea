// What the liveness runs share (test/integration/liveness.test.ts, test/long/no-false-positive.test.ts): a real
// Prosody with the standard cast, our client as Alice, raw @xmpp/client peers on resource 'desk' whose ping answers
// can be slowed, the error events our clients raise, and one cleanup for peers and clients.
import { createPresenceClient, type ClientOptions, type PresenceClient, type PresenceError } from '../../packages/core/src/index.js';
import { connectPeer, type Peer } from './peer.js';
import { until } from './ports.js';
import { startProsody, type ProsodyServer } from './prosody.js';
import { TEST_USERS } from './users.js';

export interface LivenessRun {
  readonly server: ProsodyServer;
  /** Every `error` event of the clients `alice()` made, in order (the tests expect none). */
  readonly errors: PresenceError[];
  /** The peers `peer()` connected, in order, until `closeAll()`. */
  readonly peers: readonly Peer[];
  jidOf(name: string): string;
  /** Our client as Alice (TCP, her password, `options` on top), started. */
  alice(options?: Partial<ClientOptions>): Promise<PresenceClient>;
  /** A raw peer on resource 'desk'; with `answerPingsAfterMs`, it answers XEP-0199 pings that much later. */
  peer(name: string, answerPingsAfterMs?: number): Promise<Peer>;
  /** Drops the peers' sockets (no unavailable is sent) and stops them, then stops our clients. */
  closeAll(): Promise<void>;
  /** closeAll(), then the server. */
  stop(): Promise<void>;
}

const user = (name: string) => TEST_USERS.find((u) => u.username === name)!;

export async function startLivenessRun(): Promise<LivenessRun> {
  const server = await startProsody({ users: [...TEST_USERS] });
  const clients: PresenceClient[] = [];
  const peers: Peer[] = [];
  const errors: PresenceError[] = [];
  const jidOf = (name: string) => `${name}@${server.host}`;
  const closeAll = async () => {
    await Promise.all(peers.splice(0).map((p) => (p.drop(), p.stop())));
    await Promise.all(clients.splice(0).map((c) => c.stop().catch(() => {})));
  };
  return {
    server,
    errors,
    peers,
    jidOf,
    async alice(options = {}) {
      const client = createPresenceClient({ service: server.tcpUrl, jid: jidOf('alice'), password: user('alice').password, ...options });
      client.on('error', (e) => errors.push(e));
      clients.push(client);
      await client.start();
      return client;
    },
    async peer(name, answerPingsAfterMs) {
      const p = await connectPeer(server, user(name), { resource: 'desk' });
      if (answerPingsAfterMs !== undefined) p.answerPingsAfter(answerPingsAfterMs);
      peers.push(p);
      return p;
    },
    closeAll,
    async stop() {
      await closeAll();
      await server.stop();
    },
  };
}

/** Every show `watch` delivered for `jid`, in order (the first is the current one). */
export function shows(client: PresenceClient, jid: string): string[] {
  const seen: string[] = [];
  client.watch(jid, (p) => seen.push(p.show));
  return seen;
}

/** Waits until `check` holds; throws "timed out waiting for `what`" after `timeoutMs`. */
export async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  if (!(await until(check, timeoutMs))) throw new Error(`timed out waiting for ${what}`);
}
