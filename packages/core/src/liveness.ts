/**
 * XEP-0199 XMPP Ping (§4.2 client-to-client ping) applied to docs/design.md's rule "A dot is never green for
 * someone who can't be reached". A server does not always say when a contact goes: a cluster node dies, a
 * laptop sleeps while its session waits for resumption, and no unavailable presence ever comes (issue #16,
 * the "ghost"). So the winning resource of a contact someone watches and that reads available is pinged
 * once it has been silent for a while. RFC 6120 §8.5.3.2.1 / RFC 6121 §8.5.3: an IQ to a full JID that has
 * no session is answered with an error by the server; no answer at all means the route is dead too.
 *
 * - `result`, or any error other than the "gone" ones (e.g. `feature-not-implemented`): the resource
 *   answered, so it is alive.
 * - `service-unavailable`, `item-not-found`, `recipient-unavailable`, `remote-server-not-found`: gone.
 * - a timeout: retried once (a slow peer is not a dead one); a second timeout: gone.
 * - a message error with one of the "gone" conditions, bounced from a full JID: gone.
 *
 * Traffic is bounded: at most `maxInFlight` pings wait for an answer and `perMinute` are sent per minute,
 * whatever the number of contacts; the longest-silent resource goes first.
 */
import { xml, type Element } from './xml.js';
import type { Connection } from './connection/types.js';
import { errorCondition } from './connection/iq.js';
import { isPresenceError } from './errors.js';
import type { ParsedJid } from './jid.js';
import { NS_PING } from './namespaces.js';
import { GONE_CONDITIONS } from './stanza-utils.js';

/** Knobs of the re-check (`ClientOptions.liveness`). */
export interface LivenessOptions {
  /** Silence from a contact's winning resource before it is pinged. Jittered up to +50 %. Default 20 000 ms. */
  silenceMs: number;
  /** A ping unanswered this long counts as lost (one retry before the resource is dropped). Default 10 000 ms. */
  timeoutMs: number;
  /** Pings waiting for an answer at once. Default 4. */
  maxInFlight: number;
  /** Pings sent per minute, overall. Default 120. */
  perMinute: number;
}

/**
 * Default {@link LivenessOptions}. One watched contact that dies silently leaves "available" within
 * 20 s × 1.5 (jitter) + 3.3 s (sweep) + 2 × 10 s (two timeouts) ≈ 53 s. However many contacts are watched,
 * at most 120 pings a minute go out: 200 silent watched contacts cost 120 a minute (each re-checked about
 * every 100 s), 40 or fewer cost what their silence asks (≤ 120 a minute).
 */
export const DEFAULT_LIVENESS: LivenessOptions = { silenceMs: 20_000, timeoutMs: 10_000, maxInFlight: 4, perMinute: 120 };

/** Dependencies of {@link liveness}. */
export interface LivenessDeps {
  connection: Connection;
  /** Bare JIDs something watches now. */
  watched: () => string[];
  /** Full JIDs of `jid`'s available resources, winner first. */
  availableResources: (jid: string) => string[];
  /** The resource `fullJid` is gone: stop counting it. */
  unreachable: (fullJid: string) => void;
  options?: Partial<LivenessOptions>;
  /** Jitter source (tests); default Math.random. */
  random?: () => number;
}

/** The re-check of contacts shown reachable. */
export interface Liveness {
  /** Any stanza from `from` (a contact): it is alive now. */
  heard(from: ParsedJid): void;
  /** A message error from `from`: drops the resource when the condition says it is gone. */
  bounced(stanza: Element, from: ParsedJid): void;
  /** Begin checking (the session is online). */
  start(): void;
  /** Stop checking and forget what was heard (disconnected or stopped). */
  stop(): void;
}

const fullOf = (from: ParsedJid) => (from.resource === undefined ? from.bare : `${from.bare}/${from.resource}`);

/** The winning resource of a watched contact, and when it is next due for a ping (epoch ms). */
interface Due {
  full: string;
  /** `full`'s resource (undefined for a bare JID), compared with what `heard()` gets without building a string. */
  resource: string | undefined;
  at: number;
}

