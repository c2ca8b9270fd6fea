/**
 * One live XML stream — RFC 6120 §4: routes what arrives, in order and synchronously, to the
 * negotiation (stream features, SASL, STARTTLS, XEP-0198 answers) or to the session (stanzas,
 * XEP-0198 acks), and ends exactly once: server close, socket close, stream error (§4.9),
 * malformed input, liveness timeout or our own close.
 */
import { xml, type Element } from '../xml.js';
import { PresenceError } from '../errors.js';
import { SM_ANSWERS } from './stream-management.js';
import { isStanza, STANZA_NAMES } from './stanza-guard.js';
import type { Transport, StreamSink, StreamErrorCondition } from './transport.js';
import { NS_SM, NS_STREAMS, NS_STREAM_ERRORS } from '../namespaces.js';

/** What the session layer does with routed input. All calls are synchronous and in stream order. */
export interface StreamHooks {
  /** A top-level message/presence/iq (not yet validated). */
  stanza(stanza: Element, from: XmppStream): void;
  /** A top-level element was dropped (`why`: over its size cap or nested too deep); `isStanza` when it was a message/presence/iq. */
  dropped(name: string, why: string, isStanza: boolean, from: XmppStream): void;
  /** XEP-0198 `<r/>`, `<a/>`, `<enabled/>`, `<resumed/>`, `<failed/>` — before anything after them. */
  sm(element: Element, from: XmppStream): void;
}

/** Why a stream ended. `fatal` codes stop reconnection. */
export interface StreamEnd {
  reason: string;
  /** Stream error condition, when the server sent one. */
  condition?: string;
  error?: PresenceError;
}

export class XmppStream implements StreamSink {
  readonly entity: Transport;
  readonly #hooks: StreamHooks;
  #inbox: Element[] = [];
  #waiter: { resolve(el: Element): void; reject(e: unknown): void } | undefined;
  #endInfo: StreamEnd | undefined;
  #resolveEnded!: (end: StreamEnd) => void;
  /** Resolves once, when the stream is over for whatever reason. */
  readonly ended: Promise<StreamEnd>;
  /** Negotiation elements are queued only until the session is ready. */
  negotiating = true;

  constructor(entity: Transport, hooks: StreamHooks) {
    this.entity = entity;
    this.#hooks = hooks;
    entity.sink = this;
    this.ended = new Promise((resolve) => (this.#resolveEnded = resolve));
  }

  get isOver(): boolean {
    return this.#endInfo !== undefined;
  }

  // --- StreamSink -----------------------------------------------------------------------------

  element(el: Element): void {
    if (this.#endInfo) return;
    if (isStanza(el)) {
      this.#hooks.stanza(el, this);
    } else if (el.attrs.xmlns === NS_SM || (el.getNS() === NS_SM && !el.name.includes(':'))) {
      this.#hooks.sm(el, this);
      if (this.negotiating && SM_ANSWERS.includes(el.name)) this.#deliver(el);
    } else if (el.is('error', NS_STREAMS)) {
      const condition =
        el.getChildElements().find((c) => c.attrs.xmlns === NS_STREAM_ERRORS && c.name !== 'text')?.name ?? 'undefined-condition';
      this.end({ reason: `stream error: ${condition}`, condition });
    } else if (this.negotiating) {
      this.#deliver(el);
    }
    // Other nonzas after negotiation (e.g. unknown extensions) are ignored.
  }

  dropped(name: string, why: string): void {
    if (this.#endInfo) return;
    this.#hooks.dropped(name, why, STANZA_NAMES.has(name), this);
  }

  malformed(reason: string, condition: StreamErrorCondition): void {
    if (this.#endInfo) return;
    const flood = condition === 'policy-violation';
    const partial = this.entity.partialElement;
    const { hardCap } = this.entity;
    if (flood && partial)
      this.#hooks.dropped(partial, `of more than ${hardCap} characters (limit ${hardCap / 4})`, STANZA_NAMES.has(partial), this);
    const what = flood ? 'too much data' : condition === 'restricted-xml' ? 'XML that XMPP does not allow' : 'malformed XML';
    const error = new PresenceError(flood ? 'flood' : 'malformed-stanza', `Server sent ${what} (${reason.slice(0, 200)}); reconnecting`, {
      condition,
    });
    // RFC 6120 §4.9.3: the condition (not-well-formed, restricted-xml, policy-violation…), then close (§4.9.1.1).
    void this.entity.send(xml('stream:error', { 'xmlns:stream': NS_STREAMS }, xml(condition, { xmlns: NS_STREAM_ERRORS }))).catch(() => {});
    this.end({ reason: error.message, error });
  }

  closed(reason: string): void {
    this.end({ reason });
  }

  // --- negotiation --------------------------------------------------------------------------

  #deliver(el: Element): void {
    const waiter = this.#waiter;
    if (waiter) {
      this.#waiter = undefined;
      waiter.resolve(el);
    } else {
      this.#inbox.push(el);
    }
  }

  /** The next negotiation element; rejects when the stream ends first. */
  next(): Promise<Element> {
    const queued = this.#inbox.shift();
    if (queued) return Promise.resolve(queued);
    if (this.#endInfo) return Promise.reject(this.endError());
    return new Promise((resolve, reject) => (this.#waiter = { resolve, reject }));
  }

  /** Why the stream ended, as the error to reject with. */
  endError(): PresenceError {
    return this.#endInfo?.error ?? new PresenceError('connection-failed', `Connection lost (${this.#endInfo?.reason ?? 'closed'})`);
  }

  // --- output and end -------------------------------------------------------------------------

  /** Writes one element. Rejects (and ends the stream) when the transport refuses it. */
  async send(el: Element): Promise<void> {
    if (this.#endInfo) throw new PresenceError('not-connected', 'Not connected');
    try {
      await this.entity.send(el);
    } catch (error) {
      this.end({ reason: `write failed: ${error instanceof Error ? error.message : String(error)}` });
      throw new PresenceError('not-connected', 'Connection lost while sending', { cause: error });
    }
  }

  /** Ends the stream now (idempotent) and drops the socket. */
  end(info: StreamEnd): void {
    if (this.#endInfo) return;
    this.#endInfo = info;
    this.entity.destroy();
    this.#waiter?.reject(this.endError());
    this.#waiter = undefined;
    this.#resolveEnded(info);
  }

  /**
   * Closes politely (RFC 6120 §4.4): optional last words (e.g. a final XEP-0198 ack), the closing tag,
   * a short wait for the server's, then the socket.
   */
  async close(lastWords: Element[] = [], waitMs = 1000): Promise<void> {
    if (this.#endInfo) return;
    this.negotiating = false;
    // The whole goodbye is bounded: a frozen peer must not keep stop() waiting on a full socket buffer.
    const goodbye = (async () => {
      for (const el of lastWords) await this.entity.send(el);
      await this.entity.write(this.entity.footer());
      await this.ended;
    })();
    goodbye.catch(() => {});
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([goodbye, new Promise((resolve) => (timer = setTimeout(resolve, waitMs)))]);
    clearTimeout(timer);
    this.end({ reason: 'closed by client' });
  }
}
