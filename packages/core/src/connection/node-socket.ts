/**
 * TCP (RFC 6120), direct TLS (XEP-0368) and STARTTLS (RFC 6120 §5) sockets — Node only. Browser bundles get
 * node-socket.browser.ts instead (package.json "browser" map), so they carry none of this; `net` and `tls`
 * are loaded by opaque specifiers (node-only.ts) all the same, for bundlers that compile core's sources.
 */
import { PresenceError } from '../errors.js';
import { importNodeOnly } from './node-only.js';

/** A Node stream socket (net.Socket or tls.TLSSocket), as much as the transport uses of it. */
export interface NodeSocket {
  on(event: string, fn: (...args: never[]) => void): void;
  off(event: string, fn: (...args: never[]) => void): void;
  write(data: string, cb: (error?: Error | null) => void): boolean;
  destroy(): void;
}

/** What we call of node:net and node:tls: `connect`, with the options of either. */
interface NodeNet {
  connect(options: { host?: string; port?: number; servername?: string; ALPNProtocols?: string[]; socket?: NodeSocket }): NodeSocket;
}

async function nodeModule(name: 'node:net' | 'node:tls'): Promise<NodeNet> {
  if (typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node !== 'string') {
    throw new PresenceError('unsupported', 'xmpp:// and xmpps:// need Node; in browsers use wss://');
  }
  // The module is Node's own, loaded by name so bundlers leave it out: its shape is known, not checked.
  return importNodeOnly(name) as Promise<unknown> as Promise<NodeNet>;
}

/** Resolves with `socket` once it emits `readyEvent`; rejects if it errors or closes first. */
function ready(socket: NodeSocket, readyEvent: string): Promise<NodeSocket> {
  return new Promise((resolve, reject) => {
    const done = (error?: Error) => {
      socket.off(readyEvent, onReady);
      socket.off('error', done);
      socket.off('close', onClose);
      if (error) reject(error);
      else resolve(socket);
    };
    const onReady = () => done();
    const onClose = () => done(new Error('connection closed'));
    socket.on(readyEvent, onReady);
    socket.on('error', done);
    socket.on('close', onClose);
  });
}

/** A connected TCP/TLS socket as the transport uses it: text in and out, STARTTLS on request. */
export interface NodeLink {
  write(text: string): Promise<void>;
  destroy(): void;
  /** RFC 6120 §5 after `<proceed/>`: TLS over the same socket, verified against the XMPP domain (§13.7.2). */
  startTls(): Promise<void>;
}

/**
 * Opens `xmpp://host:port` (plain TCP, default port 5222) or `xmpps://host:port` (TLS from the first byte,
 * default 5223, SNI for and certificate checked against the XMPP domain as RFC 7590 requires, not the host).
 * What arrives is decoded as UTF-8 across reads (a character split between two reads stays whole). Invalid UTF-8 is
 * reported as `invalid` and nothing more is read (RFC 6120 §11.6: the stream is UTF-8; a fatal decoder, so that bad
 * bytes never become U+FFFD).
 */
export async function connectNode(
  service: string,
  domain: string,
  tls: boolean,
  on: { data(text: string): void; invalid(reason: string): void; closed(): void },
): Promise<NodeLink> {
  const url = new URL(service);
  const port = Number(url.port) || (tls ? 5223 : 5222);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const mod = await nodeModule(tls ? 'node:tls' : 'node:net');
  const first: NodeSocket = tls
    ? mod.connect({ host, port, servername: domain, ALPNProtocols: ['xmpp-client'] })
    : mod.connect({ host, port });
  first.on('error', () => {}); // reported through 'close'; an unhandled 'error' would crash Node
  let socket = await ready(first, tls ? 'secureConnect' : 'connect');
  let listeners: Array<[string, (...args: never[]) => void]> = [];
  const attach = (s: NodeSocket) => {
    socket = s;
    const decoder = new TextDecoder('utf-8', { fatal: true });
    let broken = false;
    const data = (bytes: Uint8Array) => {
      if (socket !== s || broken) return;
      let text: string;
      try {
        text = decoder.decode(bytes, { stream: true });
      } catch {
        broken = true;
        return on.invalid('invalid UTF-8');
      }
      if (text) on.data(text);
    };
    listeners = [
      ['close', () => socket === s && on.closed()],
      ['data', data],
    ];
    for (const [event, fn] of listeners) s.on(event, fn);
  };
  attach(socket);
  return {
    write: (text) => new Promise((resolve, reject) => socket.write(text, (error) => (error ? reject(error) : resolve()))),
    destroy: () => socket.destroy(),
    async startTls() {
      const plain = socket;
      for (const [event, fn] of listeners) plain.off(event, fn); // nothing of the plaintext stream is read after <proceed/>
      const secure: NodeSocket = (await nodeModule('node:tls')).connect({ socket: plain, servername: domain });
      secure.on('error', () => {});
      attach(await ready(secure, 'secureConnect'));
    },
  };
}
