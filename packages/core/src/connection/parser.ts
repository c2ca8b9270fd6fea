/**
 * XML stream parsing with limits — XML 1.0 (fifth edition) for what RFC 6120 §11 lets an XMPP stream carry,
 * RFC 6120 §4 (the stream) and §4.9.3 (the stream errors it ends with), RFC 7395 §3.3 (one element per
 * WebSocket message). Our own incremental parser, for the one job a client's inbound path has:
 *  - linear in the input whatever the chunking: the scan position and the state of a half-read tag, name,
 *    attribute value or reference survive between writes, and pending text is kept as pieces joined once;
 *  - a size cap per top-level element, chosen from its start tag (`limitFor`: more room for the server's own
 *    roster result than for a message a stranger relayed), applied while parsing, and a nesting-depth cap: past
 *    either, the element is still checked but no longer built, and `dropped` names it when it closes (so
 *    XEP-0198 can still count it);
 *  - what XML forbids ends the stream with `not-well-formed`; comments, processing instructions, DTDs and
 *    entity references other than the five predefined ones with `restricted-xml` (RFC 6120 §11.1);
 *  - whitespace between top-level elements is ignored (keepalives);
 *  - `framed` for RFC 7395 `<open/>`/`<close/>`; otherwise `<stream:stream>`, which must come first.
 * Text and attribute values are found with indexOf, names character by character, and every chunk is checked
 * against XML's Char production in one regular-expression pass. Nothing is kept once a stanza is handed on.
 */
import { Element, type Node } from '../xml.js';
import {
  AMP, APOS, BANG, CLOSE_BRACKET, EQUALS, GT, HASH, LF, LINE_END, LT, NAME, NOT_CHAR, NOT_SPACE, QUESTION, QUOTE, SEMICOLON,
  SLASH, TAB, XML_DECLARATION, XmlError, isCharCode, isHighSurrogate, isSpace, predefinedEntity, type XmlErrorCondition,
} from './parser-chars.js';

export type { XmlErrorCondition } from './parser-chars.js';

const NS_FRAMING = 'urn:ietf:params:xml:ns:xmpp-framing';
const NS_STREAMS = 'http://etherx.jabber.org/streams';
export const DEFAULT_MAX_STANZA_SIZE = 256 * 1024;
/** Elements a top-level element may nest, itself included; a deeper one is dropped like an oversized one. */
export const MAX_DEPTH = 64;
/** Longest reference between `&` and `;` (leading zeros of a character reference aside) worth reading. */
const MAX_REFERENCE_LENGTH = 32;
/** Longest XML declaration worth reading. */
const MAX_DECLARATION_LENGTH = 256;
/** Names of up to this many characters are shared through the name table (see #name). */
const NAME_TABLE_MAX_LENGTH = 12;
/** Slots of the name table: a power of two, so that a hash is masked into range. */
const NAME_TABLE_SIZE = 256;
/** The name table's hash mixes the length, the first and the last character with these odd factors. */
const HASH_LENGTH_FACTOR = 31;
const HASH_FIRST_FACTOR = 7;
const CR = 0x0d;
const LOWER_X = 0x78;
const ZERO = 0x30;
const CDATA_OPEN = '[CDATA['; // after `<!`
const DECIMAL = /^[0-9]+$/;
const HEXADECIMAL = /^[0-9a-fA-F]+$/;
const XML_TARGET = /^xml[ \t\n?]/i;
const TAB_OR_LF = /[\t\n]/g;

/** What the parser reports, synchronously and in stream order. */
export interface ParserEvents {
  /** The stream header (`<stream:stream>`, or RFC 7395 `<open/>`). */
  start(header: Element): void;
  element(element: Element): void;
  /** A top-level element was dropped unbuilt; `why` ends the sentence "dropped an inbound <name> …". */
  dropped(name: string, why: string): void;
  /** `</stream:stream>`, or RFC 7395 `<close/>`. */
  end(): void;
  /** Not well-formed, or not allowed in XMPP; the parser stops. */
  error(reason: string, condition: XmlErrorCondition): void;
}

