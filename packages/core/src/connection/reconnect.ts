/**
 * Reconnection scheduling (RFC 6120 §3.3 leaves it to the client): one connection attempt after another with
 * full-jitter backoff between failures (backoff.ts), a sleep that a wake-up (browser back online or visible) cuts
 * short, and the failures no retry can fix, which end the run instead.
 */
import type { ErrorCode } from '../errors.js';
import { PresenceError } from '../errors.js';
import { asPresenceError } from '../stanza-utils.js';
import { backoffDelay } from './backoff.js';
import type { StreamEnd, XmppStream } from './stream.js';

/** Failures no retry can fix: stop and report. */
const FATAL: ReadonlySet<ErrorCode> = new Set(['auth-failed', 'insecure-transport', 'unsupported', 'invalid-argument', 'invalid-jid']);

/** A wait that {@link Sleeper.wake} (or stopping) ends early. */
export class Sleeper {
  #cancel: (() => void) | undefined;

  /** Waits `ms`, or less if woken first. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        if (this.#cancel === done) this.#cancel = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#cancel = done;
    });
  }

  /** Ends the current sleep now; false when nothing was sleeping. */
  wake(): boolean {
    if (!this.#cancel) return false;
    this.#cancel();
    return true;
  }
}

/** Arguments of {@link reconnectLoop}. */
export interface ReconnectLoopArgs {
  /** False once the run this loop serves is over (stopped, failed for good, or started again). */
  isCurrent(): boolean;
  /** Backoff bounds, or false when a lost connection must not be retried. */
  reconnect: { minDelayMs: number; maxDelayMs: number } | false;
  sleeper: Sleeper;
  /** 'connecting' before the first attempt, 'reconnecting' before every further one. */
  setStatus(status: 'connecting' | 'reconnecting'): void;
  /** One connection attempt; resolves with the online stream. */
  connect(): Promise<XmppStream>;
  /** An attempt failed and will be retried. */
  onRetry(error: PresenceError): void;
  /** The run is over: a failure no retry can fix, or reconnection is disabled. */
  onFatal(error: PresenceError): void;
  /** The online stream ended; the loop reconnects next. */
  onStreamLost(end: StreamEnd): void;
}

/** Connects, and reconnects after every loss or failure, until the run is over. */
export async function reconnectLoop({
  isCurrent,
  reconnect,
  sleeper,
  setStatus,
  connect,
  onRetry,
  onFatal,
  onStreamLost,
}: ReconnectLoopArgs): Promise<void> {
  let failures = 0;
  let attempts = 0;
  while (isCurrent()) {
    if (attempts > 0) {
      if (reconnect === false) {
        onFatal(new PresenceError('connection-failed', 'Connection lost and reconnection is disabled'));
        return;
      }
      setStatus('reconnecting');
      await sleeper.sleep(backoffDelay(failures, reconnect));
      if (!isCurrent()) return;
    } else {
      setStatus('connecting');
    }
    attempts += 1;
    let stream: XmppStream;
    try {
      stream = await connect();
    } catch (error) {
      if (!isCurrent()) return;
      const failure = asPresenceError(error, 'connection-failed', 'Connection attempt failed');
      if (FATAL.has(failure.code) || reconnect === false) {
        onFatal(failure);
        return;
      }
      onRetry(failure);
      failures += 1;
      continue;
    }
    failures = 0;
    const end = await stream.ended;
    if (!isCurrent()) return;
    onStreamLost(end);
  }
}
