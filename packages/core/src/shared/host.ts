/**
 * The side that owns the one real client (docs/sharing.md): the shared worker, or the page itself when it had to
 * fall back. Pages connect over MessagePorts; each gets the client's state at once, then values of what it watches
 * and the client's events while it is started. Calls are forwarded by the tables of protocol.ts.
 *
 * The client starts with the first page that starts and stops when the last started page stops or goes away; it
 * asks a started page for credentials on every (re)connect and keeps nothing of them. XEP-0352 "inactive" is sent
 * only while every started page is hidden.
 */
import { PresenceError } from '../errors.js';
import { storesOf } from '../mirrored-stores.js';
import type { KeyedStore } from '../store.js';
import type { InputSource } from '../auto-away.js';
import type { ClientOptions, Credentials, PresenceClient } from '../types.js';
import {
  argsToWire,
  CALLS,
  EVENTS,
  fromWire,
  KEYLESS_VIEWS,
  NOTICES,
  PROTOCOL_VERSION,
  toWire,
  VIEW_WATCHERS,
  type PageMessage,
  type SharedState,
  type View,
  type WorkerMessage,
} from './protocol.js';

/** How long a page has to answer a credentials request before the next page is asked (a frozen tab never answers). */
const CREDENTIALS_TIMEOUT_MS = 10_000;
/**
 * Changes of what a page doesn't watch reach it in batches at most this late (what it watches comes at once): its
 * `presenceOf` and the like stay current without a message per stanza and page in a burst of thousands.
 */
const STORED_BATCH_MS = 100;
/** How often the host looks whether a page that never said `held` still exists (it closed before its lock was granted). */
const PAGE_LOCK_CHECK_MS = 5000;

/** What {@link createSharedHost} needs: how to make the real client. */
export interface SharedHostDeps {
  /**
   * The Web Lock this host holds for its life, told to every page (protocol.ts `welcome`) once held; none in a
   * private host.
   */
  lock?: Promise<string | undefined>;
  /**
   * `options` are the first page's (functions and the password left out); `credentials` asks a page; `input` is
   * the user's input in any connected page (for auto-away).
   */
  createClient(options: ClientOptions, credentials: () => Promise<Credentials>, input: InputSource): PresenceClient;
}

interface ConnectedPage {
  port: MessagePort;
  started: boolean;
  canSignIn: boolean;
  hidden: boolean;
  /** What the page watches, by `view key`. */
  watched: Map<string, { view: View; key: string }>;
  /** Our subscriptions on the client for it, while it is started. */
  unsubscribe: Map<string, () => void>;
  /** Credentials requests waiting for its answer. */
  asked: Map<number, { resolve(value: unknown): void; reject(error: unknown): void }>;
  /** The page's own Web Lock, `presently-page <id>` (named in its hello). */
  lock: string;
  /** We asked for {@link ConnectedPage.lock}: the page said it holds it (protocol.ts `hello`), so ours waits for its end. */
  outlived: boolean;
}

/** The host: `connect(port)` for every page that connects. */
export interface SharedHost {
  connect(port: MessagePort): void;
  /**
   * Ends this host at once (a leader tab about to be frozen: leader.ts): no page hears from it again, and its
   * client closes its session (the next host signs in anew).
   */
  close(): void;
  /** Pages connected now (for tests). */
  readonly pages: number;
}

const viewKey = (view: View, key: string) => `${view} ${key}`;
const PAGE_GONE = new PresenceError('credentials-failed', 'The page went away before answering');

