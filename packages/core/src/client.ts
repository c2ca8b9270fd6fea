/**
 * The presence client: composes the protocol factories (roster, presence, subscriptions, own
 * presence, chat states, messages, receipts, carbons, archive, details) around one connection
 * and one store. See DESIGN.md "Core API" for the contract.
 */
import type { Element } from './xml.js';
import { archive } from './archive.js';
import { carbons } from './carbons.js';
import { chatStates } from './chat-states.js';
import { createConnection } from './connection/index.js';
import type { Connection } from './connection/types.js';
import { details } from './details.js';
import { Emitter } from './emitter.js';
import { entityTime } from './entity-time.js';
import { PresenceError } from './errors.js';
import { bareJid, parseJid, type ParsedJid } from './jid.js';
import { messages } from './messages.js';
import { ownPresence } from './own-presence.js';
import { selfPresence } from './self-presence.js';
import { fallbackPresence, presenceModel, type PresenceLimits } from './presence.js';
import { receipts } from './receipts.js';
import { roster, seesPresence, sharesPresence } from './roster.js';
import { session } from './session.js';
import { capText, malformed } from './stanza-utils.js';
import { createKeyedStore } from './store.js';
import { subscriptions } from './subscriptions.js';
import type { ChatState, ClientEvents, ClientOptions, ContactDetails, Presence, PresenceClient } from './types.js';

/** Internal knobs for tests and the bench; not part of {@link ClientOptions}. */
export interface ClientInternals {
  limits?: Partial<PresenceLimits>;
  remoteSettleMs?: number;
  detailsTimeoutMs?: number;
}

function nonNegative(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new PresenceError('invalid-argument', `${name} must be a non-negative number of milliseconds`);
  }
  return value;
}

/** Validate the options the presence model needs; returns our bare JID. Throws `invalid-jid` / `invalid-argument`. */
export function validateOptions(options: ClientOptions): string {
  if (options === null || typeof options !== 'object') throw new PresenceError('invalid-argument', 'Options are required');
  const parsed = parseJid(options.jid);
  if (!parsed.local) throw new PresenceError('invalid-jid', `Invalid JID ${JSON.stringify(options.jid)}: an account needs a local part`);
  if (typeof options.service !== 'string' || !options.service) throw new PresenceError('invalid-argument', 'service is required');
  nonNegative(options.graceMs, 'graceMs');
  nonNegative(options.composingTimeoutMs, 'composingTimeoutMs');
  return parsed.bare;
}

function callbackOf<T>(fn: T): T {
  if (typeof fn !== 'function') throw new PresenceError('invalid-argument', 'watch needs a callback function');
  return fn;
}

