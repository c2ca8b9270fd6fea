/**
 * Text that outlives the stanza it came in. A substring of a network chunk may share that chunk's memory (V8's
 * sliced strings, and dependent strings elsewhere): a 20-character status kept in the store would keep a 64 KB
 * read alive, and every comparison with it would first follow a pointer into that (by then cold) chunk. Strings
 * the client keeps go through {@link detach} once, where they are stored.
 */

/** Engines copy substrings shorter than this (V8: 13); longer ones are views into the string they were cut from. */
const SHARED_FROM = 13;

/** `s` as a flat string of its own (same text, no tie to a larger string it was cut from). Costs one copy. */
export function detach(s: string): string {
  // A JSON round trip builds a new flat string; concatenating or slicing would give another view.
  return s.length < SHARED_FROM ? s : (JSON.parse(JSON.stringify(s)) as string);
}
