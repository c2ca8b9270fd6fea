/**
 * The host app's token for the signed-in person: an HS256 JSON Web Token (RFC 7519) with the person's
 * JID in `jid` and a one-minute `exp`, signed with the key the XMPP server was given (ejabberd's
 * `auth_method: jwt`, docs/servers/ejabberd.md §9). Presently asks for a new one on every (re)connect,
 * so a minute is plenty and a leaked token is soon worthless.
 */
import { createHmac } from 'node:crypto';

/** Seconds a token is valid. */
export const TOKEN_LIFETIME_SECONDS = 60;

export function signToken({ jid, key, now = Date.now() }: { jid: string; key: Uint8Array; now?: number }): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const claims = { jid, exp: Math.floor(now / 1000) + TOKEN_LIFETIME_SECONDS };
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}`;
  return `${unsigned}.${createHmac('sha256', key).update(unsigned).digest('base64url')}`;
}
