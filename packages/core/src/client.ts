/**
 * The full presence client: the presence core (compose.ts) plus chat states (XEP-0085), messages with
 * receipts (XEP-0184), carbons (XEP-0280) and history (XEP-0313) gathered into conversations
 * (conversations.ts) whose unread counts follow our other sessions (XEP-0333, chat-markers.ts), and contact details (XEP-0012, XEP-0202,
 * vCard). See docs/design.md "Core API" for the contract; presence-only.ts is the light variant.
 */
import type { Archive } from './archive.js';
import { carbons } from './carbons.js';
import { chatMarkers } from './chat-markers.js';
import { chatStates } from './chat-states.js';
import { createConversationStore } from './conversations.js';
import { composeClient, type ClientInternals, type Extension } from './compose.js';
import { createConnection } from './connection/index.js';
import type { Connection } from './connection/types.js';
import { details } from './details.js';
import { bareJid } from './jid.js';
import { messages } from './messages.js';
import { receipts } from './receipts.js';
import { sharesPresence } from './roster.js';
import { createKeyedStore } from './store.js';
import type { ChatState, ClientOptions, ContactDetails, PresenceClient } from './types.js';
import { NS_CHAT_STATES, NS_MAM, NS_RECEIPTS } from './namespaces.js';
import { sharedClient } from './shared/connect.js';
import { endsWithPage } from './page-unload.js';
import { callbackOf, validateOptions } from './validate.js';

export type { ClientInternals } from './compose.js';

