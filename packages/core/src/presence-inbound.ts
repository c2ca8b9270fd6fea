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
  /** Nothing: an extra resource beyond the limit. */
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
    // One of the contact's sessions did not take our presence (it ended with it unacknowledged): its unavailable follows.
    if (!resource && condition === 'recipient-unavailable') return Applied.Unheard;
    // From one session, a condition that means "gone" is that session ending, nothing to report.
    if (!resource || !GONE_CONDITIONS.has(condition)) {
      context.emitError(stanzaError(stanza, `Presence error from ${contact.jid}${resource ? `/${resource}` : ''}`));
    }
    if (!resource) {
      resetContact(contact);
      return Applied.Changed;
    }
    // That session did not take our presence: it is gone, as if it had said unavailable (below).
  }
  if (type === 'unavailable' || type === 'error') {
    // An unavailable from the bare JID means every resource is gone.
    if (resource) contact.resources.delete(resource);
    else contact.resources.clear();
    // (An error may carry a copy of what we sent: our own status is not theirs.)
    if (!contact.resources.size) lastResourceGone(contact, item, type === 'unavailable' ? context.readStatus(stanza) : undefined);
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
