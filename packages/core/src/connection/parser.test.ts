import { describe, expect, it } from 'vitest';
import type { Element } from '../xml.js';
import { xml } from '../xml.js';
import { StreamParser } from './parser.js';

const HEADER = `<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>`;

function parse(text: string | string[], { framed = false, limit = 1 << 20 } = {}) {
  const elements: Element[] = [];
  const log: string[] = [];
  const parser = new StreamParser(framed, {
    start: (h) => log.push(`start:${h.name}`),
    element: (el) => (elements.push(el), log.push(`element:${el.name}`)),
    dropped: (name, why) => {
      const [, max, size] = /of more than (\d+) characters \((\d+) in all\)/.exec(why) ?? [];
      log.push(`oversized:${name}:${Number(size) > Number(max)}`);
    },
    end: () => log.push('end'),
    error: (reason) => log.push(`error:${reason}`),
  });
  parser.limitFor = () => limit;
  for (const chunk of Array.isArray(text) ? text : [text]) parser.write(chunk);
  return { elements, log, parser };
}

const STANZAS =
  `<presence from='bob@example.com/desk' xml:lang="en"><show>dnd</show><status>In a meeting &amp; "busy" &lt;3 &#x1F600; &#233;</status>` +
  `<priority>5</priority><c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='https://a.example/?x=1&amp;y=>2' ver='Q='/>` +
  `<idle xmlns='urn:xmpp:idle:1' since='2026-11-22T08:00:00Z'/></presence>` +
  `<message type='chat' from="bob@example.com/desk"><body><![CDATA[<b>not markup</b> & more]]> tail</body><composing xmlns='http://jabber.org/protocol/chatstates'/></message>`;

