/**
 * Checks of what callers hand the client: its options (throws `invalid-jid` / `invalid-argument` before anything
 * connects) and the callbacks given to the `watch…` methods.
 */
import { PresenceError } from './errors.js';
import { parseJid } from './jid.js';
import { validateAutoAway } from './own-parts.js';
import type { ClientOptions } from './types.js';

function nonNegative(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new PresenceError('invalid-argument', `${name} must be a non-negative number of milliseconds`);
  }
  return value;
}

/** `ClientOptions.liveness`: false, or positive numbers. Throws `invalid-argument`. */
function validateLiveness(value: ClientOptions['liveness']): void {
  if (value === undefined || value === false) return;
  if (value === null || typeof value !== 'object') throw new PresenceError('invalid-argument', 'liveness must be an object or false');
  for (const key of ['silenceMs', 'timeoutMs', 'maxInFlight', 'perMinute'] as const) {
    const n = value[key];
    if (n !== undefined && (typeof n !== 'number' || !Number.isFinite(n) || n <= 0))
      throw new PresenceError('invalid-argument', `liveness.${key} must be a positive number`);
  }
}

/** Validate the options the presence model needs; returns our bare JID. Throws `invalid-jid` / `invalid-argument`. */
export function validateOptions(options: ClientOptions): string {
  if (options === null || typeof options !== 'object') throw new PresenceError('invalid-argument', 'Options are required');
  const parsed = parseJid(options.jid);
  if (!parsed.local) throw new PresenceError('invalid-jid', `Invalid JID ${JSON.stringify(options.jid)}: an account needs a local part`);
  if (typeof options.service !== 'string' || !options.service) throw new PresenceError('invalid-argument', 'service is required');
  nonNegative(options.graceMs, 'graceMs');
  nonNegative(options.composingTimeoutMs, 'composingTimeoutMs');
  validateLiveness(options.liveness);
  validateAutoAway(options.autoAway);
  return parsed.bare;
}

/** `fn` if it is a function; throws `invalid-argument` otherwise. */
export function callbackOf<T>(fn: T): T {
  if (typeof fn !== 'function') throw new PresenceError('invalid-argument', 'watch needs a callback function');
  return fn;
}
