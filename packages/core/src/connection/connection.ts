/**
 * The session layer behind the `Connection` seam — RFC 6120 client session lifecycle with
 * XEP-0198 stream management (acks, resumption, exactly-once queued sends), reconnection with
 * full-jitter backoff, an outbox for offline sends, RFC 6120 §8 IQ semantics, XEP-0199 liveness
 * and XEP-0352 client state. Status: 'connecting' (first attempt) → 'online' → 'reconnecting'
 * (every further attempt) → 'offline' after stop() or a failure no retry can fix.
 */
import { EventEmitter } from 'eventemitter3';
import { xml, type Element } from '@xmpp/xml';
import { PresenceError, type ErrorCode } from '../errors.js';
import type { ClientStatus } from '../types.js';
import { backoffDelay } from './backoff.js';
import { csiElement } from './csi.js';
import { errorReply, IqCallee, IqCaller, newId, NS_PING, type IqHandler } from './iq.js';
import { Liveness } from './liveness.js';
import { negotiate, type NegotiationIO, type NegotiationResult } from './negotiate.js';
import { resolveOptions, type ConnectionOptions, type ResolvedOptions } from './options.js';
import { Outbox, type OutboxEntry } from './outbox.js';
import { assertTransportAllowed, parseService, type ServiceInfo } from './security.js';
import { describeStanza, isStanza, stanzaProblem } from './stanza-guard.js';
import { StreamManagement, type Unacked } from './stream-management.js';
import { XmppStream, type StreamEnd } from './stream.js';
import { Entity, startTls, transportsFor } from './transport.js';
import type { Connection, ConnectionEvents, SendOptions } from './types.js';
import { watchWake } from './wake.js';

/** Failures no retry can fix: stop and report. */
const FATAL: ReadonlySet<ErrorCode> = new Set(['auth-failed', 'insecure-transport', 'unsupported', 'invalid-argument', 'invalid-jid']);

/** How the last login went; for diagnostics, tests and the bench. */
export interface LoginInfo {
  /** From opening the socket to online. */
  totalMs: number;
  /** Client-side SASL crypto (PBKDF2 and HMACs). */
  saslMs: number;
  mechanism: string;
  resumed: boolean;
  streamManagement: boolean;
}

type Settle = NonNullable<Unacked['settle']>;
const noop = () => {};

function asPresenceError(error: unknown, fallback: ErrorCode, message: string): PresenceError {
  if (error instanceof PresenceError) return error;
  return new PresenceError(fallback, `${message}${error instanceof Error && error.message ? `: ${error.message.slice(0, 200)}` : ''}`, { cause: error });
}

function report(error: unknown): void {
  const r = (globalThis as { reportError?: (e: unknown) => void }).reportError;
  if (typeof r === 'function') r(error);
  else console.error('[presently] an event listener threw:', error);
}

export class XmppConnection implements Connection {
  private readonly events = new EventEmitter();
  private readonly opts: ResolvedOptions;
  private readonly sm = new StreamManagement();
  private readonly outbox = new Outbox();
  /** Queued entries whose write failed without stream management; they go first next time. */
  private readonly requeue: OutboxEntry[] = [];
  private readonly iqs = new IqCaller();
  private readonly callee = new IqCallee();

  private _status: ClientStatus = 'offline';
  private _jid: string | undefined;
  private _connectAttempts = 0;
  /** Generation: bumped by start/stop/fatal so stale async work can tell it is stale. */
  private run = 0;
  private stream: XmppStream | undefined;
  /** The current stream finished negotiating and the session is usable. */
  private ready = false;
  private everOnline = false;
  private resource: string;
  private features = { sm: false, csi: false };
  private inactive = false;
  private csiSent = false;
  private liveness: Liveness | undefined;
  private ackOutstanding = false;
  private ackAgain = false;
  private ackScheduled = false;
  /** Stanzas that arrived while negotiating (e.g. resent right after `<resumed/>`), delivered after 'online'. */
  private pendingInbound: Element[] = [];
  private startWaiters: Array<{ resolve(): void; reject(e: unknown): void }> = [];
  private wakeCleanup: (() => void) | undefined;
  private cancelSleep: (() => void) | undefined;
  private stopping: Promise<void> | undefined;
  private _lastLogin: LoginInfo | undefined;

  constructor(options: ConnectionOptions) {
    this.opts = resolveOptions(options);
    this.resource = this.opts.resource;
  }

  // --- Connection: state ------------------------------------------------------------------------