/** Chat states, messages, receipts, carbons, archive and details on top of the presence core. */
export const conversations: Extension = ({
  connection,
  options,
  internals,
  ownJid,
  emitter,
  emitError,
  onWatcherError,
  presenceStore,
  roster,
  presence,
}) => {
  const chatStore = createKeyedStore<ChatState | undefined>({ fallback: () => undefined, onWatcherError });
  const detailsStore = createKeyedStore<ContactDetails | undefined>({ fallback: () => undefined, onWatcherError });
  const contactDetails = details({
    connection,
    store: detailsStore,
    presenceOf: (jid) => presenceStore.get(jid),
    resourcesOf: (jid) => presence.availableResources(jid),
    onChange: (jid) => presence.refresh(jid),
    emitError,
    timeoutMs: internals.detailsTimeoutMs,
  });
  // Details are fetched for the JIDs something shows: from when one gains its first watcher.
  detailsStore.onWatchChange((jid, watched) => {
    if (watched) contactDetails.watched(jid);
  });
  const chatStateTracker = chatStates({
    connection,
    store: chatStore,
    isContact: (jid) => roster.has(jid) || chatStore.isWatched(jid) || presenceStore.isWatched(jid),
    composingTimeoutMs: options.composingTimeoutMs,
  });
  const carbonCopies = carbons({ connection, ownJid, emitError });
  // XEP-0313 history is asked for only when a chat window opens: its code loads then (a chunk of its own in
  // presently.js). Until a query runs, an archive result can only be unsolicited, and is dropped as before.
  let loadedArchive: Archive | undefined;
  const loadArchive = async () => (loadedArchive ??= (await import('./archive.js')).archive({ connection, ownJid }));
  const archiveGate: Archive = {
    history: async (jid, max) => (await loadArchive()).history(jid, max),
    handle: (stanza) => (loadedArchive ? loadedArchive.handle(stanza) : stanza.getChild('result', NS_MAM) !== undefined),
  };
  const deliveryReceipts = receipts({
    connection,
    mayAnswer: (jid) => sharesPresence(roster.get(jid)),
    onReceipt: (receipt) => emitter.emit('receipt', receipt),
  });
  const markers = chatMarkers({ connection, mayMark: (jid) => sharesPresence(roster.get(jid)) });
  // Forward references: a marker carbon or a bounce can only arrive once the store below exists (messages come from the socket).
  let onDisplayed: (marker: { jid: string; id: string }) => void = () => {};
  let onBounced: (bounce: { jid: string; id: string }) => boolean = () => false;
  const chatMessages = messages({
    connection,
    ownJid,
    carbons: carbonCopies,
    archive: archiveGate,
    receipts: deliveryReceipts,
    chatStates: chatStateTracker,
    markers,
    emitError,
    onMessage: (message) => emitter.emit('message', message),
    onDisplayed: (marker) => onDisplayed(marker),
    onBounced: (bounce) => onBounced(bounce),
  });
  const conversationStore = createConversationStore({
    prepare: chatMessages.prepare,
    transmit: chatMessages.transmit,
    history: archiveGate.history,
    isOnline: () => connection.status === 'online',
    onWatcherError,
    markDisplayed: markers.displayed,
  });
  onDisplayed = ({ jid, id }) => conversationStore.displayed(jid, id);
  onBounced = ({ jid, id }) => conversationStore.bounced(jid, id);
  // Subscribed before any caller can listen, so a 'message' or 'receipt' listener reading the conversation sees it.
  emitter.on('message', conversationStore.received);
  emitter.on('receipt', conversationStore.receipt);
  emitter.on('online', conversationStore.online);

  return {
    api: {
      chatStateOf: (jid) => chatStore.get(bareJid(jid)),
      watchChatState: (jid, fn) => chatStore.watch(bareJid(jid), callbackOf(fn)),
      sendMessage: (to, body, options) => conversationStore.send(to, body, options?.id),
      retryMessage: (jid, key) => conversationStore.retry(jid, key),
      conversationOf: (jid) => conversationStore.get(jid),
      watchConversation: (jid, fn) => conversationStore.watch(jid, callbackOf(fn)),
      unreadOf: (jid) => conversationStore.unreadOf(jid),
      watchUnread: (jid, fn) => conversationStore.watchUnread(jid, callbackOf(fn)),
      unreadTotal: () => conversationStore.unreadTotal(),
      watchUnreadTotal: (fn) => conversationStore.watchUnreadTotal(callbackOf(fn)),
      markRead: (jid) => conversationStore.markRead(jid),
      unreadConversations: () => conversationStore.unreadConversations(),
      watchUnreadConversations: (fn) => conversationStore.watchUnreadConversations(callbackOf(fn)),
      sendChatState: (to, state) => chatStateTracker.send(to, state),
      history: (jid, opts) => archiveGate.history(jid, opts?.max),
      fetchDetails: (jid, what) => contactDetails.fetch(jid, what),
      detailsOf: (jid) => contactDetails.get(bareJid(jid)),
      watchDetails: (jid, fn) => detailsStore.watch(bareJid(jid), callbackOf(fn)),
    },
    message: (stanza, from) => chatMessages.handle(stanza, from),
    contactGone: (jid) => chatStateTracker.clear(jid),
    presenceChanged: (jid, prev, next) => contactDetails.presenceChanged(jid, prev, next),
    details: (jid) => detailsStore.get(jid),
    carbons: carbonCopies,
    clear: () => chatStateTracker.clearAll(),
    stores: [chatStore, detailsStore, ...conversationStore.stores],
    mirrored: { chatState: chatStore, details: detailsStore, ...conversationStore.byView },
    features: [NS_CHAT_STATES, NS_RECEIPTS],
  };
};

/** Build the full client around an existing {@link Connection} (the real one, or a fake in tests). */
export function createClientWith(connection: Connection, options: ClientOptions, internals: ClientInternals = {}): PresenceClient {
  return composeClient({ connection, options, internals, extension: conversations });
}

/**
 * Create a presence client. In a browser that can (SharedWorker, and the worker script known: presently.js knows
 * it, else `setSharedWorkerUrl`), all same-origin pages with the same `service` and `jid` share one connection
 * through a shared worker, unless `shared: false`; the API is the same either way (docs/sharing.md). Validates the
 * options at once (an invalid `jid` throws `PresenceError('invalid-jid')`); nothing connects until
 * {@link PresenceClient.start}.
 *
 * @example
 * const client = createPresenceClient({ service: 'wss://chat.example.com/xmpp-websocket', jid: 'alice@example.com', password });
 * await client.start();
 * client.watch('bob@example.com', (p) => console.log(p.show, p.status));
 */
export function createPresenceClient(options: ClientOptions): PresenceClient {
  validateOptions(options);
  return sharedClient(options, createPrivateClient) ?? endsWithPage(createPrivateClient(options));
}

/** A client with a connection of its own (`shared: false`, Node, or where sharing is impossible). */
function createPrivateClient(options: ClientOptions): PresenceClient {
  return createClientWith(createConnection(options), options);
}
