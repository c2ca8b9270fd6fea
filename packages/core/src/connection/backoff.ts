/**
 * Reconnect delays: exponential backoff with full jitter ("Exponential Backoff And Jitter",
 * AWS Architecture Blog, 2015): delay = random(0, min(cap, base · 2^attempt)).
 * Full jitter spreads a crowd of clients that lost the same server over the whole window,
 * so a restarted server is not hit by all of them in the same second.
 */

export interface BackoffOptions {
  /** Base delay: the ceiling of the first retry. Default 1 000 ms. */
  minDelayMs?: number;
  /** Cap on the ceiling. Default 30 000 ms. */
  maxDelayMs?: number;
}

export const DEFAULT_MIN_DELAY_MS = 1_000;
export const DEFAULT_MAX_DELAY_MS = 30_000;

/** The upper bound of the delay before retry number `attempt` (0-based). */
export function backoffCeiling(attempt: number, options: BackoffOptions = {}): number {
  const base = Math.max(0, options.minDelayMs ?? DEFAULT_MIN_DELAY_MS);
  const cap = Math.max(base, options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS);
  // 2^31 already dwarfs any sane cap; clamping keeps the product finite.
  return Math.min(cap, base * 2 ** Math.min(Math.max(0, attempt), 31));
}

/** A full-jitter delay in [0, ceiling) for retry number `attempt` (0-based). */
export function backoffDelay(attempt: number, options: BackoffOptions = {}, random: () => number = Math.random): number {
  return Math.floor(random() * backoffCeiling(attempt, options));
}
