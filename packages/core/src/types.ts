/**
 * Public types of @presently/core. See docs/design.md "Core API". The client and its events are here; the types of each
 * area are in types/ (presence, messages, conversations, own presence, options) and re-exported from here, so `./types.js` is the one
 * place to import them from.
 */
import type { PresenceError } from './errors.js';
import type { Conversation } from './types/conversations.js';
import type { ChatMessage, ChatState } from './types/messages.js';
import type { OwnPresence } from './types/own-presence.js';
import type { ContactDetails, Presence, SubscriptionRequest } from './types/presence.js';

export type * from './types/presence.js';
export type * from './types/messages.js';
export type * from './types/conversations.js';
export type * from './types/own-presence.js';
export type * from './types/options.js';

/** Connection status of the client. */
export type ClientStatus = 'offline' | 'connecting' | 'online' | 'reconnecting';

/** What the server offers; see {@link PresenceClient.serverFeatures}. Each list is sorted, without duplicates. */
export interface ServerFeatures {
  /** The server's disco#info `<feature var>`s, e.g. `urn:xmpp:carbons:2`, `urn:xmpp:time`, `jabber:iq:last`, `vcard-temp`. */
  server: string[];
  /** disco#info of our own bare JID: PEP (`http://jabber.org/protocol/pubsub#publish`) and MAM (`urn:xmpp:mam:2`). */
  account: string[];
  /** Namespaces of the stream features offered after sign-in at the last login, e.g. `urn:xmpp:sm:3`, `urn:xmpp:csi:0`. */
  stream: string[];
}

/** Typed events of a {@link PresenceClient}. */
export interface ClientEvents {
  status: (status: ClientStatus) => void;
  message: (message: ChatMessage) => void;
  /** Delivery receipt (XEP-0184) for a message we sent. */
  receipt: (receipt: { id: string; from: string }) => void;
  'subscription-request': (request: SubscriptionRequest) => void;
  /** A non-fatal problem: dropped stanza, flood, failed detail fetch, … */
  error: (error: PresenceError) => void;
  /** Emitted after every (re)login once roster and presence are rebuilt; `resumed` if XEP-0198 resumed the old session. */
  online: (info: { resumed: boolean }) => void;
  /** Emitted when a roster item is added, changed or removed. */
  roster: (jids: string[]) => void;
  /**
   * Our own presence changed: {@link PresenceClient.setPresence}, the end of its `until`, a change made in another
   * of our sessions, or auto-away.
   */
  'own-presence': (presence: OwnPresence) => void;
  /** The priority contacts changed, here or in another of our sessions. */
  'priority-contacts': (jids: readonly string[]) => void;
}

/** Diagnostics the core exposes, e.g. for tests and the bench. */
export interface ClientDiagnostics {
  /** Number of JIDs that currently have at least one watcher. */
  watchedJids: number;
  /** Total number of watch callbacks registered. */
  watchers: number;
  /** Number of JIDs the store holds. */
  storedJids: number;
  /** Messages waiting in the outbox. */
  outbox: number;
  /** Connection attempts made since creation. */
  connectAttempts: number;
}

/** The headless presence client. */
export interface PresenceClient {
  /** Connection status; see the `status` event. */
  readonly status: ClientStatus;
  /** Our own full JID once bound, else the bare JID given. */
  readonly jid: string;
  /** Connect; resolves once online with the roster fetched, initial presence sent and the initial presence burst over. */
  start(): Promise<void>;
  /** Disconnect cleanly; every contact reads `unknown` at once. */
  stop(): Promise<void>;
  /** Listen to an event; a listener that throws is reported as an `error` event. */
  on<E extends keyof ClientEvents>(event: E, fn: ClientEvents[E]): this;
  /** Stop listening. */
  off<E extends keyof ClientEvents>(event: E, fn: ClientEvents[E]): this;
  /** Listen to the next occurrence only. */
  once<E extends keyof ClientEvents>(event: E, fn: ClientEvents[E]): this;

