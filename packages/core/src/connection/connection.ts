/**
 * The session layer behind the `Connection` seam — RFC 6120 client session lifecycle with
 * XEP-0198 stream management (acks, resumption, exactly-once queued sends), reconnection with
 * full-jitter backoff, an outbox for offline sends, RFC 6120 §8 IQ semantics, XEP-0199 liveness
 * and XEP-0352 client state. Status: 'connecting' (first attempt) → 'online' → 'reconnecting'
 * (every further attempt) → 'offline' after stop() or a failure no retry can fix. What arrives is
 * routed by inbound.ts, what one online session writes by live-session.ts.
 */
import { xml, type Element } from '../xml.js';
import { PresenceError, stoppedError as stopped } from '../errors.js';
import { Emitter, reportListenerError } from '../emitter.js';
import type { ClientStatus } from '../types.js';
import { IqCallee, IqCaller, newId, type IqHandler } from './iq.js';
import { inbound } from './inbound.js';
import { LiveSession } from './live-session.js';
import { anotherResource, login, type LoginInfo, type LoginResult } from './login.js';
import { resolveOptions, type ConnectionOptions, type ResolvedOptions } from './options.js';
import { Outbox, type OutboxEntry } from './outbox.js';
import { reconnectLoop, Sleeper } from './reconnect.js';
import { assertTransportAllowed, parseService, type ServiceInfo } from './security.js';
import { StreamManagement, type Unacked } from './stream-management.js';
import type { StreamEnd, StreamHooks, XmppStream } from './stream.js';
import type { Connection, ConnectionEvents, SendOptions } from './types.js';
import { watchWake } from './wake.js';
import { NS_PING } from '../namespaces.js';

const noop = () => {};

export type { LoginInfo };

export class XmppConnection implements Connection {
  readonly #events = new Emitter<ConnectionEvents>(reportListenerError);
  readonly #opts: ResolvedOptions;
  readonly #sm = new StreamManagement();
  readonly #outbox = new Outbox();
  /** Queued entries whose write failed without stream management; they go first next time. */
  readonly #requeue: OutboxEntry[] = [];
  readonly #iqs = new IqCaller();
  readonly #callee = new IqCallee();
  readonly #inbound = inbound({
    sm: this.#sm,
    iqs: this.#iqs,
    callee: this.#callee,
    live: () => this.#live,
    own: () => ({ bare: this.#opts.bare, full: this.#jid, domain: this.#opts.domain }),
    deliver: (stanza, from) => this.#emit('stanza', stanza, from),
    emitError: (error) => this.#emitError(error),
    adoptOrphans: (entries) => this.#adoptOrphans(entries),
  });

  #status: ClientStatus = 'offline';
  #jid: string | undefined;
  #connectAttempts = 0;
  /** Generation: bumped by start/stop/fatal so stale async work can tell it is stale. */
  #run = 0;
  /** The current stream, negotiating or online. */
  #stream: XmppStream | undefined;
  /** The online session on `stream`, once negotiation finished. */
  #live: LiveSession | undefined;
  #everOnline = false;
  #resource: string;
  #inactive = false;
  #startWaiters: Array<{ resolve(): void; reject(e: unknown): void }> = [];
  #wakeCleanup: (() => void) | undefined;
  /** The wait between reconnection attempts. */
  readonly #sleeper = new Sleeper();
  #stopping: Promise<void> | undefined;
  #lastLogin: LoginInfo | undefined;

  /** Routing of everything a stream receives (inbound.ts); each hook ignores streams that are no longer current. */
  readonly #hooks: StreamHooks = {
    stanza: (el, from) => {
      if (from === this.#stream) this.#inbound.stanza(el);
    },
    dropped: (name, why, isStanza, from) => {
      if (from === this.#stream) this.#inbound.dropped(name, why, isStanza);
    },
    sm: (el, from) => {
      if (from === this.#stream) this.#inbound.smElement(from, el);
    },
  };

  constructor(options: ConnectionOptions) {
    this.#opts = resolveOptions(options);
    this.#resource = this.#opts.resource;
  }

  // --- Connection: state ------------------------------------------------------------------------

  get status(): ClientStatus {
    return this.#status;
  }

  get jid(): string | undefined {
    return this.#jid;
  }

  get connectAttempts(): number {
    return this.#connectAttempts;
  }

  get outboxSize(): number {
    return this.#outbox.size + this.#requeue.length + this.#sm.unacked.filter((e) => e.settle).length;
  }

  /** Timings of the last successful login or resumption. */
  get streamFeatures(): readonly string[] | undefined {
    return this.#lastLogin?.streamFeatures;
  }

  get lastLogin(): LoginInfo | undefined {
    return this.#lastLogin;
  }

  on<E extends keyof ConnectionEvents>(event: E, fn: ConnectionEvents[E]): this {
    this.#events.on(event, fn);
    return this;
  }

  off<E extends keyof ConnectionEvents>(event: E, fn: ConnectionEvents[E]): this {
    this.#events.off(event, fn);
    return this;
  }

  /** Listeners are isolated: one that throws is reported and the others still run. */
  #emit<E extends keyof ConnectionEvents>(event: E, ...args: Parameters<ConnectionEvents[E]>): void {
    this.#events.emit(event, ...args);
  }

  #emitError(error: PresenceError): void {
    this.#emit('error', error);
  }

