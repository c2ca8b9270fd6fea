/**
 * RFC 6121 §4.2 / §4.4 — our own presence: initial presence on every fresh session and presence
 * broadcasts on change (show, status, priority), with XEP-0319 (Last User Interaction in Presence)
 * `<idle/>`. A presence set with `until` ends by itself: at that time we return to available with no
 * text (the client's own timer, so it holds whichever element set it and after that element is gone;
 * a session that starts after `until` sends available at once). `until` itself is never sent.
 *
 * Two layers: what the user *chose* (set here, or adopted from our other sessions through own-sync.ts) and
 * an automatic away/xa that auto-away.ts lays over a chosen available or chat — never over a status chosen
 * by hand (dnd, away, xa). What we send, and `current`, is the chosen presence with that overlay.
 */
import { xml, type Element } from './xml.js';
import type { Connection } from './connection/types.js';
import { PresenceError } from './errors.js';
import { isSessionGone } from './stanza-utils.js';
import type { OwnPresence, OwnShow } from './types.js';
import { NS_IDLE } from './namespaces.js';

/** Longest status text we send, in UTF-16 units. */
export const MAX_OWN_STATUS = 2000;
/** setTimeout's longest delay (2^31 - 1 ms, about 24.8 days); a later `until` is reached in steps. */
const MAX_TIMER_MS = 2_147_483_647;

const OWN_SHOWS: ReadonlySet<string> = new Set<OwnShow>(['available', 'chat', 'away', 'xa', 'dnd']);

/** Dependencies of {@link ownPresence}. */
export interface OwnPresenceDeps {
  connection: Connection;
  /** Priority announced until setPresence sets another (default: none, i.e. 0). */
  priority?: number;
  /** XEP-0115 `<c/>` to add to every presence we send (undefined until caps.ts is loaded). */
  caps?: () => Element | undefined;
}

/**
 * Why our presence changed: `set` by this client, `end` of an `until`, `adopt`ed from our other sessions,
 * or `auto` (auto-away's overlay came or went).
 */
export type OwnChange = 'set' | 'end' | 'adopt' | 'auto';

/** Called with our own presence (what we send) after every change. */
export type OwnPresenceListener = (presence: OwnPresence, reason: OwnChange) => void;

/** Auto-away's overlay: the show to send instead of a chosen available or chat, and since when we are idle. */
export interface AutoOverlay {
  show: 'away' | 'xa';
  idleSince: Date;
}

/** Our own presence as last set, and the sending of it. */
export interface OwnPresenceApi {
  /** What we send: the chosen presence, with auto-away's overlay when it applies. */
  readonly current: OwnPresence;
  /** What the user chose (this session or another), without the overlay. */
  readonly chosen: OwnPresence;
  /** When {@link OwnPresenceApi.chosen} was chosen (epoch 0: never, this is the default). */
  readonly since: Date;
  /** Validate and remember `p`; broadcast it now when online (else at the next login). */
  set(p: OwnPresence): Promise<void>;
  /**
   * Take a presence chosen in another session (or read from storage), chosen at `since`; not sent (see
   * {@link OwnPresenceApi.resend}). An `until` already past ends it at once instead (reason `end`).
   */
  adopt(p: OwnPresence, since: Date): void;
  /** Lay auto-away's overlay over a chosen available/chat, or lift it (undefined); sent when it changes what we send. */
  setAuto(overlay: AutoOverlay | undefined): Promise<void>;
  /** Send the current presence again (after {@link OwnPresenceApi.adopt}), when online. */
  resend(): Promise<void>;
  /** Send the current presence as initial presence (every fresh session). */
  sendInitial(): Promise<void>;
  /** Listen to changes (one listener per call; the client registers its own once). */
  onChange(fn: OwnPresenceListener): void;
}

function invalid(message: string): PresenceError {
  return new PresenceError('invalid-argument', message);
}

function isValidDate(value: unknown): value is Date {
  return value instanceof Date && !Number.isNaN(value.getTime());
}

function validate(p: OwnPresence, previous: OwnPresence): OwnPresence {
  if (p === null || typeof p !== 'object') throw invalid('setPresence expects an object');
  const next: OwnPresence = { show: 'available' };
  if (p.show !== undefined) {
    if (typeof p.show !== 'string' || !OWN_SHOWS.has(p.show)) throw invalid(`Unknown show ${JSON.stringify(p.show)}`);
    next.show = p.show;
  }
  if (p.status !== undefined) {
    if (typeof p.status !== 'string') throw invalid('status must be a string');
    if (p.status.length > MAX_OWN_STATUS) throw invalid(`status is longer than ${MAX_OWN_STATUS} characters`);
    if (p.status.trim()) next.status = p.status.trim();
  }
  const priority = p.priority ?? previous.priority;
  if (priority !== undefined) {
    if (!Number.isInteger(priority) || priority < -128 || priority > 127) throw invalid('priority must be an integer from -128 to 127');
    next.priority = priority;
  }
  if (p.idleSince !== undefined) {
    if (!isValidDate(p.idleSince)) throw invalid('idleSince must be a valid Date');
    next.idleSince = new Date(Math.min(p.idleSince.getTime(), Date.now()));
  }
  if (p.until !== undefined) {
    if (!isValidDate(p.until)) throw invalid('until must be a valid Date');
    if (p.until.getTime() <= Date.now()) throw invalid('until must be in the future');
    // A copy: the caller may reuse (mutate) their Date.
    next.until = new Date(p.until.getTime());
  }
  return Object.freeze(next);
}