/** Create the re-check; inert until {@link Liveness.start}. */
export function liveness({ connection, watched, availableResources, unreachable, options, random = Math.random }: LivenessDeps): Liveness {
  const { silenceMs, timeoutMs, maxInFlight, perMinute } = { ...DEFAULT_LIVENESS, ...options };
  /**
   * Bare JID → its winning resource and when that is next due. Keyed by the bare JID so that `heard()`, which runs
   * for every inbound stanza, is one lookup of a string the stanza already has (a full-JID string built per stanza
   * was ~3% of in-process ingest at 5,000 watched contacts).
   */
  const due = new Map<string, Due>();
  const inFlight = new Set<string>();
  /** Send times of the last minute, oldest first. */
  const sent: number[] = [];
  let timer: ReturnType<typeof setInterval> | undefined;
  /** Bumped by stop(): answers to pings of an older run are ignored. */
  let run = 0;

  const nextDue = (now: number) => now + silenceMs * (1 + random() / 2);

  /** (Re)starts the silence of `full`, the winning resource of `bare`. */
  function restart(full: string, bare: string, now: number): void {
    due.set(bare, { full, resource: full === bare ? undefined : full.slice(bare.length + 1), at: nextDue(now) });
  }

  /** Ping `full`; a second timeout (or a "gone" error) drops it. */
  async function ping(full: string, bare: string, myRun: number): Promise<void> {
    inFlight.add(full);
    try {
      for (let attempt = 0; attempt < 2; attempt++) {
        sent.push(Date.now());
        try {
          await connection.iq(xml('iq', { type: 'get', to: full }, xml('ping', { xmlns: NS_PING })), timeoutMs);
          return alive(full, bare, myRun);
        } catch (e) {
          if (myRun !== run) return;
          if (isPresenceError(e, 'timeout')) continue;
          if (isPresenceError(e, 'stanza-error') && e.condition && GONE_CONDITIONS.has(e.condition)) return gone(full, bare);
          // feature-not-implemented and the like: someone answered. Not-connected: no verdict.
          if (isPresenceError(e, 'stanza-error')) return alive(full, bare, myRun);
          return;
        }
      }
      if (myRun === run) gone(full, bare);
    } finally {
      // A free slot: whoever else is due goes now rather than at the next sweep (the caps still hold).
      if (myRun === run && inFlight.delete(full)) sweep();
    }
  }

  function alive(full: string, bare: string, myRun: number): void {
    // Another resource may have won meanwhile: the next sweep starts its silence.
    if (myRun === run && (due.get(bare)?.full ?? full) === full) restart(full, bare, Date.now());
  }

  function gone(full: string, bare: string): void {
    if (due.get(bare)?.full === full) due.delete(bare);
    if (availableResources(bare).includes(full)) unreachable(full);
  }

  /** One sweep: ping the longest-silent winning resources that are due, within the caps. */
  function sweep(): void {
    if (connection.status !== 'online') return;
    const now = Date.now();
    while (sent.length && sent[0]! <= now - 60_000) sent.shift();
    const candidates: Array<[number, string, string]> = [];
    /** Bare JID → its winning resource's full JID. */
    const winners = new Map<string, string>();
    for (const bare of watched()) {
      const full = availableResources(bare)[0];
      if (full === undefined) continue;
      winners.set(bare, full);
      if (inFlight.has(full)) continue;
      // First sight of this winner: its silence starts now.
      if (due.get(bare)?.full !== full) restart(full, bare, now);
      const at = due.get(bare)!.at;
      if (at <= now) candidates.push([at, full, bare]);
    }
    // Forget resources that no longer win (or are no longer watched): memory follows what is shown.
    for (const [bare, entry] of due) if (winners.get(bare) !== entry.full) due.delete(bare);
    candidates.sort((a, b) => a[0] - b[0]);
    for (const [, full, bare] of candidates) {
      if (inFlight.size >= maxInFlight || sent.length >= perMinute) break;
      void ping(full, bare, run);
    }
  }

  return {
    heard(from) {
      const entry = due.get(from.bare);
      if (entry !== undefined && entry.resource === from.resource) entry.at = nextDue(Date.now());
    },

    bounced(stanza, from) {
      if (from.resource !== undefined && GONE_CONDITIONS.has(errorCondition(stanza))) gone(fullOf(from), from.bare);
    },

    start() {
      if (timer !== undefined) return;
      // Sweeps often enough to keep within a few seconds of `silenceMs`, rarely enough to cost nothing.
      timer = setInterval(sweep, Math.max(250, Math.min(5000, silenceMs / 6)));
    },

    stop() {
      clearInterval(timer);
      timer = undefined;
      run += 1;
      due.clear();
      inFlight.clear();
    },
  };
}
