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
import { toBase64 } from './sasl-strings.js';

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

/** RFC 7628 §3.2.3: the client's answer to an error challenge, so the server sends `<failure/>`. */
export const OAUTHBEARER_ERROR_ACK = toBase64('\u0001');
