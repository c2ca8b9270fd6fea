/**
 * RFC 4013 SASLprep (the mapping, normalisation and prohibited-output steps) and RFC 4648 base64
 * over UTF-8, as SASL (RFC 4422) and XMPP SASL (RFC 6120 §6.4.2) need them. Browser and Node alike.
 */

/** Bytes backed by a plain ArrayBuffer, as WebCrypto's BufferSource wants them. */
export type Bytes = Uint8Array<ArrayBuffer>;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export function utf8(text: string): Bytes {
  return encoder.encode(text);
}

export function fromUtf8(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

export function toBase64(data: Uint8Array | string): string {
  const bytes = typeof data === 'string' ? utf8(data) : data;
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Decodes strict base64; throws on anything else (whitespace included, which RFC 6120 §6.4.2 forbids). */
export function fromBase64(text: string): Bytes {
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text)) throw new Error('invalid base64');
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

// RFC 3454 C.1.2 non-ASCII space characters, mapped to SPACE (RFC 4013 §2.1).
const NON_ASCII_SPACE = /[\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000]/gu;
// RFC 3454 B.1 "commonly mapped to nothing".
const MAPPED_TO_NOTHING = /[\u00ad\u034f\u1806\u180b-\u180d\u200c\u200d\u2060\ufe00-\ufe0f\ufeff]/gu;
// RFC 4013 §2.3 prohibited output, approximated with Unicode properties: controls (C.2), private use (C.3),
// non-characters (C.4), lone surrogates (C.5), and the C.6–C.9 format/tagging characters.
const PROHIBITED = new RegExp(
  // eslint-disable-next-line no-misleading-character-class -- U+0340, U+0341 are listed one by one (RFC 3454 C.8)
  '[\\p{Cc}\\p{Co}\\p{Cs}\\ufdd0-\\ufdef\\ufff9-\\uffff\\u2ff0-\\u2ffb\\u0340\\u0341\\u200e\\u200f' +
    '\\u202a-\\u202e\\u206a-\\u206f\\u{e0001}\\u{e0020}-\\u{e007f}]',
  'u',
);

/** SASLprep a password or username. Throws on prohibited characters (bidi rules are left to the server). */
export function saslprep(text: string): string {
  const prepared = text.replace(NON_ASCII_SPACE, ' ').replace(MAPPED_TO_NOTHING, '').normalize('NFKC');
  if (PROHIBITED.test(prepared)) throw new Error('prohibited character');
  return prepared;
}
