import { strings } from '../strings.js';

// Building an Intl.DateTimeFormat costs far more than using one: keep one per locale and kind.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(kind: 'utc' | 'local'): Intl.DateTimeFormat {
  const key = `${kind}|${strings.locale ?? ''}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(strings.locale, { hour: 'numeric', minute: '2-digit', ...(kind === 'utc' ? { timeZone: 'UTC' } : {}) });
    formatters.set(key, f);
  }
  return f;
}

/** Wall-clock time for a UTC offset in minutes, formatted in the strings table's locale. */
export function timeAtOffset(now: number, offsetMinutes: number): string {
  try {
    return formatter('utc').format(new Date(now + offsetMinutes * 60_000));
  } catch {
    return '';
  }
}

/** Short local time of a message. */
export function clockTime(date: Date): string {
  try {
    return formatter('local').format(date);
  } catch {
    return '';
  }
}

const WEEK_MS = 6 * 24 * 3_600_000;

/** When a status ends: the time if it is today, weekday and time within a week ("Fri 4:00 PM"), else the date too ("Dec 12, 4:00 PM"). */
export function untilTime(date: Date, now = new Date()): string {
  try {
    if (date.toDateString() === now.toDateString()) return clockTime(date);
    const day: Intl.DateTimeFormatOptions =
      date.getTime() - now.getTime() < WEEK_MS ? { weekday: 'short' } : { month: 'short', day: 'numeric' };
    return new Intl.DateTimeFormat(strings.locale, { ...day, hour: 'numeric', minute: '2-digit' }).format(date);
  } catch {
    return '';
  }
}

/** Milliseconds since `date`, or undefined for a missing/invalid date. */
export function since(date: Date | undefined, now = Date.now()): number | undefined {
  const t = date instanceof Date ? date.getTime() : NaN;
  return Number.isFinite(t) ? Math.max(0, now - t) : undefined;
}
