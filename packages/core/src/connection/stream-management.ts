/**
 * XEP-0198: Stream Management 1.6 (urn:xmpp:sm:3) — the client's counters and unacknowledged queue.
 * Pure state, no I/O: the connection feeds it every inbound element IN STREAM ORDER, synchronously,
 * as the parser emits them. That ordering is the whole point: @xmpp/stream-management 0.14 reset the
 * inbound count when its async `<enable/>` handler resumed, after stanzas that arrived in the same
 * read had already been counted, so Prosody saw a negative ack and killed the session.
 *
 * Counting rules (XEP-0198 §4): our outbound count starts at zero when we send `<enable/>`; our inbound
 * count `h` starts at zero when we receive `<enabled/>`. The server only starts counting its outbound
 * stanzas when it processes `<enable/>` and answers `<enabled/>` at once, so a stanza that reaches us
 * before `<enabled/>` was sent before the server started counting and must not be counted (Prosody's
 * own initiator code, mod_smacks `handle_enabled`, does the same). On resume, `h` continues.
 * Counters wrap at 2^32 (§4).
 */
import { xml, type Element } from '../xml.js';
import { NS_SM } from '../namespaces.js';

const WRAP = 2 ** 32;
/** The answers to `<enable/>` and `<resume/>`. */
export const SM_ANSWERS = ['enabled', 'resumed', 'failed'];

/** An outbound stanza waiting for the server's ack. `settle` is set for `send(…, {queue: true})`. */
export interface Unacked {
  stanza: Element;
  settle?: { resolve(): void; reject(error: unknown): void };
}

export type AckResult = { acked: Unacked[]; error?: string };

/** What an inbound XEP-0198 element asks of the connection (see {@link StreamManagement.handle}). */
export interface SmOutcome {
  /** Our stanzas the server acknowledged: their sends succeeded. */
  acked: Unacked[];
  /** A protocol problem to report. */
  error?: string;
  /** An element to send back (`<a/>` for the server's `<r/>`). */
  reply?: Element;
  /** Queued stanzas of a session that could not be resumed: to send again on the fresh one. */
  orphaned?: Unacked[];
  /** The server answered our ack request. */
  ackAnswered?: boolean;
}

const NOTHING: SmOutcome = Object.freeze({ acked: [] }) as SmOutcome;

export class StreamManagement {
  /** Apply an inbound `<r/>`, `<a/>`, `<enabled/>`, `<resumed/>` or `<failed/>`; returns what the connection must do. */
  handle(el: Element): SmOutcome {
    switch (el.name) {
      case 'r':
        return this.inboundActive ? { acked: [], reply: this.ackElement() } : NOTHING;
      case 'a':
        return { ...this.onAck(el.attrs.h), ackAnswered: true };
      case 'enabled':
        this.onEnabled(el);
        return NOTHING;
      case 'resumed':
        return this.onResumed(el);
      case 'failed':
        return this.onFailed(el);
      default:
        return NOTHING;
    }
  }
  /** `<enable/>` sent on the current stream: outbound stanzas are counted. */
  outboundActive = false;
  /** `<enabled/>` or `<resumed/>` received on the current stream: inbound stanzas are counted. */
  inboundActive = false;
  /** Resumption id from `<enabled resume="true" id=…/>`, kept across a drop. */
  resumeId: string | undefined;
  /** Server's preferred maximum resumption time in seconds, if it said. */
  maxSeconds: number | undefined;
  /** h: stanzas handled from the server (mod 2^32). */
  inbound = 0;
  /** Outbound stanzas the server acknowledged so far (mod 2^32). */
  private ackedCount = 0;
  /** Sent, counted, not yet acknowledged — oldest first. */
  readonly unacked: Unacked[] = [];

  get resumable(): boolean {
    return this.resumeId !== undefined;
  }

  /** Call right before writing `<enable/>`; returns it. */
  enable(): Element {
    this.outboundActive = true;
    this.ackedCount = 0;
    return xml('enable', { xmlns: NS_SM, resume: 'true' });
  }

  /** Call synchronously when `<enabled/>` is routed, before any later element. */
  onEnabled(el: Element): void {
    this.inboundActive = true;
    this.inbound = 0;
    const resume = el.attrs.resume;
    this.resumeId = (resume === 'true' || resume === '1') && el.attrs.id ? el.attrs.id : undefined;
    const max = Number(el.attrs.max);
    this.maxSeconds = Number.isFinite(max) && max > 0 ? max : undefined;
  }

  /** Count one inbound stanza (message, presence, iq) — dropped ones too: we handled them by dropping. */
  onStanzaReceived(): void {
    if (this.inboundActive) this.inbound = (this.inbound + 1) % WRAP;
  }

  /** Track one outbound stanza just written on a stream with SM enabled. */
  onStanzaSent(entry: Unacked): void {
    if (this.outboundActive) this.unacked.push(entry);
  }

  /** `<a h/>`: returns the newly acknowledged entries (to resolve). A server acking more than we sent is clamped and reported. */
  onAck(hText: string | undefined): AckResult {
    if (hText === undefined || !/^\d{1,10}$/.test(hText) || Number(hText) >= WRAP) {
      return { acked: [], error: `invalid h ${JSON.stringify(hText ?? null)}` };
    }
    const h = Number(hText);
    let n = (h - this.ackedCount + WRAP) % WRAP;
    let error: string | undefined;
    if (n > this.unacked.length) {
      error = `server acknowledged ${n} stanzas but only ${this.unacked.length} were outstanding`;
      // A value "behind" our count shows up as a huge n after wrapping: ack nothing then.
      n = n > WRAP / 2 ? 0 : this.unacked.length;
    }
    this.ackedCount = (this.ackedCount + n) % WRAP;
    const acked = this.unacked.splice(0, n);
    return error ? { acked, error } : { acked };
  }

  /** `<r/>` answer. */
  ackElement(): Element {
    return xml('a', { xmlns: NS_SM, h: String(this.inbound) });
  }

  requestElement(): Element {
    return xml('r', { xmlns: NS_SM });
  }

  /** `<resume/>` for the previous session; call only when `resumable`. */
  resumeElement(): Element {
    return xml('resume', { xmlns: NS_SM, previd: this.resumeId, h: String(this.inbound) });
  }

  /**
   * `<resumed h/>`: counting continues on the new stream; returns what the server had handled (to resolve)
   * and leaves the rest in `unacked`, to be written again in order.
   */
  onResumed(el: Element): AckResult {
    this.inboundActive = true;
    this.outboundActive = true;
    return this.onAck(el.attrs.h);
  }

  /**
   * `<failed/>` to `<resume/>` (or to `<enable/>`): the old session is gone. Stanzas the server says it
   * handled (`h`, XEP-0198 §5) are acknowledged; the rest are handed back for a fresh session.
   */
  onFailed(el: Element): { acked: Unacked[]; orphaned: Unacked[] } {
    const acked = el.attrs.h !== undefined ? this.onAck(el.attrs.h).acked : [];
    const orphaned = this.unacked.splice(0);
    this.reset();
    return { acked, orphaned };
  }

  /** The transport went away: stop counting on it; keep what resumption needs. */
  onStreamLost(): void {
    this.inboundActive = false;
    this.outboundActive = false;
  }

  /** Forget everything (new session, or stop). Returns entries still unacknowledged. */
  reset(): Unacked[] {
    this.outboundActive = false;
    this.inboundActive = false;
    this.resumeId = undefined;
    this.maxSeconds = undefined;
    this.inbound = 0;
    this.ackedCount = 0;
    return this.unacked.splice(0);
  }
}