  get status(): ClientStatus {
    return this._status;
  }

  get jid(): string | undefined {
    return this._jid;
  }

  get connectAttempts(): number {
    return this._connectAttempts;
  }

  get outboxSize(): number {
    return this.outbox.size + this.requeue.length + this.sm.unacked.filter((e) => e.settle).length;
  }

  /** Timings of the last successful login or resumption. */
  get lastLogin(): LoginInfo | undefined {
    return this._lastLogin;
  }

  on<E extends keyof ConnectionEvents>(event: E, fn: ConnectionEvents[E]): this {
    this.events.on(event, fn as (...args: unknown[]) => void);
    return this;
  }

  off<E extends keyof ConnectionEvents>(event: E, fn: ConnectionEvents[E]): this {
    this.events.off(event, fn as (...args: unknown[]) => void);
    return this;
  }

  /** Listeners are isolated: one that throws is reported and the others still run. */
  private emit<E extends keyof ConnectionEvents>(event: E, ...args: Parameters<ConnectionEvents[E]>): void {
    for (const fn of this.events.listeners(event)) {
      try {
        (fn as (...a: unknown[]) => void)(...args);
      } catch (error) {
        report(error);
      }
    }
  }

  private emitError(error: PresenceError): void {
    this.emit('error', error);
  }

  private setStatus(status: ClientStatus): void {
    if (this._status === status) return;
    this._status = status;
    this.emit('status', status);
  }

  // --- lifecycle --------------------------------------------------------------------------------

  start(): Promise<void> {
    if (this._status !== 'offline') {
      return this.everOnline ? Promise.resolve() : new Promise((resolve, reject) => this.startWaiters.push({ resolve, reject }));
    }
    let info: ServiceInfo;
    try {
      info = parseService(this.opts.service);
      assertTransportAllowed(info, this.opts.allowInsecure);
    } catch (error) {
      return Promise.reject(error);
    }
    const gen = ++this.run;
    this.everOnline = false;
    this.sm.reset();
    const started = new Promise<void>((resolve, reject) => this.startWaiters.push({ resolve, reject }));
    this.wakeCleanup = watchWake(() => this.wake());
    void this.loop(gen, info);
    return started;
  }

  stop(): Promise<void> {
    if (this.stopping) return this.stopping;
    if (this._status === 'offline' && !this.stream) return Promise.resolve();
    this.stopping = this.shutdown(new PresenceError('stopped', 'The client was stopped')).finally(() => (this.stopping = undefined));
    return this.stopping;
  }

  /** Ends the run: closes the stream politely, rejects everything waiting with `error`. */
  private async shutdown(error: PresenceError): Promise<void> {
    this.run++;
    this.wakeCleanup?.();
    this.wakeCleanup = undefined;
    this.cancelSleep?.();
    const stream = this.stream;
    const wasReady = this.ready;
    // A last ack tells the server we handled everything, so it neither re-routes nor stores it offline.
    const lastWords = this.sm.inboundActive ? [this.sm.ackElement()] : [];
    this.detachStream();
    for (const entry of [...this.requeue.splice(0), ...this.sm.reset()]) entry.settle?.reject(error);
    this.outbox.rejectAll(error);
    this.iqs.rejectAll(error);
    for (const waiter of this.startWaiters.splice(0)) waiter.reject(error);
    this.setStatus('offline');
    if (stream) {
      await stream.close(lastWords);
      if (wasReady) this.emit('disconnected');
    }
  }

  private fatal(error: PresenceError): void {
    this.emitError(error);
    void this.shutdown(error);
  }

  private async loop(gen: number, info: ServiceInfo): Promise<void> {
    let failures = 0;
    let attemptsThisRun = 0;
    while (gen === this.run) {
      if (attemptsThisRun > 0) {
        if (this.opts.reconnect === false) {
          this.fatal(new PresenceError('connection-failed', 'Connection lost and reconnection is disabled'));
          return;
        }
        this.setStatus('reconnecting');
        await this.sleep(backoffDelay(failures, this.opts.reconnect));
        if (gen !== this.run) return;
      } else {
        this.setStatus('connecting');
      }
      attemptsThisRun++;
      this._connectAttempts++;
      let stream: XmppStream;
      try {
        stream = await this.connectOnce(gen, info);
      } catch (error) {
        if (gen !== this.run) return;
        const e = asPresenceError(error, 'connection-failed', 'Connection attempt failed');
        if (FATAL.has(e.code)) {
          this.fatal(e);
          return;
        }
        this.emitError(e);
        failures++;
        continue;
      }
      failures = 0;
      const end = await stream.ended;
      if (gen !== this.run) return;
      this.onStreamLost(end);
    }
  }

