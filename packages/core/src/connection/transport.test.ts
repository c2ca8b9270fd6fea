import { createServer, type AddressInfo } from 'node:net';
import type { Element } from '../xml.js';
import { describe, expect, it, vi } from 'vitest';
import { FakeServer } from '../../test-support/fake-server.js';
import { Transport, type StreamSink } from './transport.js';

async function harness(maxStanzaSize = 1000) {
  const events: Array<[string, string]> = [];
  const sink: StreamSink = {
    element: (el: Element) => events.push(['element', el.toString()]),
    dropped: (name, why) => events.push(['oversized', `${name}:${/of more than (\d+)/.exec(why)?.[1]}`]),
    malformed: (reason, condition) => events.push([condition === 'policy-violation' ? 'flood' : 'malformed', reason]),
    closed: (reason) => events.push(['closed', reason]),
  };
  const limits = { relayed: maxStanzaSize, own: maxStanzaSize * 10, bare: 'alice@localhost', domain: 'localhost' };
  const info = { protocol: 'ws:' as const, hostname: 'localhost', tls: false, loopback: true };
  const server = new FakeServer();
  const transport = new Transport({ service: 'ws://localhost/xmpp', domain: 'localhost', info, WebSocket: server.WebSocket }, sink, limits);
  await transport.connect();
  await transport.open();
  events.length = 0; // the scripted server's stream features
  const feed = (...chunks: string[]) => server.last.deliver(...chunks);
  return { transport, events, feed };
}

