/**
 * The picker's "clear after" choices as the end of the status (`until` for core's setPresence, which
 * then ends the status itself: the picker keeps no timer).
 */
import type { ClearAfter } from '../strings.js';

const HOUR_MS = 3_600_000;

/** When a status set now with `clearAfter` should end; undefined for `never`. */
export function clearUntil(clearAfter: ClearAfter, now = new Date()): Date | undefined {
  if (clearAfter === 'hour') return new Date(now.getTime() + HOUR_MS);
  if (clearAfter === 'today') {
    const midnight = new Date(now);
    midnight.setHours(24, 0, 0, 0);
    return midnight;
  }
  return undefined;
}