  /** Waits `ms`, or less if woken (browser online/visible) or stopped. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.cancelSleep = () => {
        this.cancelSleep = undefined;
        done();
      };
    });
  }

  private wake(): void {
    if (this.cancelSleep) this.cancelSleep();
    else if (this.ready) this.liveness?.check();
  }

  // --- one connection attempt -------------------------------------------------------------------

  private async connectOnce(gen: number, info: ServiceInfo): Promise<XmppStream> {
    const t0 = performance.now();
    const opts = this.opts;
    const transports = await transportsFor(info, opts.WebSocket);
    const entity = new Entity({ service: opts.service, domain: opts.domain, timeout: opts.connectTimeoutMs }, undefined as never, opts.maxStanzaSize);
    entity.transports.push(...transports);
    const stream: XmppStream = new XmppStream(entity, {
      stanza: (el) => this.onStanza(stream, el),
      dropped: (name, size, stanza) => this.onDropped(stream, name, size, stanza),
      sm: (el) => this.onSmElement(stream, el),
    });
    if (gen !== this.run) throw new PresenceError('stopped', 'stopped');
    this.stream = stream;
    this.ready = false;
    this.pendingInbound = [];

    const timer = setTimeout(
      () => stream.end({ reason: 'login timed out', error: new PresenceError('timeout', `Login did not complete within ${opts.connectTimeoutMs} ms`) }),
      opts.connectTimeoutMs,
    );
    // Every step also loses to the stream ending (socket closed, timeout, stop()).
    const guard = <T>(step: Promise<T>): Promise<T> => {
      step.catch(noop);
      return Promise.race([step, stream.ended.then((end) => Promise.reject(end.error ?? new PresenceError('connection-failed', `Connection lost (${end.reason})`)))]);
    };
    const io: NegotiationIO = {
      get encrypted() {
        return entity.encrypted;
      },
      send: (el) => stream.send(el),
      next: () => stream.next(),
      startTls: () => startTls(entity),
      restart: async () => {
        await entity.restart();
      },
      iq: (request) => this.iqs.request(request, opts.iqTimeoutMs, (el) => stream.send(el)),
    };
    try {
      await guard(entity.connect(opts.service));
      await guard(entity.open({ domain: opts.domain }));
      const result = await guard(
        negotiate(io, {
          username: opts.username,
          domain: opts.domain,
          resource: this.resource,
          tcp: info.protocol === 'xmpp:',
          loopback: info.loopback,
          allowInsecure: opts.allowInsecure,
          password: opts.password,
          sm: this.sm,
          freshSession: () => this.freshSession(),
        }),
      );
      clearTimeout(timer);
      if (gen !== this.run || stream.isOver) throw new PresenceError('connection-failed', 'Connection lost during login');
      this.goOnline(stream, result, performance.now() - t0);
      return stream;
    } catch (error) {
      clearTimeout(timer);
      stream.end({ reason: 'login failed' });
      if (this.stream === stream) this.detachStream();
      throw error;
    }
  }

  /** A new session replaces the old one: queued stanzas it never acknowledged go first in the outbox. */
  private freshSession(): void {
    this.adoptOrphans(this.sm.reset());
    this.iqs.rejectAll(new PresenceError('not-connected', 'The session was lost before the IQ was answered'));
  }

  private adoptOrphans(entries: Unacked[]): void {
    const queued = entries.filter((e): e is OutboxEntry => !!e.settle);
    this.outbox.unshift(queued);
  }

  private goOnline(stream: XmppStream, result: NegotiationResult, totalMs: number): void {
    this.ready = true;
    stream.negotiating = false;
    if (result.jid) this._jid = result.jid;
    this.features = { sm: result.sm, csi: result.csi };
    // Order on the wire: what the old stream never got acknowledged, then what waited offline.
    if (result.resumed) for (const entry of this.sm.unacked) stream.send(entry.stanza).catch(noop);
    this.outbox.unshift(this.requeue.splice(0));
    for (const entry of this.outbox.drain()) this.write(stream, entry.stanza, entry.settle).catch(noop);
    this.csiSent = false;
    if (result.csi && this.inactive) this.applyCsi();
    this.liveness = new Liveness(
      { idleMs: this.opts.pingIntervalMs, timeoutMs: this.opts.pingTimeoutMs },
      () => this.probe(stream),
      (reason) => stream.end({ reason }),
    );
    this.requestAck();
    this._lastLogin = { totalMs, saslMs: result.saslMs, mechanism: result.mechanism, resumed: result.resumed, streamManagement: result.sm };
    this.everOnline = true;
    this.setStatus('online');
    this.emit('online', { resumed: result.resumed });
    for (const waiter of this.startWaiters.splice(0)) waiter.resolve();
    for (const el of this.pendingInbound.splice(0)) {
      if (this.stream !== stream) break;
      this.deliver(el);
    }
  }

