/**
 * Builds a client around a {@link FakeConnection} for unit tests.
 */
import { createClientWith, type ClientInternals } from '../src/client.js';
import { shareOwn } from '../src/own-shared.js';
import type { PresenceError } from '../src/errors.js';
import type { ClientOptions, PresenceClient } from '../src/types.js';
import { FakeConnection, settle } from './fake-connection.js';

/** A client, its fake connection and the errors it reported. */
export interface Harness {
  conn: FakeConnection;
  client: PresenceClient;
  errors: PresenceError[];
}

/** Roster `<item/>` XML for tests. */
export function item(jid: string, subscription = 'both', extra = ''): string {
  return `<item jid='${jid}' subscription='${subscription}'${extra}/>`;
}

/** Create (not start) a client on a fake connection. */
export function harness(opts: { roster?: string; options?: Partial<ClientOptions>; internals?: ClientInternals } = {}): Harness {
  const conn = new FakeConnection();
  conn.rosterXml = opts.roster ?? '';
  const client = createClientWith(
    conn,
    { service: 'ws://localhost:5280/xmpp-websocket', jid: 'alice@example.com', ...opts.options },
    // Caps, the stored status and auto-away at once, not from a chunk: tests count microtasks, not module loads.
    { shareOwn, ...opts.internals },
  );
  const errors: PresenceError[] = [];
  client.on('error', (e) => errors.push(e));
  return { conn, client, errors };
}

/** Create and start a client; resolves once the fake session is set up (burst over). */
export async function started(opts: Parameters<typeof harness>[0] = {}): Promise<Harness> {
  const h = harness(opts);
  await h.client.start();
  await settle();
  return h;
}
