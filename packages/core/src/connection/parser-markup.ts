/**
 * The small decisions of the stream parser's tokenizer (parser.ts), each on a complete token: XML 1.0 §2.3 names
 * (shared through a name table), §4.1 character references and §4.6 predefined entities, what `<!` and `<?` may
 * start in an XMPP stream (RFC 6120 §11.1: only CDATA sections and the XML declaration, §2.8).
 */
import {
  AMP,
  type ChunkMarks,
  APOS,
  CLOSE_BRACKET,
  GT,
  fail,
  isCharCode,
  isSpace,
  LT,
  NAME,
  predefinedEntity,
  QUOTE,
  SEMICOLON,
  shown,
  XML_DECLARATION,
} from './parser-chars.js';
import { State } from './parser-states.js';

/** Names of up to this many characters are shared through the name table. */
const NAME_TABLE_MAX_LENGTH = 12;
/** Slots of the name table: a power of two, so that a hash is masked into range. */
const NAME_TABLE_SIZE = 256;
/** The name table's hash mixes the length, the first and the last character with these odd factors. */
const HASH_LENGTH_FACTOR = 31;
const HASH_FIRST_FACTOR = 7;
const CDATA_OPEN = '[CDATA['; // after `<!`
const DECIMAL = /^[0-9]+$/;
const HEXADECIMAL = /^[0-9a-fA-F]+$/;
const XML_TARGET = /^xml[ \t\n?]/i;
/** Longest reference between `&` and `;` (leading zeros of a character reference aside) worth reading. */
const MAX_REFERENCE_LENGTH = 32;
const ZERO = 0x30;
const LOWER_X = 0x78;
/** Longest XML declaration worth reading. */
const MAX_DECLARATION_LENGTH = 256;

/** `name`, if it is an XML Name; otherwise the stream fails. */
export function checkedName(name: string): string {
  if (!NAME.test(name)) fail(name ? `invalid name "${shown(name)}"` : 'a name is missing');
  return name;
}

/**
 * Recent element and attribute names, all checked. Names come from a small vocabulary (presence, show, xmlns,
 * from…), and one string each spares an allocation, the check and, for attribute names, the engine's lookup of the
 * new string as a property key. Only short names, which engines copy anyway (a longer slice could keep its whole
 * chunk alive).
 */
export class NameTable {
  readonly #names: Array<string | undefined> = new Array(NAME_TABLE_SIZE);

  /** `s.slice(start, end)` as a checked name, shared with the last equal one. */
  name(s: string, start: number, end: number): string {
    const length = end - start;
    if (length > NAME_TABLE_MAX_LENGTH || length === 0) return checkedName(s.slice(start, end));
    const slot = (length * HASH_LENGTH_FACTOR + s.charCodeAt(start) * HASH_FIRST_FACTOR + s.charCodeAt(end - 1)) & (NAME_TABLE_SIZE - 1);
    const known = this.#names[slot];
    if (known !== undefined && known.length === length && s.startsWith(known, start)) return known;
    return (this.#names[slot] = checkedName(s.slice(start, end)));
  }
}

/** A reference between `&` and `;`, read across chunks. */
export class ReferenceReader {
  /** What was read (without the leading zeros of a character reference), and whether there were any. */
  #ref = '';
  #zeros = false;
  /** Where the scan goes back to after the reference: text or an attribute value. */
  returnTo: State = State.Text;

  begin(returnTo: State): void {
    this.#ref = '';
    this.#zeros = false;
    this.returnTo = returnTo;
  }

