/**
 * One XML stream over one transport — RFC 6120 §4 (streams, TCP/TLS) and RFC 7395 (WebSocket) —
 * on @xmpp/client-core's Client, which picks the transport from the service URL, opens, restarts and
 * closes streams. We replace its input side so that nothing a server sends can throw into a socket
 * callback: bytes are decoded as a UTF-8 stream (a multi-byte character split across TCP reads
 * stays intact), fed to the size-capped GuardedParser, and every outcome is reported to a sink.
 */
import { Client, type TransportClass } from '@xmpp/client-core';
import type { Element } from '@xmpp/xml';
import { PresenceError } from '../errors.js';
import { GuardedParser } from './parser.js';
import type { ServiceInfo } from './security.js';
import { importNodeOnly } from './node-only.js';
import { resolveWebSocket, websocketTransport } from './websocket.js';

type Handler = (ctx: { entity: unknown }, next: () => unknown, feature: unknown) => Promise<unknown>;
type StartTlsFactory = (args: { streamFeatures: { use(name: string, xmlns: string, handler: Handler): unknown } }) => unknown;

/** Where a stream reports what arrives. Called synchronously, in stream order. */
export interface StreamSink {
  element(element: Element): void;
  /** A top-level element over its size cap was dropped (`name` is its tag). */
  oversized(name: string, size: number, limit: number): void;
  /** Not well-formed XML, or more unparsed data than the hard cap allows. */
  malformed(reason: string, flood: boolean): void;
  /** The server closed the stream or the socket closed. */
  closed(reason: string): void;
}

type Listener = [event: string, fn: (...args: any[]) => void];

/** Size caps: `relayed` for what other entities send us, `own` for our server's and account's own stanzas. */
export interface StanzaLimits {
  relayed: number;
  own: number;
  /** Our bare JID and domain: a top-level element without 'from', or from one of these, gets `own`. */
  bare: string;
  domain: string;
}

export class Entity extends Client {
  sink: StreamSink;
  readonly limits: StanzaLimits;
  /** Unparsed characters since the last complete top-level element. */
  #backlog = 0;
  #decoder = new TextDecoder();
  #socketListeners: Listener[] = [];
  #dead = false;

  constructor(options: { service: string; domain: string; timeout: number }, sink: StreamSink, limits: StanzaLimits) {
    super({ service: options.service, domain: options.domain, timeout: options.timeout });
    this.sink = sink;
    this.limits = limits;
    // @xmpp/connection emits 'error' in a few paths; an EventEmitter without a listener would throw.
    this.on('error', () => {});
  }

  /** Whether the socket is encrypted (wss, xmpps, or after STARTTLS). */
  get encrypted(): boolean {
    const s = this.socket as { secure?: boolean; url?: string | null; encrypted?: boolean } | null;
    if (!s) return false;
    if (typeof s.url === 'string') return s.url.startsWith('wss:');
    return s.secure === true || s.encrypted === true;
  }

