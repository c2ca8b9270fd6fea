/**
 * @presently/react — React components for every Presently element and hooks over the client's store.
 * Importing it registers the elements' tags and brings the JSX types of the raw tags.
 * @packageDocumentation
 */
import './jsx.js';

export {
  PresentlyBadge,
  PresentlyChat,
  PresentlyChatButton,
  PresentlyClient,
  PresentlyDot,
  PresentlyStatusPicker,
  PresentlyTyping,
} from './components.js';
export { PresenceClientProvider, usePresence, useChatState, usePresenceClient, type PresenceClientProviderProps } from './hooks.js';
export { watchedValue, type WatchedValue } from './watched-value.js';
