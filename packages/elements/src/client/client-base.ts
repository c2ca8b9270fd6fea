import { ReactiveElement, css, type PropertyValues, type PropertyDeclarations } from '@lit/reactive-element';
import { PresenceError, type ClientOptions, type Credentials, type ClientStatus, type PresenceClient } from '@presently/core';
import { ClientProvider } from '../context.js';
import { emit } from '../internal/events.js';
import { hostAttr } from '../internal/host-attrs.js';

/**
 * Fetches `{"password": "…"}` or `{"token": "…"}` from the host app's own endpoint on every
 * (re)connect. It is handed straight to the client: never stored, never logged.
 */
export function credentialsFrom(url: string): () => Promise<Credentials> {
  return async () => {
    let response: Response;
    try {
      response = await fetch(url, { credentials: 'same-origin', cache: 'no-store', headers: { accept: 'application/json' } });
    } catch (cause) {
      throw new PresenceError('credentials-failed', 'The credentials-url could not be reached', { cause });
    }
    if (!response.ok) throw new PresenceError('credentials-failed', `The credentials-url answered HTTP ${response.status}`);
    const body: unknown = await response.json().catch(() => undefined);
    const { password, token } = (body ?? {}) as { password?: unknown; token?: unknown };
    if (typeof token === 'string' && token) return { token };
    if (typeof password !== 'string' || !password)
      throw new PresenceError('credentials-failed', 'The credentials-url did not answer {"password": "…"} or {"token": "…"}');
    return { password };
  };
}

/**
 * What `<presently-client>` is made of, whichever client it creates: {@link PresentlyClient} creates the
 * full client, the dot-only bundle's variant a presence-only one (so that bundle carries no chat code).
 */
export abstract class PresentlyClientBase extends ReactiveElement {
  static override properties: PropertyDeclarations = {
    service: { type: String },
    jid: { type: String },
    credentialsUrl: { type: String, attribute: 'credentials-url' },
    resource: { type: String },
    unshared: { type: Boolean },
    client: { attribute: false },
  };

  static override styles = css`
    :host {
      display: contents;
    }
  `;

  /** WebSocket endpoint, e.g. `wss://chat.example.com/xmpp-websocket`. */
  declare service: string | undefined;
  /** Our own bare JID, e.g. `alice@example.com`. */
  declare jid: string | undefined;
  /** Same-origin endpoint answering `{"password": "…"}`, fetched on every (re)connect. */
  declare credentialsUrl: string | undefined;
  /** XMPP resource; default: a random one. */
  declare resource: string | undefined;
  /** A connection of this page's own instead of the one all tabs share (`shared: false`, docs/sharing.md). */
  declare unshared: boolean;
  /** An existing client to provide instead of creating one. The element never starts or stops it. */
  declare client: PresenceClient | undefined;

  private readonly provider = new ClientProvider(this);
  private owned: { client: PresenceClient; key: string; off: () => void } | undefined;

  /** The client provided to descendants: `.client` if set, else the one this element created. */
  get activeClient(): PresenceClient | undefined {
    return this.client ?? this.owned?.client;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // Moving the element in the DOM disconnects and reconnects it in one task: keep the session.
    queueMicrotask(() => {
      if (!this.isConnected) this.release();
    });
  }

  // Its shadow root only shows the children: one <slot>, made here (no lit-html needed for that).
  protected override createRenderRoot(): HTMLElement | DocumentFragment {
    const root = super.createRenderRoot();
    root.prepend(document.createElement('slot'));
    return root;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (!this.isConnected) return;
    if (this.client) {
      this.release();
    } else {
      const { service, jid, credentialsUrl, resource } = this;
      const key = JSON.stringify([service, jid, credentialsUrl, resource, this.unshared]);
      if (this.owned?.key !== key) {
        this.release();
        if (service && jid) this.create(service, jid, credentialsUrl, resource, key);
      }
    }
    if (this.provider.value !== this.activeClient) this.provider.setValue(this.activeClient);
    hostAttr(this, 'status', this.activeClient?.status);
  }

  private create(service: string, jid: string, credentialsUrl: string | undefined, resource: string | undefined, key: string): void {
    let client: PresenceClient;
    try {
      client = this.createClient({
        service,
        jid,
        ...(resource ? { resource } : {}),
        ...(this.unshared ? { shared: false } : {}),
        credentials: credentialsUrl
          ? credentialsFrom(credentialsUrl)
          : () => Promise.reject(new PresenceError('credentials-failed', 'presently-client needs a credentials-url')),
      });
    } catch (e) {
      this.fail(e);
      return;
    }
    const onStatus = (status: ClientStatus) => hostAttr(this, 'status', status);
    client.on('status', onStatus);
    this.owned = { client, key, off: () => client.off('status', onStatus) };
    client.start().catch((e: unknown) => {
      if (this.owned?.client === client) this.fail(e);
    });
  }

  /** Creates the client this element owns. */
  protected abstract createClient(options: ClientOptions): PresenceClient;

  private fail(e: unknown): void {
    const code = e instanceof PresenceError ? e.code : 'connection-failed';
    const message = e instanceof Error ? e.message : String(e);
    emit(this, 'presently-error', { code, message });
  }

  private release(): void {
    const owned = this.owned;
    if (!owned) return;
    this.owned = undefined;
    owned.off();
    owned.client.stop().catch(() => undefined);
    if (this.provider.value === owned.client) this.provider.setValue(this.activeClient);
  }
}
