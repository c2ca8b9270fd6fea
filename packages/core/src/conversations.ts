/**
 * The conversation model — one-to-one chat (RFC 6121 §5) as a user sees it, per contact: the last page of
 * archived history (XEP-0313, fetched when something starts watching the conversation while online, and
 * after a reconnect if it could not be fetched), live messages both ways (carbons, XEP-0280, included),
 * each message once (de-duplicated by id across archive, carbons and our own sends), the delivery state of
 * what we send (XEP-0184 receipts) and how many incoming messages are unread. Unread counts follow our other
 * sessions: reading a conversation here tells them (`markDisplayed`, XEP-0333 via chat-markers.ts), and their
 * marker clears it here up to the message they displayed (`displayed`).
 *
 * One keyed store shared by every UI: `<presently-chat>`, the React hooks and any other code only subscribe.
 * Snapshots are frozen plain data (strings, numbers, `Date`s: structured-clone safe) and keep their identity
 * until something in them changes, so `useSyncExternalStore` and `===` comparisons work.
 */
import { lastMarkable, unreadAfter } from './conversations-read.js';
import { PresenceError } from './errors.js';
import { bareJid } from './jid.js';
import type { MirroredStores } from './mirrored-stores.js';
import { createKeyedStore, type KeyedStore } from './store.js';
import type { ChatMessage, Conversation, ConversationEntry, HistoryState } from './types.js';

export type { Conversation, ConversationEntry, Delivery, HistoryState } from './types.js';

/** Lines kept per conversation; older ones leave memory (the server archive still has them). */
export const MAX_CONVERSATION_ENTRIES = 200;
/** Conversations kept; beyond it the least recently active one that nothing watches is forgotten. */
export const MAX_CONVERSATIONS = 256;
/** Archived messages fetched when a conversation is first watched. */
const HISTORY_PAGE = 50;

/** Dependencies of {@link createConversationStore}: how to send, fetch history and tell whether we are online. */
export interface ConversationStoreDeps {
  /**
   * Validate and build an outgoing message, id included (so a receipt or an archive copy is recognised before
   * the send settles). `id`: the caller's choice (`options.id` of `PresenceClient.sendMessage`), else a new
   * one. Throws a `PresenceError` for bad input.
   */
  prepare(to: string, body: string, id?: string): ChatMessage;
  /** Send a prepared message; resolves when the server has it. */
  transmit(message: ChatMessage): Promise<unknown>;
  /** XEP-0313: the last `max` archived messages with `jid`, oldest first. */
  history(jid: string, max: number): Promise<ChatMessage[]>;
  /** True while connected (history is only asked for then). */
  isOnline(): boolean;
  /** Where a throwing watcher is reported. */
  onWatcherError(error: unknown): void;
  /**
   * The user read the conversation with `jid` up to message `id`, the last one of theirs that asked for a
   * marker: tell the contact and our other sessions (XEP-0333). Optional: without it counts are per client.
   */
  markDisplayed?(jid: string, id: string): void;
}

