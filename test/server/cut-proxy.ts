// A loopback TCP proxy whose connections a test can cut, like a network that drops: both sides see
// their socket end without an XMPP goodbye. Put it in front of a server's HTTP port to cut WebSocket
// sessions (the upgrade passes through as bytes).
import { createConnection, createServer, type Socket } from 'node:net';

export interface CutProxy {
  readonly port: number;
  /** Connections currently open. */
  readonly open: number;
  /** Destroys every open connection on both sides; new connections still work. */
  cut(): void;
  close(): Promise<void>;
}

export async function startCutProxy(targetPort: number): Promise<CutProxy> {
  const pairs = new Set<[Socket, Socket]>();
  const server = createServer((client) => {
    const upstream = createConnection({ host: '127.0.0.1', port: targetPort });
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    const end = (): void => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no proxy port');
  const cut = (): void => {
    for (const [a, b] of [...pairs]) {
      a.destroy();
      b.destroy();
    }
    pairs.clear();
  };
  return {
    port: address.port,
    get open() {
      return pairs.size;
    },
    cut,
    close() {
      cut();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
