/**
 * One connection attempt — RFC 6120 §4.2–4.3 (open the transport and the stream, negotiate) under a
 * single deadline: socket, TLS, SASL, resumption or binding must all finish within
 * `connectTimeoutMs`, and every step loses to the stream ending first (socket closed, stop()).
 *
 * Negotiation follows the order of XEP-0170: STARTTLS (§5), SASL (§6), stream restart, then XEP-0198
 * §5 resumption of the previous session if we have one, otherwise resource binding (§7), legacy
 * session establishment (RFC 3921 §3, only when the server says it is not optional) and XEP-0198 §3
 * enabling with resumption.
 */
import { xml, type Element } from '../xml.js';
import { PresenceError } from '../errors.js';
import { tryParseJid } from '../jid.js';
import { newId, type IqCaller } from './iq.js';
import type { ResolvedOptions } from './options.js';
import { authenticate } from './sasl.js';
import type { ServiceInfo } from './security.js';
import { SM_ANSWERS, type StreamManagement } from './stream-management.js';
import { XmppStream, type StreamHooks } from './stream.js';
import { Transport } from './transport.js';
import { NS_BIND, NS_CSI, NS_SASL2, NS_SESSION, NS_SM, NS_STREAMS, NS_TLS } from '../namespaces.js';

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
  /** Namespaces of the stream features offered after sign-in, e.g. `urn:xmpp:sm:3`, `urn:xmpp:csi:0`. */
  streamFeatures: string[];
}

export interface LoginResult {
  stream: XmppStream;
  /** Full JID bound; undefined when resumed (the old one stays). */
  jid: string | undefined;
  /** The server supports XEP-0352. */
  csi: boolean;
  info: LoginInfo;
}

const noop = () => {};

/**
 * The resource we move to when another session holds ours (a stream `conflict`, or a bind refused with
 * `conflict`): ours with a short random suffix, never the same one back, so two sessions never fight over it.
 */
export const anotherResource = (resource: string): string => `${resource}-${newId('').slice(0, 6)}`;

/** Arguments of {@link login}. */
export interface LoginArgs {
  options: ResolvedOptions;
  service: ServiceInfo;
  /** The resource to bind (empty: let the server choose). */
  resource: string;
  /** XEP-0198 state: resumes the previous session when it can, else enables on the new one. */
  streamManagement: StreamManagement;
  /** Tracks the IQs sent while negotiating (binding, legacy session). */
  iqCaller: IqCaller;
  /** Where the stream routes what it receives. */
  hooks: StreamHooks;
  /** Called as soon as the stream exists, before anything is read from it (hooks get the stream, so they can ignore stale ones). */
  attach(stream: XmppStream): void;
  /** Called when a new session begins (not resumed), before binding, to hand back what the old one left. */
  freshSession(): void;
}

