/**
 * Our own presence as one person across sessions, assembled for compose.ts: the presence we send
 * (own-presence.ts) with our caps (caps.ts, XEP-0115), its entry in the store (self-presence.ts), the
 * status stored on the server and shared by our sessions (own-sync.ts, own-status.ts — XEP-0223 on PEP),
 * and auto-away (auto-away.ts, XEP-0319).
 */
import { autoAway, AUTO_AWAY_MS, AUTO_XA_MS, documentInput, type AutoAway } from './auto-away.js';
import { BASE_FEATURES, caps } from './caps.js';
import type { Connection } from './connection/types.js';
import type { Emitter } from './emitter.js';
import { PresenceError } from './errors.js';
import { ownPresence, type OwnPresenceApi } from './own-presence.js';
import { ownSync, type OwnSync } from './own-sync.js';
import { selfPresence } from './self-presence.js';
import type { KeyedStore } from './store.js';
import type { ClientEvents, ClientOptions, Presence } from './types.js';

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
  /** Disco features beyond {@link BASE_FEATURES} (the full client's chat states, receipts…). */
  features?: readonly string[] | undefined;
  /** Internal (tests, measurements): `false` leaves the stored status alone (no read, no publish). */
  storage?: boolean | undefined;
}

/** What compose.ts wires: the presence, the sync (or none) and auto-away (or none). */
export interface OwnParts {
  own: OwnPresenceApi;
  sync: OwnSync | undefined;
  away: AutoAway | undefined;
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

/** Build our own presence, its storage and auto-away. */
export function ownParts(args: OwnPartsArgs): OwnParts {
  const { connection, options, ownJid, store, emitter, emitError } = args;
  const own = ownPresence({
    connection,
    priority: args.defaultPriority,
    caps: caps({ connection, features: [...BASE_FEATURES, ...(args.features ?? [])] }),
  });
  const self = selfPresence({ connection, store, own, ownJid });
  own.onChange((p) => {
    self.update();
    emitter.emit('own-presence', p);
  });

  // Off when asked, and by default where there is no page to watch (Node, workers).
  const setting = options.autoAway ?? (documentInput() ? {} : false);
  const input = setting === false ? undefined : (setting.input ?? documentInput() ?? (() => () => {}));
  let sync: OwnSync | undefined;
  const away =
    setting === false || !input
      ? undefined
      : autoAway({
          input,
          awayMs: setting.away ?? AUTO_AWAY_MS,
          xaMs: setting.xa ?? AUTO_XA_MS,
          apply: (overlay) => {
            // A failure has no caller here; the next presence we send carries the state anyway.
            own.setAuto(overlay).catch(() => undefined);
          },
          shareInput: (at, urgent) => sync?.noteInput(at, urgent),
        });
  if (args.storage !== false) {
    sync = ownSync({
      connection,
      own,
      ownJid,
      emitError,
      onPriority: (jids) => emitter.emit('priority-contacts', jids),
      onSharedInput: (at) => away?.sharedInput(at),
    });
  }
  return { own, sync, away };
}
