/**
 * One XML stream over one socket — RFC 7395 (WebSocket: one element per text message, `<open/>` and
 * `<close/>` framing) anywhere, RFC 6120 §4 over TCP, direct TLS (XEP-0368) and STARTTLS (§5) in Node.
 * Our own, small layer: the session above (stream.ts, login.ts) owns negotiation, SASL, XEP-0198 and
 * reconnection, so all a transport does is open a socket, write text and feed what arrives to the
 * size-capped parser, reporting every outcome to a sink. Nothing a server sends can throw into a socket
 * callback.
 *
 * WebSocket constructor, in order: `options.WebSocket`, `globalThis.WebSocket`, then the `ws` package — an
 * optionalDependency of @presently/core loaded only in Node (Node 20 has no global WebSocket), by an opaque
 * specifier (node-only.ts). TCP and TLS sockets live in node-socket.ts, which browser bundles replace.
 */
import { PresenceError } from '../errors.js';
import { escapeAttr, type Element } from '../xml.js';
import { importNodeOnly } from './node-only.js';
import { connectNode, type NodeLink } from './node-socket.js';
import { StreamParser, type XmlErrorCondition } from './parser.js';
import type { ServiceInfo } from './security.js';
import { NS_CLIENT, NS_FRAMING, NS_STREAMS } from '../namespaces.js';

/**
 * The RFC 6120 §4.9.3 condition a stream ends with when what arrived can't be taken: the parser's, or
 * `policy-violation` for more data than the hard cap allows, `undefined-condition` when our own code failed.
 */
export type StreamErrorCondition = XmlErrorCondition | 'undefined-condition';

/** Where a stream reports what arrives. Called synchronously, in stream order. */
export interface StreamSink {
  element(element: Element): void;
  /** A top-level element was dropped (`name` is its tag): over its size cap or nested too deep, as `why` says. */
  dropped(name: string, why: string): void;
  /** Not well-formed XML, not allowed in XMPP, or more unparsed data than the hard cap allows. */
  malformed(reason: string, condition: StreamErrorCondition): void;
  /** The server closed the stream or the socket closed. */
  closed(reason: string): void;
}

/** Size caps: `relayed` for what other entities send us, `own` for our server's and account's own stanzas. */
export interface StanzaLimits {
  relayed: number;
  own: number;
  /** Our bare JID and domain: a top-level element without 'from', or from one of these, gets `own`. */
  bare: string;
  domain: string;
}

/** The subset of the WHATWG WebSocket constructor we call. */
export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => unknown;

interface DomLikeSocket {
  readonly protocol?: string;
  addEventListener(event: string, fn: (e: never) => void): void;
  send(data: string): void;
  close(): void;
  terminate?(): void;
}

/** How a socket is written to and closed; one per socket (STARTTLS swaps it). */
interface Wire {
  write(text: string): Promise<void>;
  destroy(): void;
}

export interface TransportOptions {
  service: string;
  domain: string;
  /** Our bare JID: the stream header's `from` once the link is encrypted or loopback (RFC 6120 §4.7.1; SASL2 needs it). */
  from?: string;
  info: ServiceInfo;
  WebSocket?: unknown;
}

export class Transport {
  sink: StreamSink;
  readonly limits: StanzaLimits;
  readonly #opts: TransportOptions;
  readonly #framed: boolean;
  #wire: Wire | undefined;
  /** The TCP/TLS socket (Node), when this is not a WebSocket. */
  #link: NodeLink | undefined;
  #parser: StreamParser | undefined;
  /** Unparsed characters since the last complete top-level element. */
  #backlog = 0;
  #dead = false;
  #encrypted: boolean;
  #onHeader: ((header: Element) => void) | undefined;

  constructor(opts: TransportOptions, sink: StreamSink, limits: StanzaLimits) {
    this.#opts = opts;
    this.sink = sink;
    this.limits = limits;
    this.#framed = opts.info.protocol === 'ws:' || opts.info.protocol === 'wss:';
    this.#encrypted = opts.info.tls;
  }

  /** Whether the socket is encrypted (wss, xmpps, or after STARTTLS). */
  get encrypted(): boolean {
    return this.#encrypted;
  }

