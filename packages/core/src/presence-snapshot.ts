/**
 * Presence snapshots (DESIGN.md "Core API" `Presence`): the frozen fallback, value comparison (a new
 * object only on real change, so watchers can compare by identity), and RFC 6121 §4.7.2 field parsing.
 */
import type { Element } from './xml.js';
import type { Presence, ResourcePresence } from './types.js';

/** The store fallback: a frozen `unknown` snapshot. */
export function fallbackPresence(jid: string): Presence {
  return Object.freeze({ jid, show: 'unknown' as const, resources: Object.freeze([]) as unknown as ResourcePresence[] });
}

/** RFC 6121 §4.7.2.3 priority: an integer clamped to -128…127; absent → 0; garbage → undefined. */
export function parsePriority(text: string | null): number | undefined {
  if (text === null) return 0;
  const t = text.trim();
  if (!/^[+-]?\d{1,12}$/.test(t)) return undefined;
  return Math.max(-128, Math.min(127, Number.parseInt(t, 10)));
}

/** The status text without xml:lang (else the first). */
export function pickStatus(stanza: Element): string | undefined {
  const all = stanza.getChildren('status');
  const chosen = all.find((s) => !s.attrs['xml:lang']) ?? all[0];
  return chosen?.getText();
}

/** Same instant (or both absent). */
export function sameDate(a: Date | undefined, b: Date | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && a.getTime() === b.getTime());
}

/** Same resource presence by value. */
export function sameResource(a: ResourcePresence, b: ResourcePresence): boolean {
  return a.resource === b.resource && a.show === b.show && a.status === b.status && a.priority === b.priority && sameDate(a.idleSince, b.idleSince);
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

