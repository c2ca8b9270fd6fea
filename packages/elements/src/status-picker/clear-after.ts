/**
 * The picker's "clear after" choices as the end of the status (`until` for core's setPresence, which
 * then ends the status itself: the picker keeps no timer). The same choices chat apps offer: 30 minutes,
 * 1 hour, 4 hours, today, this week, or a date and time the user picks.
 */
import type { ClearAfter } from '../strings.js';

const MINUTE_MS = 60_000;
const AFTER_MS: Partial<Record<ClearAfter, number>> = { 'half-hour': 30 * MINUTE_MS, hour: 60 * MINUTE_MS, 'four-hours': 240 * MINUTE_MS };

/** The choices in the order the picker lists them. */
export const CLEAR_AFTER: readonly ClearAfter[] = ['never', 'half-hour', 'hour', 'four-hours', 'today', 'week', 'custom'];

/** Midnight at the start of the day `days` after `now`'s, local time. */
function midnightAfter(now: Date, days: number): Date {
  const d = new Date(now);
  d.setHours(24 * days, 0, 0, 0);
  return d;
}

/**
 * When a status set now with `clearAfter` should end; undefined for `never`, and for `custom` without a
 * valid `custom` date. "This week" ends when the week does: at the start of Monday (ISO 8601 weeks; on a
 * Sunday, that is the coming midnight).
 */
export function clearUntil(clearAfter: ClearAfter, now = new Date(), custom?: Date): Date | undefined {
  const after = AFTER_MS[clearAfter];
  if (after) return new Date(now.getTime() + after);
  if (clearAfter === 'today') return midnightAfter(now, 1);
  if (clearAfter === 'week') return midnightAfter(now, (8 - now.getDay()) % 7 || 7);
  if (clearAfter === 'custom' && custom && !Number.isNaN(custom.getTime())) return custom;
  return undefined;
}

/** A Date as the value of an `<input type="datetime-local">` (local time, to the minute). */
export function toLocalInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
