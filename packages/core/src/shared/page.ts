/**
 * The page's side of a shared client (docs/sharing.md): a {@link PresenceClient} whose state lives in a shared
 * host (the shared worker, or the leader tab). It mirrors what the page watches (page-mirror.ts), forwards calls by
 * the tables of protocol.ts and settles their promises with the host's answer, and re-emits the client's events.
 * If the host refuses us (another protocol version), fails to load or never answers, the same object goes on over
 * a private connection in this page (in-page.ts). If the host goes away later (its lock is released: host-lock.ts),
 * the page attaches to the next one and says again what it watches and what it asked that has no answer yet.
 */
import { documentInput } from '../auto-away.js';
import { callbackOf } from '../validate.js';
import { Emitter, reportListenerError } from '../emitter.js';
import { ErrorCode, notStartedError, PresenceError } from '../errors.js';
import { bareJid } from '../jid.js';
import { randomId } from '../stanza-utils.js';
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
import { hostGone as webLocksHostGone } from './host-lock.js';
import { createPageLink, type PageLinkDeps } from './page-link.js';
import { createMirror, VIEWS } from './page-mirror.js';
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

/** As a private client's `graceMs` default (session.ts). */
const DEFAULT_GRACE_MS = 10_000;

/** What {@link createSharedClient} needs. */
export interface SharedClientDeps {
  options: ClientOptions;
  /** Attaches to the shared host; called again whenever the host went away (page-link.ts). */
  connect: PageLinkDeps['connect'];
  /** A port to a host with a private client in this page, for when the shared host can't be used. */
  privatePort: PageLinkDeps['privatePort'];
  /** Resolves once the host holding lock `name` is gone. Default: Web Locks (host-lock.ts). */
  hostGone?: PageLinkDeps['hostGone'];
}

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

