/**
 * Session lifecycle. RFC 6121 §2.1.3 / §4.2: on every fresh session (first login and every
 * reconnect that XEP-0198 could not resume) fetch the roster, then send initial presence, enable
 * carbons (XEP-0280) and rebuild presence from the server's burst. docs/design.md "State rules": after
 * the connection has been gone for longer than the grace period, every contact reads `unknown`.
 *
 * The client's `status` is the connection's, except that a fresh session reads `online` only once our stored own
 * status has been read (docs/own-presence.md): until then the page would show us "available" for a moment, which
 * is not what colleagues are about to see. A resumed session is online at once (nothing was lost).
 */
import type { Carbons } from './carbons.js';
import type { Connection } from './connection/types.js';
import { type PresenceError, stoppedError } from './errors.js';
import type { OwnPresenceApi } from './own-presence.js';
import type { PresenceModel } from './presence.js';
import type { Roster } from './roster.js';
import { asPresenceError, isSessionGone } from './stanza-utils.js';
import type { ClientStatus } from './types.js';

/** How long a lost connection may stay lost before every contact reads `unknown`, by default. */
const DEFAULT_GRACE_MS = 10_000;

/** Dependencies of {@link session}. */
export interface SessionDeps {
  connection: Connection;
  roster: Roster;
  presence: PresenceModel;
  own: OwnPresenceApi;
  /**
   * Runs alongside the roster fetch and is awaited before initial presence: reading our stored own status
   * (own-sync.ts). Never rejects.
   */
  beforeInitial?: (() => Promise<void>) | undefined;
  /** XEP-0280, enabled on every fresh session when present (the full client). */
  carbons?: Carbons | undefined;
  /** Forgets transient per-contact state (chat states) when the grace period ends. */
  clear(): void;
  /** Default 10 000 ms. */
  graceMs?: number | undefined;
  onStatus: (status: ClientStatus) => void;
  onOnline: (info: { resumed: boolean }) => void;
  emitError: (error: PresenceError) => void;
}

/** The lifecycle controller. */
export interface Session {
  /** Resolves after the next session is set up (roster fetched, initial presence sent, burst over). */
  nextOnline(): Promise<void>;
  /** Stop reacting; pending {@link Session.nextOnline} calls reject with `stopped`. */
  stop(): void;
  /** React again after {@link Session.stop}. */
  restart(): void;
  /** The client's status (see the module comment: `online` waits for our stored own status on a fresh session). */
  status(): ClientStatus;
}

/** Create the session lifecycle controller. */
export function session(deps: SessionDeps): Session {
  const { connection, presence, emitError } = deps;
  const graceMs = deps.graceMs ?? DEFAULT_GRACE_MS;
  let graceTimer: ReturnType<typeof setTimeout> | undefined;
  let generation = 0;
  let stopped = false;
  let waiters: Array<{ resolve: () => void; reject: (e: Error) => void }> = [];
  let shown: ClientStatus = connection.status;

  function show(status: ClientStatus): void {
    if (shown === status) return;
    shown = status;
    deps.onStatus(status);
  }

  function settleWaiters(error?: Error): void {
    const settled = waiters;
    waiters = [];
    for (const waiter of settled) {
      if (error) waiter.reject(error);
      else waiter.resolve();
    }
  }

  function cancelGrace(): void {
    clearTimeout(graceTimer);
    graceTimer = undefined;
  }

  function expire(): void {
    graceTimer = undefined;
    presence.hideAll();
    deps.clear();
  }

  connection.on('status', (status: ClientStatus) => {
    if (status === 'online') {
      // Shown by the 'online' handler below: at once when resumed, after our stored status is read when fresh.
      cancelGrace();
      return;
    }
    if (!stopped && graceTimer === undefined) graceTimer = setTimeout(expire, graceMs);
    show(status);
  });

  async function rebuild(): Promise<void> {
    const mine = ++generation;
    const stale = () => stopped || mine !== generation;
    const mark = presence.beginSession();
    const fetched = deps.roster.fetch();
    const prepared = deps.beforeInitial?.() ?? Promise.resolve();
    // beforeInitial never rejects (and gives up after a few seconds): online once we know our own status.
    void prepared.then(() => {
      if (!stale()) show('online');
    });
    try {
      await fetched;
    } catch (e) {
      // Lost the session meanwhile: the next login starts over.
      if (stale() || isSessionGone(e)) return;
      emitError(asPresenceError(e, 'stanza-error', 'Roster request failed'));
    }
    await prepared;
    if (stale()) return;
    try {
      await deps.own.sendInitial();
    } catch (e) {
      if (stale()) return;
      emitError(asPresenceError(e, 'connection-failed', 'Sending initial presence failed'));
    }
    void deps.carbons?.enable();
    const ended = await presence.endBurst(mark);
    if (stale() || !ended) return;
    deps.onOnline({ resumed: false });
    settleWaiters();
  }

  connection.on('online', ({ resumed }: { resumed: boolean }) => {
    if (stopped) return;
    cancelGrace();
    if (resumed) {
      // XEP-0198 resumed: the server kept our session and replayed what we missed; nothing to rebuild,
      // only show again what the grace period hid.
      presence.revealAll();
      show('online');
      deps.onOnline({ resumed: true });
      settleWaiters();
      return;
    }
    rebuild().catch((e: unknown) => emitError(asPresenceError(e, 'connection-failed', 'Session setup failed')));
  });

  return {
    nextOnline() {
      return new Promise((resolve, reject) => waiters.push({ resolve, reject }));
    },
    stop() {
      stopped = true;
      generation += 1;
      cancelGrace();
      settleWaiters(stoppedError());
    },
    restart() {
      stopped = false;
    },
    status: () => shown,
  };
}
