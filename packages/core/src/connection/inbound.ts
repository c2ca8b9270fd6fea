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

/** What {@link inbound} reads from and reports to the connection. */
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

/** The inbound path of one connection; see the file comment. */
export interface Inbound {
  /** A top-level message, presence or iq from the current stream. */
  stanza(el: Element): void;
  /** The current stream dropped a top-level element over its size or depth cap. */
  dropped(name: string, why: string, isStanza: boolean): void;
  /** A XEP-0198 element (`<r/>`, `<a/>`, …) from the current stream. */
  smElement(stream: XmppStream, el: Element): void;
  /** `live` went online: deliver what arrived while negotiating, unless a listener ends it meanwhile. */
  flush(live: LiveSession): void;
  /** A new stream, or none: what waited for the old one is dropped. */
  clear(): void;
}

export function inbound({ sm, iqs, callee, live, own, deliver, emitError, adoptOrphans }: InboundDeps): Inbound {
  /** Stanzas that arrived while negotiating (e.g. resent right after `<resumed/>`), delivered after 'online'. */
  let pending: Array<[Element, ParsedJid | undefined]> = [];

  /** Replies go out on the current session; dropped when offline. */
  const reply = (el: Element): void => {
    live()?.write(el).catch(noop);
  };

  function route(el: Element, from: ParsedJid | undefined): void {
    const type = el.attrs.type;
    if (el.name === 'iq' && (type === 'get' || type === 'set')) {
      if (!callee.has(el)) deliver(el, from);
      callee.answer(el).then(reply, noop);
      return;
    }
    deliver(el, from);
  }

  return {
    stanza(el) {
      // Counted first, whatever happens next: a dropped stanza was still handled (XEP-0198 §4).
      sm.onStanzaReceived();
      live()?.activity();
      // `from` is parsed here once; the model gets the parsed value with the stanza.
      const sender = senderOf(el);
      const problem = stanzaProblem(el, sender, own().full);
      if (problem) {
        emitError(new PresenceError('malformed-stanza', `Dropped ${describeStanza(el)}: ${problem}`));
        const { type, id } = el.attrs;
        if (el.name === 'iq' && (type === 'get' || type === 'set') && id) reply(errorReply(el, 'bad-request', 'modify'));
        return;
      }
      const type = el.attrs.type;
      if (el.name === 'iq' && (type === 'result' || type === 'error') && iqs.handleReply(el, own())) return;
      if (!live()) {
        pending.push([el, sender ?? undefined]);
        return;
      }
      route(el, sender ?? undefined);
    },

    dropped(name, why, isStanza) {
      if (isStanza) sm.onStanzaReceived();
      live()?.activity();
      emitError(new PresenceError('flood', `Dropped an inbound <${name.slice(0, 40)}> ${why}`));
    },

    smElement(stream, el) {
      live()?.activity();
      const { acked, error, reply: answer, orphaned, ackAnswered } = sm.handle(el);
      if (answer) stream.send(answer).catch(noop);
      for (const entry of acked) entry.settle?.resolve();
      if (error) emitError(new PresenceError('malformed-stanza', `Stream management: ${error}`));
      if (ackAnswered) live()?.onAck();
      if (orphaned) adoptOrphans(orphaned);
    },

    flush(session) {
      for (const [el, from] of pending.splice(0)) {
        if (live() !== session) break;
        route(el, from);
      }
    },

    clear() {
      pending = [];
    },
  };
}