/** Build a client around an existing {@link Connection} (the real one, or a fake in tests). */
export function createClientWith(connection: Connection, options: ClientOptions, internals: ClientInternals = {}): PresenceClient {
  const ownJid = validateOptions(options);
  const emitter: Emitter<ClientEvents> = new Emitter<ClientEvents>((cause, event) => {
    // A throwing 'error' listener has nowhere left to report to: surface it like an uncaught error.
    if (event === 'error') queueMicrotask(() => { throw cause; });
    else emitError(new PresenceError('invalid-argument', `A '${String(event)}' listener threw`, { cause }));
  });
  const emitError = (error: PresenceError) => emitter.emit('error', error);
  const onWatcherError = (cause: unknown) => emitError(new PresenceError('invalid-argument', 'A watch callback threw', { cause }));

  const presenceStore = createKeyedStore<Presence>({ fallback: fallbackPresence, onWatcherError });
  const chatStore = createKeyedStore<ChatState | undefined>({ fallback: () => undefined, onWatcherError });
  const detailsStore = createKeyedStore<ContactDetails | undefined>({
    fallback: () => undefined,
    onWatcherError,
    onWatchChange: (jid, watched) => {
      if (watched) det.watched(jid);
    },
  });

  const subs = subscriptions({ connection, ownJid, emitError, onRequest: (r) => emitter.emit('subscription-request', r) });

  const rost = roster({
    connection,
    ownJid,
    emitError,
    onChange: (changes, push) => {
      for (const change of changes) {
        presence.rosterChanged(change, push);
        if (!change.after) chats.clear(change.jid);
        if (change.after && seesPresence(change.after) && !change.after.pending) subs.settled(change.jid);
      }
      emitter.emit('roster', changes.map((c) => c.jid));
    },
  });

  const presence = presenceModel({
    connection,
    store: presenceStore,
    ownJid,
    roster: rost,
    details: (jid) => detailsStore.get(jid),
    inFlow: subs.inFlow,
    emitError,
    onChange: (jid, prev, next) => {
      if (!next.resources.length && prev.resources.length) chats.clear(jid);
      det.presenceChanged(jid, prev, next);
    },
    ...(internals.limits ? { limits: internals.limits } : {}),
    ...(internals.remoteSettleMs !== undefined ? { remoteSettleMs: internals.remoteSettleMs } : {}),
  });

  const det = details({
    connection,
    store: detailsStore,
    presenceOf: (jid) => presenceStore.get(jid),
    resourcesOf: (jid) => presence.availableResources(jid),
    onChange: (jid) => presence.refresh(jid),
    emitError,
    ...(internals.detailsTimeoutMs !== undefined ? { timeoutMs: internals.detailsTimeoutMs } : {}),
  });

  const chats = chatStates({
    connection,
    store: chatStore,
    isContact: (jid) => rost.has(jid) || chatStore.isWatched(jid) || presenceStore.isWatched(jid),
    ...(options.composingTimeoutMs !== undefined ? { composingTimeoutMs: options.composingTimeoutMs } : {}),
  });

  const own = ownPresence({ connection });
  const self = selfPresence({ connection, store: presenceStore, own, ownJid });
  const carb = carbons({ connection, ownJid, emitError });
  const arch = archive({ connection, ownJid });
  const rcpt = receipts({ connection, mayAnswer: (jid) => sharesPresence(rost.get(jid)), onReceipt: (r) => emitter.emit('receipt', r) });
  const msgs = messages({ connection, ownJid, carbons: carb, archive: arch, receipts: rcpt, chatStates: chats, emitError, onMessage: (m) => emitter.emit('message', m) });
  entityTime({ connection, ownJid, mayAsk: (jid) => sharesPresence(rost.get(jid)) });

  const life = session({
    connection,
    roster: rost,
    presence,
    own,
    carbons: carb,
    chatStates: chats,
    ...(options.graceMs !== undefined ? { graceMs: options.graceMs } : {}),
    onStatus: (status) => emitter.emit('status', status),
    onOnline: (info) => emitter.emit('online', info),
    emitError,
  });

  function routePresence(stanza: Element): void {
    const raw = stanza.attrs.from;
    // No from: our own account (RFC 6120 §8.1.2.1); it never carries contact presence.
    if (raw === undefined) return;
    let from: ParsedJid;
    try {
      from = parseJid(raw);
    } catch {
      emitError(malformed(`Presence from an invalid JID ${JSON.stringify(capText(raw, 100))} dropped`, stanza));
      return;
    }
    // Our other devices are not contacts.
    if (from.bare === ownJid) return;
    const type = stanza.attrs.type;
    if (type === undefined || type === 'unavailable' || type === 'error') presence.handle(stanza, from);
    else if (type === 'subscribe' || type === 'subscribed' || type === 'unsubscribe' || type === 'unsubscribed') subs.handle(stanza, from);
    else if (type !== 'probe') emitError(malformed(`Presence of unknown type ${JSON.stringify(capText(type, 40))} dropped`, stanza));
  }

  connection.on('stanza', (stanza: Element) => {
    try {
      if (stanza.name === 'presence') routePresence(stanza);
      else if (stanza.name === 'message') msgs.handle(stanza);
    } catch (e) {
      // Whatever a peer sends must never break the connection's read loop.
      emitError(malformed(`Dropped a stanza that could not be handled: ${e instanceof Error ? e.message : String(e)}`, stanza));
    }
  });
  connection.on('error', emitError);

  const client: PresenceClient = {
    get status() {
      return connection.status;
    },
    get jid() {
      return connection.jid ?? ownJid;
    },
    async start() {
      life.restart();
      const ready = life.nextOnline();
      ready.catch(() => {});
      await connection.start();
      await ready;
    },
    async stop() {
      life.stop();
      presence.resetAll();
      chats.clearAll();
      await connection.stop();
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

    presenceOf: (jid) => presenceStore.get(bareJid(jid)),
    watch: (jid, fn) => presenceStore.watch(bareJid(jid), callbackOf(fn)),
    chatStateOf: (jid) => chatStore.get(bareJid(jid)),
    watchChatState: (jid, fn) => chatStore.watch(bareJid(jid), callbackOf(fn)),
    roster: () => rost.jids(),

    setPresence: (p) => {
      const sent = own.set(p);
      self.update();
      return sent;
    },
    get ownPresence() {
      return own.current;
    },
    sendMessage: (to, body) => msgs.send(to, body),
    sendChatState: (to, state) => chats.send(to, state),
    history: (jid, opts) => arch.history(jid, opts?.max),

    requestSubscription: (jid) => subs.request(jid),
    approveSubscription: (jid) => subs.approve(jid),
    denySubscription: (jid) => subs.deny(jid),

    fetchDetails: (jid, what) => det.fetch(jid, what),
    detailsOf: (jid) => det.get(bareJid(jid)),
    watchDetails: (jid, fn) => detailsStore.watch(bareJid(jid), callbackOf(fn)),

    setInactive: (inactive) => connection.setInactive(Boolean(inactive)),

    get diagnostics() {
      const stores = [presenceStore, chatStore, detailsStore];
      const watched = new Set(stores.flatMap((s) => s.watchedKeys()));
      return {
        watchedJids: watched.size,
        watchers: stores.reduce((n, s) => n + s.stats().watchers, 0),
        storedJids: presence.size,
        outbox: connection.outboxSize,
        connectAttempts: connection.connectAttempts,
      };
    },
  };
  return client;
}

/**
 * Create a presence client. Validates the options at once (an invalid `jid` throws
 * `PresenceError('invalid-jid')`); nothing connects until {@link PresenceClient.start}.
 *
 * @example
 * const client = createPresenceClient({ service: 'wss://chat.example.com/xmpp-websocket', jid: 'alice@example.com', password });
 * await client.start();
 * client.watch('bob@example.com', (p) => console.log(p.show, p.status));
 */
export function createPresenceClient(options: ClientOptions): PresenceClient {
  validateOptions(options);
  return createClientWith(createConnection(options), options);
}
