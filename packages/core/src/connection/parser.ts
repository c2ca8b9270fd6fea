/**
 * XML stream parsing with limits — RFC 6120 §4 (the stream), §11 (restricted XML) and §4.9.3 (stream
 * errors: bad-format, restricted-xml, policy-violation), RFC 7395 §3.3 (one element per WebSocket
 * message). Our own incremental parser, written for the one job a client's inbound path has:
 *  - chunks may end anywhere (inside a tag, an attribute, an entity); what is incomplete waits for more;
 *  - a size cap per top-level element, chosen from its start tag (`limitFor`: more room for the server's
 *    own roster result than for a message a stranger relayed): past it the element is not built any
 *    further; when it closes, `oversized` names it instead of `element` (so XEP-0198 can still count it);
 *  - comments, processing instructions (other than the XML declaration) and DTDs are refused, as RFC 6120
 *    §11.1 requires; only the five predefined entities and character references are decoded;
 *  - whitespace between top-level elements is ignored (keepalives);
 *  - one class for both framings: `framed` for RFC 7395 `<open/>`/`<close/>`, otherwise `<stream:stream>`.
 * Text and attribute values are found with indexOf, not character by character, and each start tag is
 * read in one pass: this runs for every stanza a busy roster sends.
 */
import { Element, type Node } from '../xml.js';

const NS_FRAMING = 'urn:ietf:params:xml:ns:xmpp-framing';
export const DEFAULT_MAX_STANZA_SIZE = 256 * 1024;

/** What the parser reports, synchronously and in stream order. */
export interface ParserEvents {
  /** The stream header (`<stream:stream>`, or RFC 7395 `<open/>`). */
  start(header: Element): void;
  element(element: Element): void;
  /** A top-level element over its cap was skipped; `name` is its tag. */
  oversized(name: string, size: number, limit: number): void;
  /** `</stream:stream>`, or RFC 7395 `<close/>`. */
  end(): void;
  /** Not well-formed or not allowed in XMPP; the parser stops. */
  error(reason: string): void;
}

/** The attributes of every parsed element that has none: shared, and frozen so that a stray write fails loudly. */
const NO_ATTRS: Record<string, string | undefined> = Object.freeze({}) as Record<string, string | undefined>;

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

class XmlError extends Error {}

function fail(reason: string): never {
  throw new XmlError(reason);
}

/** Decodes the predefined entities and character references; throws on anything else. */
export function unescapeXml(s: string): string {
  let amp = s.indexOf('&');
  if (amp < 0) return s;
  let out = '';
  let last = 0;
  while (amp >= 0) {
    const semi = s.indexOf(';', amp);
    if (semi < 0 || semi - amp > 10) fail('unterminated entity reference');
    const ref = s.slice(amp + 1, semi);
    let ch = ENTITIES[ref];
    if (ch === undefined) {
      const code = ref[0] !== '#' ? NaN : ref[1] === 'x' ? parseInt(ref.slice(2), 16) : Number(ref.slice(1));
      // XML 1.0 Char: no NUL, no surrogates, nothing past U+10FFFF.
      if (!(code > 0 && code <= 0x10ffff) || (code >= 0xd800 && code <= 0xdfff) || !/^#(x[0-9a-fA-F]+|[0-9]+)$/.test(ref)) {
        fail(`entity &${ref.slice(0, 12)}; is not allowed`);
      }
      ch = String.fromCodePoint(code);
    }
    out += s.slice(last, amp) + ch;
    last = semi + 1;
    amp = s.indexOf('&', last);
  }
  return out + s.slice(last);
}

export class StreamParser {
  /** Characters (names, attribute values, text) one top-level element may carry, by its start tag. */
  limitFor: (name: string, attrs: Record<string, string | undefined>) => number = () => DEFAULT_MAX_STANZA_SIZE;
  /** The limit of the top-level element in progress (or the last one). */
  limit = DEFAULT_MAX_STANZA_SIZE;
  /** Name of the top-level element being parsed, if any. */
  current: string | undefined;
  /** The stream header element (TCP framing), parent of every top-level element for namespace lookups. */
  root: Element | null = null;
  readonly #framed: boolean;
  readonly #on: ParserEvents;
  #buf = '';
  #cursor: Element | null = null;
  #size = 0;
  /** Open elements inside the current top-level element (itself included). */
  #depth = 0;
  /**
   * Children of the open elements, in document order: each element gets its own array, of the exact size, when it
   * closes (arrays grown by push would reserve room for 16 children each, for every element of every stanza).
   */
  #nodes: Node[] = [];
  #nodeCount = 0;
  /** Where each open element's children start in #nodes, by depth. */
  #firstChild: number[] = [];
  /** Recent element and attribute names (see #name). */
  readonly #names: Array<string | undefined> = [];
  /** >0 while skipping an oversized element: how many of its elements are still open. */
  #skip = 0;
  #failed = false;

  constructor(framed: boolean, events: ParserEvents) {
    this.#framed = framed;
    this.#on = events;
  }