/** The conversations of one client. Feed it with `received`, `receipt`, `bounced` and `online`; read and watch it. */
export interface ConversationStore {
  /** Current snapshot (any JID form; throws `invalid-jid`). Same object until the conversation changes. */
  get(jid: string): Conversation;
  /** Call `fn` now and after every change (batched per microtask); starts the history fetch. Returns an unsubscribe. */
  watch(jid: string, fn: (c: Conversation) => void): () => void;
  /**
   * Send `body` to `to`: the line appears at once as `sending`; resolves with the message once the server has it.
   * `id`: as for {@link ConversationStoreDeps.prepare}.
   */
  send(to: string, body: string, id?: string): Promise<ChatMessage>;
  /** Send a `failed` line again (same message id). Rejects `invalid-argument` when there is no such failed line. */
  retry(jid: string, key: string): Promise<ChatMessage>;
  /** A message event (live or carbon) of the client. */
  received(message: ChatMessage): void;
  /** A receipt event of the client. */
  receipt(receipt: { id: string; from: string }): void;
  /**
   * Our message `id` to `jid` came back as an error (RFC 6120 §8.3: no such account, a server that can't be reached,
   * a policy): its line reads `failed` and can be retried; true then. False when no line we sent has that id (a
   * bounced chat state, receipt or marker), or a receipt said it was delivered (another session of theirs bounced it).
   */
  bounced(jid: string, id: string): boolean;
  /** The client (re)connected: fetch history that is still missing for watched conversations. */
  online(): void;
  /** Unread incoming messages from `jid` (0 when none). */
  unreadOf(jid: string): number;
  /** Like `watch`, for {@link ConversationStore.unreadOf}; called only when the count changes. */
  watchUnread(jid: string, fn: (count: number) => void): () => void;
  /** Unread messages over all conversations. */
  unreadTotal(): number;
  /** Like `watch`, for {@link ConversationStore.unreadTotal}. */
  watchUnreadTotal(fn: (count: number) => void): () => void;
  /** The user has seen the conversation with `jid`: its unread count becomes 0 (and `markDisplayed` tells the others). */
  markRead(jid: string): void;
  /**
   * Another session of ours displayed the conversation with `jid` up to message `id`: only incoming messages
   * after it stay unread. A marker for a message this store does not know is ignored (XEP-0333 §7).
   */
  displayed(jid: string, id: string): void;
  /** The conversations with unread messages, the most recent message first. Same frozen array until one changes. */
  unreadConversations(): readonly Conversation[];
  /** Like `watch`, for {@link ConversationStore.unreadConversations}. */
  watchUnreadConversations(fn: (list: readonly Conversation[]) => void): () => void;
  /** Every store, for diagnostics. */
  readonly stores: Array<KeyedStore<Conversation> | KeyedStore<number> | KeyedStore<readonly Conversation[]>>;
  /**
   * The stores by the view of shared/protocol.ts they answer, for a shared host to mirror (mirrored-stores.ts).
   * @internal
   */
  readonly byView: MirroredStores;
}

/** What the store keeps per contact; snapshots are made from it on demand. */
interface ConversationState {
  jid: string;
  entries: ConversationEntry[];
  /** Message id → its line (one line per id). */
  byId: Map<string, ConversationEntry>;
  history: HistoryState;
  unread: number;
  /** Lines waiting for the server's ack (the state is never forgotten while there are some). */
  sending: number;
  /** The current snapshot, or undefined when the state changed since it was made. */
  snapshot: Conversation | undefined;
}

/** The single key of the total's store and of the unread list's. */
const TOTAL = 'total';
const LIST = 'list';

/** When the newest line of a conversation was written (0 when it has none). */
const lastActivity = (c: Conversation): number => c.entries.at(-1)?.message.timestamp.getTime() ?? 0;