describe('stream input (RFC 7395 WebSocket framing; RFC 6120 §4 over TCP)', () => {
  it('keeps a multi-byte character intact when a TCP read splits it (real socket)', async () => {
    const bytes = new TextEncoder().encode('<message><body>héllo ✓ 😀</body></message>');
    const cut = bytes.indexOf(0xf0) + 2; // inside the 4-byte emoji
    const server = createServer((socket) => {
      socket.once('data', () => {
        socket.write(
          `<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>`,
        );
        socket.write(bytes.subarray(0, cut));
        setTimeout(() => socket.write(bytes.subarray(cut)), 30);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const got = new Promise<string>((resolve, reject) => {
      const sink: StreamSink = { element: (el) => resolve(el.toString()), dropped: reject, malformed: reject, closed: reject };
      const info = { protocol: 'xmpp:' as const, hostname: '127.0.0.1', tls: false, loopback: true };
      const transport = new Transport({ service: `xmpp://127.0.0.1:${port}`, domain: 'localhost', info }, sink, {
        relayed: 1000,
        own: 1000,
        bare: 'a@localhost',
        domain: 'localhost',
      });
      void transport
        .connect()
        .then(() => transport.open())
        .catch(reject);
      setTimeout(() => transport.destroy(), 5000);
    });
    try {
      expect(await got).toBe('<message><body>héllo ✓ 😀</body></message>');
    } finally {
      server.close();
    }
  });

  it('ends a TCP stream with invalid UTF-8 as not-well-formed instead of reading U+FFFD (real socket)', async () => {
    const server = createServer((socket) => {
      socket.once('data', () => {
        socket.write(
          `<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>`,
        );
        socket.write('<message><body>ok</body></message><message><body>');
        // A read with invalid UTF-8 is refused whole (what came before it in the same read too: XEP-0198 resends it).
        setTimeout(() => {
          socket.write(Uint8Array.of(0x61, 0xc3, 0x28, 0x62)); // 0xC3 0x28: a lead byte without its continuation
          socket.write('</body></message>');
        }, 30);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const events: string[] = [];
    const sink: StreamSink = {
      element: (el) => events.push(el.toString()),
      dropped: (name) => events.push(`dropped ${name}`),
      malformed: (reason, condition) => events.push(`${condition}: ${reason}`),
      closed: () => {},
    };
    const info = { protocol: 'xmpp:' as const, hostname: '127.0.0.1', tls: false, loopback: true };
    const transport = new Transport({ service: `xmpp://127.0.0.1:${port}`, domain: 'localhost', info }, sink, {
      relayed: 1000,
      own: 1000,
      bare: 'a@localhost',
      domain: 'localhost',
    });
    try {
      await transport.connect();
      void transport.open();
      await vi.waitFor(() => expect(events).toHaveLength(2));
      expect(events).toEqual(['<message><body>ok</body></message>', 'not-well-formed: invalid UTF-8']);
    } finally {
      transport.destroy();
      server.close();
    }
  });

  it('ignores whitespace keepalives between stanzas instead of piling them onto the root (TCP)', async () => {
    const server = createServer((socket) => {
      socket.once('data', () => {
        socket.write(
          `<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>`,
        );
        for (const chunk of [' ', '\n', '<presence/>', '  ', '<presence/>']) socket.write(chunk);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const elements: Element[] = [];
    const sink: StreamSink = { element: (el) => elements.push(el), dropped: () => {}, malformed: () => {}, closed: () => {} };
    const info = { protocol: 'xmpp:' as const, hostname: '127.0.0.1', tls: false, loopback: true };
    const transport = new Transport({ service: `xmpp://127.0.0.1:${port}`, domain: 'localhost', info }, sink, {
      relayed: 1000,
      own: 1000,
      bare: 'a@localhost',
      domain: 'localhost',
    });
    try {
      await transport.connect();
      await transport.open();
      await vi.waitFor(() => expect(elements).toHaveLength(2));
      expect(elements[0]!.parent!.name).toBe('stream:stream');
      expect(elements[0]!.parent!.children).toEqual([]);
      expect(elements[0]!.getNS()).toBe('jabber:client');
    } finally {
      transport.destroy();
      server.close();
    }
  });

  it('drops an element over the size cap, still naming it, and carries on with the next', async () => {
    const { events, feed } = await harness(1000);
    feed(`<message from="bob@localhost/x"><body>${'x'.repeat(600)}</body><body>${'y'.repeat(600)}</body></message>`, '<presence/>');
    expect(events.map((e) => e[0])).toEqual(['oversized', 'element']);
    expect(events[0]![1]).toMatch(/^message:\d+$/);
    expect(events[1]![1]).toBe('<presence/>');
  });

  it("gives the server's own stanzas (no from, or from our domain/account) a larger cap than relayed ones", async () => {
    const { events, feed } = await harness(1000);
    const items = Array.from({ length: 100 }, (_, i) => `<item jid="user${i}@localhost" subscription="both"/>`).join('');
    feed(`<iq type="result" id="r1"><query xmlns="jabber:iq:roster">${items}</query></iq>`);
    feed(`<iq type="result" id="r2" from="alice@localhost"><query xmlns="jabber:iq:roster">${items}</query></iq>`);
    feed(`<iq type="result" id="r3" from="bob@localhost/x"><query xmlns="jabber:iq:roster">${items}</query></iq>`);
    feed(`<iq type="result" id="r4" from="alice@localhost.evil"><query xmlns="jabber:iq:roster">${items}</query></iq>`);
    // Our account and server in any letter case, and our own full JID, are ours too.
    feed(`<iq type="result" id="r5" from="ALICE@LocalHost/Phone"><query xmlns="jabber:iq:roster">${items}</query></iq>`);
    feed(`<iq type="result" id="r6" from="LOCALHOST"><query xmlns="jabber:iq:roster">${items}</query></iq>`);
    feed(`<iq type="result" id="r7" from="alice@localhostx/y"><query xmlns="jabber:iq:roster">${items}</query></iq>`);
    expect(events.map((e) => e[0])).toEqual(['element', 'element', 'oversized', 'oversized', 'element', 'element', 'oversized']);
    expect(events[2]![1]).toMatch(/^iq:/);
  });

  it('reports flood when an element never completes (a huge text node) instead of buffering forever', async () => {
    const { events, feed } = await harness(1000);
    feed('<message from="bob@localhost/x"><body>');
    for (let i = 0; i < 10; i++) feed('z'.repeat(500));
    expect(events).toEqual([['flood', expect.stringMatching(/without a complete element/)]]);
    feed('</body></message>');
    expect(events.length).toBe(1);
  });

  it('reports malformed XML (mismatched tags, bad entities) without throwing into the socket', async () => {
    const a = await harness();
    expect(() => a.feed('<message></presence>')).not.toThrow();
    expect(a.events[0]![0]).toBe('malformed');
    const b = await harness();
    expect(() => b.feed('<message><body>&bogus;</body></message>')).not.toThrow();
    expect(b.events[0]![0]).toBe('malformed');
    b.feed('<presence/>');
    expect(b.events.length).toBe(1);
  });

  it('reports the server closing the stream', async () => {
    const { events, feed } = await harness();
    feed('<close xmlns="urn:ietf:params:xml:ns:xmpp-framing"/>');
    expect(events).toEqual([['closed', 'stream closed by server']]);
  });
});
