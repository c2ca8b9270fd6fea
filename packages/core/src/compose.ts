/**
 * The client's composition: the presence core (roster, presence, subscriptions, own presence, entity time,
 * session lifecycle) around one connection and one store, plus an optional {@link Extension} that adds
 * the rest (chat states, messages, receipts, carbons, archive, details — see client.ts). Without one,
 * the methods that need them know nothing, reject or throw `unsupported` (presence-only-api.ts): that is the
 * presence-only client (presence-only.ts), which keeps dot-only bundles small. See docs/design.md "Core API" for the contract.
 */
import type { Element } from './xml.js';
import type { Connection } from './connection/types.js';
import { Emitter } from './emitter.js';
import { PresenceError } from './errors.js';
import { bareJid, type ParsedJid } from './jid.js';
import { NS_TIME } from './namespaces.js';
import { liveness as createLiveness, type Liveness } from './liveness.js';
import { ownParts, type OwnPartsArgs } from './own-parts.js';
import { presenceOnlyMethods } from './presence-only-api.js';
import { fallbackPresence, presenceModel, type PresenceLimits, type PresenceModel } from './presence.js';
import { roster as createRoster, seesPresence, sharesPresence, type Roster } from './roster.js';
import { session } from './session.js';
import { capText, malformed } from './stanza-utils.js';
import { createKeyedStore, type KeyedStore } from './store.js';
import { attachStores, type MirroredStores } from './mirrored-stores.js';
import { subscriptions as createSubscriptions, type Subscriptions } from './subscriptions.js';
import type { Carbons } from './carbons.js';
import type { ClientEvents, ClientOptions, ContactDetails, Presence, PresenceClient } from './types.js';
import { callbackOf, validateOptions } from './validate.js';

/** Internal knobs for tests and the bench; not part of {@link ClientOptions}. */
export interface ClientInternals {
  limits?: Partial<PresenceLimits>;
  remoteSettleMs?: number;
  detailsTimeoutMs?: number;
  /** `false`: leave the stored own status alone (no read before initial presence, no publish); for measurements. */
  ownStorage?: boolean;
  /** own-shared.ts's factory, used at once instead of loading its chunk (unit tests on a fake connection). */
  shareOwn?: OwnPartsArgs['shareOwn'];
}

/** What an {@link Extension} gets to build on. */
export interface ExtensionContext {
  connection: Connection;
  options: ClientOptions;
  internals: ClientInternals;
  ownJid: string;
  emitter: Emitter<ClientEvents>;
  emitError: (error: PresenceError) => void;
  onWatcherError: (cause: unknown) => void;
  presenceStore: KeyedStore<Presence>;
  roster: Roster;
  presence: PresenceModel;
}

/** What an extension adds: client methods, inbound message handling and hooks into the presence core. */
export interface ExtensionParts {
  api: Partial<PresenceClient>;
  /** Every inbound `<message/>`; `from` parsed already when the connection hands it over. */
  message?(stanza: Element, from: ParsedJid | undefined): void;
  /** A contact left the roster, or its last resource went offline. */
  contactGone?(jid: string): void;
  presenceChanged?(jid: string, prev: Presence, next: Presence): void;
  /** Details the presence model may use (vCard name, last seen). */
  details?: (jid: string) => ContactDetails | undefined;
  carbons?: Carbons;
  /** Forget transient state (the connection is gone, or the client stopped). */
  clear?(): void;
  /** More stores, for diagnostics. */
  stores?: Array<KeyedStore<unknown>>;
  /** Its stores a shared host mirrors whole to its pages, by view (mirrored-stores.ts). */
  mirrored?: MirroredStores;
  /** XEP-0030 features it adds to our disco#info and caps (caps.ts). */
  features?: readonly string[];
}

export type Extension = (ctx: ExtensionContext) => ExtensionParts;

