/**
 * Stream negotiation — RFC 6120 §4.3 in the order of XEP-0170: STARTTLS (§5), SASL (§6), stream
 * restart, then XEP-0198 §5 resumption of the previous session if we have one, otherwise resource
 * binding (§7), legacy session establishment (RFC 3921 §3, only when the server says it is not
 * optional) and XEP-0198 §3 enabling with resumption.
 */
import { xml, type Element } from '../xml.js';
import { PresenceError } from '../errors.js';
import { parseJid } from '../jid.js';
import { csiSupported } from './csi.js';
import { authenticate, type SaslIO } from './sasl.js';
import { NS_SM, type StreamManagement } from './stream-management.js';
import { NS_STREAMS } from './stream.js';

const NS_TLS = 'urn:ietf:params:xml:ns:xmpp-tls';
const NS_BIND = 'urn:ietf:params:xml:ns:xmpp-bind';
const NS_SESSION = 'urn:ietf:params:xml:ns:xmpp-session';

export interface NegotiationIO extends SaslIO {
  /** The transport is encrypted (wss, xmpps, or after STARTTLS). */
  readonly encrypted: boolean;
  /** RFC 6120 §5: upgrade; false when this transport cannot. */
  startTls(): Promise<boolean>;
  /** New stream header after STARTTLS / SASL. */
  restart(): Promise<void>;
  iq(request: Element): Promise<Element>;
}

export interface NegotiationParams {
  username: string;
  domain: string;
  resource: string;
  /** TCP transport (STARTTLS applies). */
  tcp: boolean;
  loopback: boolean;
  allowInsecure: boolean;
  /** Fetches the password for this login only. */
  password(): Promise<string>;
  sm: StreamManagement;
  /** Called when a new session begins (not resumed), before binding: hand back what the old one left. */
  freshSession(): void;
}

export interface NegotiationResult {
  /** Full JID bound (or kept, when resumed). */
  jid: string | undefined;
  resumed: boolean;
  /** XEP-0198 is on for this stream. */
  sm: boolean;
  csi: boolean;
  mechanism: string;
  /** Client-side SASL crypto time (PBKDF2 + HMACs). */
  saslMs: number;
}

async function nextFeatures(io: NegotiationIO): Promise<Element> {
  for (;;) {
    const el = await io.next();
    if (el.is('features', NS_STREAMS)) return el;
    // Leftovers of a previous step (e.g. <proceed/>) are skipped.
  }
}

async function nextSm(io: NegotiationIO): Promise<Element> {
  for (;;) {
    const el = await io.next();
    if (el.attrs.xmlns === NS_SM && ['enabled', 'resumed', 'failed'].includes(el.name)) return el;
  }
}

export async function negotiate(io: NegotiationIO, params: NegotiationParams): Promise<NegotiationResult> {
  let features = await nextFeatures(io);

  if (params.tcp && !io.encrypted) {
    if (features.getChild('starttls', NS_TLS) && (await io.startTls())) {
      features = await nextFeatures(io);
    }
    if (!io.encrypted && !params.loopback && !params.allowInsecure) {
      throw new PresenceError('insecure-transport', 'The server did not upgrade to TLS (STARTTLS); refusing to log in over plaintext. Set allowInsecure for a trusted network.');
    }
  }

  let password: string | undefined;
  try {
    password = await params.password();
  } catch (error) {
    if (error instanceof PresenceError) throw error;
    throw new PresenceError('credentials-failed', 'Could not obtain credentials for login', { cause: error });
  }
  const { mechanism, cryptoMs } = await authenticate(io, features, {
    username: params.username,
    password,
    plainAllowed: io.encrypted || params.loopback,
  });
  password = undefined;

  await io.restart();
  features = await nextFeatures(io);
  const smOffered = !!features.getChild('sm', NS_SM);
  const base = { csi: csiSupported(features), mechanism, saslMs: cryptoMs };

  if (params.sm.resumable && smOffered) {
    await io.send(params.sm.resumeElement());
    const answer = await nextSm(io);
    if (answer.name === 'resumed') return { ...base, jid: undefined, resumed: true, sm: true };
    // <failed/>: the old session is gone; the same stream continues with a fresh one (XEP-0198 §5).
  }

  params.freshSession();
  const bind = xml('bind', { xmlns: NS_BIND }, params.resource ? xml('resource', {}, params.resource) : undefined);
  const bound = await io.iq(xml('iq', { type: 'set' }, bind));
  const jidText = bound.getChild('bind', NS_BIND)?.getChildText('jid');
  let jid: string;
  try {
    const parsed = parseJid(jidText);
    if (parsed.bare !== `${params.username}@${params.domain}` && parsed.domain !== params.domain) throw new Error('foreign JID');
    jid = parsed.resource ? `${parsed.bare}/${parsed.resource}` : parsed.bare;
  } catch {
    throw new PresenceError('connection-failed', 'The server bound an invalid JID');
  }

  const session = features.getChild('session', NS_SESSION);
  if (session && !session.getChild('optional')) {
    await io.iq(xml('iq', { type: 'set' }, xml('session', { xmlns: NS_SESSION })));
  }

  let sm = false;
  if (smOffered) {
    await io.send(params.sm.enable());
    sm = (await nextSm(io)).name === 'enabled';
  }
  return { ...base, jid, resumed: false, sm };
}
