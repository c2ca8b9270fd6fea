/**
 * The element side of the stream parser — RFC 6120 §4.2 (the stream header comes first), §4.3 (top-level elements)
 * and RFC 7395 §3.3 (`<open/>` and `<close/>` framing): builds each top-level element from what the tokenizer
 * (parser.ts) reads, checks end tags against the open elements, applies the size and depth caps, and hands each
 * top-level element on, keeping nothing of it.
 */
import { Element, type Node } from '../xml.js';
import { fail, shown, type XmlErrorCondition } from './parser-chars.js';
import { NS_FRAMING, NS_STREAMS } from '../namespaces.js';

export const DEFAULT_MAX_STANZA_SIZE = 256 * 1024;
/** Elements a top-level element may nest, itself included; a deeper one is dropped like an oversized one. */
export const MAX_DEPTH = 64;

export type Attrs = Record<string, string | undefined>;

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

/** The attributes of every parsed element that has none: shared, and frozen so that a stray write fails loudly. */
export const NO_ATTRS: Readonly<Attrs> = Object.freeze({});

export abstract class TreeBuilder {
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
  protected readonly framed: boolean;
  protected readonly on: ParserEvents;
  /** Characters of the top-level element in progress (all of them, also once it is being dropped). */
  #size = 0;
  /** Names of the open elements below the stream header, innermost last. */
  #stack: string[] = [];
  /** Why the top-level element in progress is being dropped, or '' while it is being built. */
  #skipping: '' | 'size' | 'depth' = '';
  #cursor: Element | null = null;
  /**
   * Children of the open elements, in document order: each element gets its own array, of the exact size, when it
   * closes (arrays grown by push would reserve room for 16 children each, for every element of every stanza).
   */
  #nodes: Array<Node | undefined> = [];
  #nodeCount = 0;
  /** Where each open element's children start in #nodes, by depth. */
  #firstChild: number[] = [];
  /** Whether the framed stream has seen its `<open/>`. */
  #opened = false;

  constructor(framed: boolean, events: ParserEvents) {
    this.framed = framed;
    this.on = events;
  }

  /** Open elements below the stream header: 0 between top-level elements. */
  protected get depth(): number {
    return this.#stack.length;
  }

  /** The innermost open element's name. */
  protected get openName(): string | undefined {
    return this.#stack.at(-1);
  }

  /** Whether the top-level element in progress is being dropped (checked, not built). */
  protected get dropping(): boolean {
    return this.#skipping !== '';
  }

  /** `<` of a start tag between top-level elements: counted from here, against the largest cap until the tag is read. */
  protected beginTopLevel(): void {
    this.#size = 0;
    this.limit = this.maxLimit;
  }

  /**
   * Counts `length` more characters of the top-level element in progress. Returns whether to keep them: past the
   * element's cap, it is dropped (and a stream header past it ends the stream).
   */
  protected keep(length: number): boolean {
    this.#size += length;
    if (this.#skipping) return false;
    if (this.#size <= this.limit) return true;
    if (!this.framed && !this.root) fail(`a stream header of more than ${this.limit} characters`, 'policy-violation');
    this.#skip('size');
    return false;
  }

  /** From here to its end, the top-level element in progress is checked but not built. */
  #skip(why: 'size' | 'depth'): void {
    if (this.#skipping) return;
    this.#skipping = why;
    this.#cursor = null;
    this.#releaseNodes();
  }

  /** Empties the slots the stanza used (a prefix of #nodes: they are filled in order), keeping the array. */
  #releaseNodes(): void {
    const nodes = this.#nodes;
    for (let i = 0; i < nodes.length && nodes[i] !== undefined; i++) nodes[i] = undefined;
    this.#nodeCount = 0;
  }

  /** A text node of the innermost open element (text runs are joined by the tokenizer). */
  protected addText(text: string): void {
    if (!this.#skipping) this.#nodes[this.#nodeCount++] = text;
  }

  protected openElement(name: string, attrs: Readonly<Attrs>, empty: boolean): void {
    if (!this.framed && !this.root) return this.#openStream(name, attrs, empty);
    const stack = this.#stack;
    const depth = stack.length;
    if (depth === 0) {
      if (this.framed && !this.#opened && !(name === 'open' && attrs.xmlns === NS_FRAMING)) {
        fail(`the stream starts with <${shown(name)}>, not <open/>`, 'invalid-namespace');
      }
      this.current = name;
      this.limit = this.limitFor(name, attrs);
      if (this.#size > this.limit) this.#skip('size');
    }
    stack.push(name);
    if (depth === MAX_DEPTH) this.#skip('depth');
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
  #openStream(name: string, attrs: Readonly<Attrs>, empty: boolean): void {
    const root = new Element(name, attrs);
    if (!root.is('stream', NS_STREAMS)) fail(`the stream starts with <${shown(name)}>, not <stream:stream>`, 'invalid-namespace');
    this.root = root;
    this.on.start(root);
    if (empty) this.closeTag(name);
  }

  /** The end tag `</name>`, checked against the open element. */
  protected closeTag(name: string): void {
    const open = this.#stack.at(-1);
    if (open === undefined) {
      if (this.root && name === this.root.name) {
        this.stop(); // nothing may follow the end of the stream
        this.on.end();
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
      element.children = this.#nodes.slice(first, this.#nodeCount) as Node[];
      this.#nodeCount = first;
    }
    if (depth > 0) this.#cursor = element.parent;
    else this.#finish(element);
  }

  #finish(element: Element | undefined): void {
    const name = this.current ?? '';
    // Said only for a dropped element: built for every stanza, this sentence was ~1% of in-process ingest.
    const why = !element
      ? this.#skipping === 'depth'
        ? `nested deeper than ${MAX_DEPTH} elements`
        : `of more than ${this.limit} characters (${this.#size} in all)`
      : '';
    this.current = undefined;
    this.#skipping = '';
    this.#cursor = null;
    this.#releaseNodes(); // nothing of this stanza stays reachable from the parser
    if (!element) {
      this.on.dropped(name, why);
    } else if (this.framed && element.attrs.xmlns === NS_FRAMING && (name === 'open' || name === 'close')) {
      this.#opened = true;
      if (name === 'open') this.on.start(element);
      else this.on.end();
    } else {
      this.on.element(element);
    }
  }

  /** Ends parsing (error or end of stream) and lets go of everything. */
  protected stop(): void {
    this.#stack = [];
    this.#cursor = null;
    this.current = undefined;
    this.#releaseNodes();
  }
}