/** Arguments of {@link composeClient}. */
export interface ComposeArgs {
  /** The real connection, or a fake in tests. */
  connection: Connection;
  options: ClientOptions;
  internals?: ClientInternals;
  /** What the full client adds; none for the presence-only client. */
  extension?: Extension;
  /** Priority of our presence when the caller sets none (presence-only clients announce -1). */
  defaultPriority?: number;
}

/** Where {@link routePresence} sends presence stanzas. */
interface PresenceRoutes {
  ownJid: string;
  presence: PresenceModel;
  subscriptions: Subscriptions;
  emitError: (error: PresenceError) => void;
}

/** `from` comes parsed from the connection, whose guard has dropped stanzas with an invalid one. */
function routePresence(stanza: Element, from: ParsedJid | undefined, { ownJid, presence, subscriptions, emitError }: PresenceRoutes): void {
  // No from: our own account (RFC 6120 §8.1.2.1); it never carries contact presence.
  if (!from) return;
  // Our other devices are not contacts.
  if (from.bare === ownJid) return;
  const type = stanza.attrs.type;
  if (type === undefined || type === 'unavailable' || type === 'error') presence.handle(stanza, from);
  else if (type === 'subscribe' || type === 'subscribed' || type === 'unsubscribe' || type === 'unsubscribed')
    subscriptions.handle(stanza, from);
  else if (type !== 'probe') emitError(malformed(`Presence of unknown type ${JSON.stringify(capText(type, 40))} dropped`, stanza));
}

/**
 * Build a client around an existing {@link Connection} (the real one, or a fake in tests), with the presence
 * core and what `extension` adds. The parts are built in order, each from the ones before it; the events that
 * flow back (roster and presence changes) are wired once everything exists.
 */
