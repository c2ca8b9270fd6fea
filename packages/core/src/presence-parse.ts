/**
 * RFC 6121 §4.7 — reading an available presence into what the model keeps: `<show/>`, `<status/>` and
 * `<priority/>`, with XEP-0319 `<idle/>`. Bad values are reported (`malformed-stanza`) and replaced by defaults.
 */
import type { Element } from './xml.js';
import type { PresenceError } from './errors.js';
import { NS_IDLE } from './namespaces.js';
import type { ResourceEntry } from './presence-contact.js';
import { parsePriority, pickStatus, sameResource } from './presence-snapshot.js';
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
 * The resource entry an available presence from `resource` makes, numbered `seq`. `previous`: the resource's entry
 * so far, whose idle Date is reused while the stamp is unchanged (no Date per presence), and whose presence object
 * is kept when nothing changed (watchers compare by identity).
 */
export function parseResource(
  stanza: Element,
  resource: string,
  previous: ResourceEntry | undefined,
  seq: number,
  context: ParseContext,
): ResourceEntry {
  const { emitError } = context;
  const priority = parsePriority(stanza.getChildText('priority'));
  if (priority === undefined) emitError(malformed('Presence priority is not an integer; using 0', stanza));
  const presence: ResourcePresence = { resource, show: parseShow(stanza, emitError), priority: priority ?? 0 };
  const status = context.readStatus(stanza);
  if (status) presence.status = status;
  const idle = stanza.getChild('idle', NS_IDLE);
  const idleStamp = keptStamp(idle?.attrs.since, previous);
  if (idle) {
    const since = previous?.presence.idleSince && previous.idleStamp === idleStamp ? previous.presence.idleSince : parseStamp(idleStamp);
    if (since) presence.idleSince = since;
    else emitError(malformed('XEP-0319 idle without a valid since; ignored', stanza));
  }
  Object.freeze(presence);
  return { presence: previous && sameResource(previous.presence, presence) ? previous.presence : presence, seq, idleStamp };
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
