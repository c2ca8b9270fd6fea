/**
 * Differential fuzzing of the stream parser against saxes (an XML 1.0 parser, as the reference): random XMPP-like
 * streams, some of them broken on purpose, fed to ours in random chunks (1-code-unit chunks too, so names,
 * attribute values, references and astral characters are split) and to saxes whole. Both must agree: the same
 * top-level elements, or both an error. Where XMPP is stricter than XML (RFC 6120 §11.1: no comments, processing
 * instructions, DTDs; no text between stanzas), saxes' verdict is translated: it parses them, we must refuse them.
 * A divergence fails with the input cut down to what still diverges.
 */
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import type { Element } from '../xml.js';
import { StreamParser } from './parser.js';

const STREAMS = 20_000;
const SEED = 0x17_2026;
const HEADER = `<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>`;
const FOOTER = '</stream:stream>';

/** mulberry32: a small seeded generator, so that every run tests the same streams. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const ELEMENT_NAMES = [
  'message',
  'presence',
  'iq',
  'body',
  'show',
  'status',
  'x',
  'c',
  'a:b',
  'é',
  'ü-x',
  '_n',
  '𐀀x',
  'n.1',
  'stream:features',
  'ẞ·',
];
const ATTRIBUTE_NAMES = ['from', 'to', 'id', 'type', 'xmlns', 'xml:lang', 'xmlns:a', 'v', '__proto__', 'constructor', 'ü'];
const TEXT_PIECES = [
  'hi',
  'two words',
  '&amp;',
  '&lt;',
  '&gt;',
  '&quot;',
  '&apos;',
  '&#65;',
  '&#x1F600;',
  '&#x00000041;',
  '&#0065;',
  '😀',
  'é',
  '\r\n',
  '\r',
  '\n',
  '\t',
  ' ',
  ']',
  ']]',
  '>',
  '"',
  "'",
  '=',
  '/',
];
const CDATA_PIECES = ['<b>', '&amp;', ']', ']]', '>', '😀', '\r\n', 'x'];
/** What a mutation inserts: mostly things that break XML or XMPP somewhere. */
const HOSTILE = [
  '<',
  '>',
  '&',
  '&foo;',
  '&#1;',
  '&#xFFFE;',
  '&#x110000;',
  '&#xD800;',
  '\u0000',
  '\uFFFE',
  '\uD800',
  '\uDC00',
  ']]>',
  '<!-- c -->',
  '<?pi x?>',
  '<!DOCTYPE x>',
  '<!ENTITY e "x">',
  '\u00A0',
  '\u3000',
  '\uFEFF',
  '"',
  "'",
  '=',
  '/',
  ' ',
  '<?xml version="1.0"?>',
  'x',
  '<x>',
  '</x>',
  '<y/>',
  '&#x',
  '<![CDATA[',
  '&#x00000041;',
  '\r',
];

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)]!;
}

function text(rand: () => number, pieces: readonly string[], count: number): string {
  let s = '';
  for (let i = 0; i < count; i++) s += pick(rand, pieces);
  return s;
}

function element(rand: () => number, depth: number): string {
  const name = pick(rand, ELEMENT_NAMES);
  let s = `<${name}`;
  const used = new Set<string>();
  for (let a = Math.floor(rand() * 4); a > 0; a--) {
    const attr = pick(rand, ATTRIBUTE_NAMES);
    if (used.has(attr)) continue;
    used.add(attr);
    const quote = rand() < 0.5 ? '"' : "'";
    const value = text(rand, TEXT_PIECES, Math.floor(rand() * 4))
      .split(quote)
      .join(quote === '"' ? '&quot;' : '&apos;')
      .replace(/[<]/g, '&lt;');
    s += `${pick(rand, [' ', '\n', '\t', '  ', '\r\n'])}${attr}${rand() < 0.2 ? ' = ' : '='}${quote}${value}${quote}`;
  }
  const children = depth < 4 ? Math.floor(rand() * 4) : 0;
  if (children === 0 && rand() < 0.5) return `${s}${rand() < 0.3 ? ' ' : ''}/>`;
  s += '>';
  for (let c = 0; c < children; c++) {
    const kind = rand();
    if (kind < 0.45) s += element(rand, depth + 1);
    else if (kind < 0.85) s += text(rand, TEXT_PIECES, 1 + Math.floor(rand() * 4)).replace(/]]>/g, ']]&gt;');
    else s += `<![CDATA[${text(rand, CDATA_PIECES, Math.floor(rand() * 4)).replace(/]]>/g, '')}]]>`;
  }
  return `${s}</${name}${rand() < 0.2 ? ' ' : ''}>`;
}

/** One stream: the header, 1–4 stanzas with whitespace between, the footer; sometimes broken in one place. */
function stream(rand: () => number): string {
  let body = '';
  for (let n = 1 + Math.floor(rand() * 4); n > 0; n--) body += pick(rand, ['', ' ', '\n', '\r\n', '\t']) + element(rand, 1);
  if (rand() < 0.35) {
    const at = Math.floor(rand() * (body.length + 1));
    body =
      rand() < 0.7
        ? body.slice(0, at) + pick(rand, HOSTILE) + body.slice(at)
        : body.slice(0, at) + body.slice(at + 1 + Math.floor(rand() * 3));
  }
  return HEADER + body + FOOTER;
}

