/**
 * Automatic away, with XEP-0319 Last User Interaction in Presence: after `away` ms without user input we
 * send `away` with `<idle since=…/>` (the last input), after `xa` ms more `xa`; on input we go back to what
 * the user chose. It is an overlay (own-presence.ts): it applies over a chosen available or chat only, so a
 * status set by hand (dnd, away, xa) is never overwritten, by going away or by coming back.
 *
 * Idle is shared by all our sessions: the last input anywhere counts. Each session publishes its last input
 * time in the stored own-status item (own-sync.ts) at most once a minute — at once when that input ends an
 * automatic away — and the others take it through the PEP notification. We chose this over reading the
 * other resources' `<idle/>`: a resource without `<idle/>` does not say when its user last typed.
 *
 * Where input comes from is injectable ({@link InputSource}): in browsers {@link documentInput} listens to
 * the page; Node has no default (auto-away is off there unless you give one).
 */
import type { AutoOverlay } from './own-presence.js';

/** Subscribe to user input: call `onInput` on each; return an unsubscribe. */
export type InputSource = (onInput: () => void) => () => void;

/** Defaults: away after 5 minutes without input, xa 30 minutes after that. */
export const AUTO_AWAY_MS = 5 * 60_000;
export const AUTO_XA_MS = 30 * 60_000;
/** Input within this long of the previous one changes nothing worth a timer reset (pointer moves come in floods). */
const INPUT_RESOLUTION_MS = 1000;

const PAGE_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'touchstart', 'wheel'] as const;

/** The page's input (pointer, keys, touch, wheel, and the page becoming visible); undefined without a `document`. */
export function documentInput(): InputSource | undefined {
  const doc = (globalThis as { document?: Document }).document;
  if (typeof doc?.addEventListener !== 'function') return undefined;
  return (onInput) => {
    const onVisible = () => {
      if (doc.visibilityState === 'visible') onInput();
    };
    const options = { capture: true, passive: true };
    for (const event of PAGE_EVENTS) doc.addEventListener(event, onInput, options);
    doc.addEventListener('visibilitychange', onVisible);
    return () => {
      for (const event of PAGE_EVENTS) doc.removeEventListener(event, onInput, options);
      doc.removeEventListener('visibilitychange', onVisible);
    };
  };
}

/** Which overlay `idleMs` of idleness calls for (pure). */
export function overlayFor(idleMs: number, awayMs: number, xaMs: number): AutoOverlay['show'] | undefined {
  if (idleMs >= awayMs + xaMs) return 'xa';
  if (idleMs >= awayMs) return 'away';
  return undefined;
}

/** Dependencies of {@link autoAway}. */
export interface AutoAwayDeps {
  input: InputSource;
  awayMs: number;
  xaMs: number;
  /** Lay the overlay over our presence (or lift it). */
  apply(overlay: AutoOverlay | undefined): void;
  /** This session saw input; `urgent` when it ends an automatic away (share it at once). */
  shareInput(at: Date, urgent: boolean): void;
}

/** The auto-away controller. */
export interface AutoAway {
  /** Listen to input and run the timers; the start counts as input (someone just opened the page). */
  start(): void;
  stop(): void;
  /** Input seen in another session at `at`. */
  sharedInput(at: Date): void;
}

/** Create the controller; nothing runs until {@link AutoAway.start}. */
export function autoAway({ input, awayMs, xaMs, apply, shareInput }: AutoAwayDeps): AutoAway {
  let lastInput = Date.now();
  let level: AutoOverlay['show'] | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let unsubscribe: (() => void) | undefined;

  /** Apply what the idle time calls for and wake up at the next threshold. */
  function review(): void {
    clearTimeout(timer);
    timer = undefined;
    if (!unsubscribe) return;
    const idle = Date.now() - lastInput;
    const next = overlayFor(idle, awayMs, xaMs);
    if (next !== level) {
      level = next;
      apply(next ? { show: next, idleSince: new Date(lastInput) } : undefined);
    }
    const threshold = next === undefined ? awayMs : next === 'away' ? awayMs + xaMs : undefined;
    if (threshold !== undefined) {
      timer = setTimeout(review, threshold - idle);
      // In Node, auto-away must not keep the process alive.
      (timer as { unref?: () => void }).unref?.();
    }
  }

  function onInput(): void {
    const now = Date.now();
    if (now - lastInput < INPUT_RESOLUTION_MS && level === undefined) return;
    const wasIdle = level !== undefined;
    lastInput = now;
    review();
    shareInput(new Date(now), wasIdle);
  }

  return {
    start() {
      if (unsubscribe) return;
      unsubscribe = input(onInput);
      lastInput = Date.now();
      review();
    },
    stop() {
      unsubscribe?.();
      unsubscribe = undefined;
      clearTimeout(timer);
      timer = undefined;
      if (level !== undefined) {
        level = undefined;
        apply(undefined);
      }
    },
    sharedInput(at) {
      if (at.getTime() <= lastInput) return;
      lastInput = Math.min(at.getTime(), Date.now());
      review();
    },
  };
}
