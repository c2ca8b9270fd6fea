/**
 * The page's side of a shared client (docs/sharing.md): a {@link PresenceClient} whose state lives in the shared
 * worker. It mirrors what the page watches in local stores (so reads stay synchronous and a value keeps its
 * identity until it changes), forwards calls by the tables of protocol.ts and settles their promises with the
 * worker's answer, and re-emits the client's events. If the worker refuses us (another protocol version), fails to
 * load or never answers, the same object goes on over a private connection in this page (in-page.ts).
 */
import { documentInput } from '../auto-away.js';
import { callbackOf } from '../compose.js';
import { Emitter, reportListenerError } from '../emitter.js';
import { notStartedError } from '../errors.js';
import { bareJid } from '../jid.js';
import { fallbackPresence } from '../presence.js';
import { createKeyedStore, type KeyedStore } from '../store.js';
import type { Conversation } from '../conversations.js';
import type {
  ChatState,
  ClientEvents,
  ClientOptions,
  ClientStatus,
  ContactDetails,
  OwnPresence,
  Presence,
  PresenceClient,
} from '../types.js';
import {
  argsFromWire,
  CALLS,
  fromWire,
  PROTOCOL_VERSION,
  toWire,
  type Call,
  type PageMessage,
  type SharedState,
  type View,
  type WorkerMessage,
} from './protocol.js';

/** How long the worker has to welcome us before this page connects on its own. */
const WELCOME_TIMEOUT_MS = 5000;

/** What {@link createSharedClient} needs. */
export interface SharedClientDeps {
  options: ClientOptions;
  /** The shared worker's port. */
  port: MessagePort;
  /** Registers `fn` for the worker failing to load. */
  onWorkerError(fn: () => void): void;
  /** A port to a host with a private client in this page, for when the worker can't be used. */
  privatePort(): Promise<MessagePort>;
}

let toldFallback = false;
/** The one line a page logs when sharing is impossible: not an error, the page still works. */
export function infoFallback(reason: string): void {
  if (toldFallback) return;
  toldFallback = true;
  console.info(`[presently] one connection for this tab (not shared): ${reason}`);
}

const NO_CONVERSATIONS: readonly Conversation[] = Object.freeze([]);
const emptyConversation = (jid: string) => Object.freeze({ jid, entries: Object.freeze([]), history: 'none' as const, unread: 0 });
/** What each view reads before the host said anything: what a private client reads then. */
const FALLBACKS: Record<View, (key: string) => unknown> = {
  presence: fallbackPresence,
  chatState: () => undefined,
  conversation: emptyConversation,
  unread: () => 0,
  unreadTotal: () => 0,
  details: () => undefined,
  unreadConversations: () => NO_CONVERSATIONS,
};

/**
 * Options as data for the worker: no functions (credentials, WebSocket, auto-away's input: the pages send their
 * input instead), no password, no `shared`.
 */
function optionsAsData(options: ClientOptions): Record<string, unknown> {
  const data = Object.fromEntries(
    Object.entries(options).filter(([key, value]) => typeof value !== 'function' && key !== 'password' && key !== 'shared'),
  );
  if (options.autoAway) data.autoAway = { away: options.autoAway.away, xa: options.autoAway.xa };
  return data;
}

/** The page tells the worker about user input at most this often (auto-away counts seconds, not events). */
const INPUT_EVERY_MS = 1000;