  /** Reads from `i`: the index after the `;`, or -1 when the chunk ended first. */
  read(s: string, i: number): number {
    for (const n = s.length; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c === SEMICOLON) return i + 1;
      if (c === LT || c === AMP || c === QUOTE || c === APOS || isSpace(c)) fail('unterminated entity reference');
      const ref = this.#ref;
      // Leading zeros of a character reference carry nothing: &#x00000041; is "A".
      if (c === ZERO && (ref === '#' || ref === '#x')) this.#zeros = true;
      else if (c === LOWER_X && ref === '#' && this.#zeros) fail('malformed character reference');
      else if ((this.#ref = ref + s[i]).length > MAX_REFERENCE_LENGTH) fail('entity reference too long');
    }
    return -1;
  }

  /** The text of the complete reference. */
  text(): string {
    return referencedText(this.#ref, this.#zeros);
  }
}

/**
 * The text of the reference `&ref;` (`ref` without the leading zeros of a character reference; `zeros` says whether
 * there were any). Only the five predefined entities are named references XMPP allows.
 */
export function referencedText(ref: string, zeros: boolean): string {
  if (ref.startsWith('#')) {
    const hex = ref.startsWith('#x');
    const digits = ref.slice(hex ? 2 : 1);
    if (digits ? !(hex ? HEXADECIMAL : DECIMAL).test(digits) : !zeros) fail('malformed character reference');
    const code = digits ? parseInt(digits, hex ? 16 : 10) : 0;
    if (!isCharCode(code)) fail(`character reference &${ref.slice(0, 12)}; is not an XML character`);
    return String.fromCodePoint(code);
  }
  const text = predefinedEntity(ref);
  if (text !== undefined) return text;
  if (NAME.test(ref)) fail(`entity &${shown(ref)}; is not allowed in XMPP (only the five predefined ones are)`, 'restricted-xml');
  return fail('malformed entity reference');
}

/**
 * What follows `<!` so far: true once it opens a CDATA section, false while it may still. A comment or a declaration
 * (DTD, entity…) is restricted XML; anything else is not XML.
 */
export function opensCdata(markup: string): boolean {
  if (markup === '--') fail('comments are not allowed in XMPP', 'restricted-xml');
  if (/^[A-Z]/.test(markup)) fail('DTDs and markup declarations are not allowed in XMPP', 'restricted-xml');
  if (markup !== '-' && !CDATA_OPEN.startsWith(markup)) fail('malformed markup after "<!"');
  return markup === CDATA_OPEN;
}

/** What one chunk brings to a CDATA section (§2.7): its text, where the scan goes on, and whether `]]>` closed it. */
export interface CdataRead {
  text: string;
  next: number;
  /** `]` characters at the chunk's end, held back: the next chunk may start with the rest of `]]>`. */
  brackets: number;
  closed: boolean;
}

/** Read CDATA section text from `s` at `i`, with `brackets` `]` characters held back from the chunk before. */
export function readCdata(s: string, i: number, brackets: number): CdataRead {
  const n = s.length;
  let text = '';
  while (brackets > 0 && i < n) {
    const c = s.charCodeAt(i);
    if (c === GT && brackets === 2) return { text, next: i + 1, brackets: 0, closed: true };
    if (c !== CLOSE_BRACKET) {
      text += ']'.repeat(brackets);
      brackets = 0;
    } else if (brackets === 2) text += ']';
    else brackets++;
    if (c === CLOSE_BRACKET) i++;
  }
  if (i === n) return { text, next: n, brackets, closed: false };
  const end = s.indexOf(']]>', i);
  if (end >= 0) return { text: text + s.slice(i, end), next: end + 3, brackets: 0, closed: true };
  let j = n;
  while (j > i && n - j < 2 && s.charCodeAt(j - 1) === CLOSE_BRACKET) j--;
  return { text: text + s.slice(i, j), next: n, brackets: n - j, closed: false };
}

/**
 * What follows `<?` so far: true once it is a complete, valid XML declaration where one is allowed, false while it
 * may still become one. Any other processing instruction is restricted XML.
 */
export function endsDeclaration(markup: string, declarationAllowed: boolean): boolean {
  const ended = markup.endsWith('?>');
  if ((markup.length >= 4 || ended) && !XML_TARGET.test(markup)) fail('processing instructions are not allowed in XMPP', 'restricted-xml');
  if (ended && (!declarationAllowed || !XML_DECLARATION.test(`<?${markup}`))) fail('a second or malformed XML declaration');
  if (markup.length > MAX_DECLARATION_LENGTH) fail('a malformed XML declaration');
  return ended;
}

/**
 * What follows `<!` or `<?`, read across chunks until it is understood: in an XMPP stream only a CDATA section, or
 * the XML declaration before the first element (RFC 6120 §11.1).
 */
export class MarkupReader {
  #markup = '';
  #declarationAllowed = true;

  /** `<!` or `<?` was read. */
  begin(): void {
    this.#markup = '';
  }

  /** An element started: an XML declaration is out of place from now on. */
  endProlog(): void {
    this.#declarationAllowed = false;
  }

  /** After `<!`: one more character; true once `<![CDATA[` is complete (anything else fails on its way). */
  bang(char: string): boolean {
    return opensCdata((this.#markup += char));
  }

  /** After `<?`: reads from `i`; the index after the declaration's `?>`, or -1 when the chunk ended first. */
  instruction(s: string, i: number): number {
    for (const n = s.length; i < n; i++) {
      if (endsDeclaration((this.#markup += s[i]), this.#declarationAllowed)) {
        this.#declarationAllowed = false;
        return i + 1;
      }
    }
    return -1;
  }
}

/**
 * XML §2.4: `]]>` may not appear in character data, not even split between chunks. `brackets`: the `]` characters
 * that ended the text before the piece `s[i, stop)`; returns how many (at most two) end the text after it, or fails.
 */
export function bracketsAfterText(s: string, i: number, stop: number, brackets: number, marks: ChunkMarks): number {
  const splitEnd = brackets === 2 ? s.charCodeAt(i) === GT : brackets === 1 && s.startsWith(']>', i);
  if (splitEnd || marks.cdataEnd(i) < stop) fail('"]]>" in text');
  let trailing = 0;
  while (trailing < 2 && stop - trailing > i && s.charCodeAt(stop - trailing - 1) === CLOSE_BRACKET) trailing++;
  return stop - trailing > i ? trailing : Math.min(2, brackets + trailing);
}

/**
 * A token (text run, name, attribute value) read in the pieces the chunks brought, joined once when it ends: never
 * re-joined while it grows. The first piece needs no array, and most tokens are one piece.
 */
export class Pieces {
  #first: string | undefined;
  #rest: string[] = [];

  get empty(): boolean {
    return this.#first === undefined;
  }

  push(piece: string): void {
    if (this.#first === undefined) this.#first = piece;
    else this.#rest.push(piece);
  }

  /** Everything pushed, followed by `last`, as one string; the pieces are let go. */
  take(last: string): string {
    const first = this.#first;
    if (first === undefined) return last;
    this.#first = undefined;
    if (this.#rest.length === 0) return first + last;
    this.#rest.push(last);
    const whole = first + this.#rest.join('');
    this.#rest = [];
    return whole;
  }

  clear(): void {
    this.#first = undefined;
    this.#rest = [];
  }
}