/** The `<presence/>` stanza for `p`, with `caps` (XEP-0115 `<c/>`) when given. */
export function buildPresence(p: OwnPresence, caps?: Element): Element {
  const el = xml('presence');
  if (p.show && p.show !== 'available') el.c('show').t(p.show);
  if (p.status) el.c('status').t(p.status);
  if (p.priority) el.c('priority').t(String(p.priority));
  if (p.idleSince) el.c('idle', { xmlns: NS_IDLE, since: p.idleSince.toISOString() });
  if (caps) el.cnode(caps);
  return el;
}

/** `chosen` as we send it: auto-away's overlay applies over available and chat only (a status set by hand wins). */
export function withOverlay(chosen: OwnPresence, overlay: AutoOverlay | undefined): OwnPresence {
  const show = chosen.show ?? 'available';
  if (!overlay || (show !== 'available' && show !== 'chat')) return chosen;
  return Object.freeze({ ...chosen, show: overlay.show, idleSince: overlay.idleSince });
}

/** Available with no text, the priority kept: what an ended `until` leaves. */
function availableKeeping(priority: number | undefined): OwnPresence {
  return Object.freeze(priority === undefined ? { show: 'available' } : { show: 'available', priority });
}

/**
 * Create the own-presence factory. Each `set` replaces the whole presence (show defaults to
 * available, status, idle and until are cleared unless given); priority is kept until set again.
 */
export function ownPresence({ connection, priority, caps }: OwnPresenceDeps): OwnPresenceApi {
  let chosen: OwnPresence = availableKeeping(priority);
  let since = new Date(0);
  let overlay: AutoOverlay | undefined;
  let current = chosen;
  let expiry: ReturnType<typeof setTimeout> | undefined;
  const listeners: OwnPresenceListener[] = [];

  async function send(): Promise<void> {
    if (connection.status !== 'online') return;
    try {
      await connection.send(buildPresence(current, caps?.()));
    } catch (e) {
      // Lost the connection in between: the next session sends it as initial presence.
      if (isSessionGone(e)) return;
      throw e;
    }
  }

  function announce(reason: OwnChange): void {
    current = withOverlay(chosen, overlay);
    for (const fn of listeners) fn(current, reason);
  }

  function choose(next: OwnPresence, at: Date, reason: OwnChange): void {
    chosen = next;
    since = at;
    if (expiry !== undefined) clearTimeout(expiry);
    expiry = undefined;
    if (chosen.until) scheduleEnd(chosen.until);
    announce(reason);
  }

  function scheduleEnd(until: Date): void {
    const delay = Math.max(until.getTime() - Date.now(), 0);
    expiry = setTimeout(
      () => {
        if (delay > MAX_TIMER_MS) scheduleEnd(until);
        // A failure here has no caller to go to; the next session sends the presence as initial presence anyway.
        else end().catch(() => undefined);
      },
      Math.min(delay, MAX_TIMER_MS),
    );
    // In Node, a status that ends later must not keep the process alive.
    (expiry as { unref?: () => void }).unref?.();
  }

  /**
   * `until` has come: available, no text, the priority kept; sent when online. Chosen "at" the `until` itself,
   * so every session that notices the end stores the same thing.
   */
  function end(): Promise<void> {
    const at = chosen.until ?? new Date();
    choose(availableKeeping(chosen.priority), at, 'end');
    return send();
  }

  const expired = () => chosen.until !== undefined && chosen.until.getTime() <= Date.now();

  return {
    get current() {
      return current;
    },
    get chosen() {
      return chosen;
    },
    get since() {
      return since;
    },
    async set(p) {
      choose(validate(p, chosen), new Date(), 'set');
      await send();
    },
    adopt(p, at) {
      // Our priority is this client's own (RFC 6121 per resource), never another session's.
      // An `until` already past: we are the first to notice, the cleared status is ours to store (reason `end`).
      if (p.until && p.until.getTime() <= Date.now()) choose(availableKeeping(chosen.priority), p.until, 'end');
      else choose(Object.freeze({ ...p, ...(chosen.priority === undefined ? {} : { priority: chosen.priority }) }), at, 'adopt');
    },
    async setAuto(next) {
      overlay = next;
      const after = withOverlay(chosen, overlay);
      if (after.show === current.show && after.idleSince?.getTime() === current.idleSince?.getTime()) return;
      announce('auto');
      await send();
    },
    resend: send,
    async sendInitial() {
      // The timer may not have run yet (a sleeping laptop wakes up and reconnects first).
      if (expired()) await end();
      else await send();
    },
    onChange(fn) {
      listeners.push(fn);
    },
  };
}
