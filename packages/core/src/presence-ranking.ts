/**
 * RFC 6121 §4.7.2 — aggregation over a contact's resources: the highest priority wins, on a tie the most
 * recently updated one (docs/design.md "State rules"), and what the contact reads when no resource counts.
 */
import type { Contact, ResourceEntry } from './presence-contact.js';
import type { ResourcePresence, Show } from './types.js';

/**
 * The resources that count, winner first. `hiddenUpTo`: set while the grace period hides what we knew; then only
 * resources heard from after that sequence number count.
 */
export function rankResources(resources: Map<string, ResourceEntry>, hiddenUpTo: number | undefined): ResourcePresence[] {
  // Insertion into a small array (no copy, no sort call): contacts have a handful of resources, and this runs for
  // every presence.
  const ranked: ResourceEntry[] = [];
  for (const entry of resources.values()) {
    if (hiddenUpTo !== undefined && entry.seq <= hiddenUpTo) continue;
    let i = ranked.length;
    while (i > 0 && outranks(entry, ranked[i - 1]!)) {
      ranked[i] = ranked[i - 1]!;
      i -= 1;
    }
    ranked[i] = entry;
  }
  return ranked.map((entry) => entry.presence);
}

/** Higher priority, or the same priority and heard from later. */
function outranks(a: ResourceEntry, b: ResourceEntry): boolean {
  const pa = a.presence.priority;
  const pb = b.presence.priority;
  return pa > pb || (pa === pb && a.seq > b.seq);
}

/**
 * What the contact reads: the winner's show; with no resource counting, `unknown` while hidden by the grace period
 * (unless heard from since, with nothing available), else the contact's baseline.
 */
export function aggregateShow(contact: Contact, winner: ResourcePresence | undefined, hiddenUpTo: number | undefined): Show {
  if (winner) return winner.show;
  if (hiddenUpTo !== undefined && (contact.heardSeq <= hiddenUpTo || contact.resources.size > 0)) return 'unknown';
  return contact.baseline;
}
