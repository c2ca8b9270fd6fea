/**
 * Dead-connection detection: XEP-0198 §4 `<r/>` when stream management is on, else XEP-0199
 * XMPP Ping to the server. A TCP connection to a frozen or vanished server can look open for many
 * minutes; we probe after `idleMs` of silence (and whenever we wait for an ack) and give up on the
 * stream when nothing answers within `timeoutMs`.
 */

export interface LivenessOptions {
  /** Silence before we probe. */
  idleMs: number;
  /** How long a probe (or a requested ack) may go unanswered. */
  timeoutMs: number;
}

export class Liveness {
  #idleTimer: ReturnType<typeof setTimeout> | undefined;
  /** When the server was last heard from (Date.now()). */
  #last = Date.now();
  #deadline: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;
  readonly #options: LivenessOptions;
  readonly #probe: () => void;
  readonly #dead: (reason: string) => void;

  /** `probe` sends a probe (<r/> or ping); call `answered()` when its answer comes. `dead` ends the stream. */
  constructor(options: LivenessOptions, probe: () => void, dead: (reason: string) => void) {
    this.#options = options;
    this.#probe = probe;
    this.#dead = dead;
    this.#armIdle();
  }

  /**
   * Anything arrived from the server. Runs for every inbound element, so it only notes the time: the idle
   * timer, when it fires, re-arms itself for what is left of the silence instead of being reset here.
   */
  activity(): void {
    this.#last = Date.now();
  }

  /** We just asked for an answer (an ack request or a ping): start the clock unless it already runs. */
  expectAnswer(): void {
    if (this.#stopped || this.#deadline) return;
    this.#deadline = setTimeout(() => {
      this.#deadline = undefined;
      if (!this.#stopped) this.#dead(`no answer from the server within ${this.#options.timeoutMs} ms`);
    }, this.#options.timeoutMs);
  }

  /** The answer we were waiting for arrived. */
  answered(): void {
    clearTimeout(this.#deadline);
    this.#deadline = undefined;
  }

  get waiting(): boolean {
    return this.#deadline !== undefined;
  }

  /** Probe now (e.g. the page became visible again after a laptop sleep). */
  check(): void {
    if (this.#stopped || this.#deadline) return;
    this.#probe();
    this.expectAnswer();
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#idleTimer);
    clearTimeout(this.#deadline);
    this.#idleTimer = this.#deadline = undefined;
  }

  #armIdle(delay = this.#options.idleMs): void {
    clearTimeout(this.#idleTimer);
    this.#idleTimer = setTimeout(() => {
      if (this.#stopped) return;
      const quiet = Date.now() - this.#last;
      if (quiet < this.#options.idleMs) this.#armIdle(this.#options.idleMs - quiet);
      else {
        this.check();
        this.#armIdle();
      }
    }, delay);
  }
}