export function composeClient({ connection, options, internals = {}, extension, defaultPriority }: ComposeArgs): PresenceClient {
  const ownJid = validateOptions(options);
  const emitter: Emitter<ClientEvents> = new Emitter<ClientEvents>((cause, event) => {
    // A throwing 'error' listener has nowhere left to report to: surface it like an uncaught error.
    if (event === 'error') {
      queueMicrotask(() => {
        throw cause;
      });
    } else {
      emitter.emit('error', new PresenceError('invalid-argument', `A '${String(event)}' listener threw`, { cause }));
    }
  });
  const emitError = (error: PresenceError) => emitter.emit('error', error);
  const onWatcherError = (cause: unknown) => emitError(new PresenceError('invalid-argument', 'A watch callback threw', { cause }));

  const presenceStore = createKeyedStore<Presence>({ fallback: fallbackPresence, onWatcherError });
  const subscriptions = createSubscriptions({ connection, onRequest: (request) => emitter.emit('subscription-request', request) });
  const roster = createRoster({ connection, ownJid, emitError });
  const presence = presenceModel({
    connection,
    store: presenceStore,
    ownJid,
    roster,
    inFlow: subscriptions.inFlow,
    emitError,
    ...internals,
  });
  const parts: ExtensionParts = extension?.({
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
  }) ?? { api: {} };
  const me = ownParts({
    connection,
    options,
    ownJid,
    store: presenceStore,
    emitter,
    emitError,
    defaultPriority,
    features: parts.features,
    storage: internals.ownStorage,
    shareOwn: internals.shareOwn,
  });
  const lifecycle = session({
    connection,
    roster,
    presence,
    own: me.own,
    beforeInitial: me.beforeInitial,
    carbons: parts.carbons,
    clear: () => parts.clear?.(),
    graceMs: options.graceMs,
    onStatus: (status) => {
      me.statusChanged(status);
      emitter.emit('status', status);
    },
    onOnline: (info) => emitter.emit('online', info),
    emitError,
  });

  // Wiring: what each part hears from the others.
  roster.onChange((changes, push) => {
    for (const change of changes) {
      presence.rosterChanged(change, push);
      if (!change.after) parts.contactGone?.(change.jid);
      if (change.after && seesPresence(change.after) && !change.after.pending) subscriptions.settled(change.jid);
    }
    emitter.emit(
      'roster',
      changes.map((change) => change.jid),
    );
  });
  if (parts.details) presence.useDetails(parts.details);
  presence.onChange((jid, prev, next) => {
    if (!next.resources.length && prev.resources.length) parts.contactGone?.(jid);
    parts.presenceChanged?.(jid, prev, next);
  });
  // docs/design.md "A dot is never green for someone who can't be reached": re-check watched, available contacts.
  const alive: Liveness | undefined =
    options.liveness === false
      ? undefined
      : createLiveness({
          connection,
          watched: () => presenceStore.watchedKeys(),
          availableResources: (jid) => presence.availableResources(jid),
          unreachable: (full) => presence.unreachable(full),
          options: options.liveness,
        });
  if (alive) {
    connection.on('online', () => alive.start());
    connection.on('disconnected', () => alive.stop());
  }
  // XEP-0202 answers load with the first request: a page whose contacts never ask doesn't download them.
  connection.handleIq('get', NS_TIME, 'time', async (iq) =>
    (await import('./entity-time.js')).answerTime(iq, ownJid, (jid) => sharesPresence(roster.get(jid))),
  );
  const routes: PresenceRoutes = { ownJid, presence, subscriptions, emitError };
  connection.on('stanza', (stanza: Element, from: ParsedJid | undefined) => {
    try {
      if (alive && from && from.bare !== ownJid) {
        if (stanza.name === 'message' && stanza.attrs.type === 'error') alive.bounced(stanza, from);
        else alive.heard(from);
      }
      if (stanza.name === 'presence') routePresence(stanza, from, routes);
      else if (stanza.name === 'message' && !me.handleMessage(stanza, from?.bare)) parts.message?.(stanza, from);
    } catch (e) {
      // Whatever a peer sends must never break the connection's read loop.
      emitError(malformed(`Dropped a stanza that could not be handled: ${e instanceof Error ? e.message : String(e)}`, stanza));
    }
  });
  connection.on('error', emitError);

  const stores = [presenceStore, ...(parts.stores ?? [])];
  const client: PresenceClient = {
    get status() {
      return lifecycle.status();
    },
    get jid() {
      return connection.jid ?? ownJid;
    },
    async start() {
      lifecycle.restart();
      me.started(true);
      const ready = lifecycle.nextOnline();
      ready.catch(() => {});
      await connection.start();
      await ready;
    },
    async stop() {
      lifecycle.stop();
      alive?.stop();
      presence.resetAll();
      parts.clear?.();
      // Before the wait for the server's goodbye: a start() meanwhile (a shared worker's next page) runs on.
      me.started(false);
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
    roster: () => roster.jids(),

    setPresence: (p) => me.set(p),
    get ownPresence() {
      return me.own.current;
    },
    get priorityContacts() {
      return me.priority;
    },
    setPriorityContacts: (jids) => me.setPriority(jids),

    requestSubscription: (jid) => subscriptions.request(jid),
    approveSubscription: (jid) => subscriptions.approve(jid),
    denySubscription: (jid) => subscriptions.deny(jid),

    setInactive: (inactive) => connection.setInactive(Boolean(inactive)),
    // Loaded on first use: only diagnostics (presently doctor) and adapting apps ask.
    serverFeatures: async () => (await import('./server-features.js')).serverFeatures({ connection, ownJid }),

    // Without the extension: nothing is known about chat states and details, and nothing can be sent.
    ...presenceOnlyMethods,
    ...parts.api,

    get diagnostics() {
      const watched = new Set(stores.flatMap((store) => store.watchedKeys()));
      return {
        watchedJids: watched.size,
        watchers: stores.reduce((count, store) => count + store.stats().watchers, 0),
        storedJids: presence.size,
        outbox: connection.outboxSize,
        connectAttempts: connection.connectAttempts,
      };
    },
  };
  attachStores(client, { presence: presenceStore, ...parts.mirrored });
  return client;
}
