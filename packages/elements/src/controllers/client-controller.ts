import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ContextConsumer } from '@lit/context';
import type { PresenceClient } from '@presently/core';
import { clientContext, getDefaultClient, onDefaultClient, waitForProvider } from '../context.js';

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
  private stopWaiting?: () => void;

  constructor(host: ClientHost) {
    this.host = host;
    host.addController(this);
    this.consumer = new ContextConsumer(host, { context: clientContext, subscribe: true, callback: () => this.resolve() });
  }

  hostConnected(): void {
    this.stopDefault = onDefaultClient(() => this.resolve());
    // A provider upgraded later (or added around us) answers when we ask again.
    this.stopWaiting = waitForProvider(() => {
      if (!this.consumer.value) this.consumer.hostConnected();
    });
    this.resolve();
  }

  hostDisconnected(): void {
    this.stopDefault?.();
    this.stopDefault = undefined;
    this.stopWaiting?.();
    this.stopWaiting = undefined;
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
