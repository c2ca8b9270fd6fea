import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ContextConsumer } from '@lit/context';
import type { PresenceClient } from '@presently/core';
import { clientContext, ensureContextRoot, getDefaultClient, onDefaultClient } from '../context.js';

/** A host that may be handed a client directly. */
export type ClientHost = ReactiveControllerHost & HTMLElement & { client?: PresenceClient | undefined };

/**
 * Resolves the client for its host: the host's own `.client`, else the nearest
 * `<presently-client>` ancestor, else the page default. `value` is `undefined` when there is none.
 */
export class ClientController implements ReactiveController {
  value: PresenceClient | undefined;
  private readonly host: ClientHost;
  private readonly consumer: ContextConsumer<typeof clientContext, ClientHost>;
  private stopDefault?: () => void;

  constructor(host: ClientHost) {
    this.host = host;
    // Added before the consumer so the context root exists when the consumer asks.
    host.addController(this);
    this.consumer = new ContextConsumer(host, { context: clientContext, subscribe: true, callback: () => this.resolve() });
  }

  hostConnected(): void {
    ensureContextRoot();
    this.stopDefault = onDefaultClient(() => this.resolve());
    this.resolve();
  }

  hostDisconnected(): void {
    this.stopDefault?.();
    this.stopDefault = undefined;
    // Moved elsewhere, the element must ask its new ancestors rather than keep the old provider's client.
    this.consumer.value = undefined;
  }

  hostUpdate(): void {
    this.resolve();
  }

  private resolve(): void {
    const next = this.host.client ?? this.consumer.value ?? getDefaultClient();
    if (next !== this.value) {
      this.value = next;
      this.host.requestUpdate();
    }
  }
}