/** Where the scan is: what the next character belongs to. */
const State = {
  Text: 0,
  /** After `<`. */
  Markup: 1,
  StartName: 2,
  /** Inside a start tag, after its name or an attribute. */
  InTag: 3,
  /** After the `/` of `<x/>`. */
  EmptyTag: 4,
  AttributeName: 5,
  /** After an attribute name: whitespace, then `=`. */
  AttributeEquals: 6,
  /** After `=`: whitespace, then a quote. */
  AttributeQuote: 7,
  AttributeValue: 8,
  /** Between `&` and `;`. */
  Reference: 9,
  EndName: 10,
  /** After an end tag's name: whitespace, then `>`. */
  EndTag: 11,
  /** After `<!`. */
  Declaration: 12,
  Cdata: 13,
  /** After `<?`. */
  Instruction: 14,
  /** The stream ended or failed: nothing more is read. */
  Stopped: 15,
} as const;
type State = (typeof State)[keyof typeof State];

type Attrs = Record<string, string | undefined>;

/** The attributes of every parsed element that has none: shared, and frozen so that a stray write fails loudly. */
const NO_ATTRS: Attrs = Object.freeze({}) as Attrs;

function fail(reason: string, condition: XmlErrorCondition = 'not-well-formed'): never {
  throw new XmlError(reason, condition);
}

/** A name quoted in an error message, cut short. */
const shown = (name: string) => name.slice(0, 40);

export class StreamParser {
  /** Characters (names, attribute values, text) one top-level element may carry, by its start tag. */
  limitFor: (name: string, attrs: Readonly<Attrs>) => number = () => DEFAULT_MAX_STANZA_SIZE;
  /** The cap while a top-level start tag is read, before `limitFor` can see it: the most `limitFor` returns. */
  maxLimit = DEFAULT_MAX_STANZA_SIZE;
  /** The limit of the top-level element in progress (or the last one). */
  limit = DEFAULT_MAX_STANZA_SIZE;
  /** Name of the top-level element being parsed, if any. */
  current: string | undefined;
  /** The stream header element (TCP framing), parent of every top-level element for namespace lookups. */
  root: Element | null = null;
  readonly #framed: boolean;
  readonly #on: ParserEvents;
  #state: State = State.Text;
  /** A CR or the first half of a surrogate pair that ended the last chunk, waiting for the next one. */
  #held = '';
  /** Per chunk: the next `<`, `&` and `]]>` at or after where they were last looked for (the length when none). */
  #nextLt = -1;
  #nextAmp = -1;
  #nextCdataEnd = -1;
  /** The name, attribute value, reference or text read so far, in the pieces the chunks brought. */
  #pieces: string[] = [];
  /** `]` characters that ended the text (or CDATA section) so far: `]]>` may be split between chunks. */
  #brackets = 0;
  #tagName = '';
  #attrName = '';
  #attrs: Attrs | undefined;
  #quote = QUOTE;
  #spaceBefore = false;
  /** The reference being read after `&` (without leading zeros), the state it returns to, and whether zeros were skipped. */
  #ref = '';
  #refReturn: State = State.Text;
  #refZeros = false;
  /** What follows `<!` or `<?`, until it is understood. */
  #markup = '';
  #declarationAllowed = true;
  /** Whether the framed stream has seen its `<open/>`. */
  #opened = false;
  /** Characters counted against `limit` for the top-level element in progress. */
  #size = 0;
  /** Names of the open elements below the stream header, innermost last. */
  #stack: string[] = [];
  /** Why the top-level element in progress is being dropped, or '' while it is being built. */
  #skipping = '';
  #cursor: Element | null = null;
  /**
   * Children of the open elements, in document order: each element gets its own array, of the exact size, when it
   * closes (arrays grown by push would reserve room for 16 children each, for every element of every stanza).
   */
  #nodes: Node[] = [];
  #nodeCount = 0;
  /** Where each open element's children start in #nodes, by depth. */
  #firstChild: number[] = [];
  /** Recent element and attribute names, all valid (see #name). */
  readonly #names: Array<string | undefined> = new Array(NAME_TABLE_SIZE);

  constructor(framed: boolean, events: ParserEvents) {
    this.#framed = framed;
    this.#on = events;
  }

