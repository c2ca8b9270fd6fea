/**
 * XML stream parsing with limits — RFC 6120 §4.9.3 (stream errors: bad-format, policy-violation)
 * and RFC 7395 §3.3 (one element per WebSocket message). Built on @xmpp/xml's SAX parser (ltx),
 * with what a client facing a hostile or broken server needs:
 *  - a size cap per top-level element, chosen from its start tag (`limitFor`: e.g. more room for the
 *    server's own roster result than for a message a stranger relayed): past it the element is not
 *    built any further; when it closes, an 'oversized' event names it instead of an 'element' event
 *    (so XEP-0198 can still count it);
 *  - whitespace between top-level elements is ignored (Prosody's keepalives used to pile up as text
 *    children of the stream root for the life of the connection);
 *  - one class for both framings: `framed` for RFC 7395 `<open/>`/`<close/>`, otherwise RFC 6120
 *    `<stream:stream>`.
 */
import { Element, Parser, XMLError } from '@xmpp/xml';

const NS_FRAMING = 'urn:ietf:params:xml:ns:xmpp-framing';
export const DEFAULT_MAX_STANZA_SIZE = 256 * 1024;

export class GuardedParser extends Parser {
  /** Characters (names, attribute values, text) one top-level element may carry, by its start tag. */
  limitFor: (name: string, attrs: Record<string, string>) => number = () => DEFAULT_MAX_STANZA_SIZE;
  /** The limit of the top-level element in progress (or the last one). */
  limit = DEFAULT_MAX_STANZA_SIZE;
  /** Name of the top-level element being parsed, if any. */
  current: string | undefined;
  declare root: Element | null;
  declare cursor: Element | null;
  #size = 0;
  /** Open elements inside the current top-level element (itself included). */
  #depth = 0;
  /** >0 while discarding an oversized element: how many of its elements are still open. */
  #skip = 0;
  readonly #framed: boolean;

  constructor(framed: boolean) {
    super();
    this.#framed = framed;
    this.root = null;
    this.cursor = null;
  }

  #atTopLevel(): boolean {
    return this.#framed ? this.cursor === null : this.cursor === this.root;
  }

  #overflow(extraOpen: number): void {
    this.#skip = this.#depth + extraOpen;
    // Release what was built so far; only the name survives.
    this.cursor = this.#framed ? null : this.root;
  }

  override onStartElement(name: string, attrs: Record<string, string>): void {
    if (this.#skip > 0) {
      this.#skip++;
      return;
    }
    if (!this.#framed && !this.root) {
      const root = new Element(name, attrs);
      this.root = root;
      this.cursor = root;
      this.emit('start', root);
      return;
    }
    if (this.#atTopLevel()) {
      this.#size = 0;
      this.#depth = 0;
      this.current = name;
      this.limit = this.limitFor(name, attrs);
    }
    this.#size += name.length;
    for (const key in attrs) this.#size += key.length + (attrs[key]?.length ?? 0) + 4;
    if (this.#size > this.limit) {
      this.#overflow(1);
      return;
    }
    const element = new Element(name, attrs);
    if (this.cursor && !this.#atTopLevel()) this.cursor.cnode(element);
    else if (!this.#framed) element.parent = this.root;
    this.cursor = element;
    this.#depth++;
  }

  override onEndElement(name: string): void {
    if (this.#skip > 0) {
      this.#skip--;
      if (this.#skip === 0) this.#finish(undefined);
      return;
    }
    const cursor = this.cursor;
    if (!cursor) {
      this.emit('error', new XMLError(`unexpected </${name.slice(0, 40)}>`));
      return;
    }
    if (name !== cursor.name) {
      this.emit('error', new XMLError(`<${cursor.name.slice(0, 40)}> closed by </${name.slice(0, 40)}>`));
      return;
    }
    if (!this.#framed && cursor === this.root) {
      this.emit('end', cursor);
      return;
    }
    this.#depth--;
    if (this.#depth > 0) {
      this.cursor = cursor.parent;
      return;
    }
    this.#finish(cursor);
  }

  #finish(element: Element | undefined): void {
    const name = this.current ?? '';
    this.current = undefined;
    this.#depth = 0;
    this.cursor = this.#framed ? null : this.root;
    if (!element) {
      this.emit('oversized', { name, size: this.#size, limit: this.limit });
    } else if (this.#framed && element.is('open', NS_FRAMING)) {
      this.emit('start', element);
    } else if (this.#framed && element.is('close', NS_FRAMING)) {
      this.emit('end', element);
    } else {
      this.emit('element', element);
    }
  }

  override onText(text: string): void {
    if (this.#skip > 0) return;
    if (this.#atTopLevel() || !this.cursor) {
      if (/\S/.test(text)) this.emit('error', new XMLError('text outside of any element'));
      return;
    }
    this.#size += text.length;
    if (this.#size > this.limit) {
      this.#overflow(0);
      return;
    }
    this.cursor.t(text);
  }
}
