/**
 * What a client without the full client's extension (the presence-only client, presence-only.ts) answers for the
 * methods that need it: chat states and details are never known, nothing is unread, and what would send or fetch
 * rejects with `unsupported`. compose.ts puts the extension's methods (client.ts) over these.
 */
import type { Conversation } from './conversations.js';
import { PresenceError } from './errors.js';
import { bareJid } from './jid.js';
import type { PresenceClient } from './types.js';
import { callbackOf } from './validate.js';

/** The {@link PresenceClient} methods the full client's extension provides. */
export type ExtensionMethods =
  | 'chatStateOf'
  | 'watchChatState'
  | 'detailsOf'
  | 'watchDetails'
  | 'fetchDetails'
  | 'sendMessage'
  | 'sendChatState'
  | 'history'
  | 'retryMessage'
  | 'conversationOf'
  | 'watchConversation'
  | 'unreadOf'
  | 'watchUnread'
  | 'unreadTotal'
  | 'watchUnreadTotal'
  | 'markRead'
  | 'unreadConversations'
  | 'watchUnreadConversations';

const unsupported = (what: string) =>
  new PresenceError('unsupported', `${what} needs the full client (createPresenceClient); this is a presence-only client`);
const rejects = (what: string) => async (): Promise<never> => {
  throw unsupported(what);
};

/** What the presence-only client answers for per-contact data it never has: validates the JID, knows nothing. */
function nothingKnown(jid: string): undefined {
  bareJid(jid);
  return undefined;
}

/** A watch of per-contact data the presence-only client never has: called once with `undefined`, nothing to undo. */
function watchNothing(jid: string, fn: (value: undefined) => void): () => void {
  bareJid(jid);
  callbackOf(fn)(undefined);
  return () => {};
}

/** A watch of an unread count that stays 0: called once, nothing to undo. */
function watchZero(fn: (count: number) => void): () => void {
  fn(0);
  return () => {};
}

/** The presence-only client's unread list: it has no messages. */
const noConversations: readonly Conversation[] = Object.freeze([]);

/** The extension's methods as a client without it answers them. */
export const presenceOnlyMethods: Pick<PresenceClient, ExtensionMethods> = {
  chatStateOf: nothingKnown,
  watchChatState: watchNothing,
  detailsOf: nothingKnown,
  watchDetails: watchNothing,
  fetchDetails: rejects('fetchDetails'),
  sendMessage: rejects('sendMessage'),
  sendChatState: rejects('sendChatState'),
  history: rejects('history'),
  retryMessage: rejects('retryMessage'),
  conversationOf: () => {
    throw unsupported('conversationOf');
  },
  watchConversation: () => {
    throw unsupported('watchConversation');
  },
  // No messages, so nothing unread.
  unreadOf: (jid) => {
    bareJid(jid);
    return 0;
  },
  watchUnread: (jid, fn) => {
    bareJid(jid);
    return watchZero(callbackOf(fn));
  },
  unreadTotal: () => 0,
  watchUnreadTotal: (fn) => watchZero(callbackOf(fn)),
  markRead: (jid) => {
    bareJid(jid);
  },
  unreadConversations: () => noConversations,
  watchUnreadConversations: (fn) => {
    callbackOf(fn)(noConversations);
    return () => {};
  },
};
