/**
 * RFC 6121 §4 — Exchanging Presence Information: inbound presence from contacts, aggregation
 * over their resources (§4.7.2), XEP-0319 idle, and the `unknown` / `offline` rules of docs/design.md
 * "State rules" (start-up burst, subscriptions, strangers, bounded memory).
 */
import type { Element } from './xml.js';
import type { Connection } from './connection/types.js';
import type { PresenceError } from './errors.js';
import type { ParsedJid } from './jid.js';
import { awaitsRemoteServer, burstTracker, domainOf } from './presence-burst.js';
import { lastResourceGone, newContact, resetContact, settleUnheard, type Contact } from './presence-contact.js';
import { Applied, applyPresence, type InboundContext } from './presence-inbound.js';
import { statusReader } from './presence-parse.js';
import { buildSnapshot, samePresence } from './presence-snapshot.js';
import { strangerList } from './presence-strangers.js';
import { seesPresence, type RosterChange, type RosterItem } from './roster.js';
import type { KeyedStore } from './store.js';
import type { ContactDetails, Presence } from './types.js';

/** Bounds that keep a noisy or hostile peer from growing memory without limit. */
export interface PresenceLimits {
  /** Resources kept per contact; extras are dropped with one `flood` error. Default 100. */
  maxResources: number;
  /** Status text kept per resource, in UTF-16 units. Default 2 000. */
  maxStatus: number;
  /** Non-roster JIDs kept; unwatched ones are evicted least recently used first. Default 5 000. */
  maxStrangers: number;
}

/** Default {@link PresenceLimits}. */
export const DEFAULT_LIMITS: PresenceLimits = { maxResources: 100, maxStatus: 2000, maxStrangers: 5000 };

/** Dependencies of {@link presenceModel}. */
export interface PresenceDeps {
  connection: Connection;
  store: KeyedStore<Presence>;
  /** Our bare JID. */
  ownJid: string;
  roster: { get(jid: string): RosterItem | undefined; jids(): string[] };
  /** True while a subscription flow with `jid` is under way (its presence is kept though not in the roster). */
  inFlow: (jid: string) => boolean;
  emitError: (error: PresenceError) => void;
  limits?: Partial<PresenceLimits>;
  /** Extra wait for contacts on other servers after the burst before calling them offline. Default 5 000 ms. */
  remoteSettleMs?: number;
}

/** Called synchronously after a contact's snapshot changed. */
export type PresenceListener = (jid: string, prev: Presence, next: Presence) => void;

/** Where the model finds a contact's fetched details (vCard name, last seen). */
export type DetailsLookup = (jid: string) => ContactDetails | undefined;

/** The presence model. */
export interface PresenceModel {
  /** Listen to snapshot changes (parts built after the model: the client's extension). */
  onChange(listener: PresenceListener): void;
  /** Take names and last-seen times from `lookup` (the full client's contact details). */
  useDetails(lookup: DetailsLookup): void;
  /** An available / unavailable / error presence from `from` (already known not to be our own account). */
  handle(stanza: Element, from: ParsedJid): void;
  /** Recompute `jid` (its roster item or details changed). */
  refresh(jid: string): void;
  /** Apply a roster change; `push` for a roster push (vs. the session's roster fetch). */
  rosterChanged(change: RosterChange, push: boolean): void;
  /** A fresh session starts: remember what is stale; returns its mark. */
  beginSession(): number;
  /**
   * After initial presence: wait for the server to finish the burst, then settle contacts that said nothing.
   * False if the session was lost first.
   */
  endBurst(mark: number): Promise<boolean>;
  /**
   * The grace period expired: every contact reads `unknown`. What we knew is kept underneath, so a
   * XEP-0198 resumption (which replays what we missed) can {@link PresenceModel.revealAll} it.
   */
  hideAll(): void;
  /** The old session was resumed: show what we know again. */
  revealAll(): void;
  /** Stopped: forget every resource; everything is `unknown`. */
  resetAll(): void;
  /** Full JIDs of `jid`'s available resources, winner first. */
  availableResources(jid: string): string[];
  /** The resource `fullJid` can't be reached (liveness.ts): drop it as if it had sent unavailable. */
  unreachable(fullJid: string): void;
  /** Number of JIDs held. */
  readonly size: number;
}

