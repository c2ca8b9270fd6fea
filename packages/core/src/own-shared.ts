/**
 * What makes our own presence one person's across sessions, loaded as a chunk of its own when a client is
 * created (own-parts.ts awaits it before the first initial presence): our caps (caps.ts, XEP-0115, so the
 * server pushes our own-status node to us), the stored status (own-sync.ts, own-status.ts — XEP-0223 on
 * PEP) and auto-away (auto-away.ts, XEP-0319). Pages that only show dots pay for it after load, not at it.
 */
import { autoAway, AUTO_AWAY_MS, AUTO_XA_MS, documentInput, type AutoAway, type InputSource } from './auto-away.js';
import { BASE_FEATURES, caps } from './caps.js';
import type { Connection } from './connection/types.js';
import type { PresenceError } from './errors.js';
import type { OwnPresenceApi } from './own-presence.js';
import { ownSync, type OwnSync } from './own-sync.js';
import type { Element } from './xml.js';

/** Arguments of {@link shareOwn}. */
export interface ShareOwnArgs {
  connection: Connection;
  own: OwnPresenceApi;
  ownJid: string;
  emitError: (error: PresenceError) => void;
  onPriority: (jids: readonly string[]) => void;
  /** Disco features beyond {@link BASE_FEATURES}. */
  features: readonly string[];
  /** False: leave the stored status alone (measurements). */
  storage: boolean;
  /** The resolved `autoAway` option: false, or its settings. */
  autoAway: false | { away?: number | undefined; xa?: number | undefined; input?: InputSource | undefined };
}

/** The parts, built. */
export interface SharedOwn {
  caps: Element;
  sync: OwnSync | undefined;
  away: AutoAway | undefined;
}

/** Build caps, the stored-status sync and auto-away around `own`. */
export function shareOwn({
  connection,
  own,
  ownJid,
  emitError,
  onPriority,
  features,
  storage,
  autoAway: setting,
}: ShareOwnArgs): SharedOwn {
  const capsElement = caps({ connection, features: [...BASE_FEATURES, ...features] }).element();
  let sync: OwnSync | undefined;
  // Node has no page to watch: without an `input` of yours, auto-away would only ever go away.
  const input = setting === false ? undefined : (setting.input ?? documentInput());
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
  if (storage) sync = ownSync({ connection, own, ownJid, emitError, onPriority, onSharedInput: (at) => away?.sharedInput(at) });
  return { caps: capsElement, sync, away };
}
