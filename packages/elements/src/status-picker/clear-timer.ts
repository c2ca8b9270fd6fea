/**
 * "Clear after" for our own status. One timer per client, kept outside the element so the
 * status still clears when the picker (e.g. inside a closed popover) is gone.
 */
import type { PresenceClient } from '@presently/core';
import type { ClearAfter } from '../strings.js';

const timers = new WeakMap<PresenceClient, { timer: ReturnType<typeof setTimeout>; at: Date }>();

/** Milliseconds from `now` until a status set with `clearAfter` should end; undefined for `never`. */
export function clearDelay(clearAfter: ClearAfter, now = new Date()): number | undefined {
  if (clearAfter === 'hour') return 3_600_000;
  if (clearAfter === 'today') {
    const midnight = new Date(now);
    midnight.setHours(24, 0, 0, 0);
    return midnight.getTime() - now.getTime();
  }
  return undefined;
}

/** Forget a pending clear for `client`. */
export function cancelClear(client: PresenceClient): void {
  const pending = timers.get(client);
  if (pending) clearTimeout(pending.timer);
  timers.delete(client);
}

/** When the pending clear for `client` fires, if any. */
export function clearAt(client: PresenceClient): Date | undefined {
  return timers.get(client)?.at;
}

/** Reset `client`'s own status to available with no text after `ms`. */
export function scheduleClear(client: PresenceClient, ms: number, onCleared?: () => void): Date {
  cancelClear(client);
  const at = new Date(Date.now() + ms);
  const timer = setTimeout(() => {
    timers.delete(client);
    client.setPresence({ show: 'available', status: '' }).then(onCleared, () => undefined);
  }, ms);
  timers.set(client, { timer, at });
  return at;
}
