import type { ReactiveController, ReactiveControllerHost } from '@lit/reactive-element';
import type { PresenceClient } from '@presently/core';

/** Where a watching controller gets its client and (normalised, valid) bare JID from. */
export interface WatchSource {
  client(): PresenceClient | undefined;
  jid(): string | undefined;
}

/**
 * Base of the controllers that mirror one store value for one JID: subscribes on connect,
 * re-subscribes when the client or JID changes, unsubscribes on disconnect, and asks the host
 * to update only when the value really changed.
 */
export abstract class WatchController<T> implements ReactiveController {
  value: T;
  protected readonly host: ReactiveControllerHost;
  private readonly source: WatchSource;
  private stop: (() => void) | undefined;
  private subscribed = false;
  private key: [PresenceClient | undefined, string | undefined] = [undefined, undefined];

  constructor(host: ReactiveControllerHost, source: WatchSource, initial: T) {
    this.host = host;
    this.source = source;
    this.value = initial;
    host.addController(this);
  }

  /** Subscribe to the store; return the unsubscribe function. */
  protected abstract watch(client: PresenceClient, jid: string, set: (v: T) => void): () => void;
  /** The value when there is no client or no valid JID. */
  protected abstract fallback(jid: string | undefined): T;

  hostConnected(): void {
    this.sync();
  }

  hostUpdate(): void {
    this.sync();
  }

  hostDisconnected(): void {
    this.unsubscribe();
  }

  private sync(): void {
    const client = this.source.client();
    const jid = this.source.jid();
    if (this.subscribed && client === this.key[0] && jid === this.key[1]) return;
    this.unsubscribe();
    this.subscribed = true;
    this.key = [client, jid];
    if (client && jid) {
      try {
        this.stop = this.watch(client, jid, (v) => this.set(v));
        return;
      } catch {
        // A client that refuses the JID leaves the element in its fallback state.
      }
    }
    this.set(this.fallback(jid));
  }

  private set(v: T): void {
    if (Object.is(v, this.value)) return;
    this.value = v;
    this.host.requestUpdate();
  }

  private unsubscribe(): void {
    this.stop?.();
    this.stop = undefined;
    this.subscribed = false;
  }
}
