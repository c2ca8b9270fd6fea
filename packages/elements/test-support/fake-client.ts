/**
 * A PresenceClient without a network for element tests. Like the real store it keeps one
 * subscription per JID however many watchers it has (see `diagnostics.watchedJids` and
 * `subscriptionsOpened`), validates JIDs the same way, and calls watchers at once.
 * Conversations are core's real conversation model, fed by this fake's sends, history, messages and receipts.
 */
import { bareJid, createConversationStore, PresenceError } from '@presently/core';
import type {
  ServerFeatures,
  ChatMessage,
  ChatState,
  ClientDiagnostics,
  ClientEvents,
  ClientStatus,
  ContactDetails,
  Conversation,
  OwnPresence,
  Presence,
  PresenceClient,
} from '@presently/core';

type Listener<T> = (value: T) => void;

class Topic<T> {
  readonly watchers = new Map<string, Set<Listener<T>>>();
  readonly values = new Map<string, T>();
  opened = 0;

  constructor(private readonly initial: (jid: string) => T) {}

  get(jid: string): T {
    return this.values.has(jid) ? (this.values.get(jid) as T) : this.initial(jid);
  }

  watch(jid: string, fn: Listener<T>): () => void {
    let set = this.watchers.get(jid);
    if (!set) {
      set = new Set();
      this.watchers.set(jid, set);
      this.opened++;
    }
    set.add(fn);
    fn(this.get(jid));
    return () => {
      set.delete(fn);
      if (!set.size) this.watchers.delete(jid);
    };
  }

  set(jid: string, value: T): void {
    this.values.set(jid, value);
    for (const fn of this.watchers.get(jid) ?? []) fn(value);
  }

  get count(): number {
    let n = 0;
    for (const s of this.watchers.values()) n += s.size;
    return n;
  }
}

export class FakeClient implements PresenceClient {
  status: ClientStatus = 'online';
  jid = 'alice@example.com/fake';
  ownPresence: OwnPresence = { show: 'available' };
  priorityContacts: readonly string[] = [];

  /** Messages passed to sendMessage, in order. */
  readonly sent: Array<{ to: string; body: string }> = [];
  /** Chat states passed to sendChatState, in order. */
  readonly chatStatesSent: Array<{ to: string; state: ChatState }> = [];
  /** Arguments of every setPresence call. */
  readonly presenceSet: OwnPresence[] = [];
  /** Override to make sends fail or hang. */
  sendMessageImpl?: (to: string, body: string) => Promise<ChatMessage>;
  /** Archived messages per JID; undefined = history() rejects like a server without MAM. */
  archive?: Record<string, ChatMessage[]>;
  started = 0;
  stopped = 0;

  private readonly presences = new Topic<Presence>((jid) => ({ jid, show: 'unknown', resources: [] }));
  private readonly chatStates = new Topic<ChatState | undefined>(() => undefined);
  private readonly details = new Topic<ContactDetails | undefined>(() => undefined);
  private readonly listeners = new Map<string, Set<(...args: unknown[]) => void>>();
  private nextId = 0;
  private readonly conversations = createConversationStore({
    prepare: (to, body) => {
      // Core's limits (messages.ts), with core's error.
      if (typeof body !== 'string' || !body.trim()) throw new PresenceError('invalid-argument', 'Message body is empty');
      if (body.length > 10_000) throw new PresenceError('invalid-argument', 'Message body is longer than 10000 characters');
      return { id: `out-${++this.nextId}`, from: 'alice@example.com', to: bareJid(to), body, timestamp: new Date(), direction: 'out' };
    },
    transmit: async (m) => {
      this.sent.push({ to: m.to, body: m.body });
      if (this.sendMessageImpl) await this.sendMessageImpl(m.to, m.body);
    },
    history: (jid) => this.history(jid),
    isOnline: () => this.status === 'online',
    onWatcherError: (e) => {
      throw e;
    },
  });

