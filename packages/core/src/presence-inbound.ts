/**
 * RFC 6121 §4.7 — what one inbound presence does to a contact's state: an error presence (§4.7.1 type
 * `error`) from the bare JID makes it `unknown` (the contact's server can't be reached, or refuses us), one from a
 * full JID removes that resource, and one that only says a session of the contact ended before it took our presence
 * changes nothing (Prosody bounces what a closing XEP-0198 session had not acknowledged, as `recipient-unavailable`
 * from the bare JID our presence went to, after the contact's other sessions may have said they are available); an
 * unavailable one removes a resource (all of them from the bare JID); an available one adds or replaces a resource,
 * within the resource limit (docs/design.md "State rules": bounded memory).
 */
import type { Element } from './xml.js';
import { PresenceError } from './errors.js';
import { lastResourceGone, resetContact, type Contact } from './presence-contact.js';
import { parseResource, type ParseContext } from './presence-parse.js';
import type { RosterItem } from './roster.js';
import { errorCondition } from './connection/iq.js';
import { GONE_CONDITIONS, stanzaError } from './stanza-utils.js';

/** What {@link applyPresence} needs besides the stanza and the contact. */
export interface InboundContext extends ParseContext {
  /** Resources kept per contact. */
  maxResources: number;
}

/** What an inbound presence did to a contact's state. */
export const Applied = {
  /** Said nothing about the contact (not even that we heard from them): a bounce of our presence, see above. */
  Unheard: -1,
  /** Nothing: an extra resource beyond the limit, or the bounce of a resource already gone. */
  Nothing: 0,
  /** An available presence that says what its resource said before: only its sequence number moved. */
  Repeated: 1,
  Changed: 2,
} as const;
export type Applied = (typeof Applied)[keyof typeof Applied];

/** Apply `stanza` (from `resource` of the contact; `''` for the bare JID), heard as presence number `seq`. */
export function applyPresence(
  stanza: Element,
  contact: Contact,
  item: RosterItem | undefined,
  resource: string,
  seq: number,
  context: InboundContext,
): Applied {
  const type = stanza.attrs.type;
  if (type === 'error') {
    const condition = errorCondition(stanza);
    if (resource) return resourceBounced(stanza, condition, contact, item, resource, context);
    // One of the contact's sessions did not take our presence (it ended with it unacknowledged): its unavailable follows.
    if (condition === 'recipient-unavailable') return Applied.Unheard;
    resetContact(contact);
    context.emitError(stanzaError(stanza, `Presence error from ${contact.jid}`));
    return Applied.Changed;
  }
  if (type === 'unavailable') {
    // An unavailable from the bare JID means every resource is gone.
    if (resource) contact.resources.delete(resource);
    else contact.resources.clear();
    if (!contact.resources.size) lastResourceGone(contact, item, context.readStatus(stanza));
    return Applied.Changed;
  }
  const previous = contact.resources.get(resource);
  if (!previous && contact.resources.size >= context.maxResources) {
    if (!contact.flooded) {
      contact.flooded = true;
      context.emitError(new PresenceError('flood', `${contact.jid} has more than ${context.maxResources} resources; extra ones ignored`));
    }
    return Applied.Nothing;
  }
  const before = previous?.presence;
  const entry = parseResource(stanza, resource, previous, seq, context);
  if (!previous) contact.resources.set(resource, entry);
  contact.offlineStatus = undefined;
  return entry.presence === before ? Applied.Repeated : Applied.Changed;
}

/**
 * A presence error from one resource: that session did not take our presence — it has ended (a server bounces what
 * a closing XEP-0198 session had not acknowledged). It goes like an unavailable from that resource; the contact's
 * other resources stay. Only a condition that doesn't mean "gone" is reported.
 */
function resourceBounced(
  stanza: Element,
  condition: string,
  contact: Contact,
  item: RosterItem | undefined,
  resource: string,
  context: InboundContext,
): Applied {
  if (!GONE_CONDITIONS.has(condition)) context.emitError(stanzaError(stanza, `Presence error from ${contact.jid}/${resource}`));
  if (!contact.resources.delete(resource)) return Applied.Nothing;
  if (!contact.resources.size) lastResourceGone(contact, item, undefined);
  return Applied.Changed;
}
