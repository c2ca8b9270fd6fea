/**
 * XML 1.0 (fifth edition) rules the stream parser checks, by production: §2.2 Char, §2.3 S, Name,
 * NameStartChar and NameChar, §2.4 CharData (no `]]>`), §2.8 XMLDecl, §4.1 CharRef and §4.6 the
 * predefined entities. The character codes the parser compares against have names here.
 */

export const TAB = 0x09;
export const LF = 0x0a;
export const SPACE = 0x20;
export const QUOTE = 0x22; // "
export const HASH = 0x23; // #
export const AMP = 0x26; // &
export const APOS = 0x27; // '
export const DASH = 0x2d; // -
export const SLASH = 0x2f; // /
export const SEMICOLON = 0x3b; // ;
export const LT = 0x3c; // <
export const EQUALS = 0x3d; // =
export const GT = 0x3e; // >
export const QUESTION = 0x3f; // ?
export const BANG = 0x21; // !
export const OPEN_BRACKET = 0x5b; // [
export const CLOSE_BRACKET = 0x5d; // ]
const CR = 0x0d;
const HIGH_SURROGATE_FIRST = 0xd800;
const HIGH_SURROGATE_LAST = 0xdbff;

/** §2.3 S: the only whitespace XML knows (CR never reaches the parser: line ends are normalised first, §2.11). */
export const isSpace = (c: number): boolean => c === SPACE || c === LF || c === TAB;

/** Anything but §2.3 S, for text that must be whitespace only (between stanzas). */
export const NOT_SPACE = /[^ \t\n\r]/;

/**
 * A character that is not an XML §2.2 Char in the Basic Multilingual Plane, or either half of a surrogate pair (a pair
 * is one astral Char, a lone half is none: {@link firstNonChar} tells them apart). Without the `u` flag on purpose:
 * the same class with `u` and astral ranges scanned the bench's ingest stream about 5× slower (~100–190 ms against
 * ~23 ms for 33 MB, Node 20), and text rarely holds astral characters.
 */
const NOT_BMP_CHAR = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD]/g;
const LOW_SURROGATE_FIRST = 0xdc00;
const LOW_SURROGATE_LAST = 0xdfff;

/** §2.11: CRLF and a lone CR both become LF before parsing. */
export const LINE_END = /\r\n?/g;

/** A chunk may end between the two halves of an astral character; the first half waits for the second. */
export const isHighSurrogate = (c: number): boolean => c >= HIGH_SURROGATE_FIRST && c <= HIGH_SURROGATE_LAST;

/** §2.3 NameStartChar, as the ranges of a character class. */
const NAME_START = [
  ':A-Z_a-z\\xC0-\\xD6\\xD8-\\xF6\\xF8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C\\u200D',
  '\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\u{10000}-\\u{EFFFF}',
].join('');

/** §2.3 Name: one NameStartChar, then NameChars (NameStartChar, `-`, `.`, digits, U+00B7, combining marks, U+203F–2040). */
// eslint-disable-next-line no-misleading-character-class -- U+200C, U+200D are NameStartChars (§2.3), not a joined sequence
export const NAME = new RegExp(`^[${NAME_START}][${NAME_START}\\-.0-9\\xB7\\u0300-\\u036F\\u203F\\u2040]*$`, 'u');

const S = '[ \\t\\n]'; // §2.3 S, without CR: line ends are normalised before this is read
const EQ = `${S}*=${S}*`;
/** §2.8 XMLDecl, whole: version 1.x, optional encoding and standalone, in this order (\1 \2 \3: matching quotes). */
export const XML_DECLARATION = new RegExp(
  `^<\\?xml${S}+version${EQ}(["'])1\\.[0-9]+\\1` +
    `(?:${S}+encoding${EQ}(["'])[A-Za-z][-\\w.]*\\2)?` +
    `(?:${S}+standalone${EQ}(["'])(?:yes|no)\\3)?${S}*\\?>$`,
);

/** §4.6: the five predefined entities, the only named references XMPP allows (RFC 6120 §11.1). */
export function predefinedEntity(name: string): string | undefined {
  switch (name) {
    case 'lt':
      return '<';
    case 'gt':
      return '>';
    case 'amp':
      return '&';
    case 'quot':
      return '"';
    case 'apos':
      return "'";
    default:
      return undefined;
  }
}