  private detachStream(): void {
    this.stream = undefined;
    this.ready = false;
    this.liveness?.stop();
    this.liveness = undefined;
    this.ackOutstanding = this.ackAgain = false;
    this.pendingInbound = [];
  }

  private onStreamLost(end: StreamEnd): void {
    const wasReady = this.ready;
    this.detachStream();
    this.sm.onStreamLost();
    if (!this.sm.resumable) {
      // Nothing can be resumed: pending IQs will never be answered; queued stanzas go again after login.
      this.adoptOrphans(this.sm.reset());
      this.iqs.rejectAll(new PresenceError('not-connected', 'Connection lost before the IQ was answered'));
    }
    if (end.condition === 'conflict') {
      // Another session took our resource; taking it back would start a tug of war.
      this.resource = `${this.opts.resource}-${newId('').slice(0, 6)}`;
    }
    if (end.error) this.emitError(end.error);
    if (wasReady) this.emit('disconnected');
  }

  // --- inbound ------------------------------------------------------------------------------------

  private onStanza(stream: XmppStream, el: Element): void {
    if (stream !== this.stream) return;
    // Counted first, whatever happens next: a dropped stanza was still handled (XEP-0198 §4).
    this.sm.onStanzaReceived();
    this.liveness?.activity();
    const problem = stanzaProblem(el);
    if (problem) {
      this.emitError(new PresenceError('malformed-stanza', `Dropped ${describeStanza(el)}: ${problem}`));
      const { type, id } = el.attrs;
      if (el.name === 'iq' && (type === 'get' || type === 'set') && id) this.sendInternal(errorReply(el, 'bad-request', 'modify'));
      return;
    }
    const type = el.attrs.type;
    if (el.name === 'iq' && (type === 'result' || type === 'error')) {
      const own = { bare: this.opts.bare, full: this._jid, domain: this.opts.domain };
      if (this.iqs.handleReply(el, own)) return;
    }
    if (!this.ready) {
      this.pendingInbound.push(el);
      return;
    }
    this.deliver(el);
  }

  private deliver(el: Element): void {
    const type = el.attrs.type;
    if (el.name === 'iq' && (type === 'get' || type === 'set')) {
      if (!this.callee.has(el)) this.emit('stanza', el);
      this.callee.answer(el).then((reply) => this.sendInternal(reply), noop);
      return;
    }
    this.emit('stanza', el);
  }

  private onDropped(stream: XmppStream, name: string, size: number, stanza: boolean): void {
    if (stream !== this.stream) return;
    if (stanza) this.sm.onStanzaReceived();
    this.liveness?.activity();
    this.emitError(new PresenceError('flood', `Dropped an inbound <${name.slice(0, 40)}> of more than ${size} characters (limit ${this.opts.maxStanzaSize})`));
  }

  private onSmElement(stream: XmppStream, el: Element): void {
    if (stream !== this.stream) return;
    this.liveness?.activity();
    switch (el.name) {
      case 'r':
        if (this.sm.inboundActive) stream.send(this.sm.ackElement()).catch(noop);
        break;
      case 'a': {
        this.settleAcked(this.sm.onAck(el.attrs.h));
        this.ackOutstanding = false;
        this.liveness?.answered();
        if (this.ackAgain) {
          this.ackAgain = false;
          this.requestAck();
        }
        break;
      }
      case 'enabled':
        this.sm.onEnabled(el);
        break;
      case 'resumed':
        this.settleAcked(this.sm.onResumed(el));
        break;
      case 'failed': {
        const { acked, orphaned } = this.sm.onFailed(el);
        this.settleAcked({ acked });
        this.adoptOrphans(orphaned);
        break;
      }
    }
  }

  private settleAcked({ acked, error }: { acked: Unacked[]; error?: string }): void {
    for (const entry of acked) entry.settle?.resolve();
    if (error) this.emitError(new PresenceError('malformed-stanza', `Stream management: ${error}`));
  }

