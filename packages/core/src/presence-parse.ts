/**
 * RFC 6121 §4.7 — reading an available presence into what the model keeps: `<show/>`, `<status/>` and
 * `<priority/>`, with XEP-0319 `<idle/>`. Bad values are reported (`malformed-stanza`) and replaced by defaults.
 */
import type { Element } from './xml.js';
import type { PresenceError } from './errors.js';
import { NS_IDLE } from './namespaces.js';
import type { ResourceEntry } from './presence-contact.js';
import { parsePriority, pickStatus, sameDate } from './presence-snapshot.js';
import { capText, malformed, parseStamp } from './stanza-utils.js';
import { detach, flatCopy } from './text.js';
import type { ResourcePresence } from './types.js';

const SHOWS = new Set(['chat', 'away', 'xa', 'dnd']);

/** Status texts up to this length are kept once per client (see {@link statusReader}); longer ones rarely recur. */
const SHARED_STATUS_MAX_LENGTH = 100;
/** How many distinct short status texts are remembered before the memory starts over. */
const SHARED_STATUS_LIMIT = 1024;
/** How much of an unknown `<show/>` value an error message quotes. */
const QUOTED_SHOW_MAX = 40;

/** Reads a presence's status text as kept. */
export type StatusReader = (stanza: Element) => string | undefined;

/**
 * A reader of status texts as the model keeps them: trimmed, capped to `maxStatus`, none when empty, and a string of
 * its own (text.ts). Short ones recur across contacts and over the day ("In a meeting", "Lunch"): each is kept once.
 */
export function statusReader(maxStatus: number): StatusReader {
  /** Recent short status texts; cleared when full. */
  const shared = new Map<string, string>();
  return (stanza) => {
    const status = pickStatus(stanza)?.trim();
    if (!status) return undefined;
    const capped = capText(status, maxStatus);
    if (capped.length > SHARED_STATUS_MAX_LENGTH) return detach(capped);
    let kept = shared.get(capped);
    if (kept === undefined) {
      if (shared.size >= SHARED_STATUS_LIMIT) shared.clear();
      kept = flatCopy(capped);
      shared.set(kept, kept);
    }
    return kept;
  };
}

/** What {@link parseResource} needs besides the stanza. */
export interface ParseContext {
  readStatus: StatusReader;
  emitError: (error: PresenceError) => void;
}

/**
 * The resource entry after an available presence from `resource`, numbered `seq`. `previous`: the resource's entry so
 * far, which is updated in place (one object per resource for as long as it stays: no garbage per presence); its idle
 * Date is reused while the stamp is unchanged, and its presence object is kept when nothing changed (watchers compare
 * by identity), so that a presence saying again what it said allocates nothing.
 */
export function parseResource(
  stanza: Element,
  resource: string,
  previous: ResourceEntry | undefined,
  seq: number,
  context: ParseContext,
): ResourceEntry {
  const { emitError } = context;
  const parsedPriority = parsePriority(stanza.getChildText('priority'));
  if (parsedPriority === undefined) emitError(malformed('Presence priority is not an integer; using 0', stanza));
  const priority = parsedPriority ?? 0;
  const show = parseShow(stanza, emitError);
  const status = context.readStatus(stanza) || undefined;
  const idle = stanza.getChild('idle', NS_IDLE);
  const idleStamp = keptStamp(idle?.attrs.since, previous);
  let idleSince: Date | undefined;
  if (idle) {
    idleSince = previous?.presence.idleSince && previous.idleStamp === idleStamp ? previous.presence.idleSince : parseStamp(idleStamp);
    if (!idleSince) emitError(malformed('XEP-0319 idle without a valid since; ignored', stanza));
  }
  const kept = previous?.presence;
  const same =
    kept !== undefined && kept.show === show && kept.status === status && kept.priority === priority && sameDate(kept.idleSince, idleSince);
  const presence = same ? kept : resourcePresence(resource, show, priority, status, idleSince);
  if (!previous) return { presence, seq, idleStamp };
  previous.presence = presence;
  previous.seq = seq;
  previous.idleStamp = idleStamp;
  return previous;
}

/** A frozen resource presence, with `status` and `idleSince` only when there are some. */
function resourcePresence(
  resource: string,
  show: ResourcePresence['show'],
  priority: number,
  status: string | undefined,
  idleSince: Date | undefined,
): ResourcePresence {
  const presence: ResourcePresence = { resource, show, priority };
  if (status) presence.status = status;
  if (idleSince) presence.idleSince = idleSince;
  return Object.freeze(presence);
}

/** `<show/>`; absent or unknown → `available` (an unknown one is reported). */
function parseShow(stanza: Element, emitError: (error: PresenceError) => void): ResourcePresence['show'] {
  const text = stanza.getChildText('show')?.trim();
  if (!text) return 'available';
  if (SHOWS.has(text)) return text as ResourcePresence['show'];
  emitError(malformed(`Unknown presence show ${JSON.stringify(capText(text, QUOTED_SHOW_MAX))}; using available`, stanza));
  return 'available';
}

/** The idle stamp as kept: the previous entry's string when unchanged, else a string of its own. */
function keptStamp(stamp: string | undefined, previous: ResourceEntry | undefined): string | undefined {
  if (stamp === undefined) return undefined;
  return stamp === previous?.idleStamp ? previous.idleStamp : detach(stamp);
}
