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
import type { KeyedStore } from './store.js';
import { detach, flatCopy } from './text.js';
import { capText, isSessionGone, malformed, parseStamp, stanzaError } from './stanza-utils.js';
import { parsePriority, pickStatus, samePresence, sameResource } from './presence-snapshot.js';
import type { ContactDetails, Presence, ResourcePresence, Show } from './types.js';

const IDLE_NS = 'urn:xmpp:idle:1';

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
  p: ResourcePresence;
  seq: number;
  /** The raw XEP-0319 stamp `p.idleSince` came from. */
  since: string | undefined;
}

interface Contact {
  jid: string;
  resources: Map<string, ResourceEntry>;
  /** What to show while no resource is available. */
  baseline: 'unknown' | 'offline';
  /** Status text of the last unavailable presence. */
  offlineStatus: string | undefined;
  /** Sequence number of the last presence heard from this contact. */
  heardSeq: number;
  flooded: boolean;
  /** The snapshot this model stored last (the store's value), to compare the next one with without a lookup. */
  snap?: Presence;
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
  /** Number of JIDs held. */
  readonly size: number;
}

const SHOWS = new Set(['chat', 'away', 'xa', 'dnd']);

const domainOf = (jid: string) => jid.slice(jid.indexOf('@') + 1);

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

  function ensure(jid: string, item = roster.get(jid)): Contact {
    let c = contacts.get(jid);
    if (!c) {
      c = { jid, resources: new Map(), baseline: 'unknown', offlineStatus: undefined, heardSeq: 0, flooded: false };
      contacts.set(jid, c);
    }
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

  /** Resources that count, winner first. While hidden by the grace period only what we heard since counts. */
  function ranked(c: Contact, dark: number | undefined): ResourcePresence[] {
    // Sorted by insertion (no copies, no sort call): contacts have a handful of resources, and this runs for
    // every presence.
    const out: ResourceEntry[] = [];
    for (const r of c.resources.values()) {
      if (dark !== undefined && r.seq <= dark) continue;
      let i = out.length;
      while (i > 0 && (r.p.priority > out[i - 1]!.p.priority || (r.p.priority === out[i - 1]!.p.priority && r.seq > out[i - 1]!.seq))) out[i] = out[--i]!;
      out[i] = r;
    }
    return out.map((r) => r.p);
  }

  /** The snapshot of `c`, not yet frozen (most are compared and dropped). */
  function compute(c: Contact, item: RosterItem | undefined): Presence {
    const dark = darkMark;
    const sorted = ranked(c, dark);
    const winner = sorted[0];
    const show: Show = winner ? winner.show : dark !== undefined && (c.heardSeq <= dark || c.resources.size > 0) ? 'unknown' : c.baseline;
    const snap: Presence = { jid: c.jid, show, resources: sorted };
    const status = winner ? winner.status : show === 'offline' ? c.offlineStatus : undefined;
    // Details are looked up only when they can matter: no roster name, or offline (last seen).
    const details = item?.name === undefined || show === 'offline' ? deps.details(c.jid) : undefined;
    const name = item?.name ?? details?.name;
    if (status !== undefined) snap.status = status;
    if (winner?.idleSince) snap.idleSince = winner.idleSince;
    if (show === 'offline' && details?.lastSeen) snap.lastSeen = details.lastSeen;
    if (name !== undefined) snap.name = name;
    if (item) snap.subscription = item.subscription;
    if (item?.pending) snap.pending = true;
    return snap;
  }

  function update(c: Contact, item = roster.get(c.jid)): void {
    const prev = c.snap ?? store.get(c.jid);
    const next = compute(c, item);
    const same = samePresence(prev, next);
    if (same && c.snap) return;
    Object.freeze(next.resources);
    store.set(c.jid, (c.snap = Object.freeze(next)));
    if (!same) deps.onChange?.(c.jid, prev, next);
  }

  /** What a contact with no resource reads: `offline` only if we see their presence (RFC 6121 subscription to/both). */
  function baselineOf(jid: string, item = roster.get(jid)): Contact['baseline'] {
    return seesPresence(item) ? 'offline' : 'unknown';
  }

  /**
   * The status text as kept: trimmed, capped, none when empty, and a string of its own (text.ts). Short ones recur
   * across contacts and over the day ("In a meeting", "Lunch"): each is kept once.
   */
  function statusOf(stanza: Element): string | undefined {
    const status = pickStatus(stanza)?.trim();
    if (!status) return undefined;
    const capped = capText(status, limits.maxStatus);
    if (capped.length > 100) return detach(capped);
    let shared = statuses.get(capped);
    if (shared === undefined) {
      if (statuses.size >= 1024) statuses.clear();
      shared = flatCopy(capped);
      statuses.set(shared, shared);
    }
    return shared;
  }

  /** Recent short status texts (see statusOf); cleared when full. */
  const statuses = new Map<string, string>();

  function setUnknown(c: Contact): void {
    c.resources.clear();
    c.flooded = false;
    c.baseline = 'unknown';
    c.offlineStatus = undefined;
  }

  /** The raw XEP-0319 stamp of the presence {@link parseResource} parsed last. */
  let idleRaw: string | undefined;

  /** `prev`: the resource's entry, whose idle Date is reused while the stamp is unchanged (no Date per presence). */
  function parseResource(stanza: Element, resource: string, prev: ResourceEntry | undefined): ResourcePresence {
    const priority = parsePriority(stanza.getChildText('priority'));
    if (priority === undefined) emitError(malformed('Presence priority is not an integer; using 0', stanza));
    const showText = stanza.getChildText('show')?.trim();
    const show = showText && SHOWS.has(showText) ? (showText as ResourcePresence['show']) : 'available';
    if (showText && !SHOWS.has(showText)) emitError(malformed(`Unknown presence show ${JSON.stringify(capText(showText, 40))}; using available`, stanza));
    const p: ResourcePresence = { resource, show, priority: priority ?? 0 };
    const status = statusOf(stanza);
    if (status) p.status = status;
    const idle = stanza.getChild('idle', IDLE_NS);
    idleRaw = idle?.attrs.since;
    if (idleRaw !== undefined) idleRaw = idleRaw === prev?.since ? prev.since : detach(idleRaw);
    if (idle) {
      const since = prev?.p.idleSince && prev.since === idleRaw ? prev.p.idleSince : parseStamp(idleRaw);
      if (since) p.idleSince = since;
      else emitError(malformed('XEP-0319 idle without a valid since; ignored', stanza));
    }
    return Object.freeze(p);
  }

  function settleUnheard(c: Contact, mark: number): void {
    for (const [res, entry] of c.resources) if (entry.seq <= mark) c.resources.delete(res);
    if (c.heardSeq > mark || c.resources.size) return;
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
    if (!c || session !== sessionMark || c.heardSeq > mark || c.resources.size) return;
    if (!seesPresence(roster.get(jid))) return;
    c.baseline = 'offline';
    update(c);
  }

  return {
    handle(stanza, from) {
      const jid = from.bare;
      // One roster lookup for the whole presence: this runs for every one.
      const item = roster.get(jid);
      if (!item && !contacts.has(jid) && !store.isWatched(jid) && !deps.inFlow(jid)) return;
      const type = stanza.attrs.type;
      const c = ensure(jid, item);
      seq += 1;
      c.heardSeq = seq;
      if (type === 'error') {
        setUnknown(c);
        emitError(stanzaError(stanza, `Presence error from ${jid}`));
        update(c, item);
        return;
      }
      const resource = from.resource ?? '';
      if (type === 'unavailable') {
        // An unavailable from the bare JID means every resource is gone.
        if (resource) c.resources.delete(resource);
        else c.resources.clear();
        if (!c.resources.size) {
          // Without a subscription an unavailable says nothing (Prosody even sends one to acknowledge a
          // subscription request): only contacts whose presence we see are known offline.
          c.baseline = baselineOf(jid, item);
          c.flooded = false;
          c.offlineStatus = statusOf(stanza);
        }
        update(c, item);
        return;
      }
      if (!c.resources.has(resource) && c.resources.size >= limits.maxResources) {
        if (!c.flooded) {
          c.flooded = true;
          emitError(new PresenceError('flood', `${jid} has more than ${limits.maxResources} resources; extra ones ignored`));
        }
        return;
      }
      const existing = c.resources.get(resource);
      const p = parseResource(stanza, resource, existing);
      c.resources.set(resource, { p: existing && sameResource(existing.p, p) ? existing.p : p, seq, since: idleRaw });
      c.offlineStatus = undefined;
      update(c, item);
    },

    refresh(jid) {
      // Our own account is not a contact: its entry belongs to self-presence.ts.
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
