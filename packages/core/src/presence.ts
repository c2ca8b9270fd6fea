/**
 * RFC 6121 §4 — Exchanging Presence Information: inbound presence from contacts, aggregation
 * over their resources (§4.7.2), XEP-0319 idle, and the `unknown` / `offline` rules of DESIGN.md
 * "State rules" (start-up burst, subscriptions, strangers, bounded memory).
 */
import { xml, type Element } from './xml.js';
import type { Connection } from './connection/types.js';
import { PresenceError } from './errors.js';
import type { ParsedJid } from './jid.js';
import type { RosterChange, RosterItem } from './roster.js';
import { seesPresence } from './roster.js';
import type { KeyedStore, StoreSlot } from './store.js';
import { detach, flatCopy } from './text.js';
import { capText, isSessionGone, malformed, parseStamp, stanzaError } from './stanza-utils.js';
import { parsePriority, readPresence, sameDate, samePresence, type PresenceFields } from './presence-snapshot.js';
import type { ContactDetails, Presence, ResourcePresence, Show } from './types.js';

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
  details: (jid: string) => ContactDetails | undefined;
  /** True while a subscription flow with `jid` is under way (its presence is kept though not in the roster). */
  inFlow: (jid: string) => boolean;
  emitError: (error: PresenceError) => void;
  /** Called synchronously after a contact's snapshot changed. */
  onChange?: (jid: string, prev: Presence, next: Presence) => void;
  limits?: Partial<PresenceLimits>;
  /** Extra wait for contacts on other servers after the burst before calling them offline. Default 5 000 ms. */
  remoteSettleMs?: number;
}

interface ResourceEntry {
  /** `p.resource` and `p.priority`, kept here too so that finding and ranking resources doesn't read `p`. */
  res: string;
  prio: number;
  p: ResourcePresence;
  seq: number;
  /** The raw XEP-0319 stamp `p.idleSince` came from. */
  since: string | undefined;
}

interface Contact {
  jid: string;
  /**
   * Available resources, in the order first heard. An array searched in place, not a Map: contacts have one or
   * two (at most `maxResources`), and a hash table each would be memory to miss on every presence.
   */
  resources: ResourceEntry[];
  /** What to show while no resource is available. */
  baseline: 'unknown' | 'offline';
  /** Status text of the last unavailable presence. */
  offlineStatus: string | undefined;
  /** Sequence number of the last presence heard from this contact. */
  heardSeq: number;
  flooded: boolean;
  /** True once this model stored a snapshot for the contact: the slot's value is then ours to compare with. */
  stored: boolean;
  /** The contact's store entry. */
  slot: StoreSlot<Presence>;
  /**
   * The contact's roster item, kept in step by `rosterChanged` (every roster change passes through it, before
   * anything else can happen): one roster lookup fewer per presence.
   */
  item: RosterItem | undefined;
}

/** The presence model. */
export interface PresenceModel {
  /** An available / unavailable / error presence from `from` (already known not to be our own account). */
  handle(stanza: Element, from: ParsedJid): void;
  /** Recompute `jid` (its roster item or details changed). */
  refresh(jid: string): void;
  /** Apply a roster change; `push` for a roster push (vs. the session's roster fetch). */
  rosterChanged(change: RosterChange, push: boolean): void;
  /** A fresh session starts: remember what is stale; returns its mark. */
  beginSession(): number;
  /** After initial presence: wait for the server to finish the burst, then settle contacts that said nothing. False if the session was lost first. */
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
  /** Number of JIDs held. */
  readonly size: number;
}

/** RFC 6121 §4.7.2.1 `<show/>` values, as our own constants (compared by identity later); undefined for others. */
function showOf(text: string): ResourcePresence['show'] | undefined {
  switch (text) {
    case 'away':
      return 'away';
    case 'dnd':
      return 'dnd';
    case 'xa':
      return 'xa';
    case 'chat':
      return 'chat';
    default:
      return undefined;
  }
}

const domainOf = (jid: string) => jid.slice(jid.indexOf('@') + 1);