export function createSharedClient({ options, connect, privatePort, hostGone = webLocksHostGone }: SharedClientDeps): PresenceClient {
  const pageId = Math.random().toString(36).slice(2) + Date.now().toString(36);
  const emitter = new Emitter<ClientEvents>(reportListenerError);
  /** Calls without an answer yet, with what was sent: said again to the next host if this one goes away. */
  const waiting = new Map<number, { message: PageMessage; resolve(value: unknown): void; reject(error: unknown): void }>();
  let started = false;
  let hidden = false;
  /** The host went away while we were started, and the next one is not online yet. */
  let takingOver = false;
  /**
   * The resource of the gone host's session, asked of the next host (unless the page chose one): binding it makes
   * the server replace the old session, which would otherwise wait for a resumption no one can make (XEP-0198
   * hibernation: minutes), showing a second resource of us to everyone.
   */
  let previousResource: string | undefined;
  let graceTimer: ReturnType<typeof setTimeout> | undefined;
  let nextId = 0;
  let state: SharedState = {
    status: 'offline',
    ready: false,
    jid: bareJid(options.jid),
    ownPresence: {},
    priorityContacts: [],
    roster: [],
    outbox: 0,
    connectAttempts: 0,
  };

  // During a takeover we read `reconnecting`, as a private client does while its connection is down.
  const status = (): ClientStatus => (!started ? 'offline' : takingOver && !state.ready ? 'reconnecting' : state.status);
  const mirror = createMirror((view, key, watched) => send({ t: watched ? 'sub' : 'unsub', view, key }));
  const { stores } = mirror;
  const link = createPageLink({
    pageId,
    connect,
    privatePort,
    hostGone,
    hello: () => ({
      t: 'hello',
      v: PROTOCOL_VERSION,
      page: pageId,
      options: { ...optionsAsData(options), ...(previousResource !== undefined && { resource: previousResource }) },
      hidden,
      canSignIn: true,
    }),
    replay,
    receive,
    lost: hostLost,
    failed,
  });
  const send = (message: PageMessage) => link.send(message);

  /** Runs `change`, then emits `status` if what the page reads changed. */
  function changing(change: () => void): void {
    const before = status();
    change();
    if (status() !== before) emitter.emit('status', status());
  }

  function setState(said: SharedState): void {
    const previous = state;
    // Until the next host's session is set up, our own presence, priority list and roster stay what we knew (it
    // says `available` and empty lists until it read them from the server).
    const next =
      takingOver && !said.ready
        ? { ...said, ownPresence: previous.ownPresence, priorityContacts: previous.priorityContacts, roster: previous.roster }
        : said;
    changing(() => (state = next));
    // The next host's session is set up: what it knows now is real. Shown once we heard every value it sent
    // before (it publishes changes a moment after its state).
    if (takingOver && next.ready && !previous.ready) void request({ t: 'sync' }).then(endTakeover);
    // Our own presence and priority list come with the state (also to a page that joins after they changed): a
    // change is an event here, as in a private client, whether the worker's client announced it or not.
    if (JSON.stringify(next.ownPresence) !== JSON.stringify(previous.ownPresence)) {
      emitter.emit('own-presence', next.ownPresence as OwnPresence);
    }
    if (next.priorityContacts.join() !== previous.priorityContacts.join()) emitter.emit('priority-contacts', next.priorityContacts);
  }

  /**
   * No host can be made (a deploy without presently.js's chunks next to it): every call waiting and every later one
   * fails with a clear error instead of waiting forever.
   */
  let broken: PresenceError | undefined;
  function failed(reason: string): void {
    broken = new PresenceError(
      ErrorCode.ConnectionFailed,
      `Presently could not load its client code (${reason}): serve presently.js's chunks/ folder next to it`,
    );
    for (const call of waiting.values()) call.reject(broken);
    waiting.clear();
  }

  function request(message: { t: 'start' | 'stop' | 'sync' } | { t: 'call'; method: Call; args: unknown[] }): Promise<unknown> {
    if (broken) return Promise.reject(broken);
    const sent = { ...message, id: ++nextId };
    send(sent);
    return new Promise((resolve, reject) => waiting.set(sent.id, { message: sent, resolve, reject }));
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
    switch (message.t) {
      case 'welcome':
      case 'state':
        return setState(message.state);
      case 'value':
        if (started) mirror.set(message.view, message.key, message.value);
        return;
      case 'stored':
        if (started) for (const [key, ...value] of message.values) mirror.set(message.view, key, ...value);
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

  /**
   * What a new host must hear from us: our visibility, what we watch, that we are started, and every call that has
   * no answer yet (the same messages, ids included: a message keeps the id this page chose for it).
   */
  function replay(): PageMessage[] {
    const said: PageMessage[] = [{ t: 'hidden', hidden }];
    for (const view of VIEWS) for (const key of stores[view].watchedKeys()) said.push({ t: 'sub', view, key });
    const pending = [...waiting.values()].map((call) => call.message);
    // Its answer has no one waiting: start() resolved with the old host.
    if (started && !pending.some((m) => m.t === 'start')) said.push({ t: 'start', id: ++nextId });
    return [...said, ...pending];
  }

  /** The host went away (its lock was released): the page attaches to the next one, keeping what it shows. */
  function hostLost(): void {
    const slash = state.jid.indexOf('/');
    if (options.resource === undefined && slash > 0) previousResource = state.jid.slice(slash + 1);
    if (started && !takingOver) {
      changing(() => {
        takingOver = true;
        // What the next host says of its session counts from now on (it may be set up already).
        state = { ...state, ready: false };
      });
      mirror.hold();
      graceTimer = setTimeout(() => mirror.release(true), options.graceMs ?? DEFAULT_GRACE_MS);
    }
  }

  function endTakeover(): void {
    if (!takingOver) return;
    takingOver = false;
    clearTimeout(graceTimer);
    mirror.release(false);
  }

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
      if (!started) changing(() => (started = true));
      await request({ t: 'start' });
    },
    async stop() {
      if (!started) return;
      changing(() => {
        started = false;
        takingOver = false;
        clearTimeout(graceTimer);
        // Every contact reads `unknown` at once, as for a private client.
        mirror.clear();
      });
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
    // The page chooses the message's id: if the host goes away before it answered, the next host sends the same
    // message, id and all (docs/sharing.md "Failover" says what that guarantees).
    sendMessage: (to, body, sendOptions) =>
      started
        ? forwarded.sendMessage(to, body, { ...sendOptions, id: sendOptions?.id ?? randomId('m') })
        : Promise.reject(notStartedError()),
    // Sending needs this page started, as for a private client.
    sendChatState: (to, chatState) => (started ? forwarded.sendChatState(to, chatState) : Promise.reject(notStartedError())),
    setInactive: (inactive) => setHidden(Boolean(inactive)),
  };
  return client;
}
