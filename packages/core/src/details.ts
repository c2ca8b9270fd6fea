/**
 * Contact details fetched by IQ, only for contacts something watches or asks about, and cached:
 * XEP-0012 Last Activity (bare JID; offline contacts → lastSeen), XEP-0202 Entity Time (full JID of
 * an available resource → tzOffsetMinutes) and XEP-0054 vcard-temp (bare JID → name, and the
 * XEP-0153 photo as a size-capped `data:` URL for raster image types only).
 */
import { xml, type Element } from './xml.js';
import type { Connection } from './connection/types.js';
import { PresenceError } from './errors.js';
import { bareJid } from './jid.js';
import type { KeyedStore } from './store.js';
import { asPresenceError, iqPayload, keepText, isSessionGone, isStanzaError } from './stanza-utils.js';
import type { ContactDetails, Presence } from './types.js';
import { NS_LAST_ACTIVITY, NS_TIME, NS_VCARD } from './namespaces.js';

/** What {@link DetailsApi.fetch} can fetch. */
export type DetailKind = 'lastSeen' | 'time' | 'vcard';

const ALL: readonly DetailKind[] = ['lastSeen', 'time', 'vcard'];
/** Contacts whose details are kept; unwatched ones are dropped least recently used first. */
const MAX_CACHED = 1000;
/** How long one detail request may take, by default. */
const DEFAULT_TIMEOUT_MS = 10_000;
/** A vCard name is cut to this many UTF-16 units. */
const MAX_NAME = 200;
/** XEP-0012 answers claiming more than a century of inactivity are nonsense. */
const MAX_IDLE_SECONDS = 100 * 365 * 86_400;
const MINUTES_PER_HOUR = 60;
/** UTC offsets run from -12:00 to +14:00. */
const MAX_UTC_OFFSET_MINUTES = 14 * MINUTES_PER_HOUR;
/** Largest avatar kept, decoded bytes. */
export const MAX_AVATAR_BYTES = 256 * 1024;

/** Raster types we turn into `data:` URLs, with the first bytes each must start with (no SVG: it can carry script). */
const IMAGE_MAGIC: Record<string, (b: string) => boolean> = {
  'image/png': (b) => b.startsWith('\x89PNG'),
  'image/jpeg': (b) => b.startsWith('\xff\xd8\xff'),
  'image/gif': (b) => b.startsWith('GIF8'),
  'image/webp': (b) => b.startsWith('RIFF') && b.slice(8, 12) === 'WEBP',
};

/** Dependencies of {@link details}. */
export interface DetailsDeps {
  connection: Connection;
  store: KeyedStore<ContactDetails | undefined>;
  presenceOf: (jid: string) => Presence;
  /** Full JIDs of available resources, winner first. */
  resourcesOf: (jid: string) => string[];
  /** Details of `jid` changed (name / lastSeen feed the presence snapshot). */
  onChange: (jid: string) => void;
  emitError: (error: PresenceError) => void;
  /** Default 10 000 ms. */
  timeoutMs?: number | undefined;
}

/** Details cache. */
export interface DetailsApi {
  fetch(jid: string, what?: readonly DetailKind[]): Promise<ContactDetails>;
  get(jid: string): ContactDetails | undefined;
  /** Something started watching `jid`'s details. */
  watched(jid: string): void;
  /** The presence snapshot of `jid` changed: refresh what went stale. */
  presenceChanged(jid: string, prev: Presence, next: Presence): void;
}

interface Entry {
  done: Set<DetailKind>;
  inflight: Map<DetailKind, Promise<void>>;
}

/** XEP-0202 `tzo` (`+01:00`, `-05:30`, `Z`) → minutes; undefined when malformed. */
export function parseTzo(text: string | null | undefined): number | undefined {
  const trimmed = text?.trim();
  if (trimmed === 'Z') return 0;
  const match = trimmed ? /^([+-])(\d{2}):(\d{2})$/.exec(trimmed) : null;
  if (!match) return undefined;
  const [, sign, hours, mins] = match;
  const minutes = Number(hours) * MINUTES_PER_HOUR + Number(mins);
  if (Number(mins) >= MINUTES_PER_HOUR || minutes > MAX_UTC_OFFSET_MINUTES) return undefined;
  return sign === '-' ? -minutes : minutes;
}

function decodeStart(b64: string): string {
  try {
    return atob(b64.slice(0, 24));
  } catch {
    return '';
  }
}

/** A vCard `<PHOTO/>` as a `data:` URL, or undefined unless it is a known raster type of sane size. */
export function photoDataUrl(photo: Element | undefined, maxBytes = MAX_AVATAR_BYTES): string | undefined {
  if (!photo) return undefined;
  const type = photo.getChildText('TYPE')?.trim().toLowerCase() ?? '';
  const check = Object.hasOwn(IMAGE_MAGIC, type) ? IMAGE_MAGIC[type] : undefined;
  const b64 = (photo.getChildText('BINVAL') ?? '').replace(/\s+/g, '');
  if (!check || !b64 || b64.length % 4 !== 0 || (b64.length / 4) * 3 > maxBytes) return undefined;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || !check(decodeStart(b64))) return undefined;
  return `data:${type};base64,${b64}`;
}

