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
 * Each chunk is checked against XML's Char production in one regular-expression pass before it is scanned; text and
 * attribute values are found with indexOf (parser-chars.ts `ChunkMarks`), names are read character by character;
 * attributes are collected by parser-attributes.ts, elements built by parser-tree.ts. Nothing is kept once a stanza
 * is handed on.
 */
import {
  APOS,
  BANG,
  LT,
  ChunkMarks,
  ChunkNormaliser,
  EQUALS,
  fail,
  failNonChar,
  firstNonChar,
  GT,
  isSpace,
  NOT_SPACE,
  QUESTION,
  QUOTE,
  shown,
  SLASH,
  SPACE,
  XmlError,
} from './parser-chars.js';
import { bracketsAfterText, checkedName, MarkupReader, NameTable, Pieces, readCdata, ReferenceReader } from './parser-markup.js';
import { normalisedValue, StartTagAttributes } from './parser-attributes.js';
import { NO_ATTRS, TreeBuilder } from './parser-tree.js';
import { State } from './parser-states.js';

export type { XmlErrorCondition } from './parser-chars.js';
export { DEFAULT_MAX_STANZA_SIZE, MAX_DEPTH, type ParserEvents } from './parser-tree.js';

export class StreamParser extends TreeBuilder {
  #state: State = State.Text;
  readonly #input = new ChunkNormaliser();
  readonly #marks = new ChunkMarks();
  /** The name, attribute value, reference or text read so far, in the pieces the chunks brought. */
  readonly #pieces = new Pieces();
  /** `]` characters that ended the text (or CDATA section) so far: `]]>` may be split between chunks. */
  #brackets = 0;
  #tagName = '';
  #attrName = '';
  readonly #attrs = new StartTagAttributes();
  #quote = QUOTE;
  #spaceBefore = false;
  readonly #reference = new ReferenceReader();
  /** What follows `<!` or `<?`, until it is understood. */
  readonly #markup = new MarkupReader();
  readonly #names = new NameTable();

  write(chunk: string): void {
    if (this.#state === State.Stopped) return;
    try {
      const s = this.#input.normalise(chunk);
      const bad = firstNonChar(s);
      if (bad < 0) return this.#scan(s);
      // What comes before the bad character is read first: it may hold an earlier error, or the end of the stream.
      this.#scan(s.slice(0, bad));
      // The scan may have ended the stream (TypeScript still narrows #state from the check at the top).
      if ((this.#state as State) !== State.Stopped) failNonChar(s, bad);
    } catch (error) {
      this.stop();
      if (error instanceof XmlError) this.on.error(error.message, error.condition);
      else this.on.error(`parse error: ${error instanceof Error ? error.message : String(error)}`, 'not-well-formed');
    }
  }

  /** Ends parsing (error or end of stream) and lets go of everything. */
  protected override stop(): void {
    super.stop();
    this.#state = State.Stopped;
    this.#input.reset();
    this.#pieces.clear();
    this.#attrs.take();
  }

  #scan(s: string): void {
    this.#marks.begin(s);
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
          i = this.#readReference(s, i);
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

  // --- text ------------------------------------------------------------------------------------------------------

  #text(s: string, i: number): number {
    if (s.charCodeAt(i) === LT) {
      // No text between two tags, the usual case.
      this.#state = State.Markup;
      return i + 1;
    }
    const lt = this.#marks.lt(i);
    const amp = this.#marks.amp(i);
    const stop = lt < amp ? lt : amp;
    if (stop > i) this.#textPiece(s, i, stop);
    if (stop === s.length) return stop;
    if (stop === lt) {
      this.#state = State.Markup;
    } else {
      if (this.depth === 0) fail('text outside of any element');
      this.#beginReference(State.Text);
    }
    return stop + 1;
  }

  #textPiece(s: string, i: number, stop: number): void {
    if (this.depth === 0) {
      if (NOT_SPACE.test(s.slice(i, stop))) fail('text outside of any element');
      return;
    }
    this.#brackets = bracketsAfterText(s, i, stop, this.#brackets, this.#marks);
    this.#appendText(s.slice(i, stop));
  }

  #appendText(text: string): void {
    if (this.#count(text.length)) this.#pieces.push(text);
  }

  /** Counts characters against the element's cap; past it, what is pending is let go and nothing more is kept. */
  #count(length: number): boolean {
    if (this.keep(length)) return true;
    this.#pieces.clear();
    return false;
  }

