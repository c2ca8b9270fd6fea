/**
 * Our own presence, assembled for compose.ts: the presence we send (own-presence.ts) and its entry in the
 * store (self-presence.ts) at once; caps, the status stored on the server and auto-away from a chunk
 * (own-shared.ts) that starts loading here and is awaited before initial presence.
 */
import type { Connection } from './connection/types.js';
import type { Emitter } from './emitter.js';
import { PresenceError } from './errors.js';
import { ownPresence, type OwnPresenceApi } from './own-presence.js';
import type { SharedOwn, shareOwn as ShareOwn } from './own-shared.js';
import { selfPresence } from './self-presence.js';
import type { KeyedStore } from './store.js';
import type { ClientEvents, ClientOptions, ClientStatus, Presence } from './types.js';
import type { Element } from './xml.js';

/** Arguments of {@link ownParts}. */
export interface OwnPartsArgs {
  connection: Connection;
  options: ClientOptions;
  ownJid: string;
  store: KeyedStore<Presence>;
  emitter: Emitter<ClientEvents>;
  emitError: (error: PresenceError) => void;
  /** Priority when the caller sets none (presence-only clients announce -1). */
  defaultPriority?: number | undefined;
  /** Disco features beyond caps.ts's base ones (the full client's chat states, receipts…). */
  features?: readonly string[] | undefined;
  /** Internal (tests, measurements): `false` leaves the stored status alone (no read, no publish). */
  storage?: boolean | undefined;
  /** Internal (unit tests): own-shared.ts's factory, to use at once instead of loading its chunk. */
  shareOwn?: typeof ShareOwn | undefined;
}

/** What compose.ts wires and the client API calls. */
export interface OwnParts {
  own: OwnPresenceApi;
  /** For session.ts: the chunk loaded and the stored status read. Never rejects. */
  beforeInitial(): Promise<void>;
  /** A `<message/>`: true when it was our own-status notification (handled). */
  handleMessage(message: Element, fromBare: string | undefined): boolean;
  /** Set our presence; resolves once sent and stored. */
  set(p: Parameters<OwnPresenceApi['set']>[0]): Promise<void>;
  readonly priority: readonly string[];
  setPriority(jids: readonly string[]): Promise<void>;
  /** Auto-away follows the client's start() and stop(). */
  started(running: boolean): void;
  /** The client's status changed (our own store entry shows our presence only while online). */
  statusChanged(status: ClientStatus): void;
}

function positive(value: unknown, name: string): void {
  if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value) || value <= 0))
    throw new PresenceError('invalid-argument', `autoAway.${name} must be a positive number of milliseconds`);
}

/** `ClientOptions.autoAway`: false, or an object of positive numbers and an input function. Throws `invalid-argument`. */
export function validateAutoAway(value: ClientOptions['autoAway']): void {
  if (value === undefined || value === false) return;
  if (value === null || typeof value !== 'object') throw new PresenceError('invalid-argument', 'autoAway must be an object or false');
  positive(value.away, 'away');
  positive(value.xa, 'xa');
  if (value.input !== undefined && typeof value.input !== 'function')
    throw new PresenceError('invalid-argument', 'autoAway.input must be a function');
}

/** Build our own presence now, and start loading what shares it across sessions. */
export function ownParts(args: OwnPartsArgs): OwnParts {
  const { connection, options, ownJid, store, emitter, emitError } = args;
  let shared: SharedOwn | undefined;
  let running = false;
  const own = ownPresence({ connection, priority: args.defaultPriority, caps: () => shared?.caps });
  const self = selfPresence({ store, own, ownJid });
  own.onChange((p) => {
    self.update();
    emitter.emit('own-presence', p);
  });

  // Auto-away is on by default where there is a page to watch (browsers), off in Node and workers.
  const hasDocument = typeof (globalThis as { document?: unknown }).document === 'object';
  function build(shareOwn: typeof ShareOwn): void {
    shared = shareOwn({
      connection,
      own,
      ownJid,
      emitError,
      onPriority: (jids) => emitter.emit('priority-contacts', jids),
      features: args.features ?? [],
      storage: args.storage !== false,
      autoAway: options.autoAway ?? (hasDocument ? {} : false),
    });
    if (running) shared.away?.start();
  }
  const loaded = args.shareOwn
    ? Promise.resolve(build(args.shareOwn))
    : import('./own-shared.js').then(
        (module) => build(module.shareOwn),
        (e: unknown) => {
          // Only a page that lost its network (or a broken deployment) gets here: presence goes on without it.
          emitError(
            new PresenceError('storage-failed', 'Loading the own-status code failed; going on with the local status', { cause: e }),
          );
        },
      );

  return {
    own,
    async beforeInitial() {
      await loaded;
      await shared?.sync?.beforeInitial();
    },
    handleMessage: (message, fromBare) => shared?.sync?.handleMessage(message, fromBare) ?? false,
    async set(p) {
      await own.set(p);
      // Resolves once stored too, so a session that opens right after reads the new status.
      await shared?.sync?.stored();
    },
    get priority() {
      return shared?.sync?.priority ?? [];
    },
    async setPriority(jids) {
      await loaded;
      if (!shared?.sync) throw new PresenceError('unsupported', 'This client keeps no stored own status');
      await shared.sync.setPriority(jids);
    },
    statusChanged: self.statusChanged,
    started(on) {
      running = on;
      if (on) shared?.away?.start();
      else shared?.away?.stop();
    },
  };
}
