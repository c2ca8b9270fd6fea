/**
 * Conformance table for the stream parser: every case of the hostile-input report (issue 17), each with its exact
 * outcome — the parsed tree, or the RFC 6120 §4.9.3 condition the stream ends with. XML 1.0 (fifth edition) for
 * what XMPP allows; RFC 6120 §11.1 for what it does not.
 */
import { describe, expect, it } from 'vitest';
import { Element } from '../xml.js';
import { MAX_DEPTH, StreamParser, type XmlErrorCondition } from './parser.js';

const HEADER = `<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>`;

interface Outcome {
  elements: Element[];
  dropped: string[];
  error?: { reason: string; condition: XmlErrorCondition };
}

function run(chunks: string[], limit = 1 << 20): Outcome {
  const out: Outcome = { elements: [], dropped: [] };
  const parser = new StreamParser(false, {
    start: () => {},
    element: (el) => out.elements.push(el),
    dropped: (name, why) => out.dropped.push(`${name} ${why}`),
    end: () => {},
    error: (reason, condition) => (out.error ??= { reason, condition }),
  });
  parser.limitFor = () => limit;
  for (const chunk of chunks) parser.write(chunk);
  return out;
}

/** The stanzas after the stream header, whole and one code unit at a time: both must give `expected`. */
function outcome(stanzas: string, limit?: number): Outcome {
  const whole = run([HEADER + stanzas], limit);
  const split = run([HEADER, ...stanzas.split('')], limit);
  expect(summary(split), 'same outcome in 1-code-unit chunks').toEqual(summary(whole));
  return whole;
}

const summary = (o: Outcome) => ({ elements: o.elements.map(String), dropped: o.dropped, condition: o.error?.condition });

/** The condition a stanza ends the stream with (and that no element got through). */
function conditionOf(stanza: string): XmlErrorCondition | undefined {
  const o = outcome(stanza);
  expect(o.elements).toEqual([]);
  return o.error?.condition;
}

function textOf(stanza: string): string {
  const o = outcome(stanza);
  expect(o.error).toBeUndefined();
  return o.elements[0]!.getText();
}