describe('stream parser (RFC 6120 §4, §11)', () => {
  it('parses stanzas: attributes in both quote styles, entities, character references, CDATA, namespaces', () => {
    const { elements, log } = parse(HEADER + STANZAS);
    expect(log).toEqual(['start:stream:stream', 'element:presence', 'element:message']);
    const [presence, message] = elements as [Element, Element];
    expect(presence.attrs).toEqual({ from: 'bob@example.com/desk', 'xml:lang': 'en' });
    expect(presence.getChildText('status')).toBe('In a meeting & "busy" <3 😀 é');
    expect(presence.getChild('c', 'http://jabber.org/protocol/caps')!.attrs.node).toBe('https://a.example/?x=1&y=>2');
    expect(presence.getChild('idle', 'urn:xmpp:idle:1')!.attrs.since).toBe('2026-11-22T08:00:00Z');
    expect(presence.getNS()).toBe('jabber:client');
    expect(presence.getChild('show')!.getNS()).toBe('jabber:client');
    expect(message.getChildText('body')).toBe('<b>not markup</b> & more tail');
    expect(message.getChild('composing', 'http://jabber.org/protocol/chatstates')).toBeDefined();
  });

  it('gives the same result whatever the chunk boundaries (one character at a time)', () => {
    const whole = parse(HEADER + STANZAS).elements.map(String);
    const split = parse([...(HEADER + STANZAS)]).elements.map(String);
    expect(split).toEqual(whole);
    expect(whole).toHaveLength(2);
  });

  it('round-trips: what it parses serialises back to equivalent XML', () => {
    const { elements } = parse(HEADER + STANZAS);
    const again = parse(HEADER + elements.map(String).join('')).elements;
    expect(again.map(String)).toEqual(elements.map(String));
    expect(String(xml('body', {}, 'a<b & "c"'))).toBe('<body>a&lt;b &amp; "c"</body>');
    expect(String(xml('x', { v: `'"<&\n` }))).toBe('<x v="&apos;&quot;&lt;&amp;&#10;"/>');
  });

  it('RFC 7395 framing: <open/> starts, stanzas are top-level, <close/> ends', () => {
    const { log, elements } = parse(
      [
        `<open xmlns="urn:ietf:params:xml:ns:xmpp-framing" from="example.com" version="1.0"/>`,
        `<presence xmlns="jabber:client"/>`,
        `<close xmlns="urn:ietf:params:xml:ns:xmpp-framing"/>`,
      ],
      { framed: true },
    );
    expect(log).toEqual(['start:open', 'element:presence', 'end']);
    expect(elements[0]!.parent).toBeNull();
  });

  it('refuses what RFC 6120 §11.1 forbids: comments, processing instructions, DTDs, unknown entities', () => {
    for (const bad of [
      '<message><!-- hi --></message>',
      '<?evil x?>',
      '<!DOCTYPE x [<!ENTITY a "b">]>',
      '<message><body>&bogus;</body></message>',
      '<message a="&#0;"/>',
      '<message><body>&#xD800;</body></message>',
      '<message><body>a & b</body></message>',
    ]) {
      const { log } = parse([HEADER, bad]);
      expect(log.at(-1), bad).toMatch(/^error:/);
    }
  });

  it('refuses malformed markup and stops at the first error', () => {
    const cases = [
      '<message></presence>',
      '<message a="1" a="2"/>',
      '<message a=1/>',
      '<message a="x<y"/>',
      '</message>',
      '<message>',
      'text<presence/>',
      '<message foo/>',
    ];
    for (const bad of cases) {
      const { log } = parse([HEADER, bad === '<message>' ? '<message></stream:stream>' : bad, '<presence/>']);
      expect(
        log.filter((l) => l.startsWith('error:')),
        bad,
      ).toHaveLength(1);
      expect(log, bad).not.toContain('element:presence');
    }
  });

  it('skips an element over its cap, naming it, and goes on with the next one', () => {
    const { log } = parse([HEADER, `<message><body>${'x'.repeat(500)}</body><body>y</body></message>`, '<presence/>'], { limit: 100 });
    expect(log).toEqual(['start:stream:stream', 'oversized:message:true', 'element:presence']);
  });

  it('keeps namespaces and addresses apart, decoded where needed; an element without attributes has none', () => {
    const stanzas =
      `<presence to='me@x/r'><c xmlns='urn:a:caps'/><d xmlns='urn:b:caps'/><e xmlns='urn:a:caps'/></presence>` +
      `<presence to='me@y/r'><c xmlns="a&amp;b:caps"/><c xmlns='a&lt;b:caps'/><show>dnd</show></presence>` +
      `<presence to='me@x/r'><c xmlns='urn:b:caps'/></presence>`;
    const { elements, log } = parse(HEADER + stanzas);
    expect(log).toEqual(['start:stream:stream', 'element:presence', 'element:presence', 'element:presence']);
    const seen = elements.map((p) => [p.attrs.to, ...p.getChildElements().map((c) => c.attrs.xmlns ?? null)]);
    expect(seen).toEqual([
      ['me@x/r', 'urn:a:caps', 'urn:b:caps', 'urn:a:caps'],
      ['me@y/r', 'a&b:caps', 'a<b:caps', null],
      ['me@x/r', 'urn:b:caps'],
    ]);
    // An element without attributes reads as one with none.
    expect(elements[1]!.getChild('show')!.attrs).toEqual({});
  });

  it('ignores whitespace between stanzas and reports the end of the stream', () => {
    const { log } = parse([HEADER, ' \n\t', '<presence/>', '\r\n ', '</stream:stream>']);
    expect(log).toEqual(['start:stream:stream', 'element:presence', 'end']);
  });

  it('takes attribute names that collide with Object.prototype as plain attributes (a peer cannot break the stream with them)', () => {
    const { elements, log } = parse([
      HEADER,
      `<presence constructor="c" toString='t' __proto__="p" hasOwnProperty="h" from="bob@example.com/x"/>`,
    ]);
    expect(log).toEqual(['start:stream:stream', 'element:presence']);
    const attrs = elements[0]!.attrs;
    expect(attrs).toMatchObject({ constructor: 'c', toString: 't', hasOwnProperty: 'h', from: 'bob@example.com/x' });
    expect(Object.getPrototypeOf(attrs)).toBe(Object.prototype);
  });

  it('decodes only the predefined entities and valid character references', () => {
    // Text through the parser, as the removed unescapeXml helper decoded it: the text, or a throw on an error.
    const unescapeXml = (text: string) => {
      const { elements, log } = parse(HEADER + `<body>${text}</body>`);
      if (log.at(-1)!.startsWith('error:')) throw new Error(log.at(-1));
      return elements[0]!.getText();
    };
    expect(unescapeXml('&lt;&gt;&amp;&quot;&apos;&#65;&#x42;')).toBe(`<>&"'AB`);
    expect(() => unescapeXml('&nbsp;')).toThrow();
    expect(() => unescapeXml('&#x110000;')).toThrow();
    expect(() => unescapeXml('&#12a;')).toThrow();
  });
});