  // --- PresenceClient -------------------------------------------------------
  async start(): Promise<void> {
    this.started++;
    this.setStatus('online');
  }
  async stop(): Promise<void> {
    this.stopped++;
    this.setStatus('offline');
  }
  on<E extends keyof ClientEvents>(event: E, fn: ClientEvents[E]): this {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(fn as (...args: unknown[]) => void);
    return this;
  }
  off<E extends keyof ClientEvents>(event: E, fn: ClientEvents[E]): this {
    this.listeners.get(event)?.delete(fn as (...args: unknown[]) => void);
    return this;
  }
  once<E extends keyof ClientEvents>(event: E, fn: ClientEvents[E]): this {
    const wrapped = ((...args: unknown[]) => {
      this.off(event, wrapped);
      (fn as (...a: unknown[]) => void)(...args);
    }) as ClientEvents[E];
    return this.on(event, wrapped);
  }
  presenceOf(jid: string): Presence {
    return this.presences.get(bareJid(jid));
  }
  watch(jid: string, fn: (p: Presence) => void): () => void {
    return this.presences.watch(bareJid(jid), fn);
  }
  chatStateOf(jid: string): ChatState | undefined {
    return this.chatStates.get(bareJid(jid));
  }
  watchChatState(jid: string, fn: (s: ChatState | undefined) => void): () => void {
    return this.chatStates.watch(bareJid(jid), fn);
  }
  roster(): string[] {
    return [...this.presences.values.keys()];
  }
  async setPresence(p: OwnPresence): Promise<void> {
    this.presenceSet.push(p);
    this.changeOwn({ ...p });
  }
  async setPriorityContacts(jids: readonly string[]): Promise<void> {
    this.priorityContacts = [...jids];
  }
  sendMessage(to: string, body: string): Promise<ChatMessage> {
    return this.conversations.send(to, body);
  }
  retryMessage(jid: string, key: string): Promise<ChatMessage> {
    return this.conversations.retry(jid, key);
  }
  conversationOf(jid: string): Conversation {
    return this.conversations.get(jid);
  }
  watchConversation(jid: string, fn: (c: Conversation) => void): () => void {
    return this.conversations.watch(jid, fn);
  }
  unreadOf(jid: string): number {
    return this.conversations.unreadOf(jid);
  }
  watchUnread(jid: string, fn: (n: number) => void): () => void {
    return this.conversations.watchUnread(jid, fn);
  }
  unreadTotal(): number {
    return this.conversations.unreadTotal();
  }
  watchUnreadTotal(fn: (n: number) => void): () => void {
    return this.conversations.watchUnreadTotal(fn);
  }
  markRead(jid: string): void {
    this.conversations.markRead(jid);
  }
  unreadConversations(): readonly Conversation[] {
    return this.conversations.unreadConversations();
  }
  watchUnreadConversations(fn: (list: readonly Conversation[]) => void): () => void {
    return this.conversations.watchUnreadConversations(fn);
  }
  async sendChatState(to: string, state: ChatState): Promise<void> {
    this.chatStatesSent.push({ to: bareJid(to), state });
  }
  async history(jid: string): Promise<ChatMessage[]> {
    const list = this.archive?.[bareJid(jid)];
    if (!list) throw new Error('feature-not-implemented');
    return list;
  }
  async requestSubscription(): Promise<void> {}
  async approveSubscription(): Promise<void> {}
  async denySubscription(): Promise<void> {}
  async fetchDetails(jid: string): Promise<ContactDetails> {
    return this.details.get(bareJid(jid)) ?? { jid: bareJid(jid) };
  }
  detailsOf(jid: string): ContactDetails | undefined {
    return this.details.get(bareJid(jid));
  }
  watchDetails(jid: string, fn: (d: ContactDetails | undefined) => void): () => void {
    return this.details.watch(bareJid(jid), fn);
  }
  setInactive(): void {}
  /** A server that offers nothing discoverable (the elements never ask). */
  serverFeatures(): Promise<ServerFeatures> {
    return Promise.resolve({ server: [], account: [], stream: [] });
  }
  get diagnostics(): ClientDiagnostics {
    return {
      watchedJids: this.presences.watchers.size,
      watchers: this.presences.count,
      storedJids: this.presences.values.size,
      outbox: 0,
      connectAttempts: this.started,
    };
  }

  /** Core's contract for our own presence: our JID's entry shows it, `own-presence` fires, `until` ends it. */
  private changeOwn(p: OwnPresence): void {
    this.ownPresence = p;
    const me = bareJid(this.jid);
    this.presences.set(me, { jid: me, show: p.show ?? 'available', ...(p.status ? { status: p.status } : {}), resources: [] });
    clearTimeout(this.ownEnds);
    if (p.until) this.ownEnds = setTimeout(() => this.changeOwn({ show: 'available' }), p.until.getTime() - Date.now());
    this.emit('own-presence', p);
  }
  private ownEnds: ReturnType<typeof setTimeout> | undefined;

  // --- test drivers ---------------------------------------------------------
  /** Number of per-JID presence subscriptions ever opened (one per JID while watched). */
  get subscriptionsOpened(): number {
    return this.presences.opened;
  }
  /** Presence watchers currently registered for one JID. */
  watchersOf(jid: string): number {
    return this.presences.watchers.get(bareJid(jid))?.size ?? 0;
  }
  /** A contact's presence changes (a new immutable snapshot, as in core). */
  updatePresence(jid: string, p: Partial<Presence>): void {
    const bare = bareJid(jid);
    this.presences.set(bare, { resources: [], ...p, jid: bare, show: p.show ?? 'available' });
  }
  /** A contact's chat state towards us changes. */
  updateChatState(jid: string, state: ChatState | undefined): void {
    this.chatStates.set(bareJid(jid), state);
  }
  /** Details (last seen, time zone, vCard) arrive. */
  updateDetails(jid: string, d: Omit<ContactDetails, 'jid'>): void {
    this.details.set(bareJid(jid), { ...d, jid: bareJid(jid) });
  }
  /** A message arrives from `from`. */
  receive(from: string, body: string, extra: Partial<ChatMessage> = {}): ChatMessage {
    const m: ChatMessage = {
      id: `in-${++this.nextId}`,
      from: bareJid(from),
      to: 'alice@example.com',
      body,
      timestamp: new Date(),
      direction: 'in',
      ...extra,
    };
    this.emit('message', m);
    return m;
  }
  setStatus(status: ClientStatus): void {
    this.status = status;
    this.emit('status', status);
    if (status === 'online') this.emit('online', { resumed: false });
  }
  emit<E extends keyof ClientEvents>(event: E, ...args: Parameters<ClientEvents[E]>): void {
    // As in core, the conversation model hears these before any listener.
    if (event === 'message') this.conversations.received(args[0] as ChatMessage);
    if (event === 'receipt') this.conversations.receipt(args[0] as { id: string; from: string });
    if (event === 'online') this.conversations.online();
    for (const fn of [...(this.listeners.get(event) ?? [])]) fn(...args);
  }
  listenerCount(event: keyof ClientEvents): number {
    return this.listeners.get(event)?.size ?? 0;
  }
}
