/**
 * RFC 6121 §4 — what the presence model keeps per contact, and the baseline rules of docs/design.md "State rules":
 * what a contact with no available resource reads (`offline` only when we see their presence, else `unknown`),
 * and how the end of the initial presence burst settles contacts that said nothing.
 */
import { seesPresence, type RosterItem } from './roster.js';
import type { Presence, ResourcePresence } from './types.js';

/** One available resource as the model keeps it. */
export interface ResourceEntry {
  presence: ResourcePresence;
  /** Sequence number of the presence it came from (ranks ties, and tells what was heard since a mark). */
  seq: number;
  /** The raw XEP-0319 stamp `presence.idleSince` came from (to reuse the Date while it doesn't change). */
  idleStamp: string | undefined;
}

/** What a contact reads while no resource is available. */
export type Baseline = 'unknown' | 'offline';

/** The model's state for one bare JID. */
export interface Contact {
  jid: string;
  /**
   * Its roster item, as `roster.get(jid)` returns it: set whenever the model hears of a roster change, so that an
   * inbound presence finds contact and item with one lookup.
   */
  item: RosterItem | undefined;
  resources: Map<string, ResourceEntry>;
  baseline: Baseline;
  /** Status text of the last unavailable presence. */
  offlineStatus: string | undefined;
  /** Sequence number of the last presence heard from this contact. */
  heardSeq: number;
  /** Set once the contact exceeded the resource limit (reported once until its resources go). */
  flooded: boolean;
  /** The snapshot the model stored last (the store's value), to compare the next one with without a lookup. */
  snapshot?: Presence;
}

/** A contact we know nothing about yet. */
export function newContact(jid: string, item: RosterItem | undefined): Contact {
  return { jid, item, resources: new Map(), baseline: 'unknown', offlineStatus: undefined, heardSeq: 0, flooded: false };
}

/** What a contact with no resource reads: `offline` only if we see their presence (RFC 6121 subscription to/both). */
export function baselineOf(item: RosterItem | undefined): Baseline {
  return seesPresence(item) ? 'offline' : 'unknown';
}

/** Forget everything known about `contact`: it reads `unknown`. */
export function resetContact(contact: Contact): void {
  contact.resources.clear();
  contact.flooded = false;
  contact.baseline = 'unknown';
  contact.offlineStatus = undefined;
}

/**
 * The contact's last resource went: without a subscription an unavailable says nothing (Prosody even sends one to
 * acknowledge a subscription request), so only contacts whose presence we see are known offline.
 */
export function lastResourceGone(contact: Contact, item: RosterItem | undefined, status: string | undefined): void {
  contact.baseline = baselineOf(item);
  contact.flooded = false;
  contact.offlineStatus = status;
}

/** After the burst that began at `mark`: resources not heard from since are gone; a contact that said nothing reads its baseline. */
export function settleUnheard(contact: Contact, mark: number, item: RosterItem | undefined): void {
  for (const [resource, entry] of contact.resources) if (entry.seq <= mark) contact.resources.delete(resource);
  if (contact.heardSeq > mark || contact.resources.size) return;
  contact.baseline = baselineOf(item);
  contact.offlineStatus = undefined;
}
