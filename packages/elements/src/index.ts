/**
 * @presently/elements — presence web components. This entry registers nothing: import
 * `@presently/elements/define` (all tags) or a component's `*.define.js` to register tags.
 * @packageDocumentation
 * @module @presently/elements
 */
export * from './api.js';
export { PresentlyChat } from './chat/chat.js';
export { openChat, type OpenChatOptions } from './chat/dock.js';
export { PresentlyStatusPicker } from './status-picker/status-picker.js';
export { PresentlyInbox } from './inbox/inbox.js';
export * from './notices/notices.js';
