/**
 * Timing shape of the stream parser: time grows linearly with the input whatever the chunking. Ratios only, measured
 * in the same process (never absolute times). The quadratic parser this replaced re-joined and re-scanned the pending
 * token on every write (100 KB of text in 1-byte chunks took 420 ms, 1 MB in 7-byte chunks 330 s): its writes got
 * slower as a token grew. Here a write late in a long token must cost about what one early in it does.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { StreamParser } from './parser.js';

/** How much larger the second input is; linear time costs GROWTH× as much, quadratic GROWTH²×. */
const GROWTH = 8;
/** Between the two (in proportion: 8 → 24 → 64), with room for a noisy, shared machine. */
const GROWTH_LIMIT = 24;
/** Linear is about 1; re-scanning ~13 in theory, 350 for the parser this replaced (see lateOverEarly). */
const LATE_LIMIT = 6;
const HEADER = `<stream:stream xmlns="jabber:client" xmlns:stream="http://etherx.jabber.org/streams" version="1.0">`;

/** One token of `size` characters of each kind, inside a stanza (or between stanzas, for whitespace). */
const TOKENS: Record<string, (size: number) => string> = {
  text: (size) => `<message><body>${'x'.repeat(size)}</body></message>`,
  entities: (size) => `<message><body>${'&amp;'.repeat(size / 5)}</body></message>`,
  'attribute value': (size) => `<message id='${'v'.repeat(size)}'/>`,
  CDATA: (size) => `<message><body><![CDATA[${'y'.repeat(size)}]]></body></message>`,
  'whitespace between stanzas': (size) => `<message/>${' '.repeat(size)}<message/>`,
};

function parser(): StreamParser {
  const p = new StreamParser(false, {
    start: () => {},
    element: () => {},
    dropped: () => {},
    end: () => {},
    error: (reason) => {
      throw new Error(reason);
    },
  });
  p.limitFor = () => 1 << 24;
  p.maxLimit = 1 << 24;
  p.write(HEADER);
  return p;
}

function split(input: string, chunk: number): string[] {
  const chunks: string[] = [];
  for (let i = 0; i < input.length; i += chunk) chunks.push(input.slice(i, i + chunk));
  return chunks;
}

/**
 * In one run over `input`: the time of the second-to-last eighth of the writes over the time of the first eighth
 * (best of 3 each). Linear time costs the same per write however much of the token is pending: about 1. A parser that
 * re-scans what is pending costs ~13× as much late (6.5/8 of the token pending on average, against 1/16).
 */
function lateOverEarly(input: string, chunk: number): number {
  const chunks = split(input, chunk);
  const window = Math.floor(chunks.length / 8);
  let early = Infinity;
  let late = Infinity;
  for (let run = 0; run < 3; run++) {
    const p = parser();
    let t0 = performance.now();
    for (let i = 0; i < window; i++) p.write(chunks[i]!);
    early = Math.min(early, performance.now() - t0);
    for (let i = window; i < chunks.length - 2 * window; i++) p.write(chunks[i]!);
    // The second-to-last eighth: the last one ends the token, whose pieces are joined once (linear, but all at once).
    t0 = performance.now();
    for (let i = chunks.length - 2 * window; i < chunks.length - window; i++) p.write(chunks[i]!);
    late = Math.min(late, performance.now() - t0);
    for (let i = chunks.length - window; i < chunks.length; i++) p.write(chunks[i]!);
  }
  return late / early;
}

/** Milliseconds to parse `input` written `chunk` characters at a time; the best of `runs`. */
function cost(input: string, chunk: number, runs = 3): number {
  const chunks = split(input, chunk);
  let best = Infinity;
  for (let r = 0; r < runs; r++) {
    const p = parser();
    const t0 = performance.now();
    for (const c of chunks) p.write(c);
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

/** cost(8n) / cost(n), each the best of three taken in turns, so that a noisy moment hits both sizes alike. */
function growth(token: (size: number) => string, size: number, chunk: number): number {
  const small = token(size);
  const large = token(GROWTH * size);
  cost(small, chunk, 1);
  let bestSmall = Infinity;
  let bestLarge = Infinity;
  for (let r = 0; r < 3; r++) {
    bestSmall = Math.min(bestSmall, cost(small, chunk, 1));
    bestLarge = Math.min(bestLarge, cost(large, chunk, 1));
  }
  return bestLarge / bestSmall;
}

describe('stream parser timing shape (ratios only)', () => {
  // The JIT's tiers settle on the parser's hot paths first, so that no kind is measured half-compiled.
  beforeAll(() => {
    for (const token of Object.values(TOKENS)) cost(token(50_000), 1, 2);
  });

  it.each(Object.keys(TOKENS))('%s in 1-code-unit chunks: a write costs the same however much is pending', (kind) => {
    expect(lateOverEarly(TOKENS[kind]!(400_000), 1)).toBeLessThan(LATE_LIMIT);
  });

  it('text in 7-character chunks: a write costs the same however much is pending', () => {
    expect(lateOverEarly(TOKENS.text!(1_000_000), 7)).toBeLessThan(LATE_LIMIT);
  });

  it('text in 4 KB chunks: a write costs the same however much is pending', () => {
    // The old parser took 600 ms for 1 MB here, 8 ms for 100 KB.
    expect(lateOverEarly(TOKENS.text!(8_000_000), 4096)).toBeLessThan(LATE_LIMIT);
  });

  it('entities in 4 KB chunks: 8× the characters cost about 8× the time', () => {
    expect(growth(TOKENS.entities!, 200_000, 4096)).toBeLessThan(GROWTH_LIMIT);
  });
});
