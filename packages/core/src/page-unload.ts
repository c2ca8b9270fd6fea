/**
 * A page being unloaded (HTML Living Standard: the Window `pagehide` event, when the page is not kept in the
 * back/forward cache): the tab closed, reloaded or navigated away. A session that ends then, politely, is over for
 * everyone at once; one whose socket the browser just drops waits on the server for a XEP-0198 resumption no one
 * will make (Prosody: 10 minutes by default), and colleagues see us online all that while (docs/sharing.md).
 * Listeners run synchronously in the event, so what they write to a WebSocket still leaves the page.
 */

import type { PresenceClient } from './types.js';

type Target = { addEventListener?: unknown; removeEventListener?: unknown };

/** Calls `fn` when this page is being unloaded; returns the way to stop listening. A no-op outside a window. */
export function onPageUnload(fn: () => void): () => void {
  const win = (globalThis as { window?: Target }).window;
  if (typeof win?.addEventListener !== 'function') return () => {};
  const target = win as unknown as EventTarget;
  const listener = (event: Event) => {
    if ((event as PageTransitionEvent).persisted) return;
    try {
      fn();
    } catch {
      // Never throw into the browser's event dispatch.
    }
  };
  target.addEventListener('pagehide', listener);
  return () => target.removeEventListener('pagehide', listener);
}

/** A client of this page alone ends its session when the page is unloaded, not when the server gives up on it. */
export function endsWithPage(client: PresenceClient): PresenceClient {
  onPageUnload(() => void client.stop().catch(() => {}));
  return client;
}