  override _attachSocket(socket: any): void {
    this._detachSocket();
    this.socket = socket;
    this.#decoder = new TextDecoder();
    this.#socketListeners = [
      ['data', (data: unknown) => this._onData(data)],
      ['connect', () => this._status('connect')],
      ['close', () => this.#report(() => this.sink.closed('connection closed'))],
      // Errors are followed by 'close' (or reject connect()); nothing to do but not crash.
      ['error', () => {}],
    ];
    for (const [event, fn] of this.#socketListeners) socket.on(event, fn);
  }

  override _detachSocket(): void {
    const socket = this.socket;
    if (socket) for (const [event, fn] of this.#socketListeners) socket.off?.(event, fn) ?? socket.removeListener?.(event, fn);
    this.#socketListeners = [];
    this.socket = null;
  }

  override _attachParser(parser: GuardedParser): void {
    this.parser = parser;
    this.#backlog = 0;
    const { relayed, own, bare, domain } = this.limits;
    // Runs for every top-level element: build the prefix once, not per call.
    const ownPrefix = `${bare}/`;
    parser.limitFor = (_name, attrs) => {
      const from = attrs.from?.toLowerCase();
      return from === undefined || from === domain || from === bare || from.startsWith(ownPrefix) ? own : relayed;
    };
    parser.on('start', (el: Element) => this._status('open', el));
    parser.on('element', (el: Element) => {
      if (parser !== this.parser) return;
      this.#backlog = 0;
      this.#report(() => this.sink.element(el));
      // For @xmpp/starttls, which awaits its <proceed/> through Connection.sendReceive().
      this.#report(() => this.emit('element', el));
    });
    (parser.on as (event: string, fn: (info: { name: string; size: number; limit: number }) => void) => void)('oversized', ({ name, size, limit }) => {
      this.#backlog = 0;
      this.#report(() => this.sink.oversized(name, size, limit));
    });
    parser.on('error', (error: Error) => this.#failParse(error.message, false));
    parser.on('end', () => this.#report(() => this.sink.closed('stream closed by server')));
  }

  override _detachParser(): void {
    (this.parser as GuardedParser | null)?.removeAllListeners();
    this.parser = null;
    this.root = null;
  }

  override _onData(data: unknown): void {
    if (this.#dead || !this.parser) return;
    let text: string;
    if (typeof data === 'string') text = data;
    else if (data instanceof Uint8Array) text = this.#decoder.decode(data, { stream: true });
    else return; // RFC 7395 §3.2: text frames only; ignore binary.
    this.#backlog += text.length;
    try {
      this.parser.write(text);
    } catch (error) {
      this.#failParse(error instanceof Error ? error.message : 'parse error', false);
      return;
    }
    // The parser keeps an unfinished token (a huge text node or attribute) as a raw string we cannot
    // cap from outside; past 4× the cap without completing an element, the stream is hostile.
    if (this.#backlog > this.hardCap) this.#failParse(`more than ${this.hardCap} characters without a complete element`, true);
  }

  override _onElement(element: Element): void {
    this.#report(() => this.sink.element(element));
  }

  /** Raw characters we accept without a complete element: 4× the cap of the element in progress. */
  get hardCap(): number {
    const parser = this.parser as GuardedParser | null;
    return 4 * (parser?.current !== undefined ? parser.limit : this.limits.relayed);
  }

  /** Name of the top-level element being received, if one is in progress. */
  get partialElement(): string | undefined {
    return (this.parser as GuardedParser | null)?.current;
  }

  #failParse(reason: string, flood: boolean): void {
    if (this.#dead) return;
    this.#dead = true;
    this.#report(() => this.sink.malformed(reason, flood));
  }

  /** The sink must never throw into a socket callback; if it does, close rather than corrupt state. */
  #report(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.#dead = true;
      try {
        this.sink.malformed(`internal error: ${error instanceof Error ? error.message : String(error)}`, false);
      } catch {
        // nothing more we can do
      }
    }
  }

  /** Closes the socket at once, without the stream closing handshake. Idempotent. */
  destroy(): void {
    if (this.#dead && !this.socket && !this.parser) return;
    this.#dead = true;
    // Settles @xmpp/connection's own pending waits (open, sendReceive) so their timers don't outlive us.
    this.emit('error', new Error('stream ended'));
    const wrapper = this.socket as any;
    this._detachParser();
    this._detachSocket();
    if (!wrapper) return;
    const inner = wrapper.socket ?? wrapper; // @xmpp wrappers keep the real socket in .socket; net.Socket is itself.
    try {
      if (typeof inner.terminate === 'function') inner.terminate(); // ws
      else if (typeof inner.destroy === 'function') inner.destroy(); // net / tls
      else inner.close?.(); // DOM WebSocket
    } catch {
      // already closed
    }
    // Late events from the dying socket must not surface as unhandled 'error's.
    wrapper.on?.('error', () => {});
    inner.on?.('error', () => {});
  }

  /** Writes raw text (used to close streams gracefully). */
  async writeRaw(text: string): Promise<void> {
    if (!this.socket) throw new Error('no socket');
    await this.write(text);
  }
}

/**
 * STARTTLS (RFC 6120 §5) with @xmpp/starttls: sends <starttls/>, wraps the socket in TLS verified
 * against the XMPP domain, restarts the stream. Resolves false when the socket cannot be upgraded.
 */
export async function startTls(entity: Entity): Promise<boolean> {
  const starttls = (await importNodeOnly('@xmpp/starttls')).default as StartTlsFactory | undefined;
  if (typeof starttls !== 'function') return false;
  let handler: Handler | undefined;
  starttls({ streamFeatures: { use: (_name: string, _xmlns: string, fn: Handler) => (handler = fn) } });
  if (!handler) return false;
  let upgraded = true;
  await handler({ entity }, () => (upgraded = false), undefined);
  return upgraded;
}

/**
 * Builds the transports the service URL needs: WebSocket anywhere; TCP/TLS in Node only. Direct TLS
 * (xmpps://, XEP-0368) sends SNI for and verifies the certificate against the XMPP domain, as
 * RFC 6120 §13.7.2 / RFC 7590 require, not the host name of the service URL.
 */
export async function transportsFor(info: ServiceInfo, WebSocketOption: unknown, domain: string): Promise<TransportClass[]> {
  if (info.protocol === 'ws:' || info.protocol === 'wss:') {
    return [websocketTransport(await resolveWebSocket(WebSocketOption))];
  }
  if (typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node !== 'string') {
    throw new PresenceError('unsupported', `${info.protocol}// needs Node; in browsers use wss://`);
  }
  const mod = await importNodeOnly(info.protocol === 'xmpp:' ? '@xmpp/tcp' : '@xmpp/tls');
  const register = mod.default as ((args: { entity: { transports: unknown[] } }) => void) | undefined;
  if (typeof register !== 'function') {
    throw new PresenceError('unsupported', `${info.protocol}// needs Node; in browsers use wss://`);
  }
  const collected: TransportClass[] = [];
  register({ entity: { transports: collected } });
  const tls = info.protocol === 'xmpps:';
  return collected.map((Base) => {
    class Transport extends (Base as unknown as new () => { socketParameters(service: string): Record<string, unknown> | undefined }) {
      override socketParameters(service: string): Record<string, unknown> | undefined {
        const params = super.socketParameters(service);
        return params && tls ? { ...params, servername: domain } : params;
      }
    }
    Object.assign(Transport.prototype, { Parser: StreamParser });
    return Transport as unknown as TransportClass;
  });
}

class StreamParser extends GuardedParser {
  constructor() {
    super(false);
  }
}
