/**
 * RFC 7395 XMPP over WebSocket, on @xmpp/websocket's transport with an injectable WebSocket
 * constructor (its Socket calls `new WebSocket(url, ['xmpp'])` on the global).
 *
 * Node story: Node 20 has no global WebSocket (22 has one). We use, in order: `options.WebSocket`,
 * `globalThis.WebSocket`, then the `ws` package — an optionalDependency of @presently/core, loaded
 * with a dynamic import only at that point and by an opaque specifier (node-only.ts), so browser
 * bundles never contain it. So in Node 20 `npm i @presently/core` just works (unless optional
 * dependencies are omitted: then pass `WebSocket` from `ws`, or run Node ≥ 22).
 */
import ConnectionWebSocket from '@xmpp/websocket/lib/Connection.js';
import Socket from '@xmpp/websocket/lib/Socket.js';
import { PresenceError } from '../errors.js';
import { importNodeOnly } from './node-only.js';
import { GuardedParser } from './parser.js';

/** The subset of the WHATWG WebSocket constructor the transport calls. */
export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => unknown;

/** `options.WebSocket`, else the global, else the `ws` package (Node). Rejects `unsupported` when none exists. */
export async function resolveWebSocket(injected?: unknown): Promise<WebSocketConstructor> {
  if (typeof injected === 'function') return injected as WebSocketConstructor;
  const global = (globalThis as { WebSocket?: unknown }).WebSocket;
  if (typeof global === 'function') return global as WebSocketConstructor;
  try {
    const mod = await importNodeOnly('ws');
    const ctor = mod.default ?? mod.WebSocket;
    if (typeof ctor === 'function') return ctor as WebSocketConstructor;
  } catch {
    // fall through
  }
  throw new PresenceError(
    'unsupported',
    'No WebSocket implementation: pass options.WebSocket (e.g. the `ws` package) or use Node ≥ 22 / a browser',
  );
}

class FramedParser extends GuardedParser {
  constructor() {
    super(true);
  }
}

/** A ConnectionWebSocket subclass whose sockets use `WebSocketImpl`. */
export function websocketTransport(WebSocketImpl: WebSocketConstructor): typeof ConnectionWebSocket {
  class InjectedSocket extends Socket {
    override connect(url: string): void {
      this.url = url;
      this.secure = url.startsWith('wss:');
      this._attachSocket(new WebSocketImpl(url, ['xmpp']));
    }
  }
  class Transport extends (ConnectionWebSocket as new (...args: any[]) => object) {}
  Object.assign(Transport.prototype, { Socket: InjectedSocket, Parser: FramedParser });
  return Transport as unknown as typeof ConnectionWebSocket;
}
