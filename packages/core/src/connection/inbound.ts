/**
 * The input side of the session layer (connection.ts): what the current stream hands over. Each stanza is counted
 * for XEP-0198 §4 before anything else, checked (stanza-guard.ts; a malformed IQ request is answered
 * `bad-request`), matched against the IQs we sent (RFC 6120 §8.2), held while the stream still negotiates and
 * delivered once it is online; an IQ request goes to its registered handler (iq.ts), or answers
 * `service-unavailable` and reaches the `stanza` listeners. XEP-0198 elements settle what the server acknowledged.
 */
import type { Element } from '../xml.js';
import { PresenceError } from '../errors.js';
import type { ParsedJid } from '../jid.js';
import { errorReply, type IqCallee, type IqCaller } from './iq.js';
import type { LiveSession } from './live-session.js';
import { describeStanza, senderOf, stanzaProblem } from './stanza-guard.js';
import type { StreamManagement, Unacked } from './stream-management.js';
import type { XmppStream } from './stream.js';

const noop = () => {};

/** What {@link Inbound} reads from and reports to the connection. */
export interface InboundDeps {
  sm: StreamManagement;
  /** The IQs we sent, awaiting their reply. */
  iqs: IqCaller;
  /** The handlers of IQ requests (`handleIq`). */
  callee: IqCallee;
  /** The online session, once negotiation finished. */
  live(): LiveSession | undefined;
  /** Our addresses, which an IQ reply may come from. */
  own(): { bare: string; full: string | undefined; domain: string };
  /** A stanza for the connection's `stanza` listeners, `from` parsed. */
  deliver(stanza: Element, from: ParsedJid | undefined): void;
  emitError(error: PresenceError): void;
  /** Queued stanzas the server will not acknowledge (XEP-0198 `<failed/>`): to send again. */
  adoptOrphans(entries: Unacked[]): void;
}

export class Inbound {
  /** Stanzas that arrived while negotiating (e.g. resent right after `<resumed/>`), delivered after 'online'. */
  #pending: Array<[Element, ParsedJid | undefined]> = [];
  readonly #deps: InboundDeps;

  constructor(deps: InboundDeps) {
    this.#deps = deps;
  }

  /** A top-level message, presence or iq from the current stream. */
  stanza(el: Element): void {
    const { sm, iqs, live, own, emitError } = this.#deps;
    // Counted first, whatever happens next: a dropped stanza was still handled (XEP-0198 §4).
    sm.onStanzaReceived();
    live()?.activity();
    // `from` is parsed here once; the model gets the parsed value with the stanza.
    const sender = senderOf(el);
    const problem = stanzaProblem(el, sender, own().full);
    if (problem) {
      emitError(new PresenceError('malformed-stanza', `Dropped ${describeStanza(el)}: ${problem}`));
      const { type, id } = el.attrs;
      if (el.name === 'iq' && (type === 'get' || type === 'set') && id) this.#reply(errorReply(el, 'bad-request', 'modify'));
      return;
    }
    const type = el.attrs.type;
    if (el.name === 'iq' && (type === 'result' || type === 'error') && iqs.handleReply(el, own())) return;
    if (!live()) {
      this.#pending.push([el, sender ?? undefined]);
      return;
    }
    this.#route(el, sender ?? undefined);
  }

  /** The stream dropped a top-level element over its size or depth cap. */
  dropped(name: string, why: string, isStanza: boolean): void {
    if (isStanza) this.#deps.sm.onStanzaReceived();
    this.#deps.live()?.activity();
    this.#deps.emitError(new PresenceError('flood', `Dropped an inbound <${name.slice(0, 40)}> ${why}`));
  }

  /** A XEP-0198 element (`<r/>`, `<a/>`, …) from the current stream. */
  streamManagement(stream: XmppStream, el: Element): void {
    const { sm, live, emitError, adoptOrphans } = this.#deps;
    live()?.activity();
    const { acked, error, reply, orphaned, ackAnswered } = sm.handle(el);
    if (reply) stream.send(reply).catch(noop);
    for (const entry of acked) entry.settle?.resolve();
    if (error) emitError(new PresenceError('malformed-stanza', `Stream management: ${error}`));
    if (ackAnswered) live()?.onAck();
    if (orphaned) adoptOrphans(orphaned);
  }

  /** `live` went online: deliver what arrived while negotiating, unless a listener ends it meanwhile. */
  flush(live: LiveSession): void {
    for (const [el, from] of this.#pending.splice(0)) {
      if (this.#deps.live() !== live) break;
      this.#route(el, from);
    }
  }

  /** A new stream, or none: what waited for the old one is dropped. */
  clear(): void {
    this.#pending = [];
  }

  #route(el: Element, from: ParsedJid | undefined): void {
    const { callee, deliver } = this.#deps;
    const type = el.attrs.type;
    if (el.name === 'iq' && (type === 'get' || type === 'set')) {
      if (!callee.has(el)) deliver(el, from);
      callee.answer(el).then((reply) => this.#reply(reply), noop);
      return;
    }
    deliver(el, from);
  }

  /** Replies go out on the current session; dropped when offline. */
  #reply(el: Element): void {
    this.#deps.live()?.write(el).catch(noop);
  }
}
