/** The badge's entries of the strings table (see strings.ts): their defaults, added when the badge loads. */
import { addStrings } from '../strings.js';

export const badgeStrings = {
  /** A short duration such as "25 min", "2 h", "3 days". */
  duration(ms: number): string {
    const min = Math.max(0, Math.floor(ms / 60_000));
    if (min < 1) return '< 1 min';
    if (min < 60) return `${min} min`;
    const h = Math.floor(min / 60);
    if (h < 24) return `${h} h`;
    const d = Math.floor(h / 24);
    return d === 1 ? '1 day' : `${d} days`;
  },
  /** "Away · 25 min". */
  idleFor: (show: string, duration: string) => `${show} · ${duration}`,
  /** "Last seen 2 h ago"; `duration` is {@link badgeStrings.duration}'s text for `ms` (locales format `ms` with Intl). */
  lastSeen: (duration: string, _ms?: number) => `Last seen ${duration} ago`,
  /** "4:12 PM local". */
  localTime: (time: string) => `${time} local`,
  /** Separator between facts on one line. */
  separator: ' · ',
};

addStrings(badgeStrings);
