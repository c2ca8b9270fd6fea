/** Display helpers for text that comes from the network. All output is bound as text, never HTML. */

/** Cut `text` to `max` characters (with an ellipsis) for display; the full text goes in a tooltip. */
export function cut(text: string | undefined, max: number): string {
  if (!text) return '';
  const chars = Array.from(text);
  return chars.length > max
    ? `${chars
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`
    : text;
}

/** Longest name and status shown before cutting. */
export const NAME_MAX = 80;
export const STATUS_MAX = 140;

/** Local part of a bare JID, the fallback display name. */
export function localPart(jid: string): string {
  const at = jid.indexOf('@');
  return at === -1 ? jid : jid.slice(0, at);
}

/** Up to two initials from a display name. */
export function initials(name: string): string {
  const words = name.split(/[\s._-]+/u).filter(Boolean);
  const first = (w: string | undefined) => (w ? (Array.from(w)[0] ?? '') : '');
  const letters = words.length > 1 ? first(words[0]) + first(words[words.length - 1]) : first(words[0]);
  return letters.toUpperCase() || '?';
}

/** Avatar backgrounds, dark enough for white initials at 4.5:1. Applied by CSS (no inline styles, for strict CSP). */
export const AVATAR_COLORS = ['#1565c0', '#2e7d32', '#6a1b9a', '#ad1457', '#00695c', '#4e342e', '#283593', '#c62828', '#37474f', '#8e24aa'];

/** A stable index into {@link AVATAR_COLORS} for a JID (FNV-1a hash). */
export function avatarColor(jid: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < jid.length; i++) h = Math.imul(h ^ jid.charCodeAt(i), 0x01000193);
  return (h >>> 0) % AVATAR_COLORS.length;
}
