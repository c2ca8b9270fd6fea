/**
 * Presence snapshots (docs/design.md "Core API" `Presence`): building one from a contact's state, the frozen
 * fallback, value comparison (a new object only on real change, so watchers can compare by identity), and
 * RFC 6121 §4.7.2 field parsing.
 */
import type { Element } from './xml.js';
import type { Contact } from './presence-contact.js';
import { aggregateShow, rankResources } from './presence-ranking.js';
import type { RosterItem } from './roster.js';
import type { ContactDetails, Presence, ResourcePresence } from './types.js';

/**
 * The snapshot of `contact`, not yet frozen (most are compared and dropped). `item`: its roster item;
 * `hiddenUpTo`: see {@link rankResources}; `detailsOf`: the contact's fetched details (vCard name, last seen).
 */
export function buildSnapshot(
  contact: Contact,
  item: RosterItem | undefined,
  hiddenUpTo: number | undefined,
  detailsOf: (jid: string) => ContactDetails | undefined,
): Presence {
  const resources = rankResources(contact.resources, hiddenUpTo);
  const winner = resources[0];
  const show = aggregateShow(contact, winner, hiddenUpTo);
  const snapshot: Presence = { jid: contact.jid, show, resources };
  const status = winner ? winner.status : show === 'offline' ? contact.offlineStatus : undefined;
  // Details are looked up only when they can matter: no roster name, or offline (last seen).
  const details = item?.name === undefined || show === 'offline' ? detailsOf(contact.jid) : undefined;
  const name = item?.name ?? details?.name;
  if (status !== undefined) snapshot.status = status;
  if (winner?.idleSince) snapshot.idleSince = winner.idleSince;
  if (show === 'offline' && details?.lastSeen) snapshot.lastSeen = details.lastSeen;
  if (name !== undefined) snapshot.name = name;
  if (item) snapshot.subscription = item.subscription;
  if (item?.pending) snapshot.pending = true;
  return snapshot;
}

/** The store fallback: a frozen `unknown` snapshot. */
export function fallbackPresence(jid: string): Presence {
  return Object.freeze({ jid, show: 'unknown' as const, resources: Object.freeze([]) as unknown as ResourcePresence[] });
}

const MIN_PRIORITY = -128;
const MAX_PRIORITY = 127;

/** RFC 6121 §4.7.2.3 priority: an integer clamped to -128…127; absent → 0; garbage → undefined. */
export function parsePriority(text: string | null): number | undefined {
  if (text === null) return 0;
  const trimmed = text.trim();
  if (!/^[+-]?\d{1,12}$/.test(trimmed)) return undefined;
  return Math.max(MIN_PRIORITY, Math.min(MAX_PRIORITY, Number.parseInt(trimmed, 10)));
}

/** The status text without xml:lang (else the first). */
export function pickStatus(stanza: Element): string | undefined {
  // One pass over the children without a list of them: this runs for every available presence.
  let first: Element | undefined;
  const children = stanza.children;
  for (let i = 0; i < children.length; i++) {
    const child = children[i]!;
    if (typeof child === 'string' || !child.is('status')) continue;
    if (!child.attrs['xml:lang']) return child.getText();
    first ??= child;
  }
  return first?.getText();
}

/** Same instant (or both absent). */
export function sameDate(a: Date | undefined, b: Date | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && a.getTime() === b.getTime());
}

/** Same snapshot by value (resources compared by identity: they are replaced only when they change). */
export function samePresence(a: Presence, b: Presence): boolean {
  return (
    a.show === b.show &&
    a.status === b.status &&
    a.name === b.name &&
    a.subscription === b.subscription &&
    a.pending === b.pending &&
    sameDate(a.idleSince, b.idleSince) &&
    sameDate(a.lastSeen, b.lastSeen) &&
    a.resources.length === b.resources.length &&
    a.resources.every((r, i) => r === b.resources[i])
  );
}
