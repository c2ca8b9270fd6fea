/**
 * @presently/core — headless presence client over standard XMPP.
 * @packageDocumentation
 * @module @presently/core
 */
export { PresenceError, ErrorCode, isPresenceError } from './errors.js';
export { parseJid, bareJid, isValidJid } from './jid.js';
export type { ParsedJid } from './jid.js';
export type * from './types.js';
export { createPresenceClient } from './client.js';
export { setSharedWorkerUrl } from './shared/connect.js';
export { createPresenceOnlyClient } from './presence-only.js';
export { createConversationStore, MAX_CONVERSATION_ENTRIES, MAX_CONVERSATIONS } from './conversations.js';
export type { Conversation, ConversationEntry, ConversationStore, ConversationStoreDeps, Delivery, HistoryState } from './conversations.js';
export type { InputSource } from './auto-away.js';
