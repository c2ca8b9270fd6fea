/**
 * @presently/react — React components for every Presently element and hooks over the client's store.
 * Importing it registers the elements' tags and brings the JSX types of the raw tags.
 * @packageDocumentation
 * @module @presently/react
 */
import './jsx.js';

export {
  PresentlyBadge,
  PresentlyChat,
  PresentlyChatButton,
  PresentlyClient,
  PresentlyDot,
  PresentlyInbox,
  PresentlyStatusPicker,
  PresentlyTyping,
} from './components.js';
export {
  PresenceClientProvider,
  usePresence,
  useChatState,
  useOwnPresence,
  useUnread,
  useUnreadTotal,
  usePresenceClient,
  type PresenceClientProviderProps,
} from './hooks.js';
export { watchedValue, type WatchedValue } from './watched-value.js';
// What an app needs from core, so `npm install @presently/react` is enough (the same module the elements use).
export { createPresenceClient, isValidJid, PresenceError } from '@presently/core';
export type { ChatState, ClientOptions, OwnPresence, OwnShow, Presence, PresenceClient, Show } from '@presently/core';
