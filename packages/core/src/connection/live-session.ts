/**
 * The output side of one online session: XEP-0198 §4 tracking and ack requests (one `<r/>` per burst
 * of queued sends, another when the answer comes if more were sent meanwhile), dead-link detection
 * and XEP-0352 client state for the stream that finished negotiating. Discarded with its stream; the
 * counters live on in StreamManagement for resumption.
 *
 * Dead-link detection: a TCP connection to a frozen or vanished server can look open for many
 * minutes. After `idleMs` of silence (and whenever we wait for an ack) we probe — XEP-0198 `<r/>`,
 * or XEP-0199 ping without stream management — and end the stream when nothing answers within
 * `timeoutMs`.
 */
import type { Element } from '../xml.js';
import { PresenceError } from '../errors.js';
import { csiElement } from './csi.js';
import type { OutboxEntry } from './outbox.js';
import { isStanza } from './stanza-guard.js';
import type { StreamManagement, Unacked } from './stream-management.js';
import type { XmppStream } from './stream.js';

export type Settle = NonNullable<Unacked['settle']>;
const noop = () => {};
/** Ask for an ack at least every this many unacknowledged stanzas, so the resend queue stays short. */
const ACK_EVERY = 10;

export interface LiveSessionDeps {
  sm: StreamManagement;
  /** The server offered XEP-0352 on this stream. */
  csi: boolean;
  /** Silence before we probe. */
  idleMs: number;
  /** How long a probe (or a requested ack) may go unanswered. */
  timeoutMs: number;
  /** XEP-0199 ping to the server (used when stream management is off). */
  ping(): Promise<unknown>;
  /** A queued stanza whose write failed without stream management: to send again after the next login. */
  requeue(entry: OutboxEntry): void;
}

export class LiveSession {
  #ackOutstanding = false;
  #ackAgain = false;
  #ackScheduled = false;
  #csiSent = false;
  #idleTimer: ReturnType<typeof setTimeout> | undefined;
  /** When the server was last heard from (Date.now()). */
  #last = Date.now();
  /** Runs while a probe or ack request awaits its answer. */
  #deadline: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;

  readonly stream: XmppStream;
  readonly #deps: LiveSessionDeps;

  constructor(stream: XmppStream, deps: LiveSessionDeps) {
    this.stream = stream;
    this.#deps = deps;
    this.#armIdle();
  }

  /**
   * Writes one stanza. With stream management it is tracked until acknowledged and `settle` resolves
   * on the ack; without, `settle` resolves on write.
   */
  write(stanza: Element, settle?: Settle): Promise<void> {
    const { sm } = this.#deps;
    const tracked = sm.outboundActive && isStanza(stanza);
    if (tracked) sm.onStanzaSent(settle ? { stanza, settle } : { stanza });
    const written = this.stream.send(stanza);
    if (tracked && (settle || sm.unacked.length >= ACK_EVERY)) this.#scheduleAckRequest();
    if (settle && !tracked) written.then(settle.resolve, () => this.#deps.requeue({ stanza, settle }));
    return written;
  }

  /** Writes again what the previous stream sent but the server did not acknowledge (after `<resumed/>`). */
  resend(entries: readonly Unacked[]): void {
    for (const entry of entries) this.stream.send(entry.stanza).catch(noop);
    this.requestAck();
  }

  /** An `<a/>` arrived (already applied to the counters). */
  onAck(): void {
    this.#ackOutstanding = false;
    this.#answered();
    if (this.#ackAgain) {
      this.#ackAgain = false;
      this.requestAck();
    }
  }

  requestAck(): void {
    const { sm } = this.#deps;
    if (this.stream.isOver || !sm.outboundActive || sm.unacked.length === 0) return;
    if (this.#ackOutstanding) {
      this.#ackAgain = true;
      return;
    }
    this.#sendAckRequest();
    this.#expectAnswer();
  }

  /** XEP-0352: sends `<inactive/>`/`<active/>` when the server supports it and the state changed. */
  applyCsi(inactive: boolean): void {
    if (!this.#deps.csi || this.stream.isOver || this.#csiSent === inactive) return;
    this.#csiSent = inactive;
    this.stream.send(csiElement(inactive)).catch(noop);
  }

  /**
   * Anything arrived from the server. Runs for every inbound element, so it only notes the time: the idle
   * timer, when it fires, re-arms itself for what is left of the silence instead of being reset here.
   */
  activity(): void {
    this.#last = Date.now();
  }

  /** Probe now (e.g. the page became visible again after a laptop sleep), unless an answer is already awaited. */
  check(): void {
    if (this.#stopped || this.#deadline) return;
    this.#probe();
    this.#expectAnswer();
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#idleTimer);
    this.#answered();
  }

  #armIdle(delay = this.#deps.idleMs): void {
    clearTimeout(this.#idleTimer);
    this.#idleTimer = setTimeout(() => {
      if (this.#stopped) return;
      const quiet = Date.now() - this.#last;
      if (quiet < this.#deps.idleMs) this.#armIdle(this.#deps.idleMs - quiet);
      else {
        this.check();
        this.#armIdle();
      }
    }, delay);
  }

  /** We just asked for an answer (an ack request or a ping): start the clock unless it already runs. */
  #expectAnswer(): void {
    if (this.#stopped || this.#deadline) return;
    const { timeoutMs } = this.#deps;
    this.#deadline = setTimeout(() => {
      this.#deadline = undefined;
      this.stream.end({ reason: `no answer from the server within ${timeoutMs} ms` });
    }, timeoutMs);
  }

  #answered(): void {
    clearTimeout(this.#deadline);
    this.#deadline = undefined;
  }

  #sendAckRequest(): void {
    this.#ackOutstanding = true;
    this.stream.send(this.#deps.sm.requestElement()).catch(noop);
  }

  #scheduleAckRequest(): void {
    if (this.#ackScheduled) return;
    this.#ackScheduled = true;
    // One <r/> per burst of sends.
    queueMicrotask(() => {
      this.#ackScheduled = false;
      this.requestAck();
    });
  }

  /** Liveness probe; the answer clock starts right after. */
  #probe(): void {
    if (this.stream.isOver) return;
    if (this.#deps.sm.outboundActive) {
      if (!this.#ackOutstanding) this.#sendAckRequest();
      return;
    }
    this.#deps.ping().then(
      () => this.#answered(),
      (error: unknown) => {
        // An error reply still proves the server is alive.
        if (error instanceof PresenceError && error.code === 'stanza-error') this.#answered();
      },
    );
  }
}
