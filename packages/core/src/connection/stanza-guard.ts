/**
 * Inbound stanza validation — RFC 6120 §8 (stanza syntax and semantics) applied to what a server
 * hands us: only well-formed top-level `<message/>`, `<presence/>` and `<iq/>` in jabber:client,
 * with valid addresses and types, reach the presence model. Everything else is dropped and described.
 */
import type { Element } from '../xml.js';
import { tryParseJid, type ParsedJid } from '../jid.js';
import { NS_CLIENT } from '../namespaces.js';

export const STANZA_NAMES = new Set(['message', 'presence', 'iq']);
const MESSAGE_TYPES = new Set(['chat', 'error', 'groupchat', 'headline', 'normal']);
const PRESENCE_TYPES = new Set(['error', 'probe', 'subscribe', 'subscribed', 'unavailable', 'unsubscribe', 'unsubscribed']);
const IQ_TYPES = new Set(['get', 'set', 'result', 'error']);

/** A top-level element that XEP-0198 counts and the model may see: message, presence or iq in the client namespace. */
export function isStanza(el: Element): boolean {
  return STANZA_NAMES.has(el.name) && (el.attrs.xmlns === undefined || el.attrs.xmlns === NS_CLIENT);
}

function validAddress(value: string | undefined): boolean {
  return value === undefined || tryParseJid(value) !== undefined;
}

/**
 * The stanza's `from`, parsed once for everyone after the guard: undefined when absent (our own account, RFC 6120
 * §8.1.2.1), null when it is not a valid JID (the stanza must be dropped).
 */
export function senderOf(el: Element): ParsedJid | undefined | null {
  const from = el.attrs.from;
  return from === undefined ? undefined : (tryParseJid(from) ?? null);
}

/**
 * Why a stanza must be dropped, or undefined when it is fine. Call only for `isStanza` elements, with the result
 * of {@link senderOf}. `boundJid` (our normalised full JID) is known valid: nearly every stanza is addressed to it,
 * so it isn't parsed again.
 */
export function stanzaProblem(el: Element, sender: ParsedJid | undefined | null, boundJid?: string): string | undefined {
  const { to, type, id } = el.attrs;
  if (sender === null) return 'invalid from address';
  if (to !== boundJid && !validAddress(to)) return 'invalid to address';
  if (id !== undefined && id.length > 1024) return 'oversized id';
  if (el.name === 'iq') {
    if (!type || !IQ_TYPES.has(type)) return 'iq without a valid type';
    if (!id) return 'iq without id';
    const payload = el.getChildElements();
    // RFC 6120 §8.2.3: get/set carry exactly one payload; result at most one.
    if ((type === 'get' || type === 'set') && payload.length !== 1) return `iq ${type} with ${payload.length} payload elements`;
  } else if (type !== undefined && !(el.name === 'message' ? MESSAGE_TYPES : PRESENCE_TYPES).has(type)) {
    return `invalid ${el.name} type ${JSON.stringify(type.slice(0, 40))}`;
  }
  if (type === 'error' && !el.getChild('error')) return `${el.name} of type error without <error/>`;
  return undefined;
}

/** A short, content-free description for error events: name, type and sender only. */
export function describeStanza(el: Element): string {
  const from = el.attrs.from && validAddress(el.attrs.from) ? ` from ${el.attrs.from}` : '';
  const type = el.attrs.type ? ` type="${el.attrs.type.slice(0, 20)}"` : '';
  return `<${el.name.slice(0, 40)}${type}>${from}`;
}
