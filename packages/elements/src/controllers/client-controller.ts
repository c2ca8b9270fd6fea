import type { ReactiveController, ReactiveControllerHost } from '@lit/reactive-element';
import type { PresenceClient } from '@presently/core';
import { getDefaultClient, requestClient, seekClient } from '../context.js';

/** A host that may be handed a client directly. */
export type ClientHost = ReactiveControllerHost & HTMLElement & { client?: PresenceClient | undefined };

/**
 * Resolves the client for its host: the host's own `.client`, else the nearest
 * `<presently-client>` ancestor, else the page default. `value` is `undefined` when there is none.
 */
export class ClientController implements ReactiveController {
  value: PresenceClient | undefined;
  private readonly host: ClientHost;
  /** What the nearest provider answered, and how to stop its answers. */
  private provided: PresenceClient | undefined;
  private unsubscribe: (() => void) | undefined;
  private stopSeeking?: () => void;

  // One identity for the element's life, so a provider asked twice keeps one subscription.
  private readonly answer = (value: PresenceClient | undefined, unsubscribe?: () => void): void => {
    // Answered by another provider (a nearer one appeared): leave the old one.
    if (this.unsubscribe !== unsubscribe) this.unsubscribe?.();
    this.unsubscribe = unsubscribe;
    this.provided = value;
    this.resolve();
  };

  constructor(host: ClientHost) {
    this.host = host;
    host.addController(this);
  }

  hostConnected(): void {
    // A new page default, or a provider upgraded later (or added around us), which answers when we ask again.
    this.stopSeeking = seekClient((providerAppeared) => {
      if (providerAppeared && !this.provided) requestClient(this.host, this.answer);
      else this.resolve();
    });
    requestClient(this.host, this.answer);
    this.resolve();
  }

  hostDisconnected(): void {
    this.stopSeeking?.();
    this.stopSeeking = undefined;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    // Moved elsewhere, the element must ask its new ancestors rather than keep the old provider's client.
    this.provided = undefined;
  }

  hostUpdate(): void {
    this.resolve();
  }

  private resolve(): void {
    const next = this.host.client ?? this.provided ?? getDefaultClient();
    if (next !== this.value) {
      this.value = next;
      this.host.requestUpdate();
    }
  }
}