export { fallbackPresence } from './presence-snapshot.js';

/** Extra wait for contacts on other servers after the burst, by default. */
const REMOTE_SETTLE_MS = 5000;

/** Create the presence model. */
export function presenceModel(deps: PresenceDeps): PresenceModel {
  const { connection, store, ownJid, roster, emitError, inFlow } = deps;
  const limits: PresenceLimits = { ...DEFAULT_LIMITS, ...deps.limits };
  const ownDomain = domainOf(ownJid);
  const burst = burstTracker({ connection, ownDomain, remoteSettleMs: deps.remoteSettleMs ?? REMOTE_SETTLE_MS });
  const inbound: InboundContext = { readStatus: statusReader(limits.maxStatus), emitError, maxResources: limits.maxResources };
  const contacts = new Map<string, Contact>();
  const strangers = strangerList({
    max: limits.maxStrangers,
    mayEvict: (jid) => !store.isWatched(jid) && !inFlow(jid),
  });
  /** Numbers every presence heard, so marks can tell what was heard since. */
  let seq = 0;
  /** Set while hidden by the grace period: contacts not heard from since this mark read `unknown`. */
  let hiddenUpTo: number | undefined;
  const listeners: PresenceListener[] = [];
  let detailsOf: DetailsLookup = () => undefined;

  function changed(jid: string, prev: Presence, next: Presence): void {
    for (const listener of listeners) listener(jid, prev, next);
  }

  function forget(jid: string): void {
    const contact = contacts.get(jid);
    strangers.delete(jid);
    if (!contact) return;
    contacts.delete(jid);
    const prev = store.get(jid);
    store.delete(jid);
    const next = store.get(jid);
    if (prev !== next && !samePresence(prev, next)) changed(jid, prev, next);
  }

  /**
   * The contact of `jid` (`known` when already looked up), created if new, with `item` (its current roster item); a
   * non-roster one counts as touched (which may evict older strangers).
   */
  function ensure(jid: string, item: RosterItem | undefined, known = contacts.get(jid)): Contact {
    let contact = known;
    if (!contact) {
      contact = newContact(jid, item);
      contacts.set(jid, contact);
    }
    contact.item = item;
    if (!item) for (const evicted of strangers.touch(jid)) forget(evicted);
    return contact;
  }

  /** Store the contact's snapshot if it changed (a new frozen object only then), and tell the listeners. */
  function update(contact: Contact, item = roster.get(contact.jid)): void {
    const prev = contact.snapshot ?? store.get(contact.jid);
    const next = buildSnapshot(contact, item, hiddenUpTo, detailsOf);
    const same = samePresence(prev, next);
    if (same && contact.snapshot) return;
    Object.freeze(next.resources);
    contact.snapshot = Object.freeze(next);
    store.set(contact.jid, next);
    if (!same) changed(contact.jid, prev, next);
  }

  /**
   * Whether `resource` of `contact`, which just said again what it said before, is the winner of the stored snapshot
   * and still is: a newer sequence number only strengthens a winner, so the snapshot can't change and needs no
   * building. While the grace period hides what we knew, a snapshot lists only resources heard from since: one that
   * was hidden is no winner, and its repeated presence is built as a change.
   */
  function stillWins(contact: Contact, resource: string): boolean {
    const winner = contact.snapshot?.resources[0];
    return winner !== undefined && winner === contact.resources.get(resource)?.presence;
  }

  function resetAndUpdate(contact: Contact): void {
    resetContact(contact);
    update(contact);
  }

  /** After a subscription gained `to`: the contact's presence follows the roster push, if any. */
  async function settleSubscription(jid: string): Promise<void> {
    const heardUpTo = seq;
    const sessionMark = burst.mark;
    if (!(await burst.roundTrip())) return;
    const contact = contacts.get(jid);
    if (!contact || sessionMark !== burst.mark || contact.heardSeq > heardUpTo || contact.resources.size) return;
    if (!seesPresence(roster.get(jid))) return;
    contact.baseline = 'offline';
    update(contact);
  }

  /** Settle the contacts that said nothing during the burst that began at `mark`. */
  function settleBurst(mark: number): void {
    const wasHidden = hiddenUpTo !== undefined;
    hiddenUpTo = undefined;
    const remote: Contact[] = [];
    for (const contact of contacts.values()) {
      const item = roster.get(contact.jid);
      if (awaitsRemoteServer(contact, mark, ownDomain, item)) {
        remote.push(contact);
        // They read unknown: keep it so rather than bring back what the old session knew.
        if (wasHidden) resetAndUpdate(contact);
        continue;
      }
      settleUnheard(contact, mark, item);
      update(contact, item);
    }
    if (!remote.length) return;
    burst.settleLater(mark, () => {
      for (const contact of remote) {
        if (contacts.get(contact.jid) !== contact) continue;
        const item = roster.get(contact.jid);
        settleUnheard(contact, mark, item);
        update(contact, item);
      }
    });
  }

  return {
    onChange(listener) {
      listeners.push(listener);
    },

    useDetails(lookup) {
      detailsOf = lookup;
    },

    handle(stanza, from) {
      const jid = from.bare;
      // This runs for every presence: one lookup finds a known contact (every roster contact is one) and its item.
      const known = contacts.get(jid);
      const item = known ? known.item : roster.get(jid);
      if (!item && !known && !store.isWatched(jid) && !inFlow(jid)) return;
      const contact = ensure(jid, item, known);
      seq += 1;
      const resource = from.resource ?? '';
      const applied = applyPresence(stanza, contact, item, resource, seq, inbound);
      if (applied === Applied.Unheard) return;
      contact.heardSeq = seq;
      if (applied === Applied.Changed || (applied === Applied.Repeated && !stillWins(contact, resource))) update(contact, item);
    },

    refresh(jid) {
      // Our own account is not a contact: its entry belongs to self-presence.ts.
      if (jid === ownJid) return;
      const item = roster.get(jid);
      if (!contacts.has(jid) && !item && !store.isWatched(jid)) return;
      update(ensure(jid, item), item);
    },

    rosterChanged({ jid, before, after }, push) {
      if (!after) {
        strangers.add(jid);
        if (store.isWatched(jid) || inFlow(jid)) resetAndUpdate(ensure(jid, undefined));
        else forget(jid);
        return;
      }
      strangers.delete(jid);
      const contact = ensure(jid, after);
      const had = seesPresence(before);
      const has = seesPresence(after);
      if (had && !has) resetContact(contact);
      update(contact);
      // The session's burst settles fetched items; a push that grants us their presence settles on its own.
      if (!had && has && push && connection.status === 'online') void settleSubscription(jid);
    },

    beginSession() {
      return burst.begin(seq);
    },

    async endBurst(mark) {
      if (!(await burst.roundTrip()) || mark !== burst.mark) return false;
      settleBurst(mark);
      return true;
    },

    hideAll() {
      hiddenUpTo = seq;
      for (const contact of contacts.values()) update(contact);
    },

    revealAll() {
      if (hiddenUpTo === undefined) return;
      hiddenUpTo = undefined;
      for (const contact of contacts.values()) update(contact);
    },

    resetAll() {
      hiddenUpTo = undefined;
      // A new mark (which cancels pending settling): whatever the old session still has under way is stale.
      seq += 1;
      burst.begin(seq);
      for (const contact of contacts.values()) resetAndUpdate(contact);
    },

    availableResources(jid) {
      return store.get(jid).resources.map((r) => (r.resource ? `${jid}/${r.resource}` : jid));
    },

    unreachable(fullJid) {
      const slash = fullJid.indexOf('/');
      const jid = slash < 0 ? fullJid : fullJid.slice(0, slash);
      const contact = contacts.get(jid);
      if (!contact?.resources.delete(slash < 0 ? '' : fullJid.slice(slash + 1))) return;
      const item = roster.get(jid);
      if (!contact.resources.size) lastResourceGone(contact, item, undefined);
      update(contact, item);
    },

    get size() {
      return contacts.size;
    },
  };
}
