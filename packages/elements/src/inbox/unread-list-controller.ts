import type { ReactiveController, ReactiveControllerHost } from '@lit/reactive-element';
import type { Conversation, PresenceClient } from '@presently/core';

const none: readonly Conversation[] = Object.freeze([]);

/**
 * Mirrors `client.watchUnreadConversations()`: `value` is the list of conversations with unread messages (empty
 * without a client). Re-subscribes when the client changes; asks the host to update only on a new list.
 */
export class UnreadListController implements ReactiveController {
  value: readonly Conversation[] = none;
  private readonly host: ReactiveControllerHost;
  private readonly client: () => PresenceClient | undefined;
  private watched: PresenceClient | undefined;
  private stop: (() => void) | undefined;

  constructor(host: ReactiveControllerHost, client: () => PresenceClient | undefined) {
    this.host = host;
    this.client = client;
    host.addController(this);
  }

  hostConnected(): void {
    this.sync();
  }

  hostUpdate(): void {
    this.sync();
  }

  hostDisconnected(): void {
    this.stop?.();
    this.stop = undefined;
    this.watched = undefined;
  }

  private sync(): void {
    const client = this.client();
    if (this.stop && client === this.watched) return;
    this.hostDisconnected();
    this.watched = client;
    if (client) this.stop = client.watchUnreadConversations((list) => this.set(list));
    else this.set(none);
  }

  private set(list: readonly Conversation[]): void {
    if (list === this.value) return;
    this.value = list;
    this.host.requestUpdate();
  }
}