export function createSharedHost({ createClient, lock }: SharedHostDeps): SharedHost {
  const pages = new Set<ConnectedPage>();
  let client: PresenceClient | undefined;
  let options: ClientOptions | undefined;
  let starting: Promise<void> | undefined;
  let inactive = false;
  /** See {@link SharedState.ready}. */
  let ready = false;
  let nextAsk = 0;
  const inputListeners = new Set<() => void>();
  const pagesInput: InputSource = (onInput) => {
    inputListeners.add(onInput);
    return () => inputListeners.delete(onInput);
  };

  const locks = (globalThis.navigator as { locks?: LockManager } | undefined)?.locks;
  const post = (page: ConnectedPage, message: WorkerMessage) => page.port.postMessage(message);
  const started = () => [...pages].filter((page) => page.started);
  const broadcast = (message: WorkerMessage) => {
    // What the client knew before an event or state is in every page before it (an `online` listener reads it).
    flushStored();
    started().forEach((page) => post(page, message));
  };

  /**
   * The client's stores a page mirrors whole (mirrored-stores.ts), each with the keys stored since the last batch
   * (see {@link STORED_BATCH_MS}); set when the client is made.
   */
  let mirrored: Array<{ view: View; store: KeyedStore<unknown>; changed: Set<string> }> = [];
  let storedTimer: ReturnType<typeof setTimeout> | undefined;
  /**
   * What `store` (of `view`) holds for `keys`, but what the page watches (that it hears as values): so that its
   * synchronous reads of anything else answer as the client would.
   */
  function sendStored(page: ConnectedPage, view: View, store: KeyedStore<unknown>, keys: Iterable<string>): void {
    const keyless = KEYLESS_VIEWS.has(view);
    const values: Array<[string, unknown?]> = [];
    for (const key of keys) {
      const pageKey = keyless ? '' : key;
      // A key the store forgot goes as `[key]`: reading it would make its fallback (for a conversation, a state).
      if (!page.unsubscribe.has(viewKey(view, pageKey))) values.push(store.has(key) ? [pageKey, store.get(key)] : [pageKey]);
    }
    if (values.length) post(page, { t: 'stored', view, values });
  }
  function flushStored(): void {
    // No batch pending (every change starts one): nothing to send, on every event that finds it so.
    if (storedTimer === undefined) return;
    clearTimeout(storedTimer);
    storedTimer = undefined;
    const pagesNow = started();
    for (const { view, store, changed } of mirrored) {
      if (!changed.size) continue;
      for (const page of pagesNow) sendStored(page, view, store, changed);
      changed.clear();
    }
  }

  function stateOf(): SharedState {
    const c = client;
    return {
      status: c?.status ?? 'offline',
      ready,
      jid: c?.jid ?? String(options?.jid),
      ownPresence: c?.ownPresence ?? {},
      priorityContacts: c?.priorityContacts ?? [],
      roster: c?.roster() ?? [],
      outbox: c?.diagnostics.outbox ?? 0,
      connectAttempts: c?.diagnostics.connectAttempts ?? 0,
    };
  }

  /** Ask started pages that can sign in, oldest first, until one answers. */
  async function credentials(): Promise<Credentials> {
    for (const page of started().filter((p) => p.canSignIn)) {
      const id = ++nextAsk;
      const answer = new Promise<unknown>((resolve, reject) => {
        page.asked.set(id, { resolve, reject });
        setTimeout(() => reject(PAGE_GONE), CREDENTIALS_TIMEOUT_MS);
      }).finally(() => page.asked.delete(id));
      post(page, { t: 'credentials', id });
      try {
        return (await answer) as Credentials;
      } catch (e) {
        if (e !== PAGE_GONE) throw e;
      }
    }
    throw new PresenceError('credentials-failed', 'No open page could give credentials');
  }

  function clientFor(): PresenceClient {
    if (client) return client;
    const c = createClient(options!, credentials, pagesInput);
    client = c;
    mirrored = (Object.entries(storesOf(c)) as Array<[View, KeyedStore<unknown>]>).map(([view, store]) => {
      const changed = new Set<string>();
      store.onStored((key) => {
        changed.add(key);
        storedTimer ??= setTimeout(flushStored, STORED_BATCH_MS);
      });
      return { view, store, changed };
    });
    // Before the listeners below, so the state they send says so.
    c.on('online', () => (ready = true));
    c.on('status', (status) => {
      if (status !== 'online') ready = false;
      broadcast({ t: 'state', state: stateOf() });
    });
    for (const name of EVENTS) {
      c.on(name, (...args: unknown[]) => {
        // The mirrored state (jid, roster, own presence) is current before a page's listener runs.
        if (name === 'online' || name === 'roster' || name === 'own-presence' || name === 'priority-contacts')
          broadcast({ t: 'state', state: stateOf() });
        broadcast({ t: 'event', name, args: argsToWire(args) });
      });
    }
    return c;
  }

  function subscribe(page: ConnectedPage, view: View, key: string): void {
    const k = viewKey(view, key);
    if (page.unsubscribe.has(k)) return;
    const send = (value: unknown) => post(page, { t: 'value', view, key, value });
    const watch = clientFor()[VIEW_WATCHERS[view]] as (...args: unknown[]) => () => void;
    try {
      page.unsubscribe.set(k, KEYLESS_VIEWS.has(view) ? watch(send) : watch(key, send));
    } catch {
      // The page checked the JID before asking; nothing else can throw here.
    }
  }

  function unsubscribeAll(page: ConnectedPage): void {
    for (const stop of page.unsubscribe.values()) stop();
    page.unsubscribe.clear();
  }

  /** XEP-0352: inactive while every started page is hidden. */
  function updateInactive(): void {
    const pagesShown = started();
    const next = pagesShown.length > 0 && pagesShown.every((page) => page.hidden);
    if (client && next !== inactive) {
      inactive = next;
      client.setInactive(next);
    }
  }

  async function start(page: ConnectedPage): Promise<void> {
    const c = clientFor();
    page.started = true;
    for (const { view, key } of page.watched.values()) subscribe(page, view, key);
    for (const { view, store } of mirrored) sendStored(page, view, store, store.keys());
    post(page, { t: 'state', state: stateOf() });
    updateInactive();
    if (c.status === 'online') return;
    starting ??= c.start().finally(() => (starting = undefined));
    await starting;
  }

  async function stop(page: ConnectedPage): Promise<void> {
    if (!page.started) return;
    page.started = false;
    unsubscribeAll(page);
    for (const { reject } of page.asked.values()) reject(PAGE_GONE);
    if (started().length === 0 && client) {
      inactive = false;
      await client.stop();
    } else updateInactive();
  }

  async function reply(page: ConnectedPage, id: number, work: () => Promise<unknown>): Promise<void> {
    try {
      post(page, { t: 'reply', id, value: await work() });
    } catch (e) {
      post(page, { t: 'reply', id, error: toWire(e) });
    }
  }

  function leave(page: ConnectedPage): void {
    if (!pages.has(page)) return;
    void stop(page).catch(() => {});
    pages.delete(page);
    page.port.close();
  }

  function hello(page: ConnectedPage, message: Extract<PageMessage, { t: 'hello' }>): void {
    if (message.v !== PROTOCOL_VERSION) {
      page.port.postMessage({ t: 'refused', v: PROTOCOL_VERSION } satisfies WorkerMessage);
      page.port.close();
      return;
    }
    options ??= message.options as unknown as ClientOptions;
    page.canSignIn = message.canSignIn;
    page.hidden = message.hidden;
    pages.add(page);
    post(page, { t: 'welcome', v: PROTOCOL_VERSION, state: stateOf() });
    // Only once we hold it: a page's request for it must not reach the browser first (host-lock.ts).
    void lock?.then((held) => held && pages.has(page) && post(page, { t: 'lock', name: held }));
    page.lock = `presently-page ${message.page}`;
    if (message.held) return outlive(page);
    // Until it says `held`: a page that closed before the browser granted its lock never will, so we look.
    const check = (manager: LockManager) =>
      setTimeout(async () => {
        if (page.outlived || !pages.has(page)) return;
        const { held = [], pending = [] } = await manager.query();
        if ([...held, ...pending].some((info) => info.name === page.lock)) check(manager);
        else if (!page.outlived) leave(page);
      }, PAGE_LOCK_CHECK_MS);
    if (locks) check(locks);
  }

  /** A page holds a Web Lock named by its id while it lives: ours is granted when it closes or crashes. */
  function outlive(page: ConnectedPage): void {
    if (page.outlived || !locks || !pages.has(page)) return;
    page.outlived = true;
    void locks.request(page.lock, () => leave(page));
  }

  function handle(page: ConnectedPage, message: PageMessage): void {
    switch (message.t) {
      case 'hello':
        return hello(page, message);
      case 'held':
        return outlive(page);
      case 'start':
        return void reply(page, message.id, () => start(page));
      case 'stop':
        return void reply(page, message.id, () => stop(page));
      case 'sync':
        flushStored();
        return void reply(page, message.id, async () => undefined);
      case 'sub':
        page.watched.set(viewKey(message.view, message.key), { view: message.view, key: message.key });
        if (page.started) subscribe(page, message.view, message.key);
        return;
      case 'unsub': {
        const k = viewKey(message.view, message.key);
        page.watched.delete(k);
        page.unsubscribe.get(k)?.();
        page.unsubscribe.delete(k);
        return;
      }
      case 'call': {
        const method = message.method;
        if (!(CALLS as readonly string[]).includes(method) && !(NOTICES as readonly string[]).includes(method)) return;
        const fn = clientFor()[method] as (...args: unknown[]) => unknown;
        return void reply(page, message.id, async () => fn(...message.args));
      }
      case 'hidden':
        page.hidden = message.hidden;
        return updateInactive();
      case 'input':
        return inputListeners.forEach((onInput) => onInput());
      case 'credentials': {
        const waiting = page.asked.get(message.id);
        if (message.error) waiting?.reject(fromWire(message.error));
        else waiting?.resolve(message.value);
        return;
      }
      case 'leave':
        return leave(page);
    }
  }

  return {
    connect(port) {
      const page: ConnectedPage = {
        port,
        started: false,
        canSignIn: false,
        hidden: false,
        watched: new Map(),
        unsubscribe: new Map(),
        asked: new Map(),
        lock: '',
        outlived: false,
      };
      port.addEventListener('message', (event: MessageEvent<PageMessage>) => {
        if (event.data && typeof event.data === 'object') handle(page, event.data);
      });
      port.start();
    },
    close() {
      for (const page of pages) page.port.close();
      pages.clear();
      clearTimeout(storedTimer);
      void client?.stop().catch(() => {});
    },
    get pages() {
      return pages.size;
    },
  };
}