export function createSharedClient({ options, port: workerPort, onWorkerError, privatePort }: SharedClientDeps): PresenceClient {
  const pageId = Math.random().toString(36).slice(2) + Date.now().toString(36);
  const emitter = new Emitter<ClientEvents>(reportListenerError);
  const stores = {} as Record<View, KeyedStore<unknown>>;
  const waiting = new Map<number, { resolve(value: unknown): void; reject(error: unknown): void }>();
  /** Messages held until the host welcomed us (kept for the private host if the worker never does). */
  let queue: PageMessage[] | undefined = [];
  let port = workerPort;
  let fellBack = false;
  let started = false;
  let hidden = false;
  let nextId = 0;
  let state: SharedState = {
    status: 'offline',
    jid: bareJid(options.jid),
    ownPresence: {},
    priorityContacts: [],
    roster: [],
    outbox: 0,
    connectAttempts: 0,
  };

  const status = (): ClientStatus => (started ? state.status : 'offline');
  const send = (message: PageMessage) => (queue ? queue.push(message) : port.postMessage(message));

  for (const view of Object.keys(FALLBACKS) as View[]) {
    const store = createKeyedStore<unknown>({ fallback: FALLBACKS[view], onWatcherError: reportListenerError });
    store.onWatchChange((key, watched) => send({ t: watched ? 'sub' : 'unsub', view, key }));
    stores[view] = store;
  }

  function setState(next: SharedState): void {
    const before = status();
    const previous = state;
    state = next;
    if (status() !== before) emitter.emit('status', status());
    // Our own presence and priority list come with the state (also to a page that joins after they changed): a
    // change is an event here, as in a private client, whether the worker's client announced it or not.
    if (JSON.stringify(next.ownPresence) !== JSON.stringify(previous.ownPresence)) {
      emitter.emit('own-presence', next.ownPresence as OwnPresence);
    }
    if (next.priorityContacts.join() !== previous.priorityContacts.join()) emitter.emit('priority-contacts', next.priorityContacts);
  }

  function request(message: { t: 'start' | 'stop' } | { t: 'call'; method: Call; args: unknown[] }): Promise<unknown> {
    const id = ++nextId;
    send({ ...message, id });
    return new Promise((resolve, reject) => waiting.set(id, { resolve, reject }));
  }

  async function answerCredentials(id: number): Promise<void> {
    try {
      const value = options.credentials ? await options.credentials() : { password: options.password };
      send({ t: 'credentials', id, value });
    } catch (e) {
      // As login.ts says it for a private client: a failure of the host app's own is credentials-failed.
      send({ t: 'credentials', id, error: toWire(e, 'credentials-failed') });
    }
  }

  function receive(message: WorkerMessage): void {
    // A page of one deploy never talks to a worker of another: the worker refuses us, or we refuse it.
    if (message.t === 'refused' || (message.t === 'welcome' && message.v !== PROTOCOL_VERSION)) {
      return void fallBack(`the shared worker speaks protocol ${message.v}`);
    }
    switch (message.t) {
      case 'welcome': {
        clearTimeout(welcomeTimer);
        const held = queue ?? [];
        queue = undefined;
        setState(message.state);
        return held.forEach(send);
      }
      case 'state':
        return setState(message.state);
      case 'value':
        if (started) stores[message.view].set(message.key, message.value);
        return;
      case 'event':
        // These two arrive in the state sent just before (setState made them events).
        if (message.name === 'own-presence' || message.name === 'priority-contacts') return;
        return (emitter.emit as (name: string, ...args: unknown[]) => void)(message.name, ...argsFromWire(message.name, message.args));
      case 'reply': {
        const call = waiting.get(message.id);
        waiting.delete(message.id);
        if (message.error) call?.reject(fromWire(message.error));
        else call?.resolve(message.value);
        return;
      }
      case 'credentials':
        return void answerCredentials(message.id);
    }
  }

  function hello(): void {
    port.onmessage = (event: MessageEvent<WorkerMessage>) => receive(event.data);
    const message: PageMessage = {
      t: 'hello',
      v: PROTOCOL_VERSION,
      page: pageId,
      options: optionsAsData(options),
      hidden,
      canSignIn: true,
    };
    port.postMessage(message);
  }

  async function fallBack(reason: string): Promise<void> {
    if (fellBack) return;
    fellBack = true;
    infoFallback(reason);
    port.close();
    // Everything said so far is in the queue (nothing was welcomed), so the private host hears it all again.
    queue ??= [];
    port = await privatePort();
    hello();
  }

  // The worker learns that this page is gone when the browser releases this lock (tab closed or crashed).
  const locks = (globalThis.navigator as { locks?: LockManager } | undefined)?.locks;
  if (locks) void locks.request(`presently-page ${pageId}`, () => new Promise<void>(() => hello()));
  else hello();
  onWorkerError(() => void fallBack('the shared worker failed to load'));
  const welcomeTimer = setTimeout(() => queue && void fallBack('the shared worker did not answer'), WELCOME_TIMEOUT_MS);

  function setHidden(next: boolean): void {
    hidden = next;
    send({ t: 'hidden', hidden });
  }
  const doc = (globalThis as { document?: Document }).document;
  if (doc && options.inactiveWhenHidden !== false) {
    hidden = doc.visibilityState === 'hidden';
    doc.addEventListener('visibilitychange', () => setHidden(doc.visibilityState === 'hidden'));
  }

  // Auto-away runs in the worker and counts input in any tab: this page reports its own (the page's events, or
  // the `input` source the page gave), while it is started.
  const input = options.autoAway === false ? undefined : (options.autoAway?.input ?? documentInput());
  let lastInputSent = 0;
  input?.(() => {
    const now = Date.now();
    if (!started || now - lastInputSent < INPUT_EVERY_MS) return;
    lastInputSent = now;
    send({ t: 'input' });
  });

  const read =
    <T>(view: View) =>
    (jid: string) =>
      stores[view].get(bareJid(jid)) as T;
  const watch = (view: View) => (jid: string, fn: (value: never) => void) =>
    stores[view].watch(bareJid(jid), callbackOf(fn) as (value: unknown) => void);
  const forwarded = Object.fromEntries(
    CALLS.map((method) => [method, (...args: unknown[]) => request({ t: 'call', method, args })]),
  ) as Pick<PresenceClient, (typeof CALLS)[number]>;
  /** Sending needs this page started, as for a private client. */
  const whenStarted = <M extends 'sendMessage' | 'sendChatState'>(method: M) =>
    ((...args: unknown[]) =>
      started ? forwarded[method](...(args as [string, never])) : Promise.reject(notStartedError())) as PresenceClient[M];

  // Typed as the interface (no cast): a method added to PresenceClient fails to compile here until it is mirrored or forwarded.
  const client: PresenceClient = {
    ...forwarded,
    get status() {
      return status();
    },
    get jid() {
      return state.jid;
    },
    get ownPresence() {
      return state.ownPresence as OwnPresence;
    },
    get priorityContacts() {
      return state.priorityContacts;
    },
    get diagnostics() {
      const presence = stores.presence.stats();
      return {
        watchedJids: presence.watchedJids,
        watchers: presence.watchers,
        storedJids: presence.stored,
        outbox: state.outbox,
        connectAttempts: state.connectAttempts,
      };
    },
    async start() {
      if (!started) {
        started = true;
        setState(state);
      }
      await request({ t: 'start' });
    },
    async stop() {
      if (!started) return;
      const before = status();
      started = false;
      // Every contact reads `unknown` at once, as for a private client.
      for (const store of Object.values(stores)) for (const key of [...store.keys()]) store.delete(key);
      if (before !== 'offline') emitter.emit('status', 'offline');
      await request({ t: 'stop' });
    },
    on(event, fn) {
      emitter.on(event, fn);
      return this;
    },
    off(event, fn) {
      emitter.off(event, fn);
      return this;
    },
    once(event, fn) {
      emitter.once(event, fn);
      return this;
    },
    presenceOf: read<Presence>('presence'),
    watch: watch('presence'),
    chatStateOf: read<ChatState | undefined>('chatState'),
    watchChatState: watch('chatState'),
    conversationOf: read<Conversation>('conversation'),
    watchConversation: watch('conversation'),
    unreadOf: read<number>('unread'),
    watchUnread: watch('unread'),
    unreadTotal: () => stores.unreadTotal.get('') as number,
    watchUnreadTotal: (fn) => stores.unreadTotal.watch('', callbackOf(fn) as (value: unknown) => void),
    unreadConversations: () => stores.unreadConversations.get('') as readonly Conversation[],
    watchUnreadConversations: (fn) => stores.unreadConversations.watch('', callbackOf(fn) as (value: unknown) => void),
    detailsOf: read<ContactDetails | undefined>('details'),
    watchDetails: watch('details'),
    roster: () => state.roster.slice(),
    markRead: (jid) => void request({ t: 'call', method: 'markRead', args: [bareJid(jid)] }).catch(() => {}),
    sendMessage: whenStarted('sendMessage'),
    sendChatState: whenStarted('sendChatState'),
    setInactive: (inactive) => setHidden(Boolean(inactive)),
  };
  return client;
}
