import type { ReactiveControllerHost } from '@lit/reactive-element';
import type { Presence, PresenceClient } from '@presently/core';
import { WatchController, type WatchSource } from './watch-controller.js';
import { isOwnJid, watchOwnPresence } from './own-presence.js';

/**
 * Mirrors `client.watch(jid)`: `value` is the contact's {@link Presence} (`unknown` without a client).
 * For our own JID it is the status we set (own-presence.ts), not the connection's.
 */
export class PresenceController extends WatchController<Presence> {
  constructor(host: ReactiveControllerHost, source: WatchSource) {
    super(host, source, { jid: '', show: 'unknown', resources: [] });
  }

  protected watch(client: PresenceClient, jid: string, set: (p: Presence) => void): () => void {
    return isOwnJid(client, jid) ? watchOwnPresence(client, jid, set) : client.watch(jid, set);
  }

  protected fallback(jid: string | undefined): Presence {
    return { jid: jid ?? '', show: 'unknown', resources: [] };
  }
}
