/**
 * Node-side helpers for the reliability integration tests (test/integration/reliability-*.test.ts).
 */
import { createPresenceClient, type ClientOptions, type PresenceClient, type PresenceError } from '../../packages/core/src/index.js';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { connectPeer, type Peer } from '../server/peer.js';
import { startProsody, type ProsodyServer } from '../server/prosody.js';
import { TEST_USERS } from '../server/users.js';

export const user = (name: string) => TEST_USERS.find((u) => u.username === name)!;

export interface TestClient {
  client: PresenceClient;
  errors: PresenceError[];
  /** `[ms since creation, status]` for every status change. */
  statuses: Array<[number, string]>;
  onlines: Array<{ resumed: boolean; at: number }>;
  t0: number;
}

/** Alice (by default) on `server`, with every error, status and online event recorded. */
export function makeClient(server: ProsodyServer, extra: Partial<ClientOptions> = {}, name = 'alice'): TestClient {
  const client = createPresenceClient({
    service: server.tcpUrl,
    jid: `${name}@${server.host}`,
    password: user(name).password,
    resource: 'reliability',
    ...extra,
  });
  const t0 = performance.now();
  const rec: TestClient = { client, errors: [], statuses: [], onlines: [], t0 };
  client.on('error', (e) => rec.errors.push(e));
  client.on('status', (s) => rec.statuses.push([performance.now() - t0, s]));
  client.on('online', (info) => rec.onlines.push({ ...info, at: performance.now() - t0 }));
  return rec;
}

/** Settles-or-not probe of a promise: `state()` is 'pending', 'resolved' or 'rejected'. */
export function track<T>(p: Promise<T>): { state(): 'pending' | 'resolved' | 'rejected'; value?: T; error?: unknown; promise: Promise<T> } {
  const t: { s: 'pending' | 'resolved' | 'rejected'; value?: T; error?: unknown } = { s: 'pending' };
  p.then(
    (v) => {
      t.s = 'resolved';
      t.value = v;
    },
    (e: unknown) => {
      t.s = 'rejected';
      t.error = e;
    },
  );
  return {
    state: () => t.s,
    get value() {
      return t.value;
    },
    get error() {
      return t.error;
    },
    promise: p,
  };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls until `check()` is true; returns the ms it took; throws after `timeoutMs`. */
export async function until(check: () => boolean, timeoutMs: number, what: string, interval = 10): Promise<number> {
  const t0 = performance.now();
  while (!check()) {
    if (performance.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(interval);
  }
  return performance.now() - t0;
}

/**
 * One Prosody for a test file, restarted before a test if an earlier one left it dead or paused, and
 * the clients and peers each test made stopped after it.
 */
export function useProsodySuite(options: { smacksHibernationSeconds: number }) {
  let server: ProsodyServer | undefined;
  const clients: TestClient[] = [];
  const peers: Peer[] = [];
  const suite = {
    get server(): ProsodyServer {
      if (!server) throw new Error('Prosody is not started yet (use the suite inside tests)');
      return server;
    },
    jid: (name: string) => `${name}@${suite.server.host}`,
    alice(extra: Partial<ClientOptions> = {}): TestClient {
      const c = makeClient(suite.server, extra);
      clients.push(c);
      return c;
    },
    async peer(name: string, peerOptions: Parameters<typeof connectPeer>[2] = {}): Promise<Peer> {
      const p = await connectPeer(suite.server, user(name), peerOptions);
      peers.push(p);
      return p;
    },
  };
  beforeAll(async () => {
    server = await startProsody({ users: [...TEST_USERS], smacksHibernationSeconds: options.smacksHibernationSeconds });
  });
  beforeEach(async () => {
    if (!suite.server.running) await suite.server.restart();
  });
  afterEach(async () => {
    try {
      suite.server.resume();
    } catch {
      // not running
    }
    await Promise.all(peers.splice(0).map((p) => p.stop()));
    await Promise.all(clients.splice(0).map((c) => c.client.stop().catch(() => {})));
    if (!suite.server.running) await suite.server.restart();
  });
  afterAll(async () => {
    await server?.stop();
  });
  return suite;
}
