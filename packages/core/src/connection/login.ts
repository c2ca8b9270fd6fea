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
import { parseJid } from '../jid.js';
import type { IqCaller } from './iq.js';
import type { ResolvedOptions } from './options.js';
import { authenticate } from './sasl.js';
import type { ServiceInfo } from './security.js';
import { SM_ANSWERS, type StreamManagement } from './stream-management.js';
import { XmppStream, type StreamHooks } from './stream.js';
import { Transport } from './transport.js';
import { NS_BIND, NS_CSI, NS_SESSION, NS_SM, NS_STREAMS, NS_TLS } from '../namespaces.js';


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
 * Connects and negotiates. On failure the stream is ended and the error rethrown.
 * `attach` is called as soon as the stream exists, before anything is read from it (hooks get the
 * stream, so they can ignore stale ones); `freshSession` when a new session begins (not resumed),
 * before binding, to hand back what the old one left.
 */
export async function login(
  opts: ResolvedOptions,
  info: ServiceInfo,
  resource: string,
  sm: StreamManagement,
  iqs: IqCaller,
  hooks: StreamHooks,
  attach: (stream: XmppStream) => void,
  freshSession: () => void,
): Promise<LoginResult> {
  const t0 = performance.now();
  const limits = { relayed: opts.maxStanzaSize, own: opts.maxServerStanzaSize, bare: opts.bare, domain: opts.domain };
  const entity = new Transport({ service: opts.service, domain: opts.domain, info, WebSocket: opts.WebSocket }, undefined as never, limits);
  const stream = new XmppStream(entity, hooks);
  attach(stream);

  const timer = setTimeout(
    () => stream.end({ reason: 'login timed out', error: new PresenceError('timeout', `Login did not complete within ${opts.connectTimeoutMs} ms`) }),
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
  const iq = (request: Element) => iqs.request(request, opts.iqTimeoutMs, (el) => stream.send(el));

  const negotiate = async () => {
    let features = await nextFeatures();

    if (info.protocol === 'xmpp:' && !entity.encrypted) {
      // RFC 6120 §5.4: <starttls/>, then <proceed/> (upgrade, restart, new features) or <failure/>.
      if (features.getChild('starttls', NS_TLS) && entity.canStartTls) {
        await stream.send(xml('starttls', { xmlns: NS_TLS }));
        if ((await stream.next()).is('proceed', NS_TLS)) {
          await entity.upgradeTls();
          await entity.restart();
          features = await nextFeatures();
        }
      }
      if (!entity.encrypted && !info.loopback && !opts.allowInsecure) {
        throw new PresenceError('insecure-transport', 'The server did not upgrade to TLS (STARTTLS); refusing to log in over plaintext. Set allowInsecure for a trusted network.');
      }
    }

    const password = async () => {
      try {
        return await opts.password();
      } catch (error) {
        throw error instanceof PresenceError ? error : new PresenceError('credentials-failed', 'Could not obtain credentials for login', { cause: error });
      }
    };
    const { mechanism, cryptoMs } = await authenticate(stream, features, opts.username, await password(), entity.encrypted || info.loopback);

    await entity.restart();
    features = await nextFeatures();
    const smOffered = !!features.getChild('sm', NS_SM);
    const base = { csi: !!features.getChild('csi', NS_CSI), mechanism, cryptoMs };

    if (sm.resumable && smOffered) {
      await stream.send(sm.resumeElement());
      if ((await nextSm()).name === 'resumed') return { ...base, jid: undefined, resumed: true, sm: true };
      // <failed/>: the old session is gone; the same stream continues with a fresh one (XEP-0198 §5).
    }

    freshSession();
    const bound = await iq(xml('iq', { type: 'set' }, xml('bind', { xmlns: NS_BIND }, resource ? xml('resource', {}, resource) : undefined)));
    let parsed: ReturnType<typeof parseJid> | undefined;
    try {
      parsed = parseJid(bound.getChild('bind', NS_BIND)?.getChildText('jid'));
    } catch {}
    if (parsed?.domain !== opts.domain) throw new PresenceError('connection-failed', 'The server bound an invalid JID');
    const jid = parsed.resource ? `${parsed.bare}/${parsed.resource}` : parsed.bare;

    const session = features.getChild('session', NS_SESSION);
    if (session && !session.getChild('optional')) await iq(xml('iq', { type: 'set' }, xml('session', { xmlns: NS_SESSION })));

    let enabled = false;
    if (smOffered) {
      await stream.send(sm.enable());
      enabled = (await nextSm()).name === 'enabled';
    }
    return { ...base, jid, resumed: false, sm: enabled };
  };

  try {
    await guard(entity.connect());
    await guard(entity.open());
    const r = await guard(negotiate());
    if (stream.isOver) throw new PresenceError('connection-failed', 'Connection lost during login');
    return {
      stream,
      jid: r.jid,
      csi: r.csi,
      info: { totalMs: performance.now() - t0, saslMs: r.cryptoMs, mechanism: r.mechanism, resumed: r.resumed, streamManagement: r.sm, encrypted: entity.encrypted },
    };
  } catch (error) {
    stream.end({ reason: 'login failed' });
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
