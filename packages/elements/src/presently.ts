/**
 * Everything for a plain `<script type="module">`: registers every tag and exports the classes,
 * `createPresenceClient` and `setDefaultClient`; clients share one connection among tabs (docs/sharing.md). The
 * chat window and the status picker are separate chunks next to presently.js, loaded the first time a page uses
 * them (`<presently-chat>`/`<presently-status-picker>` in the page, a chat button, `openChat()`, or
 * `loadOnUseElements()`): a page with only dots and badges never loads them.
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

export * from './api.js';
export type { PresentlyChat } from './chat/chat.js';
export type { PresentlyStatusPicker } from './status-picker/status-picker.js';
export type { OpenChatOptions } from './chat/dock.js';

// Clients of this page share one connection with the other tabs through the worker next to this file (docs/sharing.md).
// Only the built presently.js has it there; run from source (tests, a dev server) every client connects on its own.
if (import.meta.url.split(/[?#]/)[0]!.endsWith('/presently.js')) {
  setSharedWorkerUrl(new URL('./chunks/presently-worker.js', import.meta.url));
}

/** Open (or bring back) the docked chat with `jid` and focus its input; loads the chat chunk on first use. */
export async function openChat(jid: string, options?: OpenChatOptions): Promise<PresentlyChat> {
  return (await import('./chat/dock.js')).openChat(jid, options);
}
