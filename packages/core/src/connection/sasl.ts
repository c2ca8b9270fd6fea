/**
 * SASL authentication — RFC 6120 §6 over RFC 4422, with SCRAM-SHA-256 (RFC 7677) preferred to
 * SCRAM-SHA-1 (RFC 5802) preferred to PLAIN (RFC 4616); or a token (sasl-token.ts: OAUTHBEARER,
 * X-OAUTH2, PLAIN). PLAIN only where the secret cannot be sniffed: over TLS or to a loopback host. The server
 * must prove itself (SCRAM `v=`) before we call the login a success. Errors never carry the password or anything derived from it.
 */
import { xml, type Element } from '../xml.js';
import { PresenceError } from '../errors.js';
import { saslprep, toBase64 } from './sasl-strings.js';
import { createScramClient, decodeScramPayload, ScramError, type ScramClient } from './scram.js';
import { NS_SASL } from '../namespaces.js';

/** Conditions after which trying again later can succeed (RFC 6120 §6.5). */
const TRANSIENT_CONDITIONS = new Set(['temporary-auth-failure', 'aborted']);

export interface SaslIO {
  send(element: Element): Promise<void>;
  /** The next negotiation element from the server. */
  next(): Promise<Element>;
}

export const authFailed = (message: string) => new PresenceError('auth-failed', message);

/**
 * How the SASL messages are wrapped: RFC 6120 §6.4 (`<auth/>`, `<response/>`, `<success/>`), or XEP-0388's
 * SASL2 (`<authenticate/>` with `<initial-response/>`, sasl2.ts). The mechanisms run the same inside either.
 */
export interface SaslFraming {
  /** Namespace of the server's negotiation elements. */
  ns: string;
  /** The mechanisms the stream features offer. */
  offered(features: Element): string[];
  auth(mechanism: string, initial: string): Element;
  response(payload?: string): Element;
  /** The additional data (base64) of a `<success/>`, e.g. SCRAM's server-final message. */
  successData(success: Element): string;
}

/** RFC 6120 §6.4. */
export const SASL1: SaslFraming = {
  ns: NS_SASL,
  offered: (features) => (features.getChild('mechanisms', NS_SASL)?.getChildren('mechanism') ?? []).map((m) => m.text().trim()),
  auth: (mechanism, initial) => xml('auth', { xmlns: NS_SASL, mechanism }, initial),
  response: (payload) => xml('response', { xmlns: NS_SASL }, payload),
  successData: (success) => success.text().trim(),
};

/** What one login signs in with: a password, or a token from the host app's sign-in (sasl-token.ts). */
export type Secret = { password: string } | { token: string };

/** Arguments of {@link authenticate}. */
export interface AuthenticateArgs {
  io: SaslIO;
  /** The stream features that carry the offered mechanisms. */
  features: Element;
  /** The JID's localpart. */
  username: string;
  domain: string;
  secret: Secret;
  /** The channel is encrypted, or the peer is loopback. */
  plainAllowed: boolean;
  /** With a token: the mechanism that worked last time, tried first. */
  learned?: string | undefined;
  /** Default {@link SASL1}. */
  framing?: SaslFraming;
}

/**
 * Runs one SASL exchange. Resolves on verified success; rejects `auth-failed` (do not retry),
 * `connection-failed` (transient, retry later) or `insecure-transport`/`unsupported`.
 * Returns the SASL mechanism used and how long the client-side crypto took.
 */
export async function authenticate(args: AuthenticateArgs): Promise<{ mechanism: string; cryptoMs: number }> {
  const offered = (args.framing ?? SASL1).offered(args.features);
  if (!('token' in args.secret)) return withPassword(args, args.secret.password, offered);
  // Loaded on first use: pages that sign in with a password don't download the token code.
  const { withToken } = await import('./sasl-token.js');
  return withToken(args, args.secret.token, offered);
}

export const offeredList = (offered: string[]) => offered.join(', ').slice(0, 200) || 'none';

async function withPassword({ io, username, plainAllowed, framing }: AuthenticateArgs, password: string, offered: string[]) {
  // Best first; SCRAM needs WebCrypto (Node ≥ 20, browsers' secure contexts).
  const preference = [
    ...(typeof globalThis.crypto?.subtle?.deriveBits === 'function' ? ['SCRAM-SHA-256', 'SCRAM-SHA-1'] : []),
    ...(plainAllowed ? ['PLAIN'] : []),
  ];
  const mechanism = preference.find((m) => offered.includes(m));
  if (!mechanism) {
    if (offered.includes('PLAIN') && !plainAllowed) {
      throw new PresenceError('insecure-transport', 'The server offers only PLAIN, which we refuse without TLS to a non-loopback host');
    }
    throw new PresenceError('unsupported', `No supported SASL mechanism (server offers: ${offeredList(offered)})`);
  }
  let scram: ScramClient | undefined;
  let initial: string;
  try {
    if (mechanism === 'PLAIN') {
      initial = toBase64(`\u0000${saslprep(username)}\u0000${saslprep(password)}`);
    } else {
      scram = createScramClient(mechanism === 'SCRAM-SHA-256' ? 'SHA-256' : 'SHA-1', username, password);
      initial = toBase64(scram.clientFirst);
    }
  } catch {
    throw authFailed('The username or password contains characters SASLprep prohibits');
  }
  return { mechanism, cryptoMs: await exchange(io, mechanism, initial, scram, framing) };
}

/** Sends `<auth/>` and answers challenges until `<success/>` (resolves with the crypto time) or `<failure/>`. */
export async function exchange(
  io: SaslIO,
  mechanism: string,
  initial: string,
  scram?: ScramClient,
  framing: SaslFraming = SASL1,
): Promise<number> {
  let cryptoMs = 0;
  await io.send(framing.auth(mechanism, initial));
  let answered = false;
  for (;;) {
    const el = await io.next();
    if (el.attrs.xmlns !== framing.ns) continue;
    try {
      if (el.name === 'challenge') {
        if (mechanism === 'OAUTHBEARER') {
          // RFC 7628 §3.2.2: an error report (JSON); the acknowledgement gets us the <failure/>.
          await io.send(framing.response(toBase64('\u0001')));
          continue;
        }
        if (!scram) throw new ScramError('unexpected challenge');
        const payload = decodeScramPayload(el.text().trim());
        if (!answered) {
          const t0 = performance.now();
          const response = await scram.respond(payload);
          cryptoMs += performance.now() - t0;
          answered = true;
          await io.send(framing.response(toBase64(response)));
        } else {
          // RFC 6120 §6.4.6 allows the server's final message as a challenge answered by an empty response.
          scram.verify(payload);
          await io.send(framing.response());
        }
      } else if (el.name === 'success') {
        const data = framing.successData(el);
        if (scram && !scram.verified) {
          if (!data || data === '=') throw new ScramError('success without the server signature');
          scram.verify(decodeScramPayload(data));
        }
        return cryptoMs;
      } else if (el.name === 'failure') {
        const condition = el.getChildElements().find((c) => c.name !== 'text')?.name ?? 'not-authorized';
        if (TRANSIENT_CONDITIONS.has(condition)) {
          throw new PresenceError('connection-failed', `Authentication temporarily failed (${condition})`);
        }
        throw authFailed(`Authentication failed (${mechanism}: ${condition})`);
      }
    } catch (error) {
      if (error instanceof PresenceError) throw error;
      // A SCRAM protocol problem: the server is broken or not who it claims; retrying cannot help.
      throw authFailed(`${mechanism} failed: ${error instanceof Error ? error.message : 'protocol error'}`);
    }
  }
}
