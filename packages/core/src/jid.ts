/**
 * RFC 7622 JID parsing, narrowed to what a presence client needs:
 * validate user input, normalise to a bare JID, reject the rest with `invalid-jid`.
 */
import { PresenceError } from './errors.js';
import { flatCopy } from './text.js';

/** A parsed JID. */
export interface ParsedJid {
  readonly local?: string;
  readonly domain: string;
  readonly resource?: string;
  /** `local@domain` or `domain`. */
  readonly bare: string;
}

// RFC 7622 §3.3.1: these may never appear in a localpart. Whitespace and controls are out too.
const LOCAL_FORBIDDEN = /["&'/:<>@\s\u0000-\u001f\u007f]/u;
const DOMAIN_LABEL = /^(?!-)[\p{L}\p{N}-]{1,63}(?<!-)$/u;
const MAX_PART = 1023;
// NFC leaves pure ASCII unchanged, and normalize() is a measurable cost on every inbound stanza.
const NON_ASCII = /[^\u0000-\u007f]/;

// Every inbound stanza's from is parsed (the connection's guard) and the same few thousand contacts recur, so
// results are memoised. Bounded (oldest dropped first) so a peer sending endless distinct JIDs can't grow it
// (≈ 8 MB at most); long inputs aren't cached at all. Entries are frozen: callers share them. The bound holds a
// roster of 10,000 contacts with two devices each (a full JID per device plus the bare JID): dropping oldest first,
// a roster that didn't fit would miss on every presence.
const CACHE_MAX = 32_768;
const CACHE_KEY_MAX = 256;
const cache = new Map<string, ParsedJid>();

function invalid(input: unknown, why: string): PresenceError {
  const shown = typeof input === 'string' ? JSON.stringify(input.length > 80 ? `${input.slice(0, 80)}…` : input) : typeof input;
  return new PresenceError('invalid-jid', `Invalid JID ${shown}: ${why}`);
}

function validDomain(domain: string): boolean {
  if (domain.startsWith('[') && domain.endsWith(']')) return domain.length > 2 && /^[0-9a-f:.]+$/i.test(domain.slice(1, -1));
  const d = domain.endsWith('.') ? domain.slice(0, -1) : domain;
  if (!d || d.length > 253) return false;
  return d.split('.').every((label) => DOMAIN_LABEL.test(label));
}

/**
 * Parse and normalise a JID. Throws `PresenceError('invalid-jid')` on anything that isn't one.
 * @example parseJid('Bob@Example.com/phone').bare === 'bob@example.com'
 */
export function parseJid(input: unknown): ParsedJid {
  if (typeof input !== 'string') throw invalid(input, 'not a string');
  const hit = cache.get(input);
  if (hit) return hit;
  // The key and the parts are cut from a copy of their own (see text.ts): a JID read from the network is a
  // substring of a whole read, which the cache (and the stores keyed by these parts) would otherwise keep alive.
  const own = flatCopy(input);
  let parsed = parseUncached(own);
  if (parsed.bare !== own) {
    // Every JID of one account shares the bare JID's string: the maps keyed by bare JIDs (roster, presence,
    // store) then find their key by identity instead of comparing characters.
    const bare =
      cache.get(parsed.bare) ??
      remember(
        parsed.bare,
        Object.freeze(
          parsed.local ? { local: parsed.local, domain: parsed.domain, bare: parsed.bare } : { domain: parsed.domain, bare: parsed.bare },
        ),
      );
    parsed = { ...parsed, bare: bare.bare };
  }
  return remember(own, Object.freeze(parsed));
}

function remember(key: string, parsed: ParsedJid): ParsedJid {
  if (key.length <= CACHE_KEY_MAX) {
    if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value as string);
    cache.set(key, parsed);
  }
  return parsed;
}

function parseUncached(input: string): ParsedJid {
  const raw = (NON_ASCII.test(input) ? input.normalize('NFC') : input).trim();
  if (!raw) throw invalid(input, 'empty');
  const slash = raw.indexOf('/');
  const head = slash === -1 ? raw : raw.slice(0, slash);
  const resource = slash === -1 ? undefined : raw.slice(slash + 1);
  if (resource !== undefined && (!resource || resource.length > MAX_PART || /[\u0000-\u001f\u007f]/u.test(resource))) {
    throw invalid(input, 'bad resource');
  }
  const at = head.indexOf('@');
  const local = at === -1 ? undefined : head.slice(0, at).toLowerCase();
  const domain = (at === -1 ? head : head.slice(at + 1)).toLowerCase().replace(/\.$/, '');
  if (local !== undefined) {
    if (!local || local.length > MAX_PART || LOCAL_FORBIDDEN.test(local)) throw invalid(input, 'bad local part');
  }
  if (!validDomain(domain)) throw invalid(input, 'bad domain');
  const bare = local ? flatCopy(`${local}@${domain}`) : domain;
  return { ...(local ? { local } : {}), domain, ...(resource ? { resource } : {}), bare };
}

/** Normalised bare JID of `input`; throws `invalid-jid`. */
export function bareJid(input: unknown): string {
  return parseJid(input).bare;
}

/** Like {@link parseJid} but returns `undefined` instead of throwing (for stanzas from the network). */
export function tryParseJid(input: unknown): ParsedJid | undefined {
  try {
    return parseJid(input);
  } catch {
    return undefined;
  }
}

/** Like {@link bareJid} but returns `undefined` instead of throwing. */
export function tryBareJid(input: unknown): string | undefined {
  return tryParseJid(input)?.bare;
}

/** True for a valid JID. */
export function isValidJid(input: unknown): boolean {
  return tryBareJid(input) !== undefined;
}