  write(chunk: string): void {
    if (this.#failed) return;
    this.#buf = this.#buf ? this.#buf + chunk : chunk;
    try {
      this.#parse();
    } catch (error) {
      this.#failed = true;
      this.#buf = '';
      this.#on.error(error instanceof XmlError ? error.message : `parse error: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  #parse(): void {
    const buf = this.#buf;
    let pos = 0;
    const n = buf.length;
    while (pos < n && !this.#failed) {
      const lt = buf.indexOf('<', pos);
      if (lt < 0) break; // text continues in the next chunk
      if (lt > pos) this.#text(buf.slice(pos, lt));
      const next = buf.charCodeAt(lt + 1);
      if (Number.isNaN(next)) {
        pos = lt;
        break;
      }
      if (next === 47 /* / */) {
        const gt = buf.indexOf('>', lt);
        if (gt < 0) {
          pos = lt;
          break;
        }
        this.#closeTag(buf.slice(lt + 2, gt).trimEnd());
        pos = gt + 1;
      } else if (next === 33 /* ! */) {
        if (n - lt < 9) {
          pos = lt;
          break;
        }
        if (!buf.startsWith('<![CDATA[', lt)) fail('comments and DTDs are not allowed in XMPP');
        const end = buf.indexOf(']]>', lt + 9);
        if (end < 0) {
          pos = lt;
          break;
        }
        this.#rawText(buf.slice(lt + 9, end));
        pos = end + 3;
      } else if (next === 63 /* ? */) {
        const end = buf.indexOf('?>', lt);
        if (end < 0) {
          pos = lt;
          break;
        }
        if (this.root || this.#cursor || !/^<\?xml\s/.test(buf.slice(lt, lt + 6))) fail('processing instructions are not allowed in XMPP');
        pos = end + 2;
      } else {
        const after = this.#startTag(buf, lt);
        if (after < 0) {
          pos = lt;
          break;
        }
        pos = after;
      }
    }
    this.#buf = pos >= n ? '' : buf.slice(pos);
  }

  #atTopLevel(): boolean {
    return this.#cursor === (this.#framed ? null : this.root);
  }

  /**
   * Parses the start tag at `lt` in one pass (name, then attributes: values found with indexOf, entities
   * decoded only when present). Returns the index after the tag, or -1 when the buffer ends inside it; nothing
   * is reported until the whole tag is there.
   */
  #startTag(buf: string, lt: number): number {
    const n = buf.length;
    let i = lt + 1;
    for (; i < n; i++) {
      const c = buf.charCodeAt(i);
      if (isSpace(c) || c === 47 || c === 62) break;
      if (isSpecial(c)) fail('malformed start tag');
    }
    if (i >= n) return -1;
    if (i === lt + 1) fail('malformed start tag');
    const name = this.#name(buf, lt + 1, i);
    // Created with the first attribute: elements without any (show, status, priority…) share NO_ATTRS.
    let attrs: Record<string, string | undefined> | undefined;
    let size = name.length;
    for (;;) {
      const before = i;
      while (i < n && isSpace(buf.charCodeAt(i))) i++;
      if (i >= n) return -1;
      const c = buf.charCodeAt(i);
      if (c === 62 /* > */ || c === 47 /* / */) {
        if (c === 47) {
          if (i + 1 >= n) return -1;
          if (buf.charCodeAt(i + 1) !== 62) fail(`malformed start tag <${name.slice(0, 40)}>`);
          i++;
        }
        this.#start(name, attrs ?? NO_ATTRS, size);
        if (c === 47 && !this.#failed) this.#close();
        return i + 1;
      }
      const eq = buf.indexOf('=', i);
      if (i === before || eq < 0) {
        if (eq < 0 && buf.indexOf('>', i) < 0) return -1;
        fail(`malformed attributes in <${name.slice(0, 40)}>`);
      }
      let keyEnd = eq;
      while (isSpace(buf.charCodeAt(keyEnd - 1))) keyEnd--;
      for (let k = i; k < keyEnd; k++) {
        const kc = buf.charCodeAt(k);
        if (isSpace(kc) || isSpecial(kc) || kc === 47 || kc === 62) fail(`malformed attributes in <${name.slice(0, 40)}>`);
      }
      if (keyEnd === i) fail(`malformed attributes in <${name.slice(0, 40)}>`);
      let q = eq + 1;
      while (q < n && isSpace(buf.charCodeAt(q))) q++;
      if (q >= n) return -1;
      const quote = buf.charCodeAt(q);
      if (quote !== 34 && quote !== 39) fail(`malformed attributes in <${name.slice(0, 40)}>`);
      const close = buf.indexOf(quote === 34 ? '"' : "'", q + 1);
      if (close < 0) return -1;
      const key = this.#name(buf, i, keyEnd);
      attrs ??= {};
      if (Object.hasOwn(attrs, key)) fail(`duplicate attribute ${key.slice(0, 40)}`);
      const raw = buf.slice(q + 1, close);
      if (raw.includes('<')) fail(`"<" in an attribute of <${name.slice(0, 40)}>`);
      const value = raw.indexOf('&') < 0 ? raw : unescapeXml(raw);
      // A peer's attribute named __proto__ must not reach the object's prototype slot; it means nothing in XMPP.
      if (key !== '__proto__') attrs[key] = value;
      size += key.length + value.length + 4;
      i = close + 1;
    }
  }

  /**
   * `buf.slice(start, end)` for an element or attribute name, shared with the last equal one: names come from a
   * small vocabulary (presence, show, xmlns, from…), and one string each spares an allocation and, for attribute
   * names, the engine's lookup of the new string as a property key. Only short names, which engines copy anyway
   * (a longer slice could keep its whole chunk alive).
   */
  #name(buf: string, start: number, end: number): string {
    const n = end - start;
    if (n > 12) return buf.slice(start, end);
    const slot = (n * 31 + buf.charCodeAt(start) * 7 + buf.charCodeAt(end - 1)) & 255;
    const known = this.#names[slot];
    return known !== undefined && known.length === n && buf.startsWith(known, start) ? known : (this.#names[slot] = buf.slice(start, end));
  }

  #start(name: string, attrs: Record<string, string | undefined>, size: number): void {
    if (this.#skip > 0) {
      this.#skip++;
      return;
    }
    if (!this.#framed && !this.root) {
      const root = new Element(name, attrs);
      this.root = root;
      this.#cursor = root;
      this.#on.start(root);
      return;
    }
    if (this.#atTopLevel()) {
      this.#size = 0;
      this.#depth = 0;
      this.current = name;
      this.limit = this.limitFor(name, attrs);
    }
    this.#size += size;
    if (this.#size > this.limit) {
      this.#overflow(1);
      return;
    }
    const element = new Element(name, attrs);
    if (this.#depth > 0) {
      element.parent = this.#cursor;
      this.#nodes[this.#nodeCount++] = element;
    } else {
      element.parent = this.root;
      this.#nodeCount = 0;
    }
    this.#firstChild[this.#depth] = this.#nodeCount;
    this.#cursor = element;
    this.#depth++;
  }

  #overflow(extraOpen: number): void {
    this.#skip = this.#depth + extraOpen;
    // Release what was built so far; only the name survives.
    this.#cursor = this.#framed ? null : this.root;
  }

