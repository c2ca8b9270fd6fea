import type { ReactiveControllerHost } from '@lit/reactive-element';
import type { ContactDetails, PresenceClient } from '@presently/core';
import { whenVisible } from '../internal/visibility.js';
import { WatchController, type WatchSource } from './watch-controller.js';

/** Options of {@link DetailsController}. */
export interface DetailsOptions {
  /** Watch only once the host has come near the viewport (default true). */
  whenVisible?: boolean;
}

/**
 * Mirrors `client.watchDetails(jid)`: last seen, time zone, vCard name and avatar. The core
 * fetches them on first watch and caches them; the element never fetches. By default the watch
 * starts when the host first comes near the viewport, so off-screen contacts cost no IQs.
 */
export class DetailsController extends WatchController<ContactDetails | undefined> {
  private readonly gate: { open: boolean };
  private readonly el: Element;
  private stopWaiting: (() => void) | undefined;

  constructor(host: ReactiveControllerHost & Element, source: WatchSource, options: DetailsOptions = {}) {
    const gate = { open: options.whenVisible === false };
    super(host, { client: source.client, jid: () => (gate.open ? source.jid() : undefined) }, undefined);
    this.gate = gate;
    this.el = host;
  }

  override hostConnected(): void {
    if (!this.gate.open && !this.stopWaiting) {
      this.stopWaiting = whenVisible(this.el, () => {
        this.stopWaiting = undefined;
        this.gate.open = true;
        this.host.requestUpdate();
      });
    }
    super.hostConnected();
  }

  override hostDisconnected(): void {
    this.stopWaiting?.();
    this.stopWaiting = undefined;
    super.hostDisconnected();
  }

  protected watch(client: PresenceClient, jid: string, set: (d: ContactDetails | undefined) => void): () => void {
    return client.watchDetails(jid, set);
  }

  protected fallback(): undefined {
    return undefined;
  }
}