/** Chunk boundaries: one code unit at a time, or random small or larger pieces. */
function chunks(input: string, rand: () => number): string[] {
  const mode = rand();
  const out: string[] = [];
  for (let i = 0; i < input.length;) {
    const size = mode < 0.2 ? 1 : mode < 0.7 ? 1 + Math.floor(rand() * 8) : 1 + Math.floor(rand() * 200);
    out.push(input.slice(i, i + size));
    i += size;
  }
  return out;
}

/** A tree both sides can be compared on: [name, [attribute, value][], children], adjacent text merged. */
type Tree = [string, Array<[string, string]>, Array<Tree | string>];

function ours(parts: readonly string[]): Tree[] | 'error' {
  const out: Tree[] = [];
  let failed = false;
  let ended = false;
  const parser = new StreamParser(false, {
    start: () => {},
    element: (el) => out.push(toTree(el)),
    dropped: () => (failed = true),
    end: () => (ended = true),
    error: () => (failed = true),
  });
  parser.limitFor = () => 1 << 20;
  for (const part of parts) parser.write(part);
  return failed || !ended ? 'error' : out;
}

function toTree(el: Element): Tree {
  return [el.name, Object.entries(el.attrs).map(([k, v]) => [k, v!]), el.children.map((c) => (typeof c === 'string' ? c : toTree(c)))];
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** saxes' verdict on the whole input, translated to XMPP's rules. */
function reference(input: string): Tree[] | 'error' {
  const parser = new SaxesParser({ xmlns: false });
  const out: Tree[] = [];
  const open: Tree[] = [];
  let attrs: Array<[string, string]> = [];
  let failed = false;
  const addText = (s: string) => {
    const parent = open.at(-1);
    if (open.length === 1) {
      if (/[^ \t\n]/.test(s)) failed = true; // XMPP: only whitespace between stanzas
      return;
    }
    if (!parent || !s) return;
    const kids = parent[2];
    if (typeof kids.at(-1) === 'string') kids[kids.length - 1] += s;
    else kids.push(s);
  };
  parser.on('error', () => (failed = true));
  parser.on('attribute', ({ name, value }) => attrs.push([name, value]));
  parser.on('opentag', (tag) => {
    const node: Tree = [tag.name, attrs, []];
    attrs = [];
    open.at(-1)?.[2].push(node);
    open.push(node);
  });
  parser.on('closetag', () => {
    const node = open.pop()!;
    if (open.length === 1) out.push(node);
  });
  parser.on('text', addText);
  parser.on('cdata', (s) => (open.length === 1 ? (failed = true) : addText(s)));
  // RFC 6120 §11.1: XML allows these, an XMPP stream does not.
  parser.on('comment', () => (failed = true));
  parser.on('doctype', () => (failed = true));
  parser.on('processinginstruction', () => (failed = true));
  try {
    parser.write(input).close();
  } catch {
    failed = true;
  }
  // saxes 6 lets a lone surrogate through (in CDATA at least); XML 1.0 §2.2 Char has none.
  if (LONE_SURROGATE.test(input)) failed = true;
  for (const tree of out) dropEmptyText(tree);
  return failed ? 'error' : out;
}

/** Empty text nodes: neither side keeps them. */
function dropEmptyText(tree: Tree): void {
  tree[2] = tree[2].filter((c) => c !== '');
  for (const c of tree[2]) if (typeof c !== 'string') dropEmptyText(c);
}

function diverges(input: string, split: (s: string) => string[]): boolean {
  return JSON.stringify(ours(split(input))) !== JSON.stringify(reference(input));
}

/** The input cut down, a character range at a time, while it still diverges under one of the splits. */
function minimise(input: string, seed: number): string {
  const splits = [(s: string) => [s], (s: string) => [...s.split('')], (s: string) => chunks(s, random(seed))];
  const fails = (s: string) => splits.some((split) => diverges(s, split));
  // The header and footer stay: only what is between them is cut.
  let best = input.slice(HEADER.length, -FOOTER.length);
  for (let size = best.length >> 1; size >= 1; size >>= 1) {
    for (let at = 0; at + size <= best.length;) {
      const shorter = best.slice(0, at) + best.slice(at + size);
      if (fails(HEADER + shorter + FOOTER)) best = shorter;
      else at += size;
    }
  }
  return HEADER + best + FOOTER;
}

describe('stream parser, differential fuzzing against saxes (XML 1.0) with XMPP restrictions', () => {
  it(`agrees on ${STREAMS} random streams split at random places (seed ${SEED})`, () => {
    const rand = random(SEED);
    let broken = 0;
    for (let n = 0; n < STREAMS; n++) {
      const input = stream(rand);
      const chunkSeed = Math.floor(rand() * 2 ** 32);
      const parts = chunks(input, random(chunkSeed));
      const expected = reference(input);
      if (expected === 'error') broken++;
      const got = ours(parts);
      if (JSON.stringify(got) !== JSON.stringify(expected)) {
        const small = minimise(input, chunkSeed);
        expect.fail(
          `stream ${n} diverges: ours ${JSON.stringify(ours(chunks(small, random(chunkSeed))))}, reference ${JSON.stringify(reference(small))}\n` +
            `minimised input: ${JSON.stringify(small)}`,
        );
      }
    }
    // Both kinds were exercised: well-formed streams and broken ones.
    expect(broken).toBeGreaterThan(STREAMS / 10);
    expect(broken).toBeLessThan(STREAMS / 2);
  }, 60_000);
});