  /**
   * Current snapshot of a contact (any JID form; the resource is ignored). Never undefined; throws `invalid-jid`.
   * Our own JID reads what we set with {@link PresenceClient.setPresence} while connected, else `unknown`.
   */
  presenceOf(jid: string): Presence;
  /**
   * Call `fn` at once with the current snapshot, then once per change (changes are batched per
   * microtask, so a burst of stanzas calls it once with the final value). Returns an idempotent unsubscribe.
   * Throws `invalid-jid`.
   */
  watch(jid: string, fn: (p: Presence) => void): () => void;
  /** XEP-0085 state of a contact's conversation with us; `composing` lapses after `composingTimeoutMs`. Throws `invalid-jid`. */
  chatStateOf(jid: string): ChatState | undefined;
  /** Like {@link PresenceClient.watch}, for the chat state. */
  watchChatState(jid: string, fn: (s: ChatState | undefined) => void): () => void;
  /** Bare JIDs in the roster. */
  roster(): string[];

  /**
   * Set our own presence (sent now when online, else as initial presence at the next login). Each call
   * replaces show/status/idle/until; priority is kept until set again. With `until`, the status ends at
   * that time: the client returns to available with no text. Emits `own-presence`. Rejects `invalid-argument`.
   * Stored on the server (a private PEP node) and adopted by your other sessions; a storage failure is reported
   * as an `error` event with code `storage-failed` and the presence is sent anyway.
   *
   * @example
   * await client.setPresence({ show: 'dnd', status: 'Focus time', until: new Date(Date.now() + 3_600_000) });
   */
  setPresence(p: OwnPresence): Promise<void>;
  /**
   * Our own current presence as others see it: as last set here or in another of our sessions (`until` included),
   * available once its `until` has passed, and `away`/`xa` with `idleSince` while auto-away applies.
   */
  readonly ownPresence: OwnPresence;
  /**
   * Contacts (bare JIDs) who may interrupt you while you are `dnd`: stored with your own status, shared by your
   * sessions. Empty until set.
   */
  readonly priorityContacts: readonly string[];
  /**
   * Replace {@link PresenceClient.priorityContacts} (stored on the server; emits `priority-contacts`). Rejects
   * `invalid-jid` or `invalid-argument` (not an array, over 100) and changes nothing.
   *
   * @example
   * await client.setPriorityContacts(['boss@example.com']);
   */
  setPriorityContacts(jids: readonly string[]): Promise<void>;
  /**
   * Send a chat message with a XEP-0184 receipt request. It appears at once in {@link PresenceClient.conversationOf}
   * as `sending`. Resolves with the sent message (its `id` matches the later `receipt` event) when the server
   * acknowledged it; while the connection is down it waits in the outbox.
   *
   * Errors (the same contract as {@link PresenceClient.sendChatState}): never thrown, always a rejected promise with
   * a {@link PresenceError}: `invalid-jid`, `invalid-argument` (empty body, or over 10 000 characters, or a bad
   * `id`) and nothing sent; `not-connected` when the client is not started or was stopped; `flood` when the outbox
   * is full.
   *
   * `options.id`: the message's id (also sent as its XEP-0359 origin-id) when you choose it, 1 to 128 characters:
   * a send repeated with the same id is recognisable as the same message by its receivers. Default: a random one.
   */
  sendMessage(to: string, body: string, options?: { id?: string }): Promise<ChatMessage>;
  /**
   * Send a XEP-0085 chat state. Never queued: typing notifications are worthless late, so while the connection is
   * down (or when it drops while sending) the state is dropped and the promise resolves.
   *
   * Errors (the same contract as {@link PresenceClient.sendMessage}): never thrown, always a rejected promise with a
   * {@link PresenceError}: `invalid-jid`, `invalid-argument` (an unknown state) and nothing sent; `not-connected`
   * when the client is not started or was stopped.
   *
   * @example
   * client.sendChatState('bob@example.com', 'composing').catch(() => {}); // typing hints are best effort
   */
  sendChatState(to: string, state: ChatState): Promise<void>;
  /** XEP-0313: recent archived messages with a contact, oldest first. */
  history(jid: string, options?: { max?: number }): Promise<ChatMessage[]>;