/** Create a {@link ConversationStore}. */
export function createConversationStore(deps: ConversationStoreDeps): ConversationStore {
  const states = new Map<string, ConversationState>();
  const changed = new Set<ConversationState>();
  let publishQueued = false;
  let keys = 0;
  let total = 0;

  const store = createKeyedStore<Conversation>({ fallback: (jid) => snapshotOf(stateOf(jid)), onWatcherError: deps.onWatcherError });
  const unreadStore = createKeyedStore<number>({ fallback: () => 0, onWatcherError: deps.onWatcherError });
  const totalStore = createKeyedStore<number>({ fallback: () => total, onWatcherError: deps.onWatcherError });
  let unreadList: readonly Conversation[] = Object.freeze([]);
  const listStore = createKeyedStore<readonly Conversation[]>({ fallback: () => unreadList, onWatcherError: deps.onWatcherError });

  function snapshotOf(state: ConversationState): Conversation {
    state.snapshot ??= Object.freeze({
      jid: state.jid,
      entries: Object.freeze(state.entries.slice()),
      history: state.history,
      unread: state.unread,
    });
    return state.snapshot;
  }

  /** The state of `jid` (a bare JID), created when missing; the most recently used last. */
  function stateOf(jid: string, active = false): ConversationState {
    let state = states.get(jid);
    if (state && active) {
      // Map order is recency order: the first states are the ones to forget.
      states.delete(jid);
      states.set(jid, state);
    }
    if (state) return state;
    state = { jid, entries: [], byId: new Map(), history: 'none', unread: 0, sending: 0, snapshot: undefined };
    states.set(jid, state);
    if (states.size > MAX_CONVERSATIONS) forgetOne(state);
    return state;
  }

  function forgetOne(keep: ConversationState): void {
    for (const state of states.values()) {
      const { jid } = state;
      if (state === keep || state.sending || store.isWatched(jid) || unreadStore.isWatched(jid)) continue;
      states.delete(jid);
      changed.delete(state);
      store.delete(jid);
      unreadStore.delete(jid);
      if (state.unread) {
        setTotal(total - state.unread);
        publishList();
      }
      return;
    }
  }

  /** Snapshots are rebuilt once per microtask, however many messages arrived: a flood costs O(1) per message. */
  function touch(state: ConversationState): void {
    state.snapshot = undefined;
    changed.add(state);
    if (publishQueued) return;
    publishQueued = true;
    queueMicrotask(publish);
  }

  function publish(): void {
    publishQueued = false;
    let listChanged = false;
    for (const state of changed) {
      listChanged ||= state.unread > 0 || unreadList.some((c) => c.jid === state.jid);
      store.set(state.jid, snapshotOf(state));
      unreadStore.set(state.jid, state.unread);
    }
    changed.clear();
    if (listChanged) publishList();
  }

  /** At most {@link MAX_CONVERSATIONS} states to scan, once per batch of changes that touch an unread one. */
  function publishList(): void {
    const list = [...states.values()].filter((state) => state.unread > 0).map(snapshotOf);
    list.sort((a, b) => lastActivity(b) - lastActivity(a));
    unreadList = Object.freeze(list);
    listStore.set(LIST, unreadList);
  }

  function setTotal(next: number): void {
    total = next;
    totalStore.set(TOTAL, total);
  }

  function setUnread(state: ConversationState, unread: number): void {
    if (state.unread === unread) return;
    setTotal(total - state.unread + unread);
    state.unread = unread;
    touch(state);
  }

  function append(state: ConversationState, entry: ConversationEntry): void {
    state.entries.push(entry);
    state.byId.set(entry.message.id, entry);
    // Trim in batches so a flood costs O(1) per message, amortised.
    if (state.entries.length > MAX_CONVERSATION_ENTRIES + MAX_CONVERSATION_ENTRIES / 4) trim(state);
    touch(state);
  }

  function trim(state: ConversationState): void {
    const excess = state.entries.length - MAX_CONVERSATION_ENTRIES;
    if (excess <= 0) return;
    for (const old of state.entries.splice(0, excess)) state.byId.delete(old.message.id);
  }

  /** Replace the line of message `id` (if still kept) with what `change` makes of it. */
  function update(state: ConversationState, id: string, change: (entry: ConversationEntry) => ConversationEntry): void {
    const entry = state.byId.get(id);
    if (!entry) return;
    const next = change(entry);
    if (next === entry) return;
    const i = state.entries.lastIndexOf(entry);
    if (i !== -1) state.entries[i] = next;
    state.byId.set(id, next);
    touch(state);
  }

  function loadHistory(state: ConversationState): void {
    if (state.history === 'loading' || state.history === 'loaded' || !deps.isOnline()) return;
    state.history = 'loading';
    touch(state);
    let loading: Promise<ChatMessage[]>;
    try {
      loading = deps.history(state.jid, HISTORY_PAGE);
    } catch (e) {
      loading = Promise.reject(e);
    }
    loading.then(
      (messages) => {
        const older = (Array.isArray(messages) ? messages : [])
          .filter((m) => m && typeof m.body === 'string' && typeof m.id === 'string' && !state.byId.has(m.id))
          .slice(-MAX_CONVERSATION_ENTRIES)
          .map((message): ConversationEntry => Object.freeze({ key: nextKey(), message }));
        for (const entry of older) state.byId.set(entry.message.id, entry);
        state.entries = [...older, ...state.entries];
        trim(state);
        state.history = 'loaded';
        touch(state);
      },
      // No archive (or no permission): what arrives live is all there is. Retried on the next watch or login.
      () => {
        state.history = 'unavailable';
        touch(state);
      },
    );
  }

  function nextKey(): string {
    return `c${++keys}`;
  }

  async function transmit(state: ConversationState, message: ChatMessage): Promise<ChatMessage> {
    state.sending++;
    try {
      await deps.transmit(message);
    } catch (e) {
      update(state, message.id, (entry) => (entry.delivery === 'delivered' ? entry : Object.freeze({ ...entry, delivery: 'failed' })));
      throw e;
    } finally {
      state.sending--;
    }
    // A receipt may have come first: `delivered` stays.
    update(state, message.id, (entry) => (entry.delivery === 'sending' ? Object.freeze({ ...entry, delivery: 'sent' }) : entry));
    return message;
  }

  return {
    // From the state, not the store: a change not yet published to watchers is already visible here.
    get: (jid) => snapshotOf(stateOf(bareJid(jid))),
    watch(jid, fn) {
      const bare = bareJid(jid);
      const state = stateOf(bare);
      if (!store.isWatched(bare)) loadHistory(state);
      // The first call gets the current snapshot, even when a change is still waiting to be published.
      store.set(bare, snapshotOf(state));
      return store.watch(bare, fn);
    },

    async send(to, body, id) {
      const message = deps.prepare(to, body, id);
      const state = stateOf(message.to, true);
      append(state, Object.freeze({ key: nextKey(), message, delivery: 'sending' }));
      // Writing in a conversation means having read it.
      setUnread(state, 0);
      return transmit(state, message);
    },

    async retry(jid, key) {
      const state = states.get(bareJid(jid));
      const entry = state?.entries.find((e) => e.key === key);
      if (!state || entry?.delivery !== 'failed') {
        throw new PresenceError('invalid-argument', `No failed message ${JSON.stringify(key)} with ${jid}`);
      }
      const message: ChatMessage = { ...entry.message, timestamp: new Date() };
      update(state, message.id, () => Object.freeze({ key, message, delivery: 'sending' }));
      return transmit(state, message);
    },

    received(message) {
      if (!message || typeof message.body !== 'string' || typeof message.id !== 'string') return;
      const state = stateOf(message.direction === 'in' ? message.from : message.to, true);
      // The same message again: an archive copy, a carbon, or our own send.
      if (state.byId.has(message.id)) return;
      append(state, Object.freeze({ key: nextKey(), message }));
      // What we wrote from another device means we read the conversation there.
      if (message.direction === 'out') setUnread(state, 0);
      else if (!message.archived) setUnread(state, state.unread + 1);
    },

    receipt({ id, from }) {
      const state = states.get(from);
      if (!state) return;
      update(state, id, (entry) =>
        entry.message.direction === 'out' && entry.delivery !== 'failed' && entry.delivery !== 'delivered'
          ? Object.freeze({ ...entry, delivery: 'delivered' })
          : entry,
      );
    },

    bounced(jid, id) {
      const state = states.get(bareJid(jid));
      const entry = state?.byId.get(id);
      if (!state || entry?.message.direction !== 'out' || entry.delivery === 'delivered') return false;
      update(state, id, (line) => Object.freeze({ ...line, delivery: 'failed' }));
      return true;
    },

    online() {
      for (const jid of store.watchedKeys()) loadHistory(stateOf(jid));
    },

    unreadOf: (jid) => states.get(bareJid(jid))?.unread ?? 0,
    watchUnread: (jid, fn) => unreadStore.watch(bareJid(jid), fn),
    unreadTotal: () => total,
    watchUnreadTotal: (fn) => totalStore.watch(TOTAL, fn),
    markRead(jid) {
      const state = states.get(bareJid(jid));
      if (!state?.unread) return;
      setUnread(state, 0);
      const last = lastMarkable(state.entries);
      if (last) deps.markDisplayed?.(state.jid, last.id);
    },
    displayed(jid, id) {
      const state = states.get(bareJid(jid));
      const after = state && unreadAfter(state.entries, state.byId.get(id));
      // Markers only move forward: one for an older message never raises the count.
      if (state && after !== undefined) setUnread(state, Math.min(state.unread, after));
    },
    unreadConversations: () => unreadList,
    watchUnreadConversations: (fn) => listStore.watch(LIST, fn),

    stores: [store, unreadStore, listStore],
    byView: { conversation: store, unread: unreadStore, unreadTotal: totalStore, unreadConversations: listStore },
  };
}
