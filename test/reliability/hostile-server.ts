/**
 * A second Prosody with an external component (XEP-0114) attached — the hostile side of the
 * security tests. A c2s peer can only ever send as its own full JID (Prosody stamps `from`), so
 * "10,000 resources of one contact" or "presence from 10,000 JIDs nobody asked about" can only
 * come from another server. Without s2s, a component is the real-Prosody way to get there: it may
 * send any `from` inside its own domain, and Prosody routes it to our users like federated traffic.
 *
 * @example
 * const hostile = await startHostileServer({ users: [...TEST_USERS] });
 * const evil = await hostile.component();
 * evil.send(`<presence from='x@${hostile.componentDomain}/1' to='alice@${hostile.server.host}'/>`);
 */
import { createHash } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { freePorts } from '../server/ports.js';
import { startProsody, type ProsodyOptions, type ProsodyServer } from '../server/prosody.js';

const SECRET = 'hostile-component-secret';

export interface HostileServer {
  server: ProsodyServer;
  /** The component's domain, e.g. `evil.localhost`. */
  componentDomain: string;
  /** Logs the component in (XEP-0114 handshake). */
  component(): Promise<Component>;
  stop(): Promise<void>;
}

export interface Component {
  /** Writes raw XML (one or many stanzas) in one go. */
  send(xml: string): Promise<void>;
  /** Writes many stanzas, batched into large writes so the socket, not JS, is the bottleneck. */
  sendMany(stanzas: Iterable<string>): Promise<void>;
  close(): void;
}

/** XML-escape text for attribute values and character data. */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function write(socket: Socket, data: string): Promise<void> {
  return new Promise((resolve, reject) => socket.write(data, (err) => (err ? reject(err) : resolve())));
}

async function connectComponent(port: number, domain: string): Promise<Component> {
  const socket = connect({ host: '127.0.0.1', port });
  socket.setEncoding('utf8');
  let received = '';
  const wait = (re: RegExp, what: string) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`component: no ${what} (got ${received.slice(0, 300)})`)), 5000);
      const check = () => {
        const m = re.exec(received);
        if (m) {
          clearTimeout(timer);
          socket.off('data', onData);
          resolve(m);
        } else if (/<stream:error/.test(received)) {
          clearTimeout(timer);
          socket.off('data', onData);
          reject(new Error(`component: stream error ${received.slice(0, 300)}`));
        }
      };
      const onData = (chunk: string) => {
        received += chunk;
        check();
      };
      socket.on('data', onData);
      check();
    });
  socket.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  await write(
    socket,
    `<?xml version='1.0'?><stream:stream xmlns='jabber:component:accept' xmlns:stream='http://etherx.jabber.org/streams' to='${domain}'>`,
  );
  const header = await wait(/<stream:stream[^>]*\sid=['"]([^'"]+)['"]/, 'stream header');
  const digest = createHash('sha1').update(`${header[1]}${SECRET}`).digest('hex');
  await write(socket, `<handshake>${digest}</handshake>`);
  await wait(/<handshake\s*\/>|<handshake><\/handshake>/, 'handshake');
  // Anything the server sends us from now on (errors bounced back, probes) is read and ignored.
  socket.on('data', () => {});
  return {
    send: (xml) => write(socket, xml),
    async sendMany(stanzas) {
      let batch = '';
      for (const s of stanzas) {
        batch += s;
        if (batch.length > 64 * 1024) {
          await write(socket, batch);
          batch = '';
        }
      }
      if (batch) await write(socket, batch);
    },
    close: () => socket.destroy(),
  };
}

/** Starts a Prosody with `evil.<host>` as an external component on a free loopback port. */
export async function startHostileServer(options: ProsodyOptions = {}): Promise<HostileServer> {
  const [componentPort] = (await freePorts(1)) as [number];
  const server = await startProsody({
    ...options,
    extraConfig: { ...options.extraConfig, component_ports: [componentPort], component_interfaces: ['127.0.0.1'] },
  });
  const componentDomain = `evil.${server.host}`;
  // startProsody writes only globals and one VirtualHost; a Component section goes after them, and
  // restart() re-reads the same file.
  appendFileSync(server.configPath, `\nComponent "${componentDomain}"\n  component_secret = "${SECRET}"\n`);
  await server.restart();
  const open: Component[] = [];
  return {
    server,
    componentDomain,
    async component() {
      const c = await connectComponent(componentPort, componentDomain);
      open.push(c);
      return c;
    },
    async stop() {
      for (const c of open.splice(0)) c.close();
      await server.stop();
    },
  };
}
