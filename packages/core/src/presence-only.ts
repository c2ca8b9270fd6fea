/**
 * The presence-only client: roster, presence, subscriptions, own presence, entity time and the session
 * lifecycle — no chat states, messages, carbons, archive or details, so pages that only show who is
 * reachable (`<presently-dot>`) load a fraction of the code. Those methods exist but answer "nothing known"
 * (`chatStateOf`, `detailsOf`, the watchers get `undefined`) or reject with `unsupported` (`sendMessage`,
 * `sendChatState`, `history`, `fetchDetails`).
 *
 * It announces itself with priority -1 by default (RFC 6121 §8.5.2.1.1): messages to your bare JID are never
 * routed to a client that cannot show them; they go to your chat clients, or offline storage if none is on.
 */
import { composeClient } from './compose.js';
import { createConnection } from './connection/index.js';
import { endsWithPage } from './page-unload.js';
import type { ClientOptions, PresenceClient } from './types.js';
import { validateOptions } from './validate.js';

/**
 * Create a presence-only client (same options and {@link PresenceClient} interface as `createPresenceClient`).
 *
 * @example
 * const client = createPresenceOnlyClient({ service: 'wss://chat.example.com/xmpp-websocket', jid: 'alice@example.com', password });
 * await client.start();
 * client.watch('bob@example.com', (p) => console.log(p.show));
 */
export function createPresenceOnlyClient(options: ClientOptions): PresenceClient {
  validateOptions(options);
  return endsWithPage(composeClient({ connection: createConnection(options), options, defaultPriority: -1 }));
}
