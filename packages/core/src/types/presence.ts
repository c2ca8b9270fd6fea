/**
 * Public types of a contact's presence: what the store holds per bare JID and what the client fetches for it.
 * Re-exported from types.ts.
 */

/** What a contact's presence says about reaching them. `unknown` = we don't know; `offline` = we know they're offline. */
export type Show = 'available' | 'chat' | 'away' | 'xa' | 'dnd' | 'offline' | 'unknown';

/** One available resource (device/session) of a contact. */
export interface ResourcePresence {
  /** The resource part of the full JID (`''` for presence from the bare JID). */
  resource: string;
  /** What this resource says (`available` when it sent no or an unknown `<show/>`). */
  show: Exclude<Show, 'offline' | 'unknown'>;
  /** Status text, at most 2 000 characters. */
  status?: string;
  /** RFC 6121 priority, -128…127 (garbage reads as 0). */
  priority: number;
  /** XEP-0319: when the user went idle on this resource. */
  idleSince?: Date;
}

/** Snapshot of a contact's presence. Never undefined; immutable (a new object on every change). */
export interface Presence {
  /** Bare JID. */
  jid: string;
  /** The winning resource's show; `offline` when we know no resource is available, `unknown` when we can't know. */
  show: Show;
  /** Status text of the winning resource (or of the last unavailable presence while offline). */
  status?: string;
  /** XEP-0319 idle of the winning resource. */
  idleSince?: Date;
  /** Offline contacts: XEP-0012 last activity, fetched on demand ({@link PresenceClient.fetchDetails}). */
  lastSeen?: Date;
  /** Every available resource, winning one first. */
  resources: ResourcePresence[];
  /** Roster name, else vCard FN / NICKNAME. */
  name?: string;
  /** Roster subscription state, when the contact is in the roster. */
  subscription?: 'none' | 'to' | 'from' | 'both';
  /** True while our subscription request to this contact awaits their approval. */
  pending?: boolean;
}

/** Details fetched by IQ for a contact something is showing, cached. */
export interface ContactDetails {
  /** Bare JID. */
  jid: string;
  /** XEP-0012: when an offline contact was last seen. */
  lastSeen?: Date;
  /** XEP-0202: the contact's UTC offset in minutes (e.g. +60 for CET). */
  tzOffsetMinutes?: number;
  /** vCard FN / NICKNAME. */
  name?: string;
  /** vCard photo as a `data:` URL (image MIME types only). */
  avatar?: string;
}

/** A subscription request from someone who wants to see our presence. */
export interface SubscriptionRequest {
  /** Bare JID of the requester. */
  jid: string;
  /** Nickname they sent (XEP-0172), if any. */
  name?: string;
}
