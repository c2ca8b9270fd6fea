/**
 * Public types of conversations: what a conversation snapshot holds (conversations.ts makes them). Re-exported from
 * types.ts.
 */
import type { ChatMessage } from './messages.js';

/** Where a message we sent stands: `sending` until the server acknowledged it, `delivered` on a receipt. */
export type Delivery = 'sending' | 'sent' | 'delivered' | 'failed';

/** Whether the archived history has been fetched: `unavailable` when the server has none or refused. */
export type HistoryState = 'none' | 'loading' | 'loaded' | 'unavailable';

/** One line of a {@link Conversation}. Frozen; replaced by a new object when its delivery changes. */
export interface ConversationEntry {
  /** Unique within the client; stable for the life of the line (use it as a render key, or for `retryMessage`). */
  readonly key: string;
  readonly message: ChatMessage;
  /** Outgoing messages sent from this client only. */
  readonly delivery?: Delivery;
}

/** Snapshot of the conversation with one contact. Frozen; a new object on every change. */
export interface Conversation {
  /** The contact's bare JID. */
  readonly jid: string;
  /** Oldest first; at most about 200 (`MAX_CONVERSATION_ENTRIES`). */
  readonly entries: readonly ConversationEntry[];
  readonly history: HistoryState;
  /** Incoming live messages since the conversation was last marked read (or we last wrote in it). */
  readonly unread: number;
}
