/**
 * The XML core uses for stanzas: a small element tree (the subset of ltx's `Element` API the presence
 * model reads — `is`, `getChild`, `getChildText`, … — so stanza code reads like xmpp.js code), a builder,
 * and escaping for serialisation. Text and attribute values are always plain strings: nothing here
 * interprets markup, and serialisation escapes everything (RFC 6120 §11: no comments, PIs or DTDs).
 * Internal to @presently/core.
 */

export type Node = Element | string;
type Attrs = Record<string, string | number | undefined | null>;
/** What `xml()` accepts as children: nested arrays are flattened; empty strings, null, undefined and booleans are skipped. */
export type Child = Node | number | null | undefined | boolean | Child[];

/**
 * The children of every element that has none, shared: most elements of a stanza (`<show/>`'s text aside) have
 * none, and an array each would be garbage on the inbound path. Frozen, so a stray push fails loudly; `cnode` and
 * `t` replace it with an array of the element's own.
 */
const NO_CHILDREN: readonly Node[] = Object.freeze([]);

export class Element {
  name: string;
  /**
   * Attributes. Read-only: the parser shares one frozen object among every element without attributes; set one on
   * an element you built with `attr`.
   */
  attrs: Readonly<Record<string, string | undefined>>;
  /**
   * Child elements and text nodes. Read-only: elements without children share one frozen array; add to it through
   * `cnode`, `c` and `t`.
   */
  children: readonly Node[] = NO_CHILDREN;
  parent: Element | null = null;

  constructor(name: string, attrs?: Readonly<Record<string, string | undefined>>) {
    this.name = name;
    this.attrs = attrs ?? {};
  }

  /** Sets (or, with undefined, removes) an attribute, on an element whose attributes are its own; returns this. */
  attr(name: string, value: string | undefined): this {
    this.attrs = { ...this.attrs, [name]: value };
    return this;
  }

  /** Local name (without prefix) is `name`, and the namespace (inherited) is `xmlns` when given. */
  is(name: string, xmlns?: string): boolean {
    return localName(this.name) === name && (!xmlns || this.getNS() === xmlns);
  }

  /** The element's namespace, following prefixes and inheritance like ltx. */
  getNS(): string | undefined {
    const i = this.name.indexOf(':');
    const key = i < 0 ? 'xmlns' : `xmlns:${this.name.slice(0, i)}`;
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the walk up the tree starts at this element
    for (let el: Element | null = this; el; el = el.parent) {
      const ns = el.attrs[key];
      if (ns) return ns;
    }
    return undefined;
  }

  // The readers below run several times for every inbound stanza: indexed loops, because an iterator or a callback
  // per call was a measurable share of the garbage of in-process ingest (bench/ingest.ts) when not optimised away.

  getChild(name: string, xmlns?: string): Element | undefined {
    const children = this.children;
    for (let i = 0; i < children.length; i++) {
      const child = children[i]!;
      if (typeof child !== 'string' && child.is(name, xmlns)) return child;
    }
    return undefined;
  }

  getChildren(name: string, xmlns?: string): Element[] {
    const found: Element[] = [];
    const children = this.children;
    for (let i = 0; i < children.length; i++) {
      const child = children[i]!;
      if (typeof child !== 'string' && child.is(name, xmlns)) found.push(child);
    }
    return found;
  }

  getChildElements(): Element[] {
    const found: Element[] = [];
    const children = this.children;
    for (let i = 0; i < children.length; i++) {
      const child = children[i]!;
      if (typeof child !== 'string') found.push(child);
    }
    return found;
  }

  /** Concatenated direct text children. */
  getText(): string {
    const children = this.children;
    let text = '';
    for (let i = 0; i < children.length; i++) {
      const child = children[i]!;
      if (typeof child === 'string') text += child;
    }
    return text;
  }

  /** Text of the first matching child, or null when there is none. */
  getChildText(name: string, xmlns?: string | null): string | null {
    const child = this.getChild(name, xmlns ?? undefined);
    return child ? child.getText() : null;
  }

  text(): string {
    return this.getText();
  }

  /** Appends a child element or text and returns the child. */
  cnode<T extends Node>(child: T): T {
    this.#append(child);
    if (typeof child !== 'string') child.parent = this;
    return child;
  }

  /** Creates a child element and returns it. */
  c(name: string, attrs?: Attrs): Element {
    return this.cnode(xml(name, attrs));
  }

  /** Appends text and returns this element. */
  t(text: string): this {
    this.#append(text);
    return this;
  }

  #append(child: Node): void {
    if (this.children === NO_CHILDREN) this.children = [child];
    else (this.children as Node[]).push(child);
  }

  /** The element as XML. Iterative, not recursive: an element nested 10,000 deep must not exhaust the call stack. */
  toString(): string {
    if (this.children.length === 0) return `${startTag(this)}/>`;
    let out = `${startTag(this)}>`;
    const open: Array<{ element: Element; next: number }> = [{ element: this, next: 0 }];
    while (open.length > 0) {
      const top = open[open.length - 1]!;
      const { children } = top.element;
      if (top.next === children.length) {
        out += `</${top.element.name}>`;
        open.pop();
        continue;
      }
      const child = children[top.next++]!;
      if (typeof child === 'string') out += escapeText(child);
      else if (child.children.length === 0) out += `${startTag(child)}/>`;
      else {
        out += `${startTag(child)}>`;
        open.push({ element: child, next: 0 });
      }
    }
    return out;
  }
}

/** `<name attr="value"…`, without the closing `>` or `/>`. */
function startTag(element: Element): string {
  let s = `<${element.name}`;
  for (const key in element.attrs) {
    const value = element.attrs[key];
    if (value != null) s += ` ${key}="${escapeAttr(value)}"`;
  }
  return s;
}

function localName(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}

function append(el: Element, child: Child): void {
  if (Array.isArray(child)) for (const c of child) append(el, c);
  else if (child instanceof Element) el.cnode(child);
  else if (child !== '' && child != null && typeof child !== 'boolean') el.t(String(child));
}

/** Builds an element: `xml('presence', { to }, xml('show', {}, 'dnd'))`. Attributes that are null/undefined are left out. */
export function xml(name: string, attrs?: Attrs | null, ...children: Child[]): Element {
  const clean: Record<string, string> = {};
  if (attrs) for (const key in attrs) if (attrs[key] != null) clean[key] = String(attrs[key]);
  const el = new Element(name, clean);
  for (const child of children) append(el, child);
  return el;
}

const TEXT = /[&<>]/g;
const ATTR = /[&<>"'\t\n\r]/g;
const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};
const escapeOne = (c: string) => ESCAPES[c]!;

export function escapeText(s: string): string {
  return s.replace(TEXT, escapeOne);
}

/** Attribute values keep tabs and line breaks (XML would normalise them to spaces otherwise). */
export function escapeAttr(s: string): string {
  return s.replace(ATTR, escapeOne);
}