  /** Opens the socket; resolves when it is connected (and, for xmpps, the TLS handshake is done). */
  async connect(): Promise<void> {
    if (this.#framed) await this.#connectWebSocket();
    else await this.#connectNode();
  }

  async #connectWebSocket(): Promise<void> {
    const WebSocketImpl = await resolveWebSocket(this.#opts.WebSocket);
    if (this.#dead) return;
    const ws = new WebSocketImpl(this.#opts.service, ['xmpp']) as DomLikeSocket;
    this.#wire = {
      write: async (text) => ws.send(text),
      destroy: () => (ws.terminate ? ws.terminate() : ws.close()),
    };
    await new Promise<void>((resolve, reject) => {
      ws.addEventListener('open', () => {
        // RFC 7395 §3.1: a server that did not agree to the 'xmpp' subprotocol is not an XMPP endpoint.
        if (ws.protocol !== undefined && ws.protocol !== 'xmpp')
          reject(new Error(`server did not accept the "xmpp" WebSocket subprotocol`));
        else resolve();
      });
      ws.addEventListener('error', () => reject(new Error('WebSocket error')));
      ws.addEventListener('close', () => {
        reject(new Error('WebSocket closed'));
        this.#report(() => this.sink.closed('connection closed'));
      });
      // RFC 7395 §3.2: text frames only; binary ones are ignored.
      ws.addEventListener('message', (event: { data: unknown }) => typeof event.data === 'string' && this.#input(event.data));
    });
  }

  async #connectNode(): Promise<void> {
    const link = await connectNode(this.#opts.service, this.#opts.domain, this.#opts.info.tls, {
      data: (text) => this.#input(text),
      invalid: (reason) => this.#failParse(reason, 'not-well-formed'),
      closed: () => this.#report(() => this.sink.closed('connection closed')),
    });
    if (this.#dead) return link.destroy();
    this.#wire = this.#link = link;
  }

  /** Sends the stream header and resolves with the server's (RFC 6120 §4.2, RFC 7395 §3.4). */
  open(): Promise<Element> {
    this.#attachParser();
    const { domain, from, info } = this.#opts;
    // Not in the clear to another machine: the JID would be readable by anyone on the path.
    const fromAttr = from && (this.encrypted || info.loopback) ? ` from="${escapeAttr(from)}"` : '';
    const header = this.#framed
      ? `<open xmlns="${NS_FRAMING}" to="${domain}"${fromAttr} version="1.0"/>`
      : `<?xml version='1.0'?><stream:stream xmlns="${NS_CLIENT}" xmlns:stream="${NS_STREAMS}" to="${domain}"${fromAttr} version="1.0">`;
    const opened = new Promise<Element>((resolve) => (this.#onHeader = resolve));
    return this.write(header).then(() => opened);
  }

  /** A new stream on the same socket, after SASL or STARTTLS (RFC 6120 §4.3.3). */
  restart(): Promise<Element> {
    return this.open();
  }

  /** The text that closes our stream. */
  footer(): string {
    return this.#framed ? `<close xmlns="${NS_FRAMING}"/>` : '</stream:stream>';
  }

  /** Whether this transport can upgrade to TLS (RFC 6120 §5): a plain TCP socket in Node. */
  get canStartTls(): boolean {
    return !this.#encrypted && this.#link !== undefined;
  }

  /** STARTTLS after the server's `<proceed/>`; the caller restarts the stream. */
  async upgradeTls(): Promise<void> {
    this.#parser = undefined; // nothing from the plaintext stream may be read after <proceed/>
    await this.#link!.startTls();
    this.#encrypted = true;
  }

  async send(element: Element): Promise<void> {
    // RFC 7395 §3.3.3: a WebSocket stream has no default namespace; every stanza carries jabber:client itself.
    if (this.#framed && !element.attrs.xmlns && (element.name === 'message' || element.name === 'presence' || element.name === 'iq')) {
      element.attr('xmlns', NS_CLIENT);
    }
    await this.write(element.toString());
  }

  async write(text: string): Promise<void> {
    if (!this.#wire || this.#dead) throw new Error('no socket');
    await this.#wire.write(text);
  }

  /** Name of the top-level element being received, if one is in progress. */
  get partialElement(): string | undefined {
    return this.#parser?.current;
  }

  /** Raw characters we accept without a complete element: 4× the cap of the element in progress. */
  get hardCap(): number {
    const parser = this.#parser;
    return 4 * (parser?.current !== undefined ? parser.limit : this.limits.relayed);
  }

  #attachParser(): void {
    this.#backlog = 0;
    const { relayed, own, bare, domain } = this.limits;
    const ownPrefix = `${bare}/`;
    const parser: StreamParser = new StreamParser(this.#framed, {
      start: (header) => {
        if (parser === this.#parser) this.#onHeader?.(header);
      },
      element: (el) => {
        if (parser !== this.#parser) return;
        this.#backlog = 0;
        // Not through #report: a closure per inbound stanza was garbage on the hottest path.
        try {
          this.sink.element(el);
        } catch (error) {
          this.#internalError(error);
        }
      },
      dropped: (name, why) => {
        if (parser !== this.#parser) return;
        this.#backlog = 0;
        this.#report(() => this.sink.dropped(name, why));
      },
      end: () => this.#report(() => this.sink.closed('stream closed by server')),
      error: (reason, condition) => this.#failParse(reason, condition),
    });
    // A top-level start tag is read against the largest cap, before its 'from' says which one applies.
    parser.maxLimit = Math.max(own, relayed);
    // Runs for every top-level element: the prefix is built once, not per call.
    parser.limitFor = (_name, attrs) => {
      const from = attrs.from?.toLowerCase();
      return from === undefined || from === domain || from === bare || from.startsWith(ownPrefix) ? own : relayed;
    };
    this.#parser = parser;
  }

  /** What arrived on the socket (text; binary WebSocket frames never get here). */
  #input(text: string): void {
    const parser = this.#parser;
    if (this.#dead || !parser) return;
    this.#backlog += text.length;
    parser.write(text);
    // The parser keeps an unfinished token (a huge text node or attribute) it cannot cap from outside;
    // past 4× the cap without completing an element, the stream is hostile.
    if (this.#backlog > this.hardCap)
      this.#failParse(`more than ${this.hardCap} characters without a complete element`, 'policy-violation');
  }

  #failParse(reason: string, condition: StreamErrorCondition): void {
    if (this.#dead) return;
    this.#report(() => this.sink.malformed(reason, condition));
    this.#parser = undefined;
  }

  /** The sink must never throw into a socket callback; if it does, close rather than corrupt state. */
  #report(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.#internalError(error);
    }
  }

  /** The sink threw: the stream ends as broken and the socket closes. */
  #internalError(error: unknown): void {
    try {
      this.sink.malformed(`internal error: ${error instanceof Error ? error.message : String(error)}`, 'undefined-condition');
    } catch {
      // nothing more we can do
    }
    this.destroy();
  }

  /** Closes the socket at once, without the stream closing handshake. Idempotent. */
  destroy(): void {
    if (this.#dead) return;
    this.#dead = true;
    this.#parser = undefined;
    const wire = this.#wire;
    this.#wire = undefined;
    try {
      wire?.destroy();
    } catch {
      // already closed
    }
  }
}

/** `options.WebSocket`, else the global, else the `ws` package (Node). Rejects `unsupported` when none exists. */
export async function resolveWebSocket(injected?: unknown): Promise<WebSocketConstructor> {
  if (typeof injected === 'function') return injected as WebSocketConstructor;
  const global = (globalThis as { WebSocket?: unknown }).WebSocket;
  if (typeof global === 'function') return global as WebSocketConstructor;
  try {
    const mod = await importNodeOnly('ws');
    const ctor = mod.default ?? mod.WebSocket;
    if (typeof ctor === 'function') return ctor as WebSocketConstructor;
  } catch {
    // fall through
  }
  throw new PresenceError(
    'unsupported',
    'No WebSocket implementation: pass options.WebSocket (e.g. the `ws` package) or use Node ≥ 22 / a browser',
  );
}
