import type { ReactiveControllerHost } from '@lit/reactive-element';
import type { ChatState, PresenceClient } from '@presently/core';
import { WatchController, type WatchSource } from './watch-controller.js';

/** Mirrors `client.watchChatState(jid)`: the contact's XEP-0085 chat state towards us. */
export class ChatStateController extends WatchController<ChatState | undefined> {
  constructor(host: ReactiveControllerHost, source: WatchSource) {
    super(host, source, undefined);
  }

  protected watch(client: PresenceClient, jid: string, set: (s: ChatState | undefined) => void): () => void {
    return client.watchChatState(jid, set);
  }

  protected fallback(): undefined {
    return undefined;
  }
}