  write(chunk: string): void {
    if (this.#state === State.Stopped) return;
    try {
      this.#scan(this.#normalise(chunk));
    } catch (error) {
      this.#stop();
      if (error instanceof XmlError) this.#on.error(error.message, error.condition);
      else this.#on.error(`parse error: ${error instanceof Error ? error.message : String(error)}`, 'not-well-formed');
    }
  }

  /** XML §2.11 line ends (CRLF and CR become LF) and §2.2 characters, for a whole chunk at once. */
  #normalise(chunk: string): string {
    let s = this.#held ? this.#held + chunk : chunk;
    this.#held = '';
    const last = s.charCodeAt(s.length - 1);
    if (last === CR || isHighSurrogate(last)) {
      this.#held = s.slice(-1);
      s = s.slice(0, -1);
    }
    if (s.includes('\r')) s = s.replace(LINE_END, '\n');
    const bad = NOT_CHAR.exec(s);
    if (bad) fail(`character U+${bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} is not allowed in XML`);
    return s;
  }

  #scan(s: string): void {
    this.#nextLt = this.#nextAmp = this.#nextCdataEnd = -1;
    const n = s.length;
    let i = 0;
    while (i < n) {
      switch (this.#state) {
        case State.Text:
          i = this.#text(s, i);
          break;
        case State.Markup:
          i = this.#markupStart(s, i);
          break;
        case State.StartName:
        case State.AttributeName:
        case State.EndName:
          i = this.#nameChars(s, i);
          break;
        case State.AttributeValue:
          i = this.#attributeValue(s, i);
          break;
        case State.Reference:
          i = this.#reference(s, i);
          break;
        case State.Declaration:
          i = this.#declaration(s, i);
          break;
        case State.Cdata:
          i = this.#cdata(s, i);
          break;
        case State.Instruction:
          i = this.#instruction(s, i);
          break;
        case State.Stopped:
          return;
        default:
          i = this.#tagChar(s, i);
      }
    }
  }

  /** The next `needle` at or after `i` in `s` (s.length when none), remembered until the scan passes it. */
  #find(s: string, needle: string, found: number, i: number): number {
    if (found >= i) return found;
    const at = s.indexOf(needle, i);
    return at < 0 ? s.length : at;
  }

  // --- text ------------------------------------------------------------------------------------------------------

  #text(s: string, i: number): number {
    const lt = (this.#nextLt = this.#find(s, '<', this.#nextLt, i));
    const amp = (this.#nextAmp = this.#find(s, '&', this.#nextAmp, i));
    const stop = lt < amp ? lt : amp;
    if (stop > i) this.#textPiece(s, i, stop);
    if (stop === s.length) return stop;
    if (stop === lt) {
      this.#state = State.Markup;
    } else {
      if (this.#stack.length === 0) fail('text outside of any element');
      this.#beginReference(State.Text);
    }
    return stop + 1;
  }

  #textPiece(s: string, i: number, stop: number): void {
    if (this.#stack.length === 0) {
      if (NOT_SPACE.test(s.slice(i, stop))) fail('text outside of any element');
      return;
    }
    // XML §2.4: `]]>` may not appear in character data, not even split between chunks.
    const brackets = this.#brackets;
    if (brackets === 2 && s.charCodeAt(i) === GT) fail('"]]>" in text');
    if (brackets === 1 && s.charCodeAt(i) === CLOSE_BRACKET && s.charCodeAt(i + 1) === GT) fail('"]]>" in text');
    if ((this.#nextCdataEnd = this.#find(s, ']]>', this.#nextCdataEnd, i)) < stop) fail('"]]>" in text');
    let trailing = 0;
    while (trailing < 2 && stop - trailing > i && s.charCodeAt(stop - trailing - 1) === CLOSE_BRACKET) trailing++;
    this.#brackets = stop - trailing > i ? trailing : Math.min(2, brackets + trailing);
    this.#appendText(s.slice(i, stop));
  }

  #appendText(text: string): void {
    if (this.#keep(text.length)) this.#pieces.push(text);
  }

  /** Ends the text run (text, references and CDATA sections) before a tag: one text node. */
  #flushText(): void {
    this.#brackets = 0;
    if (this.#pieces.length === 0) return;
    const text = this.#take('');
    if (!this.#skipping) this.#nodes[this.#nodeCount++] = text;
  }

  /** The pieces read so far followed by `last`, joined; the pieces are let go. */
  #take(last: string): string {
    const pieces = this.#pieces;
    if (pieces.length === 0) return last;
    if (last) pieces.push(last);
    const whole = pieces.length === 1 ? pieces[0]! : pieces.join('');
    this.#pieces = [];
    return whole;
  }

  // --- markup ----------------------------------------------------------------------------------------------------

  /** The character after `<`. */
  #markupStart(s: string, i: number): number {
    const c = s.charCodeAt(i);
    if (c === BANG) {
      this.#markup = '';
      this.#state = State.Declaration;
      return i + 1;
    }
    this.#flushText();
    if (c === SLASH) {
      this.#state = State.EndName;
      return i + 1;
    }
    if (c === QUESTION) {
      this.#markup = '';
      this.#state = State.Instruction;
      return i + 1;
    }
    if (this.#stack.length === 0) {
      // A new top-level element (or the stream header): counted from here, against the largest cap until its start
      // tag says which one applies.
      this.#size = 0;
      this.limit = this.maxLimit;
    }
    this.#state = State.StartName;
    return i;
  }

  /** Whitespace, `=`, quotes, `/` and `>` inside tags, one character at a time. */
  #tagChar(s: string, i: number): number {
    const c = s.charCodeAt(i);
    const space = isSpace(c);
    switch (this.#state) {
      case State.InTag:
        if (space) this.#spaceBefore = true;
        else if (c === GT) this.#openElement(false);
        else if (c === SLASH) this.#state = State.EmptyTag;
        else if (!this.#spaceBefore) fail(`no whitespace before an attribute of <${shown(this.#tagName)}>`);
        else {
          this.#state = State.AttributeName;
          return i;
        }
        return i + 1;
      case State.EmptyTag:
        if (c !== GT) fail(`malformed start tag <${shown(this.#tagName)}>`);
        this.#openElement(true);
        return i + 1;
      case State.AttributeEquals:
        if (c === EQUALS) this.#state = State.AttributeQuote;
        else if (!space) fail(`attribute ${shown(this.#attrName)} of <${shown(this.#tagName)}> has no value`);
        return i + 1;
      case State.AttributeQuote:
        if (c === QUOTE || c === APOS) {
          this.#quote = c;
          this.#state = State.AttributeValue;
        } else if (!space) fail(`attribute ${shown(this.#attrName)} of <${shown(this.#tagName)}> is not quoted`);
        return i + 1;
      default: // State.EndTag
        if (c === GT) this.#closeTag(this.#tagName);
        else if (!space) fail(`malformed end tag </${shown(this.#tagName)}>`);
        return i + 1;
    }
  }

  /** An element, attribute or end-tag name, up to whitespace, `/`, `>` or `=`. */
  #nameChars(s: string, i: number): number {
    const n = s.length;
    const state = this.#state;
    const start = i;
    if (state === State.EndName && this.#pieces.length === 0) {
      // The usual end tag names the open element: compare in place.
      const open = this.#stack.at(-1);
      if (open !== undefined && s.startsWith(open, i) && s.charCodeAt(i + open.length) === GT) {
        this.#closeTag(open);
        return i + open.length + 1;
      }
    }
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c === GT || c === SLASH || c === EQUALS || isSpace(c)) break;
    }
    if (i === n) {
      this.#pieces.push(s.slice(start, n));
      return n;
    }
    if (state === State.EndName) {
      this.#tagName = this.#take(s.slice(start, i));
      this.#state = State.EndTag;
      return i;
    }
    const name = this.#pieces.length === 0 ? this.#name(s, start, i) : this.#checkedName(this.#take(s.slice(start, i)));
    if (state === State.StartName) {
      if (!this.#framed && !this.root) this.#declarationAllowed = false;
      this.#keep(name.length);
      this.#tagName = name;
      this.#attrs = undefined;
      this.#spaceBefore = false;
      this.#state = State.InTag;
    } else {
      this.#keep(name.length);
      this.#attrName = name;
      this.#state = State.AttributeEquals;
    }
    return i;
  }

  #checkedName(name: string): string {
    if (!NAME.test(name)) fail(name ? `invalid name "${shown(name)}"` : 'a name is missing');
    return name;
  }

  /**
   * `s.slice(start, end)` as a checked name, shared with the last equal one: names come from a small vocabulary
   * (presence, show, xmlns, from…), and one string each spares an allocation, the check and, for attribute names,
   * the engine's lookup of the new string as a property key. Only short names, which engines copy anyway (a longer
   * slice could keep its whole chunk alive).
   */
  #name(s: string, start: number, end: number): string {
    const length = end - start;
    if (length > NAME_TABLE_MAX_LENGTH || length === 0) return this.#checkedName(s.slice(start, end));
    const slot = (length * HASH_LENGTH_FACTOR + s.charCodeAt(start) * HASH_FIRST_FACTOR + s.charCodeAt(end - 1)) & (NAME_TABLE_SIZE - 1);
    const known = this.#names[slot];
    if (known !== undefined && known.length === length && s.startsWith(known, start)) return known;
    return (this.#names[slot] = this.#checkedName(s.slice(start, end)));
  }

  #attributeValue(s: string, i: number): number {
    const n = s.length;
    const quoteAt = s.indexOf(this.#quote === QUOTE ? '"' : "'", i);
    const end = quoteAt < 0 ? n : quoteAt;
    if ((this.#nextLt = this.#find(s, '<', this.#nextLt, i)) < end) fail(`"<" in attribute ${shown(this.#attrName)} of <${shown(this.#tagName)}>`);
    const amp = (this.#nextAmp = this.#find(s, '&', this.#nextAmp, i));
    const stop = amp < end ? amp : end;
    // XML §3.3.3: each whitespace character (CR and CRLF are LF by now) becomes a space.
    let piece = stop > i ? s.slice(i, stop) : '';
    if (piece && this.#keep(piece.length)) {
      if (piece.includes('\t') || piece.includes('\n')) piece = piece.replace(TAB_OR_LF, ' ');
    } else piece = '';
    if (amp < end) {
      if (piece) this.#pieces.push(piece);
      this.#beginReference(State.AttributeValue);
      return stop + 1;
    }
    if (quoteAt < 0) {
      if (piece) this.#pieces.push(piece);
      return n;
    }
    this.#attribute(this.#take(piece));
    this.#state = State.InTag;
    this.#spaceBefore = false;
    return quoteAt + 1;
  }

  #attribute(value: string): void {
    if (this.#skipping) return;
    const name = this.#attrName;
    const attrs = (this.#attrs ??= {});
    if (Object.hasOwn(attrs, name)) fail(`duplicate attribute ${shown(name)} in <${shown(this.#tagName)}>`);
    // A plain assignment to __proto__ would set the object's prototype instead of an attribute.
    if (name === '__proto__') Object.defineProperty(attrs, name, { value, enumerable: true, writable: true, configurable: true });
    else attrs[name] = value;
  }

  // --- references ------------------------------------------------------------------------------------------------

  #beginReference(returnTo: State): void {
    this.#ref = '';
    this.#refZeros = false;
    this.#refReturn = returnTo;
    this.#state = State.Reference;
  }

  #reference(s: string, i: number): number {
    const n = s.length;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c === SEMICOLON) {
        this.#resolveReference();
        return i + 1;
      }
      if (c === LT || c === AMP || c === QUOTE || c === APOS || isSpace(c)) fail('unterminated entity reference');
      const ref = this.#ref;
      // Leading zeros of a character reference carry nothing: &#x00000041; is "A".
      if (c === ZERO && (ref === '#' || ref === '#x')) this.#refZeros = true;
      else if (c === LOWER_X && ref === '#' && this.#refZeros) fail('malformed character reference');
      else if ((this.#ref = ref + s[i]).length > MAX_REFERENCE_LENGTH) fail('entity reference too long');
    }
    return n;
  }

  #resolveReference(): void {
    const ref = this.#ref;
    let char: string | undefined;
    if (ref.charCodeAt(0) === HASH) {
      const hex = ref.charCodeAt(1) === LOWER_X;
      const digits = ref.slice(hex ? 2 : 1);
      if (digits ? !(hex ? HEXADECIMAL : DECIMAL).test(digits) : !this.#refZeros) fail('malformed character reference');
      const code = digits ? parseInt(digits, hex ? 16 : 10) : 0;
      if (!isCharCode(code)) fail(`character reference &${ref.slice(0, 12)}; is not an XML character`);
      char = String.fromCodePoint(code);
    } else {
      char = predefinedEntity(ref);
      if (char === undefined) {
        if (NAME.test(ref)) fail(`entity &${shown(ref)}; is not allowed in XMPP (only the five predefined ones are)`, 'restricted-xml');
        fail('malformed entity reference');
      }
    }
    this.#state = this.#refReturn;
    if (this.#state === State.Text) {
      this.#brackets = 0;
      this.#appendText(char);
    } else if (this.#keep(1)) {
      this.#pieces.push(char); // a referenced character is kept as is, whitespace too (XML §3.3.3)
    }
  }

  // --- <! and <? ----------------------------------------------------------------------------------------------------

  /** After `<!`: a CDATA section, or a comment or declaration, which XMPP forbids (RFC 6120 §11.1). */
  #declaration(s: string, i: number): number {
    const markup = (this.#markup += s[i]);
    if (markup === '--') fail('comments are not allowed in XMPP', 'restricted-xml');
    if (/^[A-Z]/.test(markup)) fail('DTDs and markup declarations are not allowed in XMPP', 'restricted-xml');
    if (markup !== '-' && !CDATA_OPEN.startsWith(markup)) fail('malformed markup after "<!"');
    if (markup === CDATA_OPEN) {
      if (this.#stack.length === 0) fail('CDATA outside of any element');
      this.#brackets = 0;
      this.#state = State.Cdata;
    }
    return i + 1;
  }

  /** Inside `<![CDATA[…]]>`: text as is; a `]` or two at a chunk's end wait to see whether `>` follows. */
  #cdata(s: string, i: number): number {
    const n = s.length;
    while (this.#brackets > 0 && i < n) {
      const c = s.charCodeAt(i);
      if (c === GT && this.#brackets === 2) {
        this.#brackets = 0;
        this.#state = State.Text;
        return i + 1;
      }
      if (c !== CLOSE_BRACKET) {
        this.#appendText(']'.repeat(this.#brackets));
        this.#brackets = 0;
      } else if (this.#brackets === 2) this.#appendText(']');
      else this.#brackets++;
      if (c === CLOSE_BRACKET) i++;
    }
    if (i === n) return n;
    const end = s.indexOf(']]>', i);
    if (end >= 0) {
      if (end > i) this.#appendText(s.slice(i, end));
      this.#state = State.Text;
      return end + 3;
    }
    let j = n;
    while (j > i && n - j < 2 && s.charCodeAt(j - 1) === CLOSE_BRACKET) j--;
    if (j > i) this.#appendText(s.slice(i, j));
    this.#brackets = n - j;
    return n;
  }

  /** After `<?`: the XML declaration, only first in the stream; any other processing instruction is refused. */
  #instruction(s: string, i: number): number {
    const n = s.length;
    for (; i < n; i++) {
      const markup = (this.#markup += s[i]);
      const ended = s.charCodeAt(i) === GT && markup.endsWith('?>');
      if ((markup.length >= 4 || ended) && !XML_TARGET.test(markup)) fail('processing instructions are not allowed in XMPP', 'restricted-xml');
      if (ended) {
        if (!this.#declarationAllowed || !XML_DECLARATION.test(`<?${markup}`)) fail('a second or malformed XML declaration');
        this.#declarationAllowed = false;
        this.#state = State.Text;
        return i + 1;
      }
      if (markup.length > MAX_DECLARATION_LENGTH) fail('a malformed XML declaration');
    }
    return n;
  }

  // --- elements ----------------------------------------------------------------------------------------------------

  /**
   * Counts `length` more characters of the top-level element in progress. Returns whether to keep them: past the
   * element's cap, it is dropped (and a stream header past it ends the stream).
   */
  #keep(length: number): boolean {
    if (this.#skipping) return false;
    this.#size += length;
    if (this.#size <= this.limit) return true;
    if (!this.#framed && !this.root) fail(`a stream header of more than ${this.limit} characters`, 'policy-violation');
    this.#skip(`of more than ${this.#size} characters (limit ${this.limit})`);
    return false;
  }

  /** From here to its end, the top-level element in progress is checked but not built. */
  #skip(why: string): void {
    if (this.#skipping) return;
    this.#skipping = why;
    this.#pieces = [];
    this.#attrs = undefined;
    this.#cursor = null;
    this.#releaseNodes();
  }

  #releaseNodes(): void {
    this.#nodeCount = 0;
    this.#nodes.length = 0;
  }

  #openElement(empty: boolean): void {
    this.#state = State.Text;
    const name = this.#tagName;
    const attrs = this.#attrs ?? NO_ATTRS;
    this.#attrs = undefined;
    if (!this.#framed && !this.root) return this.#openStream(name, attrs, empty);
    const stack = this.#stack;
    const depth = stack.length;
    if (depth === 0) {
      this.#declarationAllowed = false;
      this.current = name;
      this.limit = this.limitFor(name, attrs);
      if (this.#size > this.limit) this.#skip(`of more than ${this.#size} characters (limit ${this.limit})`);
      if (this.#framed && !this.#opened && !(name === 'open' && attrs.xmlns === NS_FRAMING)) {
        fail(`the stream starts with <${shown(name)}>, not <open/>`, 'invalid-namespace');
      }
    }
    stack.push(name);
    if (depth === MAX_DEPTH) this.#skip(`nested deeper than ${MAX_DEPTH} elements`);
    if (!this.#skipping) {
      const element = new Element(name, attrs);
      if (depth > 0) {
        element.parent = this.#cursor;
        this.#nodes[this.#nodeCount++] = element;
      } else {
        element.parent = this.root;
      }
      this.#firstChild[depth] = this.#nodeCount;
      this.#cursor = element;
    }
    if (empty) this.#closeElement();
  }

  /** RFC 6120 §4.2: the first element of a TCP stream is its header, `<stream:stream>`. */
  #openStream(name: string, attrs: Attrs, empty: boolean): void {
    const root = new Element(name, attrs);
    if (!root.is('stream', NS_STREAMS)) fail(`the stream starts with <${shown(name)}>, not <stream:stream>`, 'invalid-namespace');
    this.root = root;
    this.#declarationAllowed = false;
    this.#on.start(root);
    if (empty) this.#closeTag(name);
  }

  /** The end tag `</name>`, checked against the open element. */
  #closeTag(name: string): void {
    this.#state = State.Text;
    const open = this.#stack.at(-1);
    if (open === undefined) {
      if (this.root && name === this.root.name) {
        this.#stop(); // nothing may follow the end of the stream
        this.#on.end();
        return;
      }
      fail(`unexpected </${shown(name)}>`);
    }
    if (name !== open) fail(`<${shown(open)}> closed by </${shown(name)}>`);
    this.#closeElement();
  }

  /** Closes the innermost open element (its end tag is known to match). */
  #closeElement(): void {
    const depth = this.#stack.length - 1;
    this.#stack.pop();
    if (this.#skipping) {
      if (depth === 0) this.#finish(undefined);
      return;
    }
    const element = this.#cursor!;
    const first = this.#firstChild[depth]!;
    if (this.#nodeCount > first) {
      element.children = this.#nodes.slice(first, this.#nodeCount);
      this.#nodeCount = first;
    }
    if (depth > 0) this.#cursor = element.parent;
    else this.#finish(element);
  }

  #finish(element: Element | undefined): void {
    const name = this.current ?? '';
    const why = this.#skipping;
    this.current = undefined;
    this.#skipping = '';
    this.#cursor = null;
    this.#releaseNodes(); // nothing of this stanza stays reachable from the parser
    if (!element) {
      this.#on.dropped(name, why);
    } else if (this.#framed && element.attrs.xmlns === NS_FRAMING && (name === 'open' || name === 'close')) {
      this.#opened = true;
      if (name === 'open') this.#on.start(element);
      else this.#on.end();
    } else {
      this.#on.element(element);
    }
  }

  /** Ends parsing (error or end of stream) and lets go of everything. */
  #stop(): void {
    this.#state = State.Stopped;
    this.#held = '';
    this.#pieces = [];
    this.#stack = [];
    this.#attrs = undefined;
    this.#cursor = null;
    this.current = undefined;
    this.#releaseNodes();
  }
}
