/**
 * Everything for a plain `<script type="module">`: registers every tag and exports the classes,
 * `createPresenceClient` and `setDefaultClient`; clients share one connection among tabs (docs/sharing.md). The
 * chat window, the status picker, the inbox and the notices are separate chunks next to presently.js, loaded the
 * first time a page uses them (`<presently-chat>`, `<presently-status-picker>` or `<presently-inbox>` in the page,
 * a chat button, `openChat()`, `startNotifier()`, or `loadOnUseElements()`): a page with only dots and badges never
 * loads them.
 *
 * @example
 * <script type="module">
 *   import { createPresenceClient, setDefaultClient } from './presently.js';
 * </script>
 */
import './define.js';
import { setSharedWorkerUrl } from '@presently/core';
import type { OpenChatOptions } from './chat/dock.js';
import type { PresentlyChat } from './chat/chat.js';
import type { NotifierOptions, UnreadTitleOptions } from './notices/notices.js';
import type * as Notices from './notices/notices.js';

export * from './api.js';
export type { PresentlyChat } from './chat/chat.js';
export type { PresentlyStatusPicker } from './status-picker/status-picker.js';
export type { OpenChatOptions } from './chat/dock.js';
export type { PresentlyInbox } from './inbox/inbox.js';
export type { NotifierOptions, UnreadTitleOptions, Interruption } from './notices/notices.js';

// Clients of this page share one connection with the other tabs through the worker next to this file (docs/sharing.md).
// Only the built presently.js has it there; run from source (tests, a dev server) every client connects on its own.
if (import.meta.url.split(/[?#]/)[0]!.endsWith('/presently.js')) {
  setSharedWorkerUrl(new URL('./chunks/presently-worker.js', import.meta.url));
}

/** Open (or bring back) the docked chat with `jid` and focus its input; loads the chat chunk on first use. */
export async function openChat(jid: string, options?: OpenChatOptions): Promise<PresentlyChat> {
  return (await import('./chat/dock.js')).openChat(jid, options);
}

/** Run `start` from the notices chunk once it has loaded; the returned function stops it (even before then). */
function startLazily(start: (notices: typeof Notices) => () => void): () => void {
  let stop: (() => void) | undefined;
  let stopped = false;
  import('./notices/notices.js').then(
    (notices) => {
      if (!stopped) stop = start(notices);
    },
    (error: unknown) => console.error('[presently:E002] loading the notices failed', error),
  );
  return () => {
    stopped = true;
    stop?.();
  };
}

/**
 * Show new messages as notices that never take keyboard focus (a system notification while the tab is hidden and
 * the user allowed them); nothing while your own status is `dnd`, except for contacts `isPriority` lets through
 * (default: your own stored priority list, `client.priorityContacts`). Loads the notices chunk; returns a function that stops.
 * @example const stop = startNotifier({ client, isPriority: (jid) => vips.has(jid) });
 */
export function startNotifier(options: NotifierOptions): () => void {
  return startLazily((notices) => notices.startNotifier(options));
}

/**
 * Keep the unread total in `document.title` ("(2) Web mail"); returns a function that stops and restores it.
 * @example keepUnreadInTitle({ client });
 */
export function keepUnreadInTitle(options: UnreadTitleOptions): () => void {
  const base = options.base ?? document.title;
  return startLazily((notices) => notices.keepUnreadInTitle({ ...options, base }));
}
