/**
 * Connection options: the transport-level subset of ClientOptions (docs/design.md "Core API") plus
 * timing knobs, with their defaults. `createConnection(clientOptions)` accepts ClientOptions as is.
 */
import { PresenceError } from '../errors.js';
import { parseJid } from '../jid.js';
import type { ClientOptions } from '../types.js';
import { DEFAULT_MAX_DELAY_MS, DEFAULT_MIN_DELAY_MS } from './backoff.js';
import { newId } from './iq.js';
import { DEFAULT_MAX_STANZA_SIZE } from './parser.js';
import type { Secret } from './sasl.js';
import type { FastState } from './sasl2.js';

export interface ConnectionOptions extends Pick<
  ClientOptions,
  | 'service'
  | 'jid'
  | 'password'
  | 'credentials'
  | 'resource'
  | 'allowInsecure'
  | 'domain'
  | 'reconnect'
  | 'WebSocket'
  | 'inactiveWhenHidden'
  | 'fast'
> {
  /** Whole login (socket, TLS, SASL, bind, SM) must finish within this. Default 15 000 ms. */
  connectTimeoutMs?: number;
  /** Silence from the server before we probe it (XEP-0198 `<r/>` or XEP-0199 ping). Default 60 000 ms. */
  pingIntervalMs?: number;
  /** A probe or ack request unanswered this long means the connection is dead. Default 10 000 ms. */
  pingTimeoutMs?: number;
  /** Default timeout of `iq()`. Default 15 000 ms. */
  iqTimeoutMs?: number;
  /** Stanzas that may wait in the outbox (plus those awaiting an ack). Default 1 000. */
  outboxLimit?: number;
  /** Characters one stanza relayed from another entity may have; bigger ones are dropped with a `flood` error. Default 256 KiB. */
  maxStanzaSize?: number;
  /**
   * The same for stanzas from our own server or account (no 'from', or from our domain or bare JID),
   * e.g. the roster result of a 5,000-person organisation (~0.5 MB). Default 1 MiB; raise it for a larger roster.
   * A top-level start tag is read against this cap before its 'from' is known.
   */
  maxServerStanzaSize?: number;
}

export interface ResolvedOptions {
  service: string;
  username: string;
  domain: string;
  bare: string;
  resource: string;
  allowInsecure: boolean;
  inactiveWhenHidden: boolean;
  reconnect: { minDelayMs: number; maxDelayMs: number } | false;
  WebSocket: unknown;
  connectTimeoutMs: number;
  pingIntervalMs: number;
  pingTimeoutMs: number;
  iqTimeoutMs: number;
  outboxLimit: number;
  maxStanzaSize: number;
  maxServerStanzaSize: number;
  /** Fetches the password or token for one login; never stored. */
  secret(): Promise<Secret>;
  /** The SASL mechanism a token last worked with on this connection (not the token: that is never kept). */
  tokenMechanism?: string;
  /** XEP-0484 FAST: this client's user agent id and the token for its next login, in memory only (sasl2.ts). */
  fast: FastState;
}

function positive(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

/** Defaults of the numeric knobs; a value that is not a positive number falls back to these. */
const DEFAULTS = {
  connectTimeoutMs: 15_000,
  pingIntervalMs: 60_000,
  pingTimeoutMs: 10_000,
  iqTimeoutMs: 15_000,
  outboxLimit: 1_000,
  maxStanzaSize: DEFAULT_MAX_STANZA_SIZE,
  maxServerStanzaSize: 1024 * 1024,
};

/** Validates and fills defaults. Throws `invalid-jid` / `invalid-argument`. */
export function resolveOptions(options: ConnectionOptions): ResolvedOptions {
  const jid = parseJid(options.jid);
  if (!jid.local) throw new PresenceError('invalid-jid', 'The account JID needs a local part (user@domain)');
  const { password, credentials, reconnect } = options;
  if (password === undefined && typeof credentials !== 'function') {
    throw new PresenceError('invalid-argument', 'Give either password or credentials()');
  }
  const numbers = {} as typeof DEFAULTS;
  for (const [key, fallback] of Object.entries(DEFAULTS) as Array<[keyof typeof DEFAULTS, number]>)
    numbers[key] = positive(options[key], fallback);
  // The own-server cap is never below the relayed one.
  numbers.maxServerStanzaSize = Math.max(positive(options.maxStanzaSize, 0), numbers.maxServerStanzaSize);
  return {
    ...numbers,
    service: options.service,
    username: jid.local,
    domain: options.domain ?? jid.domain,
    bare: jid.bare,
    resource: options.resource ?? `presently-${newId('').slice(0, 10)}`,
    allowInsecure: options.allowInsecure === true,
    inactiveWhenHidden: options.inactiveWhenHidden !== false,
    reconnect: reconnect !== false && {
      minDelayMs: positive(reconnect?.minDelayMs, DEFAULT_MIN_DELAY_MS),
      maxDelayMs: positive(reconnect?.maxDelayMs, DEFAULT_MAX_DELAY_MS),
    },
    WebSocket: options.WebSocket,
    // One id per client: FAST tokens are bound to it, and it dies with the page.
    fast: { enabled: options.fast !== false, userAgentId: newId('ua-') },
    async secret() {
      // Checked at run time too: credentials() is often the host app's code, typed loosely.
      const given: { password?: unknown; token?: unknown } | undefined = credentials ? await credentials() : { password };
      if (typeof given?.token === 'string' && given.token !== '') return { token: given.token };
      if (typeof given?.password === 'string' && given.password !== '') return { password: given.password };
      throw new PresenceError('credentials-failed', 'No password or token available for login');
    },
  };
}
