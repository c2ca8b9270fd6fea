/**
 * Text that outlives the stanza it came in. A substring of a network chunk may share that chunk's memory (V8's
 * sliced strings, and dependent strings elsewhere): a 20-character status kept in the store would keep a 64 KB
 * read alive, and comparing against it would touch that cold memory. Strings the client keeps go through
 * {@link detach} once, where they are stored.
 */

/** V8 copies substrings shorter than this; longer ones are views into the string they were cut from. */
const SHARED_FROM = 13;

/** `s` as a string of its own (same text, no tie to a larger string it was cut from). Costs one copy. */
export function detach(s: string): string {
  // Slicing a concatenation flattens it into a fresh string first; the slice then refers only to that copy.
  return s.length < SHARED_FROM ? s : `\0${s}`.slice(1);
}
