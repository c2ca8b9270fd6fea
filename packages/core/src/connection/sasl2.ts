/**
 * XEP-0388 Extensible SASL Profile (SASL2, 0.4) with XEP-0484 Fast Authentication Streamlining Tokens
 * (FAST, 0.2): a reconnect signs in with a token the server gave on the previous login, so it needs
 * neither the password nor a new token from the host app (no `credentials()` call).
 * - The offer: `<authentication xmlns='urn:xmpp:sasl:2'>` in the stream features, with its mechanisms and
 *   `<inline><fast xmlns='urn:xmpp:fast:0'>` listing the HT-* mechanisms (ejabberd 24.12 offers SASL2 only
 *   when the stream header carries our JID as `from`, transport.ts).
 * - Without a FAST token: the usual mechanism (SCRAM, PLAIN, a token; sasl.ts) inside `<authenticate/>`,
 *   with `<user-agent id>` and `<request-token mechanism='HT-SHA-256-NONE'/>`; the `<success/>` carries
 *   `<token token expiry/>`.
 * - With one: HT-SHA-256-NONE, initial response `username NUL HMAC-SHA-256(token, "Initiator")`; the
 *   server proves it knows the token too: `HMAC-SHA-256(token, "Responder")` in the success's additional
 *   data. A refused or expired token is forgotten and the usual mechanism runs on the same stream.
 * - No stream restart after `<success/>` (XEP-0388 §2.6.1): new stream features follow, and binding
 *   goes on as after RFC 6120 SASL.
 * The token is kept in the connection's memory only (never in storage) and only for this user agent id.
 */
import { xml, type Element } from '../xml.js';
import { PresenceError } from '../errors.js';
import { fromBase64, toBase64, utf8 } from './sasl-strings.js';
import { authenticate, type AuthenticateArgs, type SaslFraming, type Secret } from './sasl.js';
import { NS_FAST, NS_SASL2 } from '../namespaces.js';

/** HT-SHA-256-NONE: no channel binding, so it works behind a TLS-terminating proxy too. */
export const FAST_MECHANISM = 'HT-SHA-256-NONE';

/** What one client keeps between its logins: the user agent id FAST tokens are bound to, and the token. */
export interface FastState {
  enabled: boolean;
  userAgentId: string;
  token?: { token: string; mechanism: string; expiresAt: number };
}

/** The FAST mechanisms offered inside SASL2, or undefined when the server offers no SASL2. */
export function sasl2Offer(features: Element): { fast: string[] } | undefined {
  const authentication = features.getChild('authentication', NS_SASL2);
  if (!authentication) return undefined;
  const fast = authentication.getChild('inline')?.getChild('fast', NS_FAST)?.getChildren('mechanism') ?? [];
  return { fast: fast.map((m) => m.text().trim()) };
}

/** SASL2 framing of one `<authenticate/>`; `extras` go inside it; the `<success/>` is kept for its token. */
function sasl2Framing(extras: Element[]): SaslFraming & { success?: Element } {
  const framing: SaslFraming & { success?: Element } = {
    ns: NS_SASL2,
    offered: (features) => (features.getChild('authentication', NS_SASL2)?.getChildren('mechanism') ?? []).map((m) => m.text().trim()),
    auth: (mechanism, initial) => xml('authenticate', { xmlns: NS_SASL2, mechanism }, xml('initial-response', {}, initial), ...extras),
    response: (payload) => xml('response', { xmlns: NS_SASL2 }, payload),
    successData: (success) => {
      framing.success = success;
      return success.getChildText('additional-data')?.trim() ?? '';
    },
  };
  return framing;
}

async function hmacSha256(key: string, data: string): Promise<Uint8Array> {
  const k = await globalThis.crypto.subtle.importKey('raw', utf8(key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await globalThis.crypto.subtle.sign('HMAC', k, utf8(data)));
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((byte, i) => byte === b[i]);

/** The `<token/>` of a `<success/>`, if the server issued one. */
function issuedToken(success: Element | undefined, mechanism: string): FastState['token'] {
  const token = success?.getChild('token', NS_FAST);
  const value = token?.attrs.token;
  if (!value) return undefined;
  const expiresAt = Date.parse(token.attrs.expiry ?? '');
  return { token: value, mechanism, expiresAt: Number.isFinite(expiresAt) ? expiresAt : Date.now() + 3_600_000 };
}

/** Arguments of {@link signInSasl2}: those of `authenticate` without the secret, which is fetched only if needed. */
export type Sasl2Args = Omit<AuthenticateArgs, 'secret' | 'framing'> & { secret: () => Promise<Secret>; fast: FastState };

/**
 * Signs in over SASL2: with the FAST token when there is a usable one, else with the secret (requesting a
 * FAST token where offered). Resolves with the mechanism used and whether the secret was a token.
 */
export async function signInSasl2(args: Sasl2Args): Promise<{ mechanism: string; cryptoMs: number; withToken: boolean }> {
  const offer = sasl2Offer(args.features);
  const { fast } = args;
  const userAgent = xml('user-agent', { id: fast.userAgentId }, xml('software', {}, 'Presently'));
  const held = fast.token;
  if (fast.enabled && held && held.expiresAt > Date.now() && offer?.fast.includes(held.mechanism)) {
    try {
      const { cryptoMs, renewed } = await withFastToken(args, held, userAgent);
      if (renewed) fast.token = renewed;
      return { mechanism: held.mechanism, cryptoMs, withToken: false };
    } catch (error) {
      if (!(error instanceof PresenceError) || error.code !== 'auth-failed') throw error;
      fast.token = undefined; // refused: sign in the usual way below, on the same stream
    }
  }
  const canRequest = fast.enabled && offer?.fast.includes(FAST_MECHANISM);
  const request = xml('request-token', { xmlns: NS_FAST, mechanism: FAST_MECHANISM });
  const framing = sasl2Framing(canRequest ? [userAgent, request] : [userAgent]);
  const secret = await args.secret();
  const result = await authenticate({ ...args, secret, framing });
  if (canRequest) fast.token = issuedToken(framing.success, FAST_MECHANISM);
  return { ...result, withToken: 'token' in secret };
}

/** One HT-* exchange; resolves with the crypto time and the token the server renewed, if it did. */
async function withFastToken({ io, username }: Sasl2Args, held: NonNullable<FastState['token']>, userAgent: Element) {
  const started = performance.now();
  const proof = await hmacSha256(held.token, 'Initiator');
  const expected = await hmacSha256(held.token, 'Responder');
  const cryptoMs = performance.now() - started;
  const framing = sasl2Framing([userAgent, xml('fast', { xmlns: NS_FAST })]);
  await io.send(framing.auth(held.mechanism, toBase64(new Uint8Array([...utf8(`${username}\u0000`), ...proof]))));
  for (;;) {
    const el = await io.next();
    if (el.attrs.xmlns !== NS_SASL2) continue;
    if (el.name === 'success') {
      // The server's proof that it knows the token (mutual authentication).
      const data = framing.successData(el);
      if (!data || !sameBytes(fromBase64(data), expected))
        throw new PresenceError('auth-failed', 'The server did not prove it knows the FAST token');
      return { cryptoMs, renewed: issuedToken(el, held.mechanism) };
    }
    if (el.name === 'failure') throw new PresenceError('auth-failed', 'The server refused the FAST token');
    // A challenge has no place in HT-*: give up on the token.
    throw new PresenceError('auth-failed', `Unexpected <${el.name}/> during FAST sign-in`);
  }
}
