/**
 * A loopback TCP proxy that delays every chunk by the same time each way, as a server some distance away does: put
 * in front of Prosody's HTTP port, a WebSocket session through it sees a round trip of twice `oneWayMs` (the upgrade
 * and every frame pass through as bytes, in order). For rows that show what loopback hides: a login is several
 * round trips, a tab that shares one makes none.
 */
import { createConnection, createServer, type Socket } from 'node:net';

export interface DelayProxy {
  /** `url` (a ws:// URL of the target) through this proxy. */
  through(url: string): string;
  close(): Promise<void>;
}

export async function startDelayProxy(targetPort: number, oneWayMs: number): Promise<DelayProxy> {
  const sockets = new Set<Socket>();
  const delayed = (from: Socket, to: Socket) => from.on('data', (chunk) => setTimeout(() => !to.destroyed && to.write(chunk), oneWayMs));
  const server = createServer((client) => {
    const upstream = createConnection({ host: '127.0.0.1', port: targetPort });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      // An end is passed on after the data before it.
      socket
        .on('error', () => {})
        .on('close', () => {
          sockets.delete(socket);
          setTimeout(() => [client, upstream].forEach((s) => s.destroy()), oneWayMs);
        });
    }
    delayed(client, upstream);
    delayed(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no proxy port');
  return {
    through(url) {
      const u = new URL(url);
      u.host = `127.0.0.1:${address.port}`;
      return String(u);
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
