/**
 * Node-side helpers for the reliability integration tests (test/integration/reliability-*.test.ts).
 */
import { createPresenceClient, type ClientOptions, type PresenceClient, type PresenceError } from '../../packages/core/src/index.js';
import type { ProsodyServer } from '../server/prosody.js';
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
