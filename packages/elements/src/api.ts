/**
 * The exports `index.ts` (npm) and `presently.js` share: everything but the chat window and the status picker,
 * which presently.js loads on first use (index.ts exports their classes; presently.js only their types).
 * Core's factories and types are re-exported, so a page imports everything from one package, one copy.
 */
import './tags.js';

export { PresentlyClient, credentialsFrom } from './client/client.js';
export { PresentlyClientBase } from './client/client-base.js';
export { PresentlyPresenceOnlyClient } from './client/presence-only-client.js';
export { PresentlyDot, type DotSize } from './dot/dot.js';
export { PresentlyBadge, type BadgeLayout } from './badge/badge.js';
export { PresentlyTyping } from './typing/typing.js';
export { PresentlyChatButton } from './chat-button/chat-button.js';

export { ClientController, type ClientHost } from './controllers/client-controller.js';
export { PresenceController } from './controllers/presence-controller.js';
export { ChatStateController } from './controllers/chat-state-controller.js';
export { UnreadController } from './controllers/unread-controller.js';
export { DetailsController } from './controllers/details-controller.js';
export { ClockController } from './controllers/clock-controller.js';
export { WatchController, type WatchSource } from './controllers/watch-controller.js';

export { clientContext, setDefaultClient, getDefaultClient } from './context.js';
export { strings, setStrings, type Strings, type StringsOverride, type DisplayShow, type ClearAfter } from './strings.js';
export { setLocale, registerLocale, availableLocales, type LocaleStrings } from './locale.js';
export { shapeOf, type Shape } from './dot/shapes.js';
export { defineElement } from './internal/define-element.js';
export type { PresentlyTags, ElementProps } from './tags.js';
export { loadOnUseElements } from './internal/define-on-use.js';
export type { PresentlyErrorDetail, PresentlyChatDetail, PresentlyEventMap } from './internal/events.js';

export { createPresenceClient, createPresenceOnlyClient, PresenceError, isPresenceError, bareJid, isValidJid } from '@presently/core';
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
