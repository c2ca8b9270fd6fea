/**
 * Public types of the client's options ({@link createPresenceClient}) and of the credentials it asks for. Re-exported
 * from types.ts.
 */
import type { InputSource } from '../auto-away.js';

/** What {@link ClientOptions.credentials} returns for one login: a password or a token. */
export type Credentials = { password: string; token?: undefined } | { token: string; password?: undefined };

/** Options for {@link createPresenceClient}. */
export interface ClientOptions {
  /** `ws://` / `wss://` (browser and Node), `xmpp://` / `xmpps://` (Node). */
  service: string;
  /** Our bare JID, e.g. `alice@example.com`. */
  jid: string;
  /** Password. Prefer {@link ClientOptions.credentials} in browsers. */
  password?: string;
  /**
   * Called on every (re)connect; what it returns is never cached by the client. Either the password,
   * or a token from the host app's sign-in (e.g. a short-lived JWT): the client signs in with the best
   * mechanism the server offers for it — `OAUTHBEARER` (RFC 7628), `X-OAUTH2` (ejabberd OAuth), or the
   * token as a `PLAIN` password (ejabberd `auth_method: jwt`; only over TLS or to loopback).
   */
  credentials?: () => Promise<Credentials>;
  /**
   * Reconnect with a XEP-0484 FAST token where the server offers SASL2 and FAST (ejabberd 24.12 with
   * mod_auth_fast): the first login asks for a token, kept in memory only, and a reconnect signs in with it,
   * without calling `credentials()` again. Default true; `false` signs in with the secret every time.
   */
  fast?: boolean;
  /** Resource; default: a random one. */
  resource?: string;
  /** Allow plaintext transports to non-loopback hosts. Default false. */
  allowInsecure?: boolean;
  /** Domain when it differs from the JID's. */
  domain?: string;
  /** Milliseconds without connection before every contact reads `unknown`. Default 10 000. */
  graceMs?: number;
  /** Reconnect backoff: first delay (default 1000 ms) and cap (default 30 000 ms). */
  reconnect?: { minDelayMs?: number; maxDelayMs?: number } | false;
  /**
   * A WebSocket constructor for environments without a global one (Node 20 without `--experimental-websocket`),
   * e.g. the `ws` package's `WebSocket`; browsers and Node ≥ 22 need none.
   * @example createPresenceClient({ service, jid, credentials, WebSocket: (await import('ws')).WebSocket })
   */
  WebSocket?: WebSocketConstructorOption;
  /** Milliseconds a composing state lasts without refresh. Default 30 000. */
  composingTimeoutMs?: number;
  /**
   * Re-check of contacts shown reachable (XEP-0199 ping to the winning resource of a watched, available
   * contact after `silenceMs` of silence; a resource that is gone or doesn't answer twice stops counting).
   * Defaults: `{ silenceMs: 20 000, timeoutMs: 10 000, maxInFlight: 4, perMinute: 120 }`. `false` turns it off.
   */
  liveness?: { silenceMs?: number; timeoutMs?: number; maxInFlight?: number; perMinute?: number } | false;
  /**
   * In browsers, tell the server (XEP-0352) we are inactive while the tab is hidden and active when it is
   * shown again, so it can hold back unimportant traffic. Default true; {@link PresenceClient.setInactive}
   * still works either way (the next visibility change wins).
   */
  inactiveWhenHidden?: boolean;
  /**
   * Automatic away (XEP-0319 idle): after `away` ms without user input in any of your sessions, show `away`
   * with the time of the last input; after `xa` ms more, `xa`; on input, back to what you set. Never over a
   * status set by hand (dnd, away, xa). Default: on in browsers (`{ away: 300 000, xa: 1 800 000 }`, input
   * from the page's pointer, key, touch and visibility events), off in Node. `input` replaces the source of
   * input (tests, or Node apps that know when their user is active). `false` turns it off.
   *
   * @example createPresenceClient({ service, jid, credentials, autoAway: { away: 10 * 60_000 } })
   */
  autoAway?: { away?: number; xa?: number; input?: InputSource } | false;
  /**
   * Browsers: share one connection among all same-origin pages with the same `service` and `jid`, through a shared
   * worker (docs/sharing.md). Default true where the worker script is known (presently.js; else see
   * `setSharedWorkerUrl`); `false` gives this page a connection of its own. Without SharedWorker (or when a
   * Content-Security-Policy forbids it) the page connects on its own, with one `console.info`.
   */
  shared?: boolean;
}

/**
 * The `WebSocket` option: anything constructed like the browser's `WebSocket` (`new WebSocket(url, ['xmpp'])`) —
 * the DOM class, Node 22's global, or `ws`'s `WebSocket` (its third `options` argument is optional).
 */
export type WebSocketConstructorOption = new (url: string, protocols?: string | string[]) => object;