  #setStatus(status: ClientStatus): void {
    if (this.#status === status) return;
    this.#status = status;
    this.#emit('status', status);
  }

  // --- lifecycle --------------------------------------------------------------------------------

  start(): Promise<void> {
    if (this.#status !== 'offline') {
      return this.#everOnline ? Promise.resolve() : new Promise((resolve, reject) => this.#startWaiters.push({ resolve, reject }));
    }
    let info: ServiceInfo;
    try {
      info = parseService(this.#opts.service);
      assertTransportAllowed(info, this.#opts.allowInsecure);
    } catch (error) {
      return Promise.reject(error);
    }
    const gen = ++this.#run;
    this.#everOnline = false;
    this.#sm.reset();
    const started = new Promise<void>((resolve, reject) => this.#startWaiters.push({ resolve, reject }));
    const onHidden = !this.#opts.inactiveWhenHidden ? undefined : (hidden: boolean) => this.setInactive(hidden);
    this.#wakeCleanup = watchWake(() => this.#wake(), onHidden);
    void this.#loop(gen, info);
    return started;
  }

  stop(): Promise<void> {
    if (this.#stopping) return this.#stopping;
    if (this.#status === 'offline' && !this.#stream) return Promise.resolve();
    this.#stopping = this.#shutdown(stopped()).finally(() => (this.#stopping = undefined));
    return this.#stopping;
  }

  /** Ends the run: closes the stream politely, rejects everything waiting with `error`. */
  async #shutdown(error: PresenceError): Promise<void> {
    this.#run++;
    this.#wakeCleanup?.();
    this.#wakeCleanup = undefined;
    this.#sleeper.wake();
    const stream = this.#stream;
    const wasOnline = !!this.#live;
    // A last ack tells the server we handled everything, so it neither re-routes nor stores it offline.
    const lastWords = this.#sm.inboundActive ? [this.#sm.ackElement()] : [];
    this.#detachStream();
    for (const entry of [...this.#requeue.splice(0), ...this.#sm.reset()]) entry.settle?.reject(error);
    this.#outbox.rejectAll(error);
    this.#iqs.rejectAll(error);
    for (const waiter of this.#startWaiters.splice(0)) waiter.reject(error);
    this.#setStatus('offline');
    if (stream) {
      await stream.close(lastWords);
      if (wasOnline) this.#emit('disconnected');
    }
  }

  #fatal(error: PresenceError): void {
    this.#emitError(error);
    void this.#shutdown(error);
  }

  #loop(gen: number, info: ServiceInfo): Promise<void> {
    return reconnectLoop({
      isCurrent: () => gen === this.#run,
      reconnect: this.#opts.reconnect,
      sleeper: this.#sleeper,
      setStatus: (status) => this.#setStatus(status),
      connect: () => {
        this.#connectAttempts++;
        return this.#connectOnce(gen, info);
      },
      onRetry: (error) => this.#emitError(error),
      onFatal: (error) => this.#fatal(error),
      onStreamLost: (end) => this.#onStreamLost(end),
    });
  }

  /** Browser back online or visible: retry now if waiting to, else check the link is still alive. */
  #wake(): void {
    if (!this.#sleeper.wake()) this.#live?.check();
  }

  // --- one connection attempt -------------------------------------------------------------------

  async #connectOnce(gen: number, info: ServiceInfo): Promise<XmppStream> {
    let attached: XmppStream | undefined;
    try {
      const result = await login({
        options: this.#opts,
        service: info,
        resource: this.#resource,
        streamManagement: this.#sm,
        iqCaller: this.#iqs,
        hooks: this.#hooks,
        attach: (stream) => {
          if (gen !== this.#run) throw stopped();
          attached = this.#stream = stream;
          this.#live = undefined;
          this.#inbound.clear();
        },
        freshSession: () => this.#freshSession(),
      });
      if (gen !== this.#run) {
        result.stream.end({ reason: 'stopped' });
        throw stopped();
      }
      this.#goOnline(result);
      return result.stream;
    } catch (error) {
      if (attached && this.#stream === attached) this.#detachStream();
      throw error;
    }
  }

  /** A new session replaces the old one: queued stanzas it never acknowledged go first in the outbox. */
  #freshSession(): void {
    this.#adoptOrphans(this.#sm.reset());
    // Pending IQs will never be answered.
    this.#iqs.rejectAll(new PresenceError('not-connected', 'The session was lost before the IQ was answered'));
  }

  #adoptOrphans(entries: Unacked[]): void {
    const queued = entries.filter((e): e is OutboxEntry => !!e.settle);
    this.#outbox.unshift(queued);
  }

  #goOnline({ stream, jid, csi, info }: LoginResult): void {
    stream.negotiating = false;
    if (jid) this.#jid = jid;
    const live = new LiveSession(stream, {
      sm: this.#sm,
      csi,
      idleMs: this.#opts.pingIntervalMs,
      timeoutMs: this.#opts.pingTimeoutMs,
      ping: () => this.iq(xml('iq', { type: 'get', to: this.#opts.domain }, xml('ping', { xmlns: NS_PING })), this.#opts.pingTimeoutMs),
      requeue: (entry) => this.#requeue.push(entry),
    });
    this.#live = live;
    // Order on the wire: what the old stream never got acknowledged, then what waited offline.
    if (info.resumed) live.resend(this.#sm.unacked);
    this.#outbox.unshift(this.#requeue.splice(0));
    for (const entry of this.#outbox.drain()) live.write(entry.stanza, entry.settle).catch(noop);
    if (this.#inactive) live.applyCsi(true);
    this.#lastLogin = info;
    this.#everOnline = true;
    this.#setStatus('online');
    this.#emit('online', { resumed: info.resumed });
    for (const waiter of this.#startWaiters.splice(0)) waiter.resolve();
    this.#inbound.flush(live);
  }

  #detachStream(): void {
    this.#stream = undefined;
    this.#live?.stop();
    this.#live = undefined;
    this.#inbound.clear();
  }

  #onStreamLost(end: StreamEnd): void {
    const wasOnline = !!this.#live;
    this.#detachStream();
    this.#sm.onStreamLost();
    // Nothing can be resumed: queued stanzas go again after login.
    if (!this.#sm.resumable) this.#freshSession();
    if (end.condition === 'conflict') {
      // Another session took our resource; taking it back would start a tug of war.
      this.#resource = anotherResource(this.#opts.resource);
    }
    if (end.error) this.#emitError(end.error);
    if (wasOnline) this.#emit('disconnected');
  }

  // --- outbound -----------------------------------------------------------------------------------

  send(stanza: Element, options?: SendOptions): Promise<void> {
    if (stanza.name === 'message' && !stanza.attrs.id) stanza.attr('id', newId('m'));
    if (options?.queue) {
      if (this.#status === 'offline') return Promise.reject(new PresenceError('not-connected', 'The client is not started'));
      if (this.outboxSize >= this.#opts.outboxLimit) {
        return Promise.reject(
          new PresenceError('flood', `Outbox full: ${this.#opts.outboxLimit} stanzas are already waiting to be sent or acknowledged`),
        );
      }
      const live = this.#live;
      if (live) return new Promise((resolve, reject) => live.write(stanza, { resolve, reject }).catch(noop));
      return this.#outbox.push(stanza);
    }
    if (!this.#live) return Promise.reject(new PresenceError('not-connected', 'Not connected'));
    return this.#live.write(stanza);
  }

  iq(request: Element, timeoutMs = this.#opts.iqTimeoutMs): Promise<Element> {
    const live = this.#live;
    if (!live) return Promise.reject(new PresenceError('not-connected', 'Not connected'));
    return this.#iqs.request(request, timeoutMs, (el) => live.write(el));
  }

  handleIq(type: 'get' | 'set', xmlns: string, name: string, handler: IqHandler): void {
    this.#callee.register(type, xmlns, name, handler);
  }

  setInactive(inactive: boolean): void {
    this.#inactive = inactive;
    this.#live?.applyCsi(inactive);
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
