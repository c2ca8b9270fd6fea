/**
 * Text that outlives the stanza it came in. A substring of a network chunk may share that chunk's memory (V8's
 * sliced strings, and dependent strings elsewhere): a 20-character status kept in the store would keep a 64 KB
 * read alive. Strings the client keeps go through {@link detach} once, where they are stored.
 */

/** Engines copy substrings shorter than this (V8: 13); longer ones are views into the string they were cut from. */
const SHARED_FROM = 13;

/**
 * `s` with no tie to a larger string it was cut from: the same text, in (or viewing only) a copy of its own.
 * Cheap: slicing a concatenation flattens it into a fresh string first.
 */
export function detach(s: string): string {
  return s.length < SHARED_FROM ? s : `\0${s}`.slice(1);
}

/**
 * `s` as one flat string of its own, for keys that many lookups compare against: unlike {@link detach}'s result,
 * reading it never goes through another string. Costs more (about 3×); use it where a string is kept once and read often.
 */
export function flatCopy(s: string): string {
  return s.length < SHARED_FROM ? s : (JSON.parse(JSON.stringify(s)) as string);
}