  /** Ends the text run (text, references and CDATA sections) before a tag: one text node. */
  #flushText(): void {
    this.#brackets = 0;
    if (!this.#pieces.empty) this.addText(this.#pieces.take(''));
  }

  // --- markup ----------------------------------------------------------------------------------------------------

  /** The character after `<`. */
  #markupStart(s: string, i: number): number {
    const c = s.charCodeAt(i);
    if (c === BANG) {
      this.#markup.begin();
      this.#state = State.Declaration;
      return i + 1;
    }
    this.#flushText();
    if (c === SLASH) {
      this.#state = State.EndName;
      return i + 1;
    }
    if (c === QUESTION) {
      this.#markup.begin();
      this.#state = State.Instruction;
      return i + 1;
    }
    if (this.depth === 0) this.beginTopLevel();
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
        else if (c === GT) this.#endStartTag(false);
        else if (c === SLASH) this.#state = State.EmptyTag;
        else if (!this.#spaceBefore) fail(`no whitespace before an attribute of <${shown(this.#tagName)}>`);
        else {
          this.#state = State.AttributeName;
          return i;
        }
        return i + 1;
      case State.EmptyTag:
        if (c !== GT) fail(`malformed start tag <${shown(this.#tagName)}>`);
        this.#endStartTag(true);
        return i + 1;
      case State.AttributeEquals:
        if (c === EQUALS) this.#state = State.AttributeQuote;
        else if (!space) this.#attributeFails('has no value');
        return i + 1;
      case State.AttributeQuote:
        if (c === QUOTE || c === APOS) {
          this.#quote = c;
          this.#state = State.AttributeValue;
        } else if (!space) this.#attributeFails('is not quoted');
        return i + 1;
      default: // State.EndTag
        if (c === GT) this.#endTag(this.#tagName);
        else if (!space) fail(`malformed end tag </${shown(this.#tagName)}>`);
        return i + 1;
    }
  }

  /** An element, attribute or end-tag name, up to whitespace, `/`, `>` or `=`. */
  #nameChars(s: string, i: number): number {
    const n = s.length;
    const state = this.#state;
    const start = i;
    if (state === State.EndName && this.#pieces.empty) {
      // The usual end tag names the open element: compare in place.
      const open = this.openName;
      if (open !== undefined && s.startsWith(open, i) && s.charCodeAt(i + open.length) === GT) {
        this.#endTag(open);
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
      this.#tagName = this.#pieces.take(s.slice(start, i));
      this.#state = State.EndTag;
      return i;
    }
    const name = this.#pieces.empty ? this.#names.name(s, start, i) : checkedName(this.#pieces.take(s.slice(start, i)));
    this.#count(name.length);
    if (state === State.StartName) {
      this.#markup.endProlog();
      this.#tagName = name;
      return this.#afterNameOrValue(s, i);
    } else {
      this.#attrName = name;
      this.#state = State.AttributeEquals;
      const quote = s.charCodeAt(i + 1);
      if (s.charCodeAt(i) === EQUALS && (quote === QUOTE || quote === APOS)) {
        // `name="`, the usual case: straight to the value.
        this.#quote = quote;
        this.#state = State.AttributeValue;
        return i + 2;
      }
    }
    return i;
  }

  #attributeValue(s: string, i: number): number {
    const n = s.length;
    const quoteAt = s.indexOf(this.#quote === QUOTE ? '"' : "'", i);
    const end = quoteAt < 0 ? n : quoteAt;
    if (this.#marks.lt(i) < end) this.#attributeFails('has "<" in its value');
    const amp = this.#marks.amp(i);
    const stop = amp < end ? amp : end;
    let piece = stop > i ? s.slice(i, stop) : '';
    piece = piece && this.#count(piece.length) ? normalisedValue(piece, this.#marks.hasTabOrLf) : '';
    if (amp < end) {
      if (piece) this.#pieces.push(piece);
      this.#beginReference(State.AttributeValue);
      return stop + 1;
    }
    if (quoteAt < 0) {
      if (piece) this.#pieces.push(piece);
      return n;
    }
    this.#attribute(this.#pieces.take(piece));
    return this.#afterNameOrValue(s, quoteAt + 1);
  }

  /**
   * Inside a start tag, after its name or an attribute value (`i` is the next character): the state #tagChar would
   * reach for the usual ` name=…` and `>`, without a round through #scan for each of those characters (a third of
   * the calls per stanza); anything else is left to #tagChar.
   */
  #afterNameOrValue(s: string, i: number): number {
    this.#state = State.InTag;
    this.#spaceBefore = false;
    const c = s.charCodeAt(i);
    if (c === GT) {
      this.#endStartTag(false);
      return i + 1;
    }
    if (c !== SPACE) return i;
    this.#spaceBefore = true;
    const next = s.charCodeAt(i + 1);
    // An attribute name starts with anything but whitespace, `/` and `>` (the name check does the rest); NaN: the
    // chunk ended.
    if (!Number.isNaN(next) && !isSpace(next) && next !== GT && next !== SLASH) this.#state = State.AttributeName;
    return i + 1;
  }

  #attribute(value: string): void {
    if (!this.dropping && !this.#attrs.add(this.#attrName, value)) this.#attributeFails('is duplicated');
  }

  #attributeFails(problem: string): never {
    return fail(`attribute ${shown(this.#attrName)} of <${shown(this.#tagName)}> ${problem}`);
  }

  // --- references ------------------------------------------------------------------------------------------------

  #beginReference(returnTo: State): void {
    this.#reference.begin(returnTo);
    this.#state = State.Reference;
  }

  #readReference(s: string, i: number): number {
    const end = this.#reference.read(s, i);
    if (end < 0) return s.length;
    const char = this.#reference.text();
    this.#state = this.#reference.returnTo;
    if (this.#state === State.Text) {
      this.#brackets = 0;
      this.#appendText(char);
    } else if (this.#count(1)) {
      this.#pieces.push(char); // a referenced character is kept as is, whitespace too (XML §3.3.3)
    }
    return end;
  }

  // --- <! and <? ----------------------------------------------------------------------------------------------------

  /** After `<!`: a CDATA section, or a comment or declaration, which XMPP forbids (RFC 6120 §11.1). */
  #declaration(s: string, i: number): number {
    if (this.#markup.bang(s[i]!)) {
      if (this.depth === 0) fail('CDATA outside of any element');
      this.#brackets = 0;
      this.#state = State.Cdata;
    }
    return i + 1;
  }

  /** Inside `<![CDATA[…]]>`: text as is; a `]` or two at a chunk's end wait to see whether `>` follows. */
  #cdata(s: string, i: number): number {
    const { text, next, brackets, closed } = readCdata(s, i, this.#brackets);
    if (text) this.#appendText(text);
    this.#brackets = brackets;
    if (closed) this.#state = State.Text;
    return next;
  }

  /** After `<?`: the XML declaration, only first in the stream; any other processing instruction is refused. */
  #instruction(s: string, i: number): number {
    const end = this.#markup.instruction(s, i);
    if (end < 0) return s.length;
    this.#state = State.Text;
    return end;
  }

  // --- tags to elements -----------------------------------------------------------------------------------------------

  #endStartTag(empty: boolean): void {
    this.#state = State.Text;
    this.openElement(this.#tagName, this.#attrs.take() ?? NO_ATTRS, empty);
  }

  #endTag(name: string): void {
    this.#state = State.Text;
    this.closeTag(name);
  }
}
