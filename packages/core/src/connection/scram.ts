/**
 * SCRAM client, RFC 5802 (SCRAM-SHA-1) and RFC 7677 (SCRAM-SHA-256), without channel binding
 * (gs2 header "n,,"). All crypto is WebCrypto (`globalThis.crypto.subtle`, in Node ≥ 20 and in
 * browsers' secure contexts): the salted password is ONE native PBKDF2 `deriveBits` call, not
 * thousands of awaited HMACs, so a login costs milliseconds.
 */
import { fromBase64, fromUtf8, saslprep, toBase64, utf8, type Bytes } from './sasl-strings.js';

export type ScramHash = 'SHA-1' | 'SHA-256';

/** Iteration counts we accept from a server: RFC 7677 §4 asks for at least 4096; above the cap a server could stall us. */
export const MIN_ITERATIONS = 4096;
export const MAX_ITERATIONS = 1_000_000;

const GS2_HEADER = 'n,,';

/** A SCRAM failure the server or the exchange caused; `fatal` when retrying can never help. */
export class ScramError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScramError';
  }
}

export interface ScramClient {
  readonly mechanism: string;
  /** client-first-message (RFC 5802 §7), to send base64-encoded in `<auth/>`. */
  readonly clientFirst: string;
  /** Answers server-first-message with client-final-message. Forgets the password. */
  respond(serverFirst: string): Promise<string>;
  /** Checks server-final-message (`v=`); throws ScramError on `e=` or a wrong signature. */
  verify(serverFinal: string): void;
  /** True once the server proved it knows our credentials. */
  readonly verified: boolean;
}

/** RFC 5802 §5.1 saslname: "=" and "," escaped. */
export function scramName(username: string): string {
  return saslprep(username).replace(/=/g, '=3D').replace(/,/g, '=2C');
}

export function randomNonce(): string {
  const bytes = new Uint8Array(18);
  globalThis.crypto.getRandomValues(bytes);
  return toBase64(bytes);
}

function parseAttributes(message: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const part of message.split(',')) {
    const eq = part.indexOf('=');
    if (eq !== 1) throw new ScramError('malformed SCRAM message');
    map.set(part[0]!, part.slice(2));
  }
  return map;
}

function bytesEqual(a: Bytes, b: Bytes): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

async function hmac(hash: ScramHash, key: Bytes, data: Bytes): Promise<Bytes> {
  const subtle = globalThis.crypto.subtle;
  const k = await subtle.importKey('raw', key, { name: 'HMAC', hash }, false, ['sign']);
  return new Uint8Array(await subtle.sign('HMAC', k, data));
}

/**
 * SaltedPassword := Hi(Normalize(password), salt, i) — PBKDF2 with HMAC-hash, one native call.
 * Exported for tests and the bench.
 */
export async function saltedPassword(hash: ScramHash, password: string, salt: Bytes, iterations: number): Promise<Bytes> {
  const subtle = globalThis.crypto.subtle;
  const key = await subtle.importKey('raw', utf8(saslprep(password)), 'PBKDF2', false, ['deriveBits']);
  const bits = hash === 'SHA-256' ? 256 : 160;
  return new Uint8Array(await subtle.deriveBits({ name: 'PBKDF2', hash, salt, iterations }, key, bits));
}

/**
 * Starts a SCRAM exchange. `nonce` is for test vectors only; by default 18 random bytes.
 * @example
 * const c = createScramClient('SHA-256', 'user', 'pencil');
 * send(c.clientFirst); const final = await c.respond(serverFirst); send(final); c.verify(serverFinal);
 */
export function createScramClient(hash: ScramHash, username: string, password: string, nonce = randomNonce()): ScramClient {
  const clientFirstBare = `n=${scramName(username)},r=${nonce}`;
  let secret: string | undefined = password;
  let expectedServerSignature: Bytes | undefined;
  let verified = false;

  return {
    mechanism: hash === 'SHA-256' ? 'SCRAM-SHA-256' : 'SCRAM-SHA-1',
    clientFirst: GS2_HEADER + clientFirstBare,
    get verified() {
      return verified;
    },

    async respond(serverFirst: string): Promise<string> {
      const pw = secret;
      secret = undefined;
      if (pw === undefined) throw new ScramError('SCRAM exchange already answered');
      if (serverFirst.startsWith('m=')) throw new ScramError('server requires an unsupported SCRAM extension');
      const attrs = parseAttributes(serverFirst);
      const combinedNonce = attrs.get('r');
      const saltText = attrs.get('s');
      const iterText = attrs.get('i');
      if (!combinedNonce || saltText === undefined || iterText === undefined) throw new ScramError('server-first-message lacks r, s or i');
      // RFC 5802 §5.1: the server's nonce must extend ours, or this is a replay or a confused server.
      if (!combinedNonce.startsWith(nonce) || combinedNonce.length === nonce.length)
        throw new ScramError('server nonce does not extend the client nonce');
      if (!/^[\x21-\x2b\x2d-\x7e]+$/.test(combinedNonce)) throw new ScramError('server nonce has invalid characters');
      if (!/^\d{1,9}$/.test(iterText)) throw new ScramError('invalid iteration count');
      const iterations = Number(iterText);
      if (iterations < MIN_ITERATIONS)
        throw new ScramError(`server asked for ${iterations} PBKDF2 iterations; at least ${MIN_ITERATIONS} are required`);
      if (iterations > MAX_ITERATIONS)
        throw new ScramError(`server asked for ${iterations} PBKDF2 iterations; at most ${MAX_ITERATIONS} are accepted`);
      let salt: Bytes;
      try {
        salt = fromBase64(saltText);
      } catch {
        throw new ScramError('invalid salt');
      }
      if (salt.length === 0) throw new ScramError('empty salt');

      const salted = await saltedPassword(hash, pw, salt, iterations);
      const clientKey = await hmac(hash, salted, utf8('Client Key'));
      const serverKey = await hmac(hash, salted, utf8('Server Key'));
      const storedKey = new Uint8Array(await globalThis.crypto.subtle.digest(hash, clientKey));
      const clientFinalWithoutProof = `c=${toBase64(GS2_HEADER)},r=${combinedNonce}`;
      const authMessage = utf8(`${clientFirstBare},${serverFirst},${clientFinalWithoutProof}`);
      const clientSignature = await hmac(hash, storedKey, authMessage);
      const proof = clientKey.map((byte, i) => byte ^ clientSignature[i]!);
      expectedServerSignature = await hmac(hash, serverKey, authMessage);
      return `${clientFinalWithoutProof},p=${toBase64(proof)}`;
    },

    verify(serverFinal: string): void {
      if (!expectedServerSignature) throw new ScramError('server-final-message before client-final-message');
      const attrs = parseAttributes(serverFinal);
      const error = attrs.get('e');
      if (error !== undefined) throw new ScramError(`server rejected the proof (${error})`);
      const v = attrs.get('v');
      let signature: Bytes;
      try {
        signature = fromBase64(v ?? '');
      } catch {
        throw new ScramError('invalid server signature');
      }
      // RFC 5802 §9: without this check, anyone who answers "success" could impersonate the server.
      if (!bytesEqual(signature, expectedServerSignature)) throw new ScramError('server signature mismatch');
      verified = true;
    },
  };
}

/** Decodes a SASL payload to text (SCRAM messages are UTF-8). */
export function decodeScramPayload(base64: string): string {
  try {
    return fromUtf8(fromBase64(base64));
  } catch {
    throw new ScramError('invalid base64 in SCRAM message');
  }
}
