/**
 * Sign-in with a token instead of a password, over SASL (RFC 4422):
 * - `OAUTHBEARER` (RFC 7628 §3.1): GS2 header `n,a=<authzid>,` then `auth=Bearer <token>`, fields
 *   separated by 0x01. On a refused token the server sends a JSON challenge (§3.2.2) that the client
 *   answers with a lone 0x01 to get the final `<failure/>`.
 * - `X-OAUTH2` (ejabberd's OAuth tokens, mod_oauth; the Google Talk framing): `\0user\0token`.
 * - `PLAIN` (RFC 4616) with the token as the password: how ejabberd's JWT authentication
 *   (`auth_method: jwt`) takes it. Only where PLAIN is allowed at all (TLS or loopback).
 * The token is used for one login and never kept.
 */
import { PresenceError } from '../errors.js';
import { toBase64 } from './sasl-strings.js';
import { authFailed, exchange, offeredList, type AuthenticateArgs } from './sasl.js';

/** Best first. */
const TOKEN_MECHANISMS = ['OAUTHBEARER', 'X-OAUTH2', 'PLAIN'];

/**
 * The mechanisms to try with a token, best first: those the server offers, PLAIN only when
 * `plainAllowed`. `learned` (the one that worked on an earlier login of this client) goes first, so a
 * server that offers X-OAUTH2 but takes JWTs only over PLAIN (ejabberd with `auth_method: jwt`) costs
 * one refused attempt per client, not per reconnect.
 */
export function tokenMechanisms(offered: string[], plainAllowed: boolean, learned?: string): string[] {
  const usable = TOKEN_MECHANISMS.filter((m) => offered.includes(m) && (m !== 'PLAIN' || plainAllowed));
  return learned && usable.includes(learned) ? [learned, ...usable.filter((m) => m !== learned)] : usable;
}

/** RFC 5801 §4 saslname: ',' and '=' are escaped as =2C and =3D. */
const saslname = (text: string) => text.replace(/=/g, '=3D').replace(/,/g, '=2C');

/** The initial response (base64) of `mechanism` for `username`@`domain` with `token`. */
export function tokenInitialResponse(
  mechanism: string,
  { username, domain, token }: { username: string; domain: string; token: string },
): string {
  if (mechanism === 'OAUTHBEARER') return toBase64(`n,a=${saslname(`${username}@${domain}`)},\u0001auth=Bearer ${token}\u0001\u0001`);
  return toBase64(`\u0000${username}\u0000${token}`);
}

/**
 * Tries the token mechanisms the server offers, best first. A server may offer one that does not
 * take this kind of token (ejabberd offers X-OAUTH2 for its own OAuth tokens even when the token is
 * a JWT for PLAIN): after a refusal the next one is tried on the same stream (RFC 6120 §6.4.5).
 */
export async function withToken(
  { io, username, domain, plainAllowed, learned, framing }: AuthenticateArgs,
  token: string,
  offered: string[],
) {
  const candidates = tokenMechanisms(offered, plainAllowed, learned);
  if (candidates.length === 0) {
    if (offered.includes('PLAIN')) {
      throw new PresenceError(
        'insecure-transport',
        'The server takes a token only as a PLAIN password, which we refuse without TLS to a non-loopback host',
      );
    }
    throw new PresenceError(
      'unsupported',
      `The server offers no way to sign in with a token (OAUTHBEARER, X-OAUTH2, or PLAIN for ejabberd's JWT); ` +
        `it offers: ${offeredList(offered)}. Return a password from credentials(), or enable token sign-in on the server.`,
    );
  }
  let refusal: PresenceError | undefined;
  for (const mechanism of candidates) {
    try {
      await exchange(io, mechanism, tokenInitialResponse(mechanism, { username, domain, token }), undefined, framing);
      return { mechanism, cryptoMs: 0 };
    } catch (error) {
      if (!(error instanceof PresenceError) || error.code !== 'auth-failed') throw error;
      refusal = error;
    }
  }
  throw authFailed(
    `The server refused the token (expired, signed with the wrong key, or not for this account; ` +
      `tried ${candidates.join(', ')}). ${refusal?.message ?? ''}`.trim(),
  );
}
