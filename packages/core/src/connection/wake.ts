/**
 * Browser wake-up signals (HTML Living Standard: the Window `online` event and the Document
 * `visibilitychange` event): a page coming back online or to the foreground retries at once instead
 * of sleeping out its backoff, and re-checks a connection that may have died while hidden.
 * `onHidden` (optional) hears every visibility change, and at once if the page starts hidden: it drives
 * XEP-0352 client state indication. A no-op in Node and workers (no `window` / `document`).
 */

export function watchWake(onWake: () => void, onHidden?: (hidden: boolean) => void): () => void {
  const win = (globalThis as { window?: { addEventListener?: unknown; removeEventListener?: unknown } }).window;
  const doc = (globalThis as { document?: { visibilityState?: string; addEventListener?: unknown; removeEventListener?: unknown } }).document;
  const cleanups: Array<() => void> = [];
  const safeWake = () => {
    try {
      onWake();
    } catch {
      // never throw into the browser's event dispatch
    }
  };
  if (win && typeof win.addEventListener === 'function') {
    const w = win as unknown as Window;
    w.addEventListener('online', safeWake);
    cleanups.push(() => w.removeEventListener('online', safeWake));
  }
  if (doc && typeof doc.addEventListener === 'function') {
    const d = doc as unknown as Document;
    const onVisibility = () => {
      const hidden = d.visibilityState === 'hidden';
      try {
        onHidden?.(hidden);
      } catch {
        // never throw into the browser's event dispatch
      }
      if (d.visibilityState === 'visible') safeWake();
    };
    if (onHidden && d.visibilityState === 'hidden') onHidden(true);
    d.addEventListener('visibilitychange', onVisibility);
    cleanups.push(() => d.removeEventListener('visibilitychange', onVisibility));
  }
  return () => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  };
}
