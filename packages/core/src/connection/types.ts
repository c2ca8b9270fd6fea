/**
 * The seam between the XMPP session layer (connection/) and the presence model (client, store, protocol factories).
 * Internal: not exported from the package.
 */
import type { Element } from '../xml.js';
import type { ParsedJid } from '../jid.js';
import type { ClientStatus } from '../types.js';
import type { PresenceError } from '../errors.js';

export type { Element };

export interface SendOptions {
  /**
   * `queue`: if offline, hold the stanza in the outbox and send it after the next login;
   * the promise resolves when the server acknowledged it (XEP-0198 `<a/>`), or, without
   * stream management, when written. Rejects with `PresenceError` when it can never be sent
   * (client stopped, auth failed). Default false: rejects `not-connected` when offline.
   */
  queue?: boolean;
}

export interface ConnectionEvents {
  status: (status: ClientStatus) => void;
  /**
   * Every inbound top-level stanza (presence, message, iq) after validation, with its `from` parsed once (undefined
   * when absent). IQ requests not handled by handleIq included.
   */
  stanza: (stanza: Element, from: ParsedJid | undefined) => void;
  /** After every login/resume, once the session is ready to send. Listeners rebuild state when `resumed` is false. */
  online: (info: { resumed: boolean }) => void;
  /** The transport went away (reconnection will follow unless stopped). */
  disconnected: () => void;
  error: (error: PresenceError) => void;
}

export interface Connection {
  readonly status: ClientStatus;
  /** Full JID once bound. */
  readonly jid: string | undefined;
  readonly connectAttempts: number;
  /** Messages waiting for the next login or for their ack. */
  readonly outboxSize: number;
  /** Resolves after the first successful login; rejects with auth-failed / insecure-transport / stopped. */
  start(): Promise<void>;
  /** Closes cleanly; rejects queued sends with `stopped`. */
  stop(): Promise<void>;
  send(stanza: Element, options?: SendOptions): Promise<void>;
  /** Sends an IQ (adds an id) and resolves with the result; rejects `stanza-error`, `timeout`, `not-connected`. */
  iq(request: Element, timeoutMs?: number): Promise<Element>;
  /** Answer inbound IQ requests of one payload; return the result payload (or undefined for empty result). */
  handleIq(
    type: 'get' | 'set',
    xmlns: string,
    name: string,
    handler: (iq: Element) => Element | undefined | Promise<Element | undefined>,
  ): void;
  /** Namespaces of the stream features offered after sign-in at the last login (RFC 6120 §4.3.2). */
  readonly streamFeatures?: readonly string[];
  /** XEP-0352, when the server supports it; remembered across reconnects. */
  setInactive(inactive: boolean): void;
  on<E extends keyof ConnectionEvents>(event: E, fn: ConnectionEvents[E]): unknown;
  off<E extends keyof ConnectionEvents>(event: E, fn: ConnectionEvents[E]): unknown;
}
