/**
 * XML 1.0 §3.1 and §3.3.3 — the attributes of the start tag being read: each name at most once (the well-formedness
 * constraint "Unique Att Spec"), whitespace in a value normalised to spaces, and the result as a plain object in
 * which `__proto__` is an attribute like any other (never the object's prototype).
 */
import type { Attrs } from './parser-tree.js';

const TAB_OR_LF = /[\t\n]/g;

/**
 * §3.3.3: each whitespace character of a literal piece of a value becomes a space (CR and CRLF are LF by now; a
 * referenced character is kept as is and never gets here). `chunkHasTabOrLf`: whether the chunk holds any at all.
 */
export function normalisedValue(piece: string, chunkHasTabOrLf: boolean): string {
  return chunkHasTabOrLf ? piece.replace(TAB_OR_LF, ' ') : piece;
}

/** The attributes of one start tag, as they are read. */
export class StartTagAttributes {
  #attrs: Attrs | undefined;

  /** Adds `name="value"`; false when the tag already has an attribute of that name. */
  add(name: string, value: string): boolean {
    const attrs = (this.#attrs ??= {});
    if (Object.hasOwn(attrs, name)) return false;
    // A plain assignment to __proto__ would set the object's prototype instead of an attribute.
    if (name === '__proto__') Object.defineProperty(attrs, name, { value, enumerable: true, writable: true, configurable: true });
    else attrs[name] = value;
    return true;
  }

  /** The attributes read so far, or undefined when there are none; the next tag starts empty. */
  take(): Attrs | undefined {
    const attrs = this.#attrs;
    this.#attrs = undefined;
    return attrs;
  }
}
