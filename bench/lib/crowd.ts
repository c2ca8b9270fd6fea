/**
 * Many accounts online at once on a real server, cheaply: each is a bare RFC 6120 session over plain TCP (SASL
 * PLAIN, which the test config allows on loopback; bind; initial presence, RFC 6121 §4.2) with no client library,
 * so a thousand of them cost a few MB in Node instead of a thousand @xmpp/client instances. They answer nothing
 * and read only what the login needs; what the server sends them afterwards is drained and dropped.
 */
import { connect, type Socket } from 'node:net';

export interface CrowdOptions {
  /** `xmpp://127.0.0.1:PORT` (ProsodyServer.tcpUrl). */
  tcpUrl: string;
  domain: string;
  usernames: readonly string[];
  passwordOf: (username: string) => string;
  /** Logins in flight at once. Default 16. */
  parallel?: number;
}

export interface Crowd {
  readonly online: number;
  /** Closes every stream with `</stream:stream>` (the server sends unavailable presence for each). */
  stop(): Promise<void>;
}

const streamOpen = (domain: string) =>
  `<?xml version='1.0'?><stream:stream to='${domain}' version='1.0' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>`;

/** One login, step by step: each step sends, then waits until what was read so far matches. */
async function login(o: CrowdOptions, username: string): Promise<Socket> {
  const { hostname, port } = new URL(o.tcpUrl);
  const socket = connect({ host: hostname, port: Number(port) });
  socket.setEncoding('utf8');
  let buffer = '';
  let waiter: (() => void) | undefined;
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    waiter?.();
  });
  const closed = new Promise<never>((_, reject) => {
    socket.once('error', reject);
    socket.once('close', () => reject(new Error(`${username}: stream closed during login: ${buffer.slice(-200)}`)));
  });
  closed.catch(() => {});
  const step = async (send: string, expect: RegExp): Promise<void> => {
    socket.write(send);
    const seen = new Promise<void>((resolve, reject) => {
      const check = () => {
        if (/<failure|<stream:error|type=['"]error['"]/.test(buffer)) reject(new Error(`${username}: ${buffer.slice(-300)}`));
        else if (expect.test(buffer)) {
          buffer = '';
          waiter = undefined;
          resolve();
        }
      };
      waiter = check;
      check();
    });
    await Promise.race([seen, closed]);
  };
  const plain = Buffer.from(`\0${username}\0${o.passwordOf(username)}`).toString('base64');
  await step(streamOpen(o.domain), /<\/stream:features>/);
  await step(`<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>${plain}</auth>`, /<success/);
  await step(streamOpen(o.domain), /<\/stream:features>/);
  await step(`<iq type='set' id='bind'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>crowd</resource></bind></iq>`, /<\/iq>/);
  socket.write('<presence/>');
  // From now on the server's presence and roster pushes are read and dropped.
  socket.removeAllListeners('data');
  socket.removeAllListeners('close');
  socket.on('data', () => {});
  return socket;
}

/** Logs every username in, `parallel` at a time; rejects (after closing the ones online) if any login fails. */
export async function startCrowd(o: CrowdOptions): Promise<Crowd> {
  const sockets: Socket[] = [];
  const queue = [...o.usernames];
  const stop = async () => {
    await Promise.all(
      sockets.splice(0).map(
        (s) =>
          new Promise<void>((resolve) => {
            s.once('close', () => resolve());
            s.end('</stream:stream>');
            setTimeout(() => (s.destroy(), resolve()), 2_000).unref();
          }),
      ),
    );
  };
  const worker = async () => {
    for (let u = queue.shift(); u !== undefined; u = queue.shift()) sockets.push(await login(o, u));
  };
  try {
    await Promise.all(Array.from({ length: o.parallel ?? 16 }, worker));
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    get online() {
      return sockets.length;
    },
    stop,
  };
}
