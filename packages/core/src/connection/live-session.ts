/**
 * The output side of one online session: XEP-0198 §4 tracking and ack requests (one `<r/>` per burst
 * of queued sends, another when the answer comes if more were sent meanwhile), dead-link probes
 * (XEP-0198 `<r/>`, or XEP-0199 ping without stream management) and XEP-0352 client state for the
 * stream that finished negotiating. Discarded with its stream; the counters live on in
 * StreamManagement for resumption.
 */
import type { Element } from '../xml.js';
import { PresenceError } from '../errors.js';
import { csiElement } from './csi.js';
import { Liveness, type LivenessOptions } from './liveness.js';
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
  /** What the server offered on this stream. */
  features: { sm: boolean; csi: boolean };
  liveness: LivenessOptions;
  /** XEP-0199 ping to the server (used when stream management is off). */
  ping(): Promise<unknown>;
  /** A queued stanza whose write failed without stream management: to send again after the next login. */
  requeue(entry: OutboxEntry): void;
}

export class LiveSession {
  readonly liveness: Liveness;
  #ackOutstanding = false;
  #ackAgain = false;
  #ackScheduled = false;
  #csiSent = false;

  readonly stream: XmppStream;
  readonly #deps: LiveSessionDeps;

  constructor(stream: XmppStream, deps: LiveSessionDeps) {
    this.stream = stream;
    this.#deps = deps;
    this.liveness = new Liveness(deps.liveness, () => this.#probe(), (reason) => stream.end({ reason }));
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
    this.liveness.answered();
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
    this.liveness.expectAnswer();
  }

  /** XEP-0352: sends `<inactive/>`/`<active/>` when the server supports it and the state changed. */
  applyCsi(inactive: boolean): void {
    if (!this.#deps.features.csi || this.stream.isOver || this.#csiSent === inactive) return;
    this.#csiSent = inactive;
    this.stream.send(csiElement(inactive)).catch(noop);
  }

  stop(): void {
    this.liveness.stop();
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

  /** Liveness probe: Liveness starts the answer clock right after. */
  #probe(): void {
    if (this.stream.isOver) return;
    if (this.#deps.sm.outboundActive) {
      if (!this.#ackOutstanding) this.#sendAckRequest();
      return;
    }
    this.#deps.ping().then(
      () => this.liveness.answered(),
      (error: unknown) => {
        // An error reply still proves the server is alive.
        if (error instanceof PresenceError && error.code === 'stanza-error') this.liveness.answered();
      },
    );
  }
}
