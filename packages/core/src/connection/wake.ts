/**
 * Browser wake-up signals (HTML Living Standard: the Window `online` event and the Document
 * `visibilitychange` event): a page coming back online or to the foreground retries at once instead
 * of sleeping out its backoff, and re-checks a connection that may have died while hidden.
 * `onHidden` (optional) hears every visibility change, and at once if the page starts hidden: it drives
 * XEP-0352 client state indication. A no-op in Node and workers (no `window` / `document`).
 */

type Target = { addEventListener?: unknown; removeEventListener?: unknown; visibilityState?: string };

export function watchWake(onWake: () => void, onHidden?: (hidden: boolean) => void): () => void {
  const { window: win, document: doc } = globalThis as { window?: Target; document?: Target };
  const cleanups: Array<() => void> = [];
  // Never throw into the browser's event dispatch.
  const safe = (fn: () => void) => {
    try {
      fn();
    } catch {
      // swallowed, see above
    }
  };
  const listen = (target: Target | undefined, event: string, fn: () => void) => {
    if (typeof target?.addEventListener !== 'function') return;
    const t = target as unknown as EventTarget;
    t.addEventListener(event, fn);
    cleanups.push(() => t.removeEventListener(event, fn));
  };
  listen(win, 'online', () => safe(onWake));
  listen(doc, 'visibilitychange', () => {
    safe(() => onHidden?.(doc!.visibilityState === 'hidden'));
    if (doc!.visibilityState === 'visible') safe(onWake);
  });
  if (onHidden && doc?.visibilityState === 'hidden' && typeof doc.addEventListener === 'function') onHidden(true);
  return () => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  };
}
