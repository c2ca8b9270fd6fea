/**
 * Small helpers shared by the protocol factories: ids, bounded text, XMPP date-time
 * (XEP-0082) parsing, and reading IQ results whatever shape the connection hands back.
 */
import type { Element } from './xml.js';
import { PresenceError, type ErrorCode } from './errors.js';
import { errorCondition } from './connection/iq.js';
import { detach } from './text.js';

/** A random stanza id (the connection's generator; doesn't need `crypto.randomUUID`, absent on plain-http pages). */
export { newId as randomId } from './connection/iq.js';

/** Cut `text` to at most `max` UTF-16 units without splitting a surrogate pair. */
export function capText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return text.slice(0, end);
}

/** {@link capText}, as a string of its own (text.ts): for text the client keeps after the stanza is gone. */
export function keepText(text: string, max: number): string {
  return detach(capText(text, max));
}

/** XEP-0082 date-time → Date; undefined when it isn't one. Future stamps (clock skew) are clamped to now. */
export function parseStamp(value: unknown, now = Date.now()): Date | undefined {
  if (typeof value !== 'string' || value.length > 64) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value.trim())) return undefined;
  const ms = Date.parse(value.trim());
  if (!Number.isFinite(ms)) return undefined;
  return new Date(Math.min(ms, now));
}

/** The `<name xmlns=…>` payload of an IQ result, whether `res` is the `<iq/>` or already its child. */
export function iqPayload(res: Element | undefined, name: string, xmlns: string): Element | undefined {
  if (!res) return undefined;
  if (res.is(name, xmlns)) return res;
  return res.getChild(name, xmlns);
}

/**
 * Wrap anything thrown into a PresenceError (its message appended), keeping existing ones. Same as connection.ts's
 * copy, which can import this one.
 */
export function asPresenceError(e: unknown, code: ErrorCode, message: string): PresenceError {
  if (e instanceof PresenceError) return e;
  return new PresenceError(code, `${message}${e instanceof Error && e.message ? `: ${e.message.slice(0, 200)}` : ''}`, { cause: e });
}

/** True for an error that is an XMPP error reply (the peer answered, just not with a result). */
export function isStanzaError(e: unknown): boolean {
  return e instanceof PresenceError && e.code === 'stanza-error';
}

/** True when `e` only says the session is gone (lost or stopped): nothing to report, the next login redoes the work. */
export function isSessionGone(e: unknown): boolean {
  return e instanceof PresenceError && (e.code === 'not-connected' || e.code === 'stopped');
}

/**
 * Error conditions that mean "no such session" (RFC 6120 §8.3.3, RFC 6121 §8.5.3): from a full JID, that resource
 * is gone.
 */
export const GONE_CONDITIONS: ReadonlySet<string> = new Set([
  'service-unavailable',
  'item-not-found',
  'recipient-unavailable',
  'remote-server-not-found',
]);

/** A `stanza-error` for an inbound stanza of type error, with its RFC 6120 §8.3 condition. */
export function stanzaError(stanza: Element, message: string): PresenceError {
  return new PresenceError('stanza-error', message, { condition: errorCondition(stanza) });
}

/** A `malformed-stanza` error for something dropped from the network. */
export function malformed(message: string, stanza?: Element): PresenceError {
  return new PresenceError('malformed-stanza', message, stanza ? { cause: capText(String(stanza), 500) } : undefined);
}