/** Create the details factory. */
export function details(deps: DetailsDeps): DetailsApi {
  const { connection, store, emitError } = deps;
  const timeoutMs = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  /** By bare JID, least recently used first. */
  const entries = new Map<string, Entry>();

  function entryOf(jid: string): Entry {
    let entry = entries.get(jid);
    if (entry) entries.delete(jid);
    else entry = { done: new Set(), inflight: new Map() };
    entries.set(jid, entry);
    if (entries.size > MAX_CACHED) {
      for (const [old, oldEntry] of entries) {
        if (entries.size <= MAX_CACHED) break;
        if (old === jid || store.isWatched(old) || oldEntry.inflight.size) continue;
        entries.delete(old);
        store.delete(old);
      }
    }
    return entry;
  }

  /** Merge `change` into `jid`'s details; an `undefined` value removes that field. */
  function patch(jid: string, change: { [K in keyof ContactDetails]?: ContactDetails[K] | undefined }): void {
    const prev = store.get(jid);
    const next = { ...prev, ...change, jid } as ContactDetails;
    for (const key of Object.keys(next) as Array<keyof ContactDetails>) if (next[key] === undefined) delete next[key];
    const keys = Object.keys(next) as Array<keyof ContactDetails>;
    if (prev && Object.keys(prev).length === keys.length && keys.every((key) => sameValue(prev[key], next[key]))) return;
    store.set(jid, Object.freeze(next));
    deps.onChange(jid);
  }

  async function query(kind: DetailKind, jid: string): Promise<Partial<ContactDetails> | undefined> {
    if (kind === 'lastSeen') {
      const res = await connection.iq(xml('iq', { type: 'get', to: jid }, xml('query', { xmlns: NS_LAST_ACTIVITY })), timeoutMs);
      const seconds = Number(iqPayload(res, 'query', NS_LAST_ACTIVITY)?.attrs.seconds);
      if (!Number.isInteger(seconds) || seconds < 0 || seconds > MAX_IDLE_SECONDS) return {};
      return { lastSeen: new Date(Date.now() - seconds * 1000) };
    }
    if (kind === 'time') {
      const to = deps.resourcesOf(jid)[0];
      if (!to) return undefined;
      const res = await connection.iq(xml('iq', { type: 'get', to }, xml('time', { xmlns: NS_TIME })), timeoutMs);
      const tz = parseTzo(iqPayload(res, 'time', NS_TIME)?.getChildText('tzo'));
      return tz === undefined ? {} : { tzOffsetMinutes: tz };
    }
    const res = await connection.iq(xml('iq', { type: 'get', to: jid }, xml('vCard', { xmlns: NS_VCARD })), timeoutMs);
    const card = iqPayload(res, 'vCard', NS_VCARD);
    const name = (card?.getChildText('FN') || card?.getChildText('NICKNAME'))?.trim();
    const avatar = photoDataUrl(card?.getChild('PHOTO'));
    return { ...(name ? { name: keepText(name, MAX_NAME) } : {}), ...(avatar ? { avatar } : {}) };
  }

  function start(jid: string, entry: Entry, kind: DetailKind): Promise<void> | undefined {
    if (entry.done.has(kind)) return undefined;
    const running = entry.inflight.get(kind);
    if (running) return running;
    // Last activity of a bare JID only means "last seen" while they are offline; time needs a resource.
    if (kind === 'lastSeen' && deps.presenceOf(jid).show !== 'offline') return undefined;
    if (kind === 'time' && !deps.resourcesOf(jid).length) return undefined;
    /** Still the request in charge: the entry wasn't evicted or refetched meanwhile. */
    const current = () => entries.get(jid) === entry && entry.inflight.get(kind) === request;
    const request = query(kind, jid).then(
      (change) => {
        if (!current()) return;
        entry.done.add(kind);
        if (change) patch(jid, change);
      },
      (err: unknown) => {
        if (!current()) return;
        // An error reply is an answer ("not supported", "forbidden"): cache it. Timeouts may be retried.
        if (isStanzaError(err)) entry.done.add(kind);
        else if (!isSessionGone(err)) {
          emitError(asPresenceError(err, 'timeout', `Fetching ${kind} of ${jid} failed`));
        }
      },
    );
    const tracked = request.finally(() => {
      if (entry.inflight.get(kind) === request) entry.inflight.delete(kind);
    });
    entry.inflight.set(kind, request);
    return tracked;
  }

  function refetch(jid: string, kinds: DetailKind[]): void {
    const entry = entries.get(jid);
    if (!entry) return;
    for (const kind of kinds) {
      entry.done.delete(kind);
      entry.inflight.delete(kind);
    }
    if (store.isWatched(jid)) for (const kind of kinds) void start(jid, entry, kind);
  }

  return {
    async fetch(jid, what = ALL) {
      const bare = bareJid(jid);
      if (!Array.isArray(what) || what.some((w) => !ALL.includes(w))) throw new PresenceError('invalid-argument', 'Unknown detail kind');
      const entry = entryOf(bare);
      await Promise.all(what.map((kind) => start(bare, entry, kind)));
      return store.get(bare) ?? Object.freeze({ jid: bare });
    },
    get: (jid) => store.get(jid),
    watched(jid) {
      const entry = entryOf(jid);
      for (const kind of ALL) void start(jid, entry, kind);
    },
    presenceChanged(jid, prev, next) {
      const wentOffline = next.show === 'offline' && prev.show !== 'offline';
      const cameOnline = next.resources.length > 0 && prev.resources.length === 0;
      // Most changes are neither: no lookup for them (this runs for every presence that changes something).
      if (!wentOffline && !cameOnline) return;
      const entry = entries.get(jid);
      if (!entry) return;
      if (wentOffline) {
        // The cached lastSeen predates this session of theirs: drop it rather than show it.
        if (store.get(jid)?.lastSeen) patch(jid, { lastSeen: undefined });
        refetch(jid, ['lastSeen', 'time']);
      } else if (cameOnline && store.isWatched(jid)) {
        void start(jid, entry, 'time');
      }
    },
  };
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return a === b;
}