/** Connects and negotiates. On failure the stream is ended and the error rethrown. */
export async function login({
  options: opts,
  service: info,
  resource,
  streamManagement: sm,
  iqCaller,
  hooks,
  attach,
  freshSession,
}: LoginArgs): Promise<LoginResult> {
  const startedAt = performance.now();
  const limits = { relayed: opts.maxStanzaSize, own: opts.maxServerStanzaSize, bare: opts.bare, domain: opts.domain };
  // The stream sets itself as the transport's sink when it is created, on the next line.
  const transport = new Transport(
    { service: opts.service, domain: opts.domain, from: opts.bare, info, WebSocket: opts.WebSocket },
    undefined as never,
    limits,
  );
  const stream = new XmppStream(transport, hooks);
  attach(stream);

  const timer = setTimeout(
    () =>
      stream.end({
        reason: 'login timed out',
        error: new PresenceError('timeout', `Login did not complete within ${opts.connectTimeoutMs} ms`),
      }),
    opts.connectTimeoutMs,
  );
  const guard = <T>(step: Promise<T>): Promise<T> => {
    step.catch(noop);
    return Promise.race([step, stream.ended.then(() => Promise.reject(stream.endError()))]);
  };
  /** The next negotiation element that `match`es; others (e.g. leftovers of a previous step) are skipped. */
  const next = async (match: (el: Element) => boolean): Promise<Element> => {
    for (;;) {
      const el = await stream.next();
      if (match(el)) return el;
    }
  };
  const nextFeatures = () => next((el) => el.is('features', NS_STREAMS));
  const nextSm = () => next((el) => el.attrs.xmlns === NS_SM && SM_ANSWERS.includes(el.name));
  const iq = (request: Element) => iqCaller.request(request, opts.iqTimeoutMs, (el) => stream.send(el));

  /** RFC 6120 §5.4: <starttls/>, then <proceed/> (upgrade, restart, new features) or <failure/>. Returns the features to go on with. */
  const startTls = async (features: Element): Promise<Element> => {
    if (info.protocol !== 'xmpp:' || transport.encrypted) return features;
    let current = features;
    if (features.getChild('starttls', NS_TLS) && transport.canStartTls) {
      await stream.send(xml('starttls', { xmlns: NS_TLS }));
      if ((await stream.next()).is('proceed', NS_TLS)) {
        await transport.upgradeTls();
        await transport.restart();
        current = await nextFeatures();
      }
    }
    if (!transport.encrypted && !info.loopback && !opts.allowInsecure) {
      throw new PresenceError(
        'insecure-transport',
        'The server did not upgrade to TLS (STARTTLS); refusing to log in over plaintext. Set allowInsecure for a trusted network.',
      );
    }
    return current;
  };

  const secret = async () => {
    try {
      return await opts.secret();
    } catch (error) {
      throw error instanceof PresenceError
        ? error
        : new PresenceError('credentials-failed', 'Could not obtain credentials for login', { cause: error });
    }
  };

  const bindRequest = (wanted: string) =>
    iq(xml('iq', { type: 'set' }, xml('bind', { xmlns: NS_BIND }, wanted ? xml('resource', {}, wanted) : undefined)));
  /** RFC 6120 §7: bind `resource`; returns the full JID the server bound. */
  const bind = async (): Promise<string> => {
    let bound: Element;
    try {
      bound = await bindRequest(resource);
    } catch (e) {
      // §7.7.2.2: another session holds this resource and the server refuses ours rather than replacing it
      // (Prosody's conflict_resolve = "kick_new"; a shared client taking over a gone host's resource meets it):
      // the client may try another one, once.
      if (!resource || !(e instanceof PresenceError && e.condition === 'conflict')) throw e;
      bound = await bindRequest(anotherResource(resource));
    }
    const parsed = tryParseJid(bound.getChild('bind', NS_BIND)?.getChildText('jid'));
    if (parsed?.domain !== opts.domain) throw new PresenceError('connection-failed', 'The server bound an invalid JID');
    return parsed.resource ? `${parsed.bare}/${parsed.resource}` : parsed.bare;
  };

  /** After SASL: resume the old session (XEP-0198 §5), or start a new one (bind, legacy session, enable). */
  const startSession = async (features: Element): Promise<{ jid: string | undefined; resumed: boolean; sm: boolean }> => {
    const smOffered = !!features.getChild('sm', NS_SM);
    if (sm.resumable && smOffered) {
      await stream.send(sm.resumeElement());
      if ((await nextSm()).name === 'resumed') return { jid: undefined, resumed: true, sm: true };
      // <failed/>: the old session is gone; the same stream continues with a fresh one (XEP-0198 §5).
    }
    freshSession();
    const jid = await bind();
    const session = features.getChild('session', NS_SESSION);
    if (session && !session.getChild('optional')) await iq(xml('iq', { type: 'set' }, xml('session', { xmlns: NS_SESSION })));
    let enabled = false;
    if (smOffered) {
      await stream.send(sm.enable());
      enabled = (await nextSm()).name === 'enabled';
    }
    return { jid, resumed: false, sm: enabled };
  };

  /** SASL (RFC 6120 §6), or SASL2 with FAST where offered (sasl2.ts); resolves with the features to bind with. */
  const signIn = async (features: Element) => {
    const base = {
      io: stream,
      features,
      username: opts.username,
      domain: opts.domain,
      plainAllowed: transport.encrypted || info.loopback,
      learned: opts.tokenMechanism,
    };
    if (opts.fast.enabled && features.getChild('authentication', NS_SASL2)) {
      // Loaded only where a server offers SASL2.
      const { signInSasl2 } = await import('./sasl2.js');
      const result = await signInSasl2({ ...base, secret, fast: opts.fast });
      if (result.withToken) opts.tokenMechanism = result.mechanism;
      // XEP-0388 §2.6.1: no restart; the new features follow the success.
      return { ...result, sessionFeatures: await nextFeatures() };
    }
    const given = await secret();
    const result = await authenticate({ ...base, secret: given });
    if ('token' in given) opts.tokenMechanism = result.mechanism;
    await transport.restart();
    return { ...result, sessionFeatures: await nextFeatures() };
  };

  const negotiate = async () => {
    const { mechanism, cryptoMs, sessionFeatures: restarted } = await signIn(await startTls(await nextFeatures()));
    const session = await startSession(restarted);
    const streamFeatures = [...new Set(restarted.getChildElements().map((feature) => feature.getNS() ?? ''))].filter(Boolean).sort();
    return { ...session, csi: !!restarted.getChild('csi', NS_CSI), mechanism, cryptoMs, streamFeatures };
  };

  try {
    await guard(transport.connect());
    await guard(transport.open());
    const negotiated = await guard(negotiate());
    if (stream.isOver) throw new PresenceError('connection-failed', 'Connection lost during login');
    const { jid, csi, cryptoMs, mechanism, resumed, streamFeatures } = negotiated;
    return {
      stream,
      jid,
      csi,
      info: {
        totalMs: performance.now() - startedAt,
        saslMs: cryptoMs,
        mechanism,
        resumed,
        streamManagement: negotiated.sm,
        encrypted: transport.encrypted,
        streamFeatures,
      },
    };
  } catch (error) {
    stream.end({ reason: 'login failed' });
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