  /**
   * The conversation with a contact (conversations.ts): archived history, live messages both ways, each once,
   * with the delivery state of what this client sent and the unread count. The same frozen object until
   * something in it changes. Throws `invalid-jid`; `unsupported` on a presence-only client.
   */
  conversationOf(jid: string): Conversation;
  /**
   * Like {@link PresenceClient.watch}, for {@link PresenceClient.conversationOf}. Watching while online fetches
   * the last 50 archived messages (XEP-0313) once; a sent message appears at once as `sending`.
   *
   * @example
   * const stop = client.watchConversation('bob@example.com', (c) => render(c.entries));
   */
  watchConversation(jid: string, fn: (c: Conversation) => void): () => void;
  /** Send a conversation line whose delivery is `failed` again (same message id). Rejects `invalid-argument` if there is none. */
  retryMessage(jid: string, key: string): Promise<ChatMessage>;
  /**
   * Incoming messages from `jid` not yet read: since {@link PresenceClient.markRead} or our last message to them, here
   * or in another of our sessions (XEP-0333 displayed markers through XEP-0280 carbons, for messages that ask for
   * markers from contacts who see our presence; otherwise per client).
   */
  unreadOf(jid: string): number;
  /** Like {@link PresenceClient.watch}, for {@link PresenceClient.unreadOf}. */
  watchUnread(jid: string, fn: (count: number) => void): () => void;
  /** Unread messages over all conversations. */
  unreadTotal(): number;
  /** Like {@link PresenceClient.watch}, for {@link PresenceClient.unreadTotal}. */
  watchUnreadTotal(fn: (count: number) => void): () => void;
  /**
   * The user has seen the conversation with `jid` (a chat showing it calls this): its unread count becomes 0, and
   * a XEP-0333 `displayed` marker tells the contact and our other sessions, which clear it too.
   */
  markRead(jid: string): void;
  /**
   * The conversations with unread messages, the most recent first (what `<presently-inbox>` lists). The same
   * frozen array until one of them changes; empty on a presence-only client.
   */
  unreadConversations(): readonly Conversation[];
  /** Like {@link PresenceClient.watch}, for {@link PresenceClient.unreadConversations}. */
  watchUnreadConversations(fn: (list: readonly Conversation[]) => void): () => void;

  /** Ask to see a contact's presence; they read `unknown` (with `pending`) until they approve. */
  requestSubscription(jid: string): Promise<void>;
  /** Let a requester see our presence (requests are never approved automatically). */
  approveSubscription(jid: string): Promise<void>;
  /** Refuse a request, or revoke an approval. */
  denySubscription(jid: string): Promise<void>;

  /** Fetch (or return cached) IQ details for a contact something is showing. */
  fetchDetails(jid: string, what?: Array<'lastSeen' | 'time' | 'vcard'>): Promise<ContactDetails>;
  /** Cached details, if any; never fetches. */
  detailsOf(jid: string): ContactDetails | undefined;
  /** Called at once with current details (possibly undefined) and on every change; fetches on first watch. */
  watchDetails(jid: string, fn: (d: ContactDetails | undefined) => void): () => void;

  /** XEP-0352: tell the server we're in the background (true) or foreground. */
  setInactive(inactive: boolean): void;

  /**
   * What the server offers (XEP-0030 disco#info of the server and of our account, plus the stream features
   * of the last login). Rejects `not-connected` while offline, `timeout` when the server does not answer.
   *
   * @example
   * const { server, stream } = await client.serverFeatures();
   * if (!server.includes('urn:xmpp:carbons:2')) console.warn('messages reach only this device');
   * if (!stream.includes('urn:xmpp:sm:3')) console.warn('no stream management: reconnects start over');
   */
  serverFeatures(): Promise<ServerFeatures>;

  /** Counts for tests and the bench. */
  readonly diagnostics: ClientDiagnostics;
}