describe('conformance table (issue 17 cases)', () => {
  it.each([
    ['<body>&toString;</body>', 'restricted-xml'],
    ['<body>&__proto__;</body>', 'restricted-xml'],
    [`<message id='&valueOf;'/>`, 'restricted-xml'],
    ['<body>&nbsp;</body>', 'restricted-xml'],
    ['<body>&1a;</body>', 'not-well-formed'],
    ['<body>a & b</body>', 'not-well-formed'],
  ] as const)('entity references: %j → %s', (stanza, condition) => {
    expect(conditionOf(stanza)).toBe(condition);
  });

  it.each([
    ['<body>\u0000</body>'],
    ['<body>\u0001</body>'],
    ['<body>\uD800</body>'],
    ['<body>\uDC00x</body>'],
    ['<body>\uFFFE</body>'],
    ['<body>&#1;</body>'],
    ['<body>&#xB;</body>'],
    ['<body>&#xFFFE;</body>'],
    ['<body>&#xD800;</body>'],
    ['<body>&#0;</body>'],
    ['<body>&#x110000;</body>'],
    [`<body a='&#1;'/>`],
  ])('characters outside XML Char, literal or referenced: %j → not-well-formed', (stanza) => {
    expect(conditionOf(stanza)).toBe('not-well-formed');
  });

  it.each([
    ['<1a/>'],
    ['<-x/>'],
    ['<a!b/>'],
    ['<a?/>'],
    ['<×/>'],
    ['<\u0301a/>'],
    ['<presence ="x"/>'],
    ['<a\u0000b/>'],
    ['<presence a\u00A0b="x"/>'],
    ['<presence a="1"b="2"/>'],
  ])('invalid names: %j → not-well-formed', (stanza) => {
    expect(conditionOf(stanza)).toBe('not-well-formed');
  });

  it('valid names beyond ASCII are accepted (NameStartChar / NameChar, astral included)', () => {
    const o = outcome(`<é·-.1 𐀀="x" a:b='y'/>`);
    expect(o.error).toBeUndefined();
    expect(o.elements[0]!.name).toBe('é·-.1');
    expect(o.elements[0]!.attrs).toEqual({ '𐀀': 'x', 'a:b': 'y' });
  });

  it.each([
    ['<body>a]]>b</body>', 'not-well-formed'],
    ['<body>a]]&gt;b</body>', undefined],
    ['\u00A0<presence/>', 'not-well-formed'],
    ['\u3000<presence/>', 'not-well-formed'],
    ['\uFEFF<presence/>', 'not-well-formed'],
    ['<presence></presence\u00A0>', 'not-well-formed'],
    ['<presence></presence\u3000>', 'not-well-formed'],
    ['<presence></presence \t\n>', undefined],
  ] as const)('"]]>" in text and non-XML whitespace: %j → %s', (stanza, condition) => {
    expect(outcome(stanza).error?.condition).toBe(condition);
  });

  it('whitespace other than XML S before the stream header is refused', () => {
    expect(run(['\u00A0' + HEADER]).error?.condition).toBe('not-well-formed');
    expect(run(['\uFEFF' + HEADER]).error?.condition).toBe('not-well-formed');
  });

  it('keeps an attribute named __proto__ as an attribute, and reports it twice as a duplicate', () => {
    const [presence] = outcome(`<presence __proto__="p" from="a@b/c"/>`).elements;
    expect(Object.getOwnPropertyDescriptor(presence!.attrs, '__proto__')?.value).toBe('p');
    expect(presence!.attrs).toEqual({ ['__proto__']: 'p', from: 'a@b/c' });
    expect(Object.getPrototypeOf(presence!.attrs)).toBe(Object.prototype);
    expect(String(presence)).toBe('<presence __proto__="p" from="a@b/c"/>');
    const twice = outcome(`<presence __proto__="p" __proto__="q"/>`);
    expect(twice.error?.condition).toBe('not-well-formed');
    expect(twice.error?.reason).toMatch(/attribute __proto__ of <presence> is duplicated/);
  });

  it.each([
    [`<?xml version='1.0'?><presence/>`, 'not-well-formed'],
    ['<?xml ?>', 'not-well-formed'],
    ['<?xml k?>', 'not-well-formed'],
    ['<message><?xml-stylesheet href="x"?></message>', 'restricted-xml'],
    ['<?evil x?>', 'restricted-xml'],
    ['<presence><?pi?></presence>', 'restricted-xml'],
    ['<!-- hi -->', 'restricted-xml'],
    ['<message><!-- hi --></message>', 'restricted-xml'],
    ['<!DOCTYPE x [<!ENTITY a "b">]>', 'restricted-xml'],
    ['<!ENTITY a "b">', 'restricted-xml'],
    ['<message><!ELEMENT x ANY></message>', 'restricted-xml'],
    ['<message><!x></message>', 'not-well-formed'],
  ] as const)('declarations, comments, processing instructions, DTDs: %j → %s', (stanza, condition) => {
    expect(conditionOf(stanza)).toBe(condition);
  });

  it('a malformed XML declaration at the start is refused too; a valid one is accepted', () => {
    const bad = `<stream:stream xmlns:stream='http://etherx.jabber.org/streams'>`;
    expect(run([`<?xml ?>${bad}`]).error?.condition).toBe('not-well-formed');
    expect(run([`<?xml version='1.0' standalone='maybe'?>${bad}`]).error?.condition).toBe('not-well-formed');
    expect(run([`<?xml version="1.0" encoding="UTF-8" standalone='yes' ?>${bad}<a/>`]).elements.map(String)).toEqual(['<a/>']);
  });

  it.each([
    ['&#x00000041;', 'A'],
    ['&#0000065;', 'A'],
    ['&#x1F600;&#128512;', '😀😀'],
    ['&lt;&gt;&amp;&quot;&apos;', `<>&"'`],
  ])('character references, leading zeros included: %j → %j', (ref, text) => {
    expect(textOf(`<body>${ref}</body>`)).toBe(text);
  });

  it.each([['&#0x41;'], ['&#X41;'], ['&#;'], ['&#x;'], ['&#12a;']])('malformed character reference %j → not-well-formed', (ref) => {
    expect(conditionOf(`<body>${ref}</body>`)).toBe('not-well-formed');
  });

  it('normalises line ends in text (CRLF and CR to LF) and whitespace in attribute values (to spaces)', () => {
    expect(textOf('<body>a\r\nb\rc\n\r\nd</body>')).toBe('a\nb\nc\n\nd');
    expect(textOf('<body><![CDATA[a\r\nb]]></body>')).toBe('a\nb');
    const [el] = outcome(`<x v="a\tb\nc\r\nd\re" w='&#9;&#10;&#13;'/>`).elements;
    expect(el!.attrs.v).toBe('a b c d e');
    expect(el!.attrs.w).toBe('\t\n\r'); // referenced characters are kept as they are
  });

  it('a CR split from its LF by a chunk boundary is still one line end', () => {
    expect(run([HEADER, '<body>a\r', '\nb\r', 'c</body>']).elements[0]!.getText()).toBe('a\nb\nc');
  });

  it('the stream must open with <stream:stream> in its namespace', () => {
    expect(run(['<presence/>']).error?.condition).toBe('invalid-namespace');
    expect(run([`<stream xmlns='jabber:client'>`]).error?.condition).toBe('invalid-namespace');
    expect(run([`<stream:stream xmlns:stream='urn:other'>`]).error?.condition).toBe('invalid-namespace');
    expect(run([`<s:stream xmlns:s='http://etherx.jabber.org/streams'><a/>`]).elements.map(String)).toEqual(['<a/>']);
  });

  it('RFC 7395: a framed stream must open with <open/>', () => {
    const out: string[] = [];
    const parser = new StreamParser(true, {
      start: (h) => out.push(`start:${h.name}`),
      element: (el) => out.push(String(el)),
      dropped: () => out.push('dropped'),
      end: () => out.push('end'),
      error: (_reason, condition) => out.push(`error:${condition}`),
    });
    parser.write('<presence xmlns="jabber:client"/>');
    expect(out).toEqual(['error:invalid-namespace']);
  });

  it(`drops an element nested deeper than ${MAX_DEPTH} levels, still checking it, and goes on`, () => {
    const deep = (n: number) => '<a>'.repeat(n) + '</a>'.repeat(n);
    const ok = outcome(`<presence>${deep(MAX_DEPTH - 1)}</presence>`);
    expect(ok.elements).toHaveLength(1);
    const o = run([HEADER, `<presence><priority>x</priority>${deep(10_000)}</presence><presence/>`]);
    expect(o.dropped).toEqual([`presence nested deeper than ${MAX_DEPTH} elements`]);
    expect(o.elements.map(String)).toEqual(['<presence/>']);
    expect(run([HEADER, `<presence>${'<a>'.repeat(100)}</b>${'</a>'.repeat(100)}</presence>`]).error?.condition).toBe('not-well-formed');
  });

  it('serialises a 10,000-deep element without exhausting the call stack', () => {
    const root = new Element('presence');
    let el = root;
    for (let i = 0; i < 10_000; i++) el = el.c('a');
    el.t('x');
    expect(String(root)).toBe(`<presence>${'<a>'.repeat(10_000)}x${'</a>'.repeat(10_000)}</presence>`);
  });

  it('refuses an oversized element while reading it, and still checks the end tags inside it', () => {
    const big = 'x'.repeat(5000);
    const o = outcome(`<message><body>${big}</body><x a='${big}'/></message><presence/>`, 1000);
    // Names, attribute values and text count: 7 + 4 + 5000 + 1 + 1 + 5000.
    expect(o.dropped).toEqual(['message of more than 1000 characters (10013 in all)']);
    expect(o.elements.map(String)).toEqual(['<presence/>']);
    expect(outcome(`<message><body>${big}</bodx></message>`, 1000).error?.condition).toBe('not-well-formed');
    expect(outcome(`<message><body>${big}&bogus;</body></message>`, 1000).error?.condition).toBe('restricted-xml');
  });

  it('refuses an oversized start tag while reading it (the cap applies before the tag is complete)', () => {
    const o = outcome(`<message a='${'v'.repeat(5000)}'/><presence/>`, 1000);
    expect(o.dropped).toHaveLength(1);
    expect(o.dropped).toEqual(['message of more than 1000 characters (5008 in all)']);
    expect(o.elements.map(String)).toEqual(['<presence/>']);
  });

  it('splits inside names, attribute values, references and astral characters give the same tree', () => {
    const stanza = `<presence from='a@b/c' v="&#x1F600;😀&amp;"><status>é😀&lt;&#x00000041;</status></presence>`;
    const expected = outcome(stanza).elements.map(String);
    for (let cut = 1; cut < stanza.length; cut++) {
      expect(run([HEADER, stanza.slice(0, cut), stanza.slice(cut)]).elements.map(String), `cut at ${cut}`).toEqual(expected);
    }
    expect(expected).toEqual([`<presence from="a@b/c" v="😀😀&amp;"><status>é😀&lt;A</status></presence>`]);
  });
});
