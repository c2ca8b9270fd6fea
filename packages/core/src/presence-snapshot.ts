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
export function parsePriority(text: string | null | undefined): number | undefined {
  if (text == null) return 0;
  const t = text.trim();
  // An optional sign and 1–12 digits, read without a regular expression or a copy: this runs for every presence.
  const signed = t.charCodeAt(0) === 43 || t.charCodeAt(0) === 45;
  const digits = t.length - (signed ? 1 : 0);
  if (digits < 1 || digits > 12) return undefined;
  let value = 0;
  for (let i = signed ? 1 : 0; i < t.length; i++) {
    const d = t.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return undefined;
    value = value * 10 + d;
  }
  if (t.charCodeAt(0) === 45) value = -value;
  return Math.max(-128, Math.min(127, value));
}

/** What a presence stanza says about one resource (RFC 6121 §4.7.2, XEP-0319), before validation. */
export interface PresenceFields {
  /** `<show/>` text; undefined when absent. */
  show: string | undefined;
  /** `<status/>` without xml:lang, else the first one; undefined when absent. */
  status: string | undefined;
  /** `<priority/>` text; undefined when absent. */
  priority: string | undefined;
  /** XEP-0319 `<idle/>`'s `since`; `null` when there is no idle element, undefined when it has no since. */
  idleSince: string | null | undefined;
}

const IDLE_NS = 'urn:xmpp:idle:1';

/**
 * Reads `stanza`'s children once into `out` (reused by the caller: nothing is allocated per presence) — in
 * place of one `getChild` walk per field.
 */
export function readPresence(stanza: Element, out: PresenceFields): PresenceFields {
  out.show = out.status = out.priority = undefined;
  out.idleSince = null;
  let statusHasLang = false;
  for (const child of stanza.children) {
    if (typeof child === 'string') continue;
    switch (child.name) {
      case 'show':
        out.show ??= child.getText();
        break;
      case 'priority':
        out.priority ??= child.getText();
        break;
      case 'status':
        // The status without xml:lang wins over the first one that has one.
        if (out.status === undefined || (statusHasLang && !child.attrs['xml:lang'])) {
          out.status = child.getText();
          statusHasLang = !!child.attrs['xml:lang'];
        }
        break;
      default:
        // `idle`, or a prefixed name whose local part is (rare); most children here are caps' `c`.
        if (out.idleSince === null && (child.name === 'idle' || child.name.endsWith(':idle')) && child.is('idle', IDLE_NS)) out.idleSince = child.attrs.since;
    }
  }
  return out;
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

