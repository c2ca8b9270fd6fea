/**
 * Everything for a plain `<script type="module">`: registers every tag and exports the classes,
 * `createPresenceClient` and `setDefaultClient`. The chat window and the status picker are separate chunks next
 * to presently.js, loaded the first time a page uses them (`<presently-chat>`/`<presently-status-picker>` in the
 * page, a chat button, `openChat()`, or `loadOnUseElements()`): a page with only dots and badges never loads them.
 *
 * @example
 * <script type="module">
 *   import { createPresenceClient, setDefaultClient } from './presently.js';
 * </script>
 */
import './define.js';
import type { OpenChatOptions } from './chat/dock.js';
import type { PresentlyChat } from './chat/chat.js';

export { PresentlyClient, credentialsFrom } from './client/client.js';
export { PresentlyClientBase } from './client/client-base.js';
export { PresentlyPresenceOnlyClient } from './client/presence-only-client.js';
export { PresentlyDot, type DotSize } from './dot/dot.js';
export { PresentlyBadge, type BadgeLayout } from './badge/badge.js';
export { PresentlyTyping } from './typing/typing.js';
export { PresentlyChatButton } from './chat-button/chat-button.js';
export type { PresentlyChat } from './chat/chat.js';
export type { PresentlyStatusPicker } from './status-picker/status-picker.js';
export type { OpenChatOptions } from './chat/dock.js';
export { ClientController, type ClientHost } from './controllers/client-controller.js';
export { PresenceController } from './controllers/presence-controller.js';
export { ChatStateController } from './controllers/chat-state-controller.js';
export { DetailsController } from './controllers/details-controller.js';
export { ClockController } from './controllers/clock-controller.js';
export { WatchController, type WatchSource } from './controllers/watch-controller.js';
export { clientContext, setDefaultClient, getDefaultClient } from './context.js';
export { strings, setStrings, type Strings, type StringsOverride, type DisplayShow, type ClearAfter } from './strings.js';
export { shapeOf, type Shape } from './dot/shapes.js';
export { defineElement } from './internal/define-element.js';
export { loadOnUseElements } from './internal/define-on-use.js';
export type { PresentlyErrorDetail, PresentlyChatDetail, PresentlyEventMap } from './internal/events.js';

/** Open (or bring back) the docked chat with `jid` and focus its input; loads the chat chunk on first use. */
export async function openChat(jid: string, options?: OpenChatOptions): Promise<PresentlyChat> {
  return (await import('./chat/dock.js')).openChat(jid, options);
}
export { createPresenceClient, PresenceError, isPresenceError, bareJid, isValidJid } from '@presently/core';
export type {
  PresenceClient,
  Presence,
  Show,
  OwnShow,
  OwnPresence,
  ChatState,
  ChatMessage,
  ClientOptions,
  ClientStatus,
  ClientEvents,
  ContactDetails,
  ClientDiagnostics,
} from '@presently/core';