const MAX_SHARED_STATUS = 100;
const MAX_SHARED_STATUSES = 1024;

/** The resources of a snapshot without any (shared: frozen, and compared by length). */
const NO_RESOURCES: ResourcePresence[] = Object.freeze([]) as unknown as ResourcePresence[];

/** `a` ranks above `b`: higher priority, or the same and heard later. */
const beats = (a: ResourceEntry, b: ResourceEntry) => a.prio > b.prio || (a.prio === b.prio && a.seq > b.seq);

export { fallbackPresence } from './presence-snapshot.js';

/** Create the presence model. */
export function presenceModel(deps: PresenceDeps): PresenceModel {
  const { store, ownJid, roster, emitError } = deps;
  const limits: PresenceLimits = { ...DEFAULT_LIMITS, ...deps.limits };
  const remoteSettleMs = deps.remoteSettleMs ?? 5000;
  const ownDomain = domainOf(ownJid);
  const contacts = new Map<string, Contact>();
  /** Non-roster contacts, least recently touched first. */
  const strangers = new Set<string>();
  let seq = 0;
  let sessionMark = 0;
  /** Set while hidden by the grace period: contacts not heard from since this mark read `unknown`. */
  let darkMark: number | undefined;
  let remoteTimer: ReturnType<typeof setTimeout> | undefined;

  function ensure(jid: string, item = roster.get(jid), c = contacts.get(jid)): Contact {
    if (!c) {
      c = { jid, resources: [], baseline: 'unknown', offlineStatus: undefined, heardSeq: 0, flooded: false, stored: false, slot: store.slot(jid), item };
      contacts.set(jid, c);
    }
    c.item = item;
    if (!item) touchStranger(jid);
    return c;
  }

  function touchStranger(jid: string): void {
    strangers.delete(jid);
    strangers.add(jid);
    if (strangers.size <= limits.maxStrangers) return;
    for (const old of strangers) {
      if (strangers.size <= limits.maxStrangers) break;
      if (old === jid || store.isWatched(old) || deps.inFlow(old)) continue;
      forget(old);
    }
  }

  function forget(jid: string): void {
    const c = contacts.get(jid);
    strangers.delete(jid);
    if (!c) return;
    contacts.delete(jid);
    const prev = store.get(jid);
    store.delete(jid);
    const next = store.get(jid);
    if (prev !== next && !samePresence(prev, next)) deps.onChange?.(jid, prev, next);
  }

  /** Scratch for {@link ranked}. */
  const order: ResourceEntry[] = [];

  /**
   * The resources that count, winner first (highest priority, then most recently heard); while hidden by the grace
   * period only what we heard since counts. Returns `prev` itself when the list is the same (most presences change
   * one resource's fields, not the list), else a new frozen array. Sorted by insertion into a scratch array:
   * contacts have a handful of resources, and this runs for every presence.
   */
  function ranked(c: Contact, dark: number | undefined, prev: readonly ResourcePresence[] | undefined): ResourcePresence[] {
    let n = 0;
    for (const r of c.resources) {
      if (dark !== undefined && r.seq <= dark) continue;
      let i = n++;
      while (i > 0 && beats(r, order[i - 1]!)) {
        order[i] = order[i - 1]!;
        i--;
      }
      order[i] = r;
    }
    let same = prev !== undefined && prev.length === n;
    for (let i = 0; same && i < n; i++) same = prev![i] === order[i]!.p;
    let out: ResourcePresence[] | undefined;
    if (!same) {
      out = n === 0 ? NO_RESOURCES : n === 1 ? [order[0]!.p] : [];
      if (n > 1) for (let i = 0; i < n; i++) out.push(order[i]!.p);
      Object.freeze(out);
    }
    for (let i = 0; i < n; i++) order[i] = undefined as unknown as ResourceEntry; // keep nothing alive
    return out ?? (prev as ResourcePresence[]);
  }

  /**
   * The snapshot of `c`: its last one (`prev`) when nothing changed, else a new frozen one. Compared field by
   * field before anything is allocated; built in one literal for the common shapes.
   */
  function compute(c: Contact, prev: Presence | undefined): Presence {
    const item = c.item;
    const dark = darkMark;
    const resources = ranked(c, dark, prev?.resources);
    const winner = resources[0];
    const show: Show = winner ? winner.show : dark !== undefined && (c.heardSeq <= dark || c.resources.length > 0) ? 'unknown' : c.baseline;
    const status = winner ? winner.status : show === 'offline' ? c.offlineStatus : undefined;
    // Details are looked up only when they can matter: no roster name, or offline (last seen).
    const details = item?.name === undefined || show === 'offline' ? deps.details(c.jid) : undefined;
    const name = item?.name ?? details?.name;
    const idleSince = winner?.idleSince;
    const lastSeen = show === 'offline' ? details?.lastSeen : undefined;
    const subscription = item?.subscription;
    const pending = item?.pending ? true : undefined;
    if (
      prev &&
      prev.resources === resources &&
      prev.show === show &&
      prev.status === status &&
      prev.name === name &&
      prev.subscription === subscription &&
      prev.pending === pending &&
      sameDate(prev.idleSince, idleSince) &&
      sameDate(prev.lastSeen, lastSeen)
    ) {
      return prev;
    }
    const jid = c.jid;
    let snap: Presence;
    if (name !== undefined && subscription !== undefined && lastSeen === undefined && !pending) {
      // A roster contact with a name: nearly every snapshot.
      if (status !== undefined) snap = idleSince ? { jid, show, resources, status, idleSince, name, subscription } : { jid, show, resources, status, name, subscription };
      else snap = idleSince ? { jid, show, resources, idleSince, name, subscription } : { jid, show, resources, name, subscription };
    } else {
      snap = { jid, show, resources };
      if (status !== undefined) snap.status = status;
      if (idleSince) snap.idleSince = idleSince;
      if (lastSeen) snap.lastSeen = lastSeen;
      if (name !== undefined) snap.name = name;
      if (subscription !== undefined) snap.subscription = subscription;
      if (pending) snap.pending = true;
    }
    return Object.freeze(snap);
  }

  /** Recompute `c` and store the snapshot if it changed (the contact's first one is always stored). */
  function update(c: Contact): void {
    const prev = c.stored ? c.slot.value : undefined;
    const next = compute(c, prev);
    if (next === prev) return;
    const before = prev ?? store.get(c.jid);
    c.stored = true;
    c.slot.set(next);
    if (!samePresence(before, next)) deps.onChange?.(c.jid, before, next);
  }

  /** What a contact with no resource reads: `offline` only if we see their presence (RFC 6121 subscription to/both). */
  function baselineOf(jid: string, item = roster.get(jid)): Contact['baseline'] {
    return seesPresence(item) ? 'offline' : 'unknown';
  }

  /**
   * The status text as kept: trimmed, capped, none when empty, and a string of its own (text.ts) — `known`, the
   * text kept before, when it is the same.
   */
  function cleanStatus(text: string | undefined, known: string | undefined): string | undefined {
    const status = text?.trim();
    if (!status) return undefined;
    const capped = capText(status, limits.maxStatus);
    if (capped === known) return known;
    if (capped.length > MAX_SHARED_STATUS) return detach(capped);
    // Short statuses recur across contacts and over the day ("In a meeting", "Lunch"): one string each.
    let shared = statuses.get(capped);
    if (shared === undefined) {
      if (statuses.size >= MAX_SHARED_STATUSES) statuses.clear();
      shared = flatCopy(capped);
      statuses.set(shared, shared);
    }
    return shared;
  }

  /** Recent short status texts, each kept once (see cleanStatus); cleared when full. */
  const statuses = new Map<string, string>();

  /** Scratch for {@link readPresence}: one object for every presence. */
  const fields: PresenceFields = { show: undefined, status: undefined, priority: undefined, idleSince: null };

  function setUnknown(c: Contact): void {
    c.resources = [];
    c.flooded = false;
    c.baseline = 'unknown';
    c.offlineStatus = undefined;
  }

  /** The raw XEP-0319 stamp of the presence {@link parseResource} parsed last. */
  let idleRaw: string | undefined;

  /**
   * The resource's presence from `stanza`. `prev`, the resource's entry: its presence object is returned as it is
   * when nothing changed, its idle Date is reused while the stamp is unchanged, and its status string when equal.
   * Objects are built in one literal per shape (no properties added later): this runs for every presence.
   */
  function parseResource(stanza: Element, resource: string, prev: ResourceEntry | undefined): ResourcePresence {
    const f = readPresence(stanza, fields);
    let priority = 0;
    if (f.priority !== undefined) {
      const parsed = parsePriority(f.priority);
      if (parsed === undefined) emitError(malformed('Presence priority is not an integer; using 0', stanza));
      else priority = parsed;
    }
    let show: ResourcePresence['show'] = 'available';
    if (f.show !== undefined) {
      const text = f.show.trim();
      const known = showOf(text);
      if (known) show = known;
      else if (text) emitError(malformed(`Unknown presence show ${JSON.stringify(capText(text, 40))}; using available`, stanza));
    }
    const old = prev?.p;
    const status = cleanStatus(f.status, old?.status);
    const stamp = f.idleSince;
    idleRaw = stamp == null ? undefined : stamp === prev?.since ? prev.since : detach(stamp);
    let idleSince: Date | undefined;
    if (stamp !== null) {
      idleSince = old?.idleSince && prev!.since === idleRaw ? old.idleSince : parseStamp(idleRaw);
      if (!idleSince) emitError(malformed('XEP-0319 idle without a valid since; ignored', stanza));
    }
    if (old && old.show === show && old.priority === priority && old.status === status && old.idleSince === idleSince) return old;
    return Object.freeze(
      status === undefined
        ? idleSince ? { resource, show, priority, idleSince } : { resource, show, priority }
        : idleSince ? { resource, show, priority, status, idleSince } : { resource, show, priority, status },
    );
  }

  function settleUnheard(c: Contact, mark: number): void {
    c.resources = c.resources.filter((entry) => entry.seq > mark);
    if (c.heardSeq > mark || c.resources.length) return;
    c.baseline = baselineOf(c.jid);
    c.offlineStatus = undefined;
  }

  /** Round-trip to our server; true once it has processed everything sent before (false: session lost). */
  async function ping(): Promise<boolean> {
    try {
      await deps.connection.iq(xml('iq', { type: 'get', to: ownDomain }, xml('ping', { xmlns: 'urn:xmpp:ping' })));
      return true;
    } catch (e) {
      // An error reply (or a timeout) still ends the wait; a lost or stopped session doesn't.
      return !isSessionGone(e);
    }
  }

  /** After a subscription gained `to`: the contact's presence follows the roster push, if any. */
  async function settleSubscription(jid: string): Promise<void> {
    const mark = seq;
    const session = sessionMark;
    if (!(await ping())) return;
    const c = contacts.get(jid);
    if (!c || session !== sessionMark || c.heardSeq > mark || c.resources.length) return;
    if (!seesPresence(roster.get(jid))) return;
    c.baseline = 'offline';
    update(c);
  }

  return {
    handle(stanza, from) {
      const jid = from.bare;
      // One lookup each in the contacts and the roster: this runs for every presence.
      const known = contacts.get(jid);
      const item = known ? known.item : roster.get(jid);
      if (!known && !item && !store.isWatched(jid) && !deps.inFlow(jid)) return;
      const type = stanza.attrs.type;
      const c = ensure(jid, item, known);
      seq += 1;
      c.heardSeq = seq;
      if (type === 'error') {
        setUnknown(c);
        emitError(stanzaError(stanza, `Presence error from ${jid}`));
        update(c);
        return;
      }
      const resource = from.resource ?? '';
      if (type === 'unavailable') {
        // An unavailable from the bare JID means every resource is gone.
        c.resources = resource ? c.resources.filter((entry) => entry.res !== resource) : [];
        if (!c.resources.length) {
          // Without a subscription an unavailable says nothing (Prosody even sends one to acknowledge a
          // subscription request): only contacts whose presence we see are known offline.
          c.baseline = baselineOf(jid, item);
          c.flooded = false;
          c.offlineStatus = cleanStatus(readPresence(stanza, fields).status, c.offlineStatus);
        }
        update(c);
        return;
      }
      let existing: ResourceEntry | undefined;
      for (const entry of c.resources) if (entry.res === resource) existing = entry;
      if (!existing && c.resources.length >= limits.maxResources) {
        if (!c.flooded) {
          c.flooded = true;
          emitError(new PresenceError('flood', `${jid} has more than ${limits.maxResources} resources; extra ones ignored`));
        }
        return;
      }
      const p = parseResource(stanza, resource, existing);
      if (existing) {
        // The entry is ours to update; its presence object is replaced only when something in it changed.
        existing.p = p;
        existing.prio = p.priority;
        existing.seq = seq;
        existing.since = idleRaw;
      } else {
        c.resources.push({ res: resource, prio: p.priority, p, seq, since: idleRaw });
      }
      c.offlineStatus = undefined;
      update(c);
    },

    refresh(jid) {
      // Our own account's entry belongs to self-presence.ts.
      if (jid === ownJid) return;
      if (!contacts.has(jid) && !roster.get(jid) && !store.isWatched(jid)) return;
      update(ensure(jid));
    },

    rosterChanged({ jid, before, after }, push) {
      if (!after) {
        strangers.add(jid);
        if (store.isWatched(jid) || deps.inFlow(jid)) {
          const c = ensure(jid);
          setUnknown(c);
          update(c);
        } else {
          forget(jid);
        }
        return;
      }
      strangers.delete(jid);
      const c = ensure(jid);
      const had = seesPresence(before);
      const has = seesPresence(after);
      if (had && !has) setUnknown(c);
      update(c);
      // The session's burst settles fetched items; a push that grants us their presence settles on its own.
      if (!had && has && push && deps.connection.status === 'online') void settleSubscription(jid);
    },

    beginSession() {
      clearTimeout(remoteTimer);
      sessionMark = seq;
      return sessionMark;
    },

    async endBurst(mark) {
      if (!(await ping()) || mark !== sessionMark) return false;
      const wasDark = darkMark !== undefined;
      darkMark = undefined;
      const remote: Contact[] = [];
      for (const c of contacts.values()) {
        if (c.heardSeq <= mark && domainOf(c.jid) !== ownDomain && seesPresence(roster.get(c.jid))) {
          // Other servers answer our server's probes later than ours answers the ping; don't flash offline.
          remote.push(c);
          if (wasDark) {
            // They read unknown: keep it so rather than bring back what the old session knew.
            setUnknown(c);
            update(c);
          }
          continue;
        }
        settleUnheard(c, mark);
        update(c);
      }
      if (!remote.length) return true;
      remoteTimer = setTimeout(() => {
        if (mark !== sessionMark) return;
        for (const c of remote) {
          if (contacts.get(c.jid) !== c) continue;
          settleUnheard(c, mark);
          update(c);
        }
      }, remoteSettleMs);
      return true;
    },

    hideAll() {
      darkMark = seq;
      for (const c of contacts.values()) update(c);
    },

    revealAll() {
      if (darkMark === undefined) return;
      darkMark = undefined;
      for (const c of contacts.values()) update(c);
    },

    resetAll() {
      clearTimeout(remoteTimer);
      darkMark = undefined;
      sessionMark = ++seq;
      for (const c of contacts.values()) {
        setUnknown(c);
        update(c);
      }
    },

    availableResources(jid) {
      const snap = store.get(jid);
      return snap.resources.map((r) => (r.resource ? `${jid}/${r.resource}` : jid));
    },

    get size() {
      return contacts.size;
    },
  };
}
