/**
 * One connection attempt — RFC 6120 §4.2–4.3 (open the transport and the stream, negotiate) under a
 * single deadline: socket, TLS, SASL, resumption or binding must all finish within
 * `connectTimeoutMs`, and every step loses to the stream ending first (socket closed, stop()).
 */
import { PresenceError } from '../errors.js';
import type { IqCaller } from './iq.js';
import { negotiate, type NegotiationIO, type NegotiationResult } from './negotiate.js';
import type { ResolvedOptions } from './options.js';
import type { ServiceInfo } from './security.js';
import type { StreamManagement } from './stream-management.js';
import { XmppStream, type StreamHooks } from './stream.js';
import { Transport } from './transport.js';
import { xml } from '../xml.js';

const NS_TLS = 'urn:ietf:params:xml:ns:xmpp-tls';

/** How a login went; for diagnostics, tests and the bench. */
export interface LoginInfo {
  /** From opening the socket to online. */
  totalMs: number;
  /** Client-side SASL crypto (PBKDF2 and HMACs). */
  saslMs: number;
  mechanism: string;
  resumed: boolean;
  streamManagement: boolean;
  /** The transport was encrypted when we authenticated (wss, xmpps, or STARTTLS). */
  encrypted: boolean;
}

export interface LoginParams {
  opts: ResolvedOptions;
  info: ServiceInfo;
  resource: string;
  sm: StreamManagement;
  iqs: IqCaller;
  /** Routing of what arrives (hooks get the stream, so they can ignore stale ones). */
  hooks: StreamHooks;
  /** Called as soon as the stream exists, before anything is read from it. */
  attach(stream: XmppStream): void;
  /** See NegotiationParams.freshSession. */
  freshSession(): void;
}

const noop = () => {};

/** Connects and negotiates. On failure the stream is ended and the error rethrown. */
export async function login(params: LoginParams): Promise<{ stream: XmppStream; result: NegotiationResult; info: LoginInfo }> {
  const t0 = performance.now();
  const { opts, info } = params;
  const limits = { relayed: opts.maxStanzaSize, own: opts.maxServerStanzaSize, bare: opts.bare, domain: opts.domain };
  const entity = new Transport({ service: opts.service, domain: opts.domain, info, WebSocket: opts.WebSocket }, undefined as never, limits);
  const stream = new XmppStream(entity, params.hooks);
  params.attach(stream);

  const timer = setTimeout(
    () => stream.end({ reason: 'login timed out', error: new PresenceError('timeout', `Login did not complete within ${opts.connectTimeoutMs} ms`) }),
    opts.connectTimeoutMs,
  );
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
    // RFC 6120 §5.4: <starttls/>, then <proceed/> (upgrade, then the caller's features wait restarts) or <failure/>.
    startTls: async () => {
      if (!entity.canStartTls) return false;
      await stream.send(xml('starttls', { xmlns: NS_TLS }));
      const answer = await stream.next();
      if (!answer.is('proceed', NS_TLS)) return false;
      await entity.upgradeTls();
      await entity.restart();
      return true;
    },
    restart: async () => {
      await entity.restart();
    },
    iq: (request) => params.iqs.request(request, opts.iqTimeoutMs, (el) => stream.send(el)),
  };
  try {
    await guard(entity.connect());
    await guard(entity.open());
    const result = await guard(
      negotiate(io, {
        username: opts.username,
        domain: opts.domain,
        resource: params.resource,
        tcp: info.protocol === 'xmpp:',
        loopback: info.loopback,
        allowInsecure: opts.allowInsecure,
        password: opts.password,
        sm: params.sm,
        freshSession: params.freshSession,
      }),
    );
    if (stream.isOver) throw new PresenceError('connection-failed', 'Connection lost during login');
    const timing = { totalMs: performance.now() - t0, saslMs: result.saslMs, mechanism: result.mechanism, resumed: result.resumed, streamManagement: result.sm, encrypted: entity.encrypted };
    return { stream, result, info: timing };
  } catch (error) {
    stream.end({ reason: 'login failed' });
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
