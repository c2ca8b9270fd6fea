import type { ReactiveControllerHost } from '@lit/reactive-element';
import type { Presence, PresenceClient } from '@presently/core';
import { WatchController, type WatchSource } from './watch-controller.js';

/** Mirrors `client.watch(jid)`: `value` is the contact's {@link Presence} (`unknown` without a client). */
export class PresenceController extends WatchController<Presence> {
  constructor(host: ReactiveControllerHost, source: WatchSource) {
    super(host, source, { jid: '', show: 'unknown', resources: [] });
  }

  protected watch(client: PresenceClient, jid: string, set: (p: Presence) => void): () => void {
    return client.watch(jid, set);
  }

  protected fallback(jid: string | undefined): Presence {
    return { jid: jid ?? '', show: 'unknown', resources: [] };
  }
}
