/**
 * Two copies of Presently on one page — say `@presently/elements` in the app's bundle and `presently.js` from a
 * script tag — share neither their default client nor their tags: the first copy's tags win (W001), while
 * `setDefaultClient()` may be called on the other copy, and every element stays `unknown`. Each copy announces
 * itself on a global when it loads; the second one to do so warns, once per page, with a link to the fix.
 */
const KEY = Symbol.for('presently.copies');
const DOCS = 'https://github.com/presently/presently/blob/main/docs/elements/troubleshooting.md#w002';

interface Copies {
  first: object;
  warned: boolean;
}

/** Announce a copy; `copy` identifies it (context.ts passes its `setDefaultClient`, which each copy has its own of). */
export function announceCopy(copy: object): void {
  if (typeof document === 'undefined') return; // one server process may well hold several copies; no page to break
  const global = globalThis as { [KEY]?: Copies };
  const copies = (global[KEY] ??= { first: copy, warned: false });
  if (copies.first === copy || copies.warned) return;
  copies.warned = true;
  console.warn(`[presently:W002] a second copy of Presently is loaded on this page; load one: ${DOCS}`);
}
