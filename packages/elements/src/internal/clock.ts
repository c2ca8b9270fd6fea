/**
 * One page-wide minute ticker for relative times ("25 min", "last seen 2 h ago", local time).
 * It runs only while something listens, so a page of a thousand badges has one timer, and a
 * page with none has zero.
 */
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;

/** Calls `fn` every minute until the returned function is called. */
export function everyMinute(fn: () => void): () => void {
  listeners.add(fn);
  timer ??= setInterval(() => {
    for (const l of listeners) l();
  }, 60_000);
  return () => {
    listeners.delete(fn);
    if (!listeners.size && timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/** Number of listeners (for tests). */
export function clockListeners(): number {
  return listeners.size;
}

/** True while the ticker runs (for tests). */
export function clockRunning(): boolean {
  return timer !== undefined;
}
