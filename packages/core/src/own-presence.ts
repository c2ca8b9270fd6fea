/**
 * RFC 6121 §4.2 / §4.4 — our own presence: initial presence on every fresh session and presence
 * broadcasts on change (show, status, priority), with XEP-0319 (Last User Interaction in Presence)
 * `<idle/>`. A presence set with `until` ends by itself: at that time we return to available with no
 * text (the client's own timer, so it holds whichever element set it and after that element is gone;
 * a session that starts after `until` sends available at once). `until` itself is never sent.
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
}

/** Called with our own presence after every change: a `set`, or the end of an `until`. */
export type OwnPresenceListener = (presence: OwnPresence) => void;

/** Our own presence as last set, and the sending of it. */
export interface OwnPresenceApi {
  readonly current: OwnPresence;
  /** Validate and remember `p`; broadcast it now when online (else at the next login). */
  set(p: OwnPresence): Promise<void>;
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

/** The `<presence/>` stanza for `p`. */
export function buildPresence(p: OwnPresence): Element {
  const el = xml('presence');
  if (p.show && p.show !== 'available') el.c('show').t(p.show);
  if (p.status) el.c('status').t(p.status);
  if (p.priority) el.c('priority').t(String(p.priority));
  if (p.idleSince) el.c('idle', { xmlns: NS_IDLE, since: p.idleSince.toISOString() });
  return el;
}

/**
 * Create the own-presence factory. Each `set` replaces the whole presence (show defaults to
 * available, status, idle and until are cleared unless given); priority is kept until set again.
 */
export function ownPresence({ connection, priority }: OwnPresenceDeps): OwnPresenceApi {
  let current: OwnPresence = Object.freeze(priority === undefined ? { show: 'available' } : { show: 'available', priority });
  let expiry: ReturnType<typeof setTimeout> | undefined;
  const listeners: OwnPresenceListener[] = [];

  async function send(): Promise<void> {
    if (connection.status !== 'online') return;
    try {
      await connection.send(buildPresence(current));
    } catch (e) {
      // Lost the connection in between: the next session sends it as initial presence.
      if (isSessionGone(e)) return;
      throw e;
    }
  }

  function change(next: OwnPresence): void {
    current = next;
    if (expiry !== undefined) clearTimeout(expiry);
    expiry = undefined;
    if (current.until) scheduleEnd(current.until);
    for (const fn of listeners) fn(current);
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

  /** `until` has come: available, no text, the priority kept; sent when online. */
  function end(): Promise<void> {
    change(Object.freeze(current.priority === undefined ? { show: 'available' } : { show: 'available', priority: current.priority }));
    return send();
  }

  return {
    get current() {
      return current;
    },
    async set(p) {
      change(validate(p, current));
      await send();
    },
    async sendInitial() {
      // The timer may not have run yet (a sleeping laptop wakes up and reconnects first).
      if (current.until && current.until.getTime() <= Date.now()) await end();
      else await send();
    },
    onChange(fn) {
      listeners.push(fn);
    },
  };
}
