/**
 * How far a conversation has been read (conversations.ts), in its lines: which message a XEP-0333 `displayed`
 * marker names when the user reads it here, and how many messages stay unread once another session of ours
 * displayed up to a given one (chat-markers.ts).
 */
import type { ConversationEntry } from './conversations.js';
import type { ChatMessage } from './types.js';

/** The newest incoming message that asked for a marker (XEP-0333 `markable`), if one is still kept. */
export function lastMarkable(entries: readonly ConversationEntry[]): ChatMessage | undefined {
  for (let i = entries.length - 1; i >= 0; i--) {
    const { message } = entries[i]!;
    if (message.direction === 'in' && message.markable) return message;
  }
  return undefined;
}

/** Live incoming messages after `entry`: what is still unread once it was displayed; undefined when it is not kept. */
export function unreadAfter(entries: readonly ConversationEntry[], entry: ConversationEntry | undefined): number | undefined {
  const at = entry ? entries.lastIndexOf(entry) : -1;
  if (at === -1) return undefined;
  return entries.slice(at + 1).filter((e) => e.message.direction === 'in' && !e.message.archived).length;
}
