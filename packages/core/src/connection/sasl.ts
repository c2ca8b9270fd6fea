/**
 * SASL authentication — RFC 6120 §6 over RFC 4422, with SCRAM-SHA-256 (RFC 7677) preferred to
 * SCRAM-SHA-1 (RFC 5802) preferred to PLAIN (RFC 4616). PLAIN only where the password cannot be
 * sniffed: over TLS or to a loopback host. The server must prove itself (SCRAM `v=`) before we call
 * the login a success. Errors never carry the password or anything derived from it.
 */
import { xml, type Element } from '../xml.js';
import { PresenceError } from '../errors.js';
import { saslprep, toBase64 } from './sasl-strings.js';
import { createScramClient, decodeScramPayload, ScramError, type ScramClient, type ScramHash } from './scram.js';
import { NS_SASL } from '../namespaces.js';


/** Conditions after which trying again later can succeed (RFC 6120 §6.5). */
const TRANSIENT_CONDITIONS = new Set(['temporary-auth-failure', 'aborted']);

export interface SaslIO {
  send(element: Element): Promise<void>;
  /** The next negotiation element from the server. */
  next(): Promise<Element>;
}

const authFailed = (message: string) => new PresenceError('auth-failed', message);

/**
 * Runs one SASL exchange for `username` (the JID's localpart). `plainAllowed`: the channel is
 * encrypted, or the peer is loopback. Resolves on verified success; rejects `auth-failed` (do not
 * retry), `connection-failed` (transient, retry later) or `insecure-transport`/`unsupported`.
 * Returns the SASL mechanism used and how long the client-side crypto took.
 */
export async function authenticate(io: SaslIO, features: Element, username: string, password: string, plainAllowed: boolean): Promise<{ mechanism: string; cryptoMs: number }> {
  const offered = (features.getChild('mechanisms', NS_SASL)?.getChildren('mechanism') ?? []).map((m) => m.text().trim());
  // Best first; SCRAM needs WebCrypto (Node ≥ 20, browsers' secure contexts).
  const preference = [...(typeof globalThis.crypto?.subtle?.deriveBits === 'function' ? ['SCRAM-SHA-256', 'SCRAM-SHA-1'] : []), ...(plainAllowed ? ['PLAIN'] : [])];
  const mechanism = preference.find((m) => offered.includes(m));
  if (!mechanism) {
    if (offered.includes('PLAIN') && !plainAllowed) {
      throw new PresenceError('insecure-transport', 'The server offers only PLAIN, which we refuse without TLS to a non-loopback host');
    }
    throw new PresenceError('unsupported', `No supported SASL mechanism (server offers: ${offered.join(', ').slice(0, 200) || 'none'})`);
  }

  let scram: ScramClient | undefined;
  let initial: string;
  let cryptoMs = 0;
  try {
    if (mechanism === 'PLAIN') {
      initial = toBase64(`\u0000${saslprep(username)}\u0000${saslprep(password)}`);
    } else {
      const hash: ScramHash = mechanism === 'SCRAM-SHA-256' ? 'SHA-256' : 'SHA-1';
      scram = createScramClient(hash, username, password);
      initial = toBase64(scram.clientFirst);
    }
  } catch {
    throw authFailed('The username or password contains characters SASLprep prohibits');
  }

  await io.send(xml('auth', { xmlns: NS_SASL, mechanism }, initial));
  let answered = false;
  for (;;) {
    const el = await io.next();
    if (el.attrs.xmlns !== NS_SASL) continue;
    try {
      if (el.name === 'challenge') {
        if (!scram) throw new ScramError('unexpected challenge');
        const payload = decodeScramPayload(el.text().trim());
        if (!answered) {
          const t0 = performance.now();
          const response = await scram.respond(payload);
          cryptoMs += performance.now() - t0;
          answered = true;
          await io.send(xml('response', { xmlns: NS_SASL }, toBase64(response)));
        } else {
          // RFC 6120 §6.4.6 allows the server's final message as a challenge answered by an empty response.
          scram.verify(payload);
          await io.send(xml('response', { xmlns: NS_SASL }));
        }
      } else if (el.name === 'success') {
        const data = el.text().trim();
        if (scram && !scram.verified) {
          if (!data || data === '=') throw new ScramError('success without the server signature');
          scram.verify(decodeScramPayload(data));
        }
        return { mechanism, cryptoMs };
      } else if (el.name === 'failure') {
        const condition = el.getChildElements().find((c) => c.name !== 'text')?.name ?? 'not-authorized';
        if (TRANSIENT_CONDITIONS.has(condition)) {
          throw new PresenceError('connection-failed', `Authentication temporarily failed (${condition})`);
        }
        throw authFailed(`Authentication failed (${condition})`);
      }
    } catch (error) {
      if (error instanceof PresenceError) throw error;
      // A SCRAM protocol problem: the server is broken or not who it claims; retrying cannot help.
      throw authFailed(`${mechanism} failed: ${error instanceof Error ? error.message : 'protocol error'}`);
    }
  }
}