  // --- outbound -----------------------------------------------------------------------------------

  /**
   * Writes one stanza on `stream`. With stream management it is tracked until acked and `settle`
   * resolves on the ack; without, `settle` resolves on write.
   */
  private write(stream: XmppStream, stanza: Element, settle?: Settle): Promise<void> {
    const tracked = this.sm.outboundActive && isStanza(stanza);
    if (tracked) this.sm.onStanzaSent(settle ? { stanza, settle } : { stanza });
    const written = stream.send(stanza);
    if (settle) {
      if (tracked) this.scheduleAckRequest();
      else written.then(settle.resolve, () => this.requeue.push({ stanza, settle }));
    }
    return written;
  }

  /** Replies and other fire-and-forget output on the current session; dropped when offline. */
  private sendInternal(el: Element): void {
    if (this.ready && this.stream) this.write(this.stream, el).catch(noop);
  }

  send(stanza: Element, options?: SendOptions): Promise<void> {
    if (stanza.name === 'message' && !stanza.attrs.id) stanza.attrs.id = newId('m');
    if (options?.queue) {
      if (this._status === 'offline') return Promise.reject(new PresenceError('not-connected', 'The client is not started'));
      if (this.outboxSize >= this.opts.outboxLimit) {
        return Promise.reject(new PresenceError('flood', `Outbox full: ${this.opts.outboxLimit} stanzas are already waiting to be sent or acknowledged`));
      }
      if (this.ready && this.stream) {
        const stream = this.stream;
        return new Promise((resolve, reject) => this.write(stream, stanza, { resolve, reject }).catch(noop));
      }
      return this.outbox.push(stanza);
    }
    if (!this.ready || !this.stream) return Promise.reject(new PresenceError('not-connected', 'Not connected'));
    return this.write(this.stream, stanza);
  }

  iq(request: Element, timeoutMs = this.opts.iqTimeoutMs): Promise<Element> {
    const stream = this.stream;
    if (!this.ready || !stream) return Promise.reject(new PresenceError('not-connected', 'Not connected'));
    return this.iqs.request(request, timeoutMs, (el) => this.write(stream, el));
  }

  handleIq(type: 'get' | 'set', xmlns: string, name: string, handler: IqHandler): void {
    this.callee.register(type, xmlns, name, handler);
  }

  setInactive(inactive: boolean): void {
    this.inactive = inactive;
    if (this.ready) this.applyCsi();
  }

  private applyCsi(): void {
    if (!this.features.csi || !this.stream || this.csiSent === this.inactive) return;
    this.csiSent = this.inactive;
    this.stream.send(csiElement(this.inactive)).catch(noop);
  }

  // --- acks and liveness --------------------------------------------------------------------------

  private scheduleAckRequest(): void {
    if (this.ackScheduled) return;
    this.ackScheduled = true;
    // One <r/> per burst of sends.
    queueMicrotask(() => {
      this.ackScheduled = false;
      this.requestAck();
    });
  }

  private requestAck(): void {
    const stream = this.stream;
    if (!this.ready || !stream || !this.sm.outboundActive || this.sm.unacked.length === 0) return;
    if (this.ackOutstanding) {
      this.ackAgain = true;
      return;
    }
    this.ackOutstanding = true;
    stream.send(this.sm.requestElement()).catch(noop);
    this.liveness?.expectAnswer();
  }

  private probe(stream: XmppStream): void {
    if (stream !== this.stream || !this.ready) return;
    if (this.sm.outboundActive) {
      if (this.ackOutstanding) return;
      this.ackOutstanding = true;
      stream.send(this.sm.requestElement()).catch(noop);
      return;
    }
    const ping = xml('iq', { type: 'get', to: this.opts.domain }, xml('ping', { xmlns: NS_PING }));
    this.iq(ping, this.opts.pingTimeoutMs).then(
      () => this.liveness?.answered(),
      (error: unknown) => {
        // An error reply still proves the server is alive.
        if (error instanceof PresenceError && error.code === 'stanza-error') this.liveness?.answered();
      },
    );
  }
}

/**
 * Creates the XMPP session layer. Accepts ClientOptions as is (plus optional timing knobs).
 * @example
 * const connection = createConnection({ service: 'wss://chat.example.com/xmpp-websocket', jid: 'alice@example.com', password });
 * connection.on('stanza', (s) => …);
 * await connection.start();
 */
export function createConnection(options: ConnectionOptions): XmppConnection {
  return new XmppConnection(options);
}