  /** The end tag `</name>`, checked against the open element. */
  #closeTag(name: string): void {
    if (this.#skip === 0) {
      const cursor = this.#cursor;
      if (!cursor) fail(`unexpected </${name.slice(0, 40)}>`);
      if (name !== cursor.name) fail(`<${cursor.name.slice(0, 40)}> closed by </${name.slice(0, 40)}>`);
    }
    this.#close();
  }

  /** Closes the open element (its end tag is known to match). */
  #close(): void {
    if (this.#skip > 0) {
      if (--this.#skip === 0) this.#finish(undefined);
      return;
    }
    const cursor = this.#cursor!;
    if (!this.#framed && cursor === this.root) {
      this.#failed = true; // nothing may follow the end of the stream
      this.#on.end();
      return;
    }
    const first = this.#firstChild[--this.#depth]!;
    if (this.#nodeCount > first) {
      cursor.children = this.#nodes.slice(first, this.#nodeCount);
      this.#nodeCount = first;
    }
    if (this.#depth > 0) {
      this.#cursor = cursor.parent;
      return;
    }
    this.#finish(cursor);
  }

  #finish(element: Element | undefined): void {
    const name = this.current ?? '';
    this.current = undefined;
    this.#depth = 0;
    this.#nodeCount = 0;
    this.#cursor = this.#framed ? null : this.root;
    if (!element) {
      this.#on.oversized(name, this.#size, this.limit);
    } else if (this.#framed && element.attrs.xmlns === NS_FRAMING && (name === 'open' || name === 'close')) {
      if (name === 'open') this.#on.start(element);
      else this.#on.end();
    } else {
      this.#on.element(element);
    }
  }

  #text(raw: string): void {
    if (this.#skip > 0) {
      if (raw.includes('&')) unescapeXml(raw); // still well-formed, or the stream is broken
      return;
    }
    if (this.#atTopLevel() || !this.#cursor) {
      if (/\S/.test(raw)) fail('text outside of any element');
      return;
    }
    this.#rawText(raw.indexOf('&') < 0 ? raw : unescapeXml(raw));
  }

  #rawText(text: string): void {
    if (this.#skip > 0 || !text) return;
    if (this.#atTopLevel() || !this.#cursor) fail('text outside of any element');
    this.#size += text.length;
    if (this.#size > this.limit) {
      this.#overflow(0);
      return;
    }
    const nodes = this.#nodes;
    const last = this.#nodeCount - 1;
    // CDATA next to text is one text node, as in the DOM.
    if (last >= this.#firstChild[this.#depth - 1]! && typeof nodes[last] === 'string') nodes[last] += text;
    else nodes[this.#nodeCount++] = text;
  }
}

const isSpace = (c: number) => c === 32 || c === 10 || c === 9 || c === 13;
/** < > " ' = & — never part of a name. */
const isSpecial = (c: number) => c === 60 || c === 62 || c === 34 || c === 39 || c === 61 || c === 38;
