import type { ReactiveControllerHost } from '@lit/reactive-element';
import type { PresenceClient } from '@presently/core';
import { WatchController, type WatchSource } from './watch-controller.js';

/** Mirrors `client.watchUnread(jid)`: how many messages from the contact are unread (0 without a client). */
export class UnreadController extends WatchController<number> {
  constructor(host: ReactiveControllerHost, source: WatchSource) {
    super(host, source, 0);
  }

  protected watch(client: PresenceClient, jid: string, set: (n: number) => void): () => void {
    return client.watchUnread(jid, set);
  }

  protected fallback(): number {
    return 0;
  }
}
