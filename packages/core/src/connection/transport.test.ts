import type { Element } from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import { GuardedParser } from './parser.js';
import { Entity, type StreamSink } from './transport.js';

function harness(maxStanzaSize = 1000) {
  const events: Array<[string, string]> = [];
  const sink: StreamSink = {
    element: (el: Element) => events.push(['element', el.toString()]),
    oversized: (name, size) => events.push(['oversized', `${name}:${size}`]),
    malformed: (reason, flood) => events.push([flood ? 'flood' : 'malformed', reason]),
    closed: (reason) => events.push(['closed', reason]),
  };
  const limits = { relayed: maxStanzaSize, own: maxStanzaSize * 10, bare: 'alice@localhost', domain: 'localhost' };
  const entity = new Entity({ service: 'xmpp://localhost', domain: 'localhost', timeout: 1000 }, sink, limits);
  entity._attachParser(new GuardedParser(false));
  const feed = (...chunks: Array<string | Uint8Array>) => chunks.forEach((c) => entity._onData(c));
  feed(`<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>`);
  return { entity, events, feed };
}

describe('stream input (RFC 6120 §4 over TCP)', () => {
  it('keeps a multi-byte character intact when a TCP read splits it', () => {
    const { events, feed } = harness();
    const bytes = new TextEncoder().encode('<message><body>héllo ✓ 😀</body></message>');
    const cut = bytes.indexOf(0xf0) + 2; // inside the 4-byte emoji
    feed(bytes.subarray(0, cut), bytes.subarray(cut));
    expect(events).toEqual([['element', '<message><body>héllo ✓ 😀</body></message>']]);
  });

  it('ignores whitespace keepalives between stanzas instead of piling them onto the root', () => {
    const { entity, events, feed } = harness();
    feed(' ', '\n', '<presence/>', '  ');
    expect(events.map((e) => e[0])).toEqual(['element']);
    expect((entity.parser as GuardedParser).root!.children).toEqual([]);
  });

  it('drops an element over the size cap, still naming it, and carries on with the next', () => {
    const { events, feed } = harness(1000);
    feed(`<message from="bob@localhost/x"><body>${'x'.repeat(600)}</body><body>${'y'.repeat(600)}</body></message>`, '<presence/>');
    expect(events.map((e) => e[0])).toEqual(['oversized', 'element']);
    expect(events[0]![1]).toMatch(/^message:\d+$/);
    expect(events[1]![1]).toBe('<presence/>');
  });

  it("gives the server's own stanzas (no from, or from our domain/account) a larger cap than relayed ones", () => {
    const { events, feed } = harness(1000);
    const items = Array.from({ length: 100 }, (_, i) => `<item jid="user${i}@localhost" subscription="both"/>`).join('');
    feed(`<iq type="result" id="r1"><query xmlns="jabber:iq:roster">${items}</query></iq>`);
    feed(`<iq type="result" id="r2" from="alice@localhost"><query xmlns="jabber:iq:roster">${items}</query></iq>`);
    feed(`<iq type="result" id="r3" from="bob@localhost/x"><query xmlns="jabber:iq:roster">${items}</query></iq>`);
    feed(`<iq type="result" id="r4" from="alice@localhost.evil"><query xmlns="jabber:iq:roster">${items}</query></iq>`);
    expect(events.map((e) => e[0])).toEqual(['element', 'element', 'oversized', 'oversized']);
    expect(events[2]![1]).toMatch(/^iq:/);
  });

  it('reports flood when an element never completes (a huge text node) instead of buffering forever', () => {
    const { events, feed } = harness(1000);
    feed('<message from="bob@localhost/x"><body>');
    for (let i = 0; i < 10; i++) feed('z'.repeat(500));
    expect(events).toEqual([['flood', expect.stringMatching(/without a complete element/)]]);
    feed('</body></message>');
    expect(events.length).toBe(1);
  });

  it('reports malformed XML (mismatched tags, bad entities) without throwing into the socket', () => {
    const a = harness();
    expect(() => a.feed('<message></presence>')).not.toThrow();
    expect(a.events[0]![0]).toBe('malformed');
    const b = harness();
    expect(() => b.feed('<message><body>&bogus;</body></message>')).not.toThrow();
    expect(b.events[0]![0]).toBe('malformed');
    b.feed('<presence/>');
    expect(b.events.length).toBe(1);
  });

  it('reports the server closing the stream', () => {
    const { events, feed } = harness();
    feed('</stream:stream>');
    expect(events).toEqual([['closed', 'stream closed by server']]);
  });
});
