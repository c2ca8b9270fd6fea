// An HS256 JSON Web Token (RFC 7519), as a host app's back end signs it for the signed-in person
// (ejabberd's auth_method: jwt takes it as the PLAIN password). Tests only: the demo's own signer is
// examples/server/token.ts.
import { createHmac } from 'node:crypto';

export function signJwt(claims: Record<string, unknown>, key: Uint8Array): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}`;
  return `${unsigned}.${createHmac('sha256', key).update(unsigned).digest('base64url')}`;
}