/** §2.2 Char, for a code point given by a character reference. */
export function isCharCode(code: number): boolean {
  return (
    code === TAB ||
    code === LF ||
    code === 0x0d ||
    (code >= SPACE && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

/** Raised inside the parser; `condition` is the RFC 6120 §4.9.3 stream error it closes the stream with. */
export class XmlError extends Error {
  readonly condition: XmlErrorCondition;
  constructor(message: string, condition: XmlErrorCondition) {
    super(message);
    this.condition = condition;
  }
}

/**
 * RFC 6120 §4.9.3: `not-well-formed` (§4.9.3.13) for what XML forbids, `restricted-xml` (§4.9.3.18) for what
 * XML allows and XMPP does not (comments, PIs, DTDs, entity references other than the predefined ones),
 * `invalid-namespace` (§4.9.3.10) for a stream that does not start with the stream header, `policy-violation`
 * (§4.9.3.14) for a stream header past the size cap.
 */
export type XmlErrorCondition = 'not-well-formed' | 'restricted-xml' | 'invalid-namespace' | 'policy-violation';

export function fail(reason: string, condition: XmlErrorCondition = 'not-well-formed'): never {
  throw new XmlError(reason, condition);
}

/** A name quoted in an error message, cut short. */
export const shown = (name: string): string => name.slice(0, 40);

/**
 * §2.2 Char, for a whole chunk at once: where the first character that is not one is, or -1. Everything in an XMPP
 * stream must be a Char (text, values, names, markup), so the parser checks each chunk once, in one regular-expression
 * pass, before it scans it; per token, a call for every text and attribute value cost about a sixth of the parse.
 * The chunk never ends with the first half of a pair ({@link ChunkNormaliser} holds it back).
 */
export function firstNonChar(s: string): number {
  const re = NOT_BMP_CHAR;
  re.lastIndex = 0;
  for (let found = re.exec(s); found !== null; found = re.exec(s)) {
    const at = found.index;
    const next = s.charCodeAt(at + 1);
    const pair = isHighSurrogate(s.charCodeAt(at)) && next >= LOW_SURROGATE_FIRST && next <= LOW_SURROGATE_LAST;
    if (!pair) return at;
    re.lastIndex = at + 2;
  }
  return -1;
}

/** The stream error for the character at `at`, which {@link firstNonChar} found. */
export function failNonChar(s: string, at: number): never {
  return fail(`character U+${s.charCodeAt(at).toString(16).toUpperCase().padStart(4, '0')} is not allowed in XML`);
}

/**
 * What every chunk goes through first: §2.11 line ends (CRLF and CR become LF). A CR or the first half of a surrogate
 * pair that ends a chunk waits for the next one, so that no text or value is cut between the halves of a character.
 */
export class ChunkNormaliser {
  #held = '';

  normalise(chunk: string): string {
    let s = this.#held ? this.#held + chunk : chunk;
    this.#held = '';
    const last = s.charCodeAt(s.length - 1);
    if (last === CR || isHighSurrogate(last)) {
      this.#held = s.slice(-1);
      s = s.slice(0, -1);
    }
    if (s.includes('\r')) s = s.replace(LINE_END, '\n');
    return s;
  }

  reset(): void {
    this.#held = '';
  }
}

/**
 * Where the next `<`, `&` and `]]>` of the chunk being scanned are. Each is searched with indexOf and remembered until
 * the scan passes it (the chunk's length when there is none), so a chunk is searched for each at most once per
 * occurrence, whatever the number of text runs and attribute values between them.
 */
export class ChunkMarks {
  #s = '';
  #lt = -1;
  #amp = -1;
  #cdataEnd = -1;
  /**
   * Whether the chunk holds a TAB or LF at all: most don't, and then no attribute value needs looking at for XML
   * §3.3.3 (two `includes` per value were ~5% of the bench's parse; two per chunk cost nothing).
   */
  hasTabOrLf = false;

  /** A new chunk is scanned. */
  begin(s: string): void {
    this.#s = s;
    this.#lt = this.#amp = this.#cdataEnd = -1;
    this.hasTabOrLf = s.includes('\t') || s.includes('\n');
  }

  /** The next `<` at or after `i`. */
  lt(i: number): number {
    return (this.#lt = this.#find('<', this.#lt, i));
  }

  /** The next `&` at or after `i`. */
  amp(i: number): number {
    return (this.#amp = this.#find('&', this.#amp, i));
  }

  /** The next `]]>` at or after `i`. */
  cdataEnd(i: number): number {
    return (this.#cdataEnd = this.#find(']]>', this.#cdataEnd, i));
  }

  #find(needle: string, found: number, i: number): number {
    if (found >= i) return found;
    const at = this.#s.indexOf(needle, i);
    return at < 0 ? this.#s.length : at;
  }
}
