// The launcher against the real Prosody: accounts, shared roster, transports, SASL, crash and restart.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectPeer, type Peer } from './peer.js';
import { portAnswers, until } from './ports.js';
import { ProsodyStartError, startProsody, type ProsodyServer } from './prosody.js';
import { makeOrganisation, passwordFor } from './users.js';

const alice = { username: 'alice', password: passwordFor('alice'), name: 'Alice Archer', group: 'Team' };
const bob = { username: 'bob', password: passwordFor('bob'), name: 'Bob Baker', group: 'Team' };
const mallory = { username: 'mallory', password: passwordFor('mallory') };

/** The SASL mechanisms and other features a fresh c2s stream offers, read with a bare socket. */
function streamFeatures(port: number, host: string, timeoutMs = 3000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let data = '';
    socket.setTimeout(timeoutMs, () => {
      socket.destroy();
      reject(new Error(`no stream features within ${timeoutMs} ms; got ${JSON.stringify(data)}`));
    });
    socket.on('error', reject);
    socket.on('connect', () =>
      socket.write(`<stream:stream to='${host}' version='1.0' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>`),
    );
    socket.on('data', (chunk: Buffer) => {
      data += chunk.toString();
      if (data.includes('</stream:features>')) {
        socket.destroy();
        resolve(data);
      }
    });
  });
}

// Prosody lists them in hash-table order, so compare as a sorted list.
const mechanisms = (features: string): string[] => [...features.matchAll(/<mechanism>([^<]+)<\/mechanism>/g)].map((m) => m[1]!).sort();

describe('startProsody', () => {
  let server: ProsodyServer;
  const peers: Peer[] = [];
  const connect = async (...args: Parameters<typeof connectPeer>): Promise<Peer> => {
    const peer = await connectPeer(...args);
    peers.push(peer);
    return peer;
  };

  beforeAll(async () => {
    server = await startProsody({ users: [alice, bob, mallory] });
  });
  afterEach(async () => {
    await Promise.all(peers.splice(0).map((p) => p.stop()));
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('listens on loopback ports and describes itself', () => {
    expect(server.host).toBe('localhost');
    expect(server.wsUrl).toBe(`ws://127.0.0.1:${server.httpPort}/xmpp-websocket`);
    expect(server.boshUrl).toBe(`http://127.0.0.1:${server.httpPort}/http-bind`);
    expect(server.tcpUrl).toBe(`xmpp://127.0.0.1:${server.c2sPort}`);
    expect(server.c2sPort).not.toBe(server.httpPort);
    expect(server.running).toBe(true);
    expect(existsSync(server.configPath)).toBe(true);
    expect(server.users.map((u) => u.username)).toEqual(['alice', 'bob', 'mallory']);
  });

  it('offers SCRAM-SHA-1 and PLAIN on plaintext loopback, stream management, and no STARTTLS', async () => {
    const features = await streamFeatures(server.c2sPort, server.host);
    expect(mechanisms(features)).toEqual(['PLAIN', 'SCRAM-SHA-1']);
    expect(features).not.toContain('starttls');
  });

  it('logs users in over TCP (SCRAM-SHA-1) and WebSocket (PLAIN); group members see each other', async () => {
    const a = await connect(server, alice, { transport: 'tcp', mechanism: 'SCRAM-SHA-1', presence: { show: 'dnd', status: 'Busy' } });
    const b = await connect(server, bob, { transport: 'ws', mechanism: 'PLAIN' });
    expect(a.fullJid).toMatch(/^alice@localhost\//);
    expect(b.fullJid).toMatch(/^bob@localhost\//);

    // bob came online second: he gets alice's current presence from the server's probe, and alice gets his.
    const seenByBob = await b.waitForPresence({ from: 'alice@localhost' });
    expect(seenByBob).toMatchObject({ show: 'dnd', status: 'Busy' });
    expect(seenByBob.type).toBeUndefined();
    await a.waitForPresence({ from: 'bob@localhost', type: 'available' });

    expect(await a.roster()).toEqual([{ jid: 'bob@localhost', name: 'Bob Baker', subscription: 'both', groups: ['Team'] }]);
    expect(await b.roster()).toEqual([{ jid: 'alice@localhost', name: 'Alice Archer', subscription: 'both', groups: ['Team'] }]);

    // Messages flow both ways, and presence changes are pushed.
    await a.sendMessage('bob@localhost', 'hello over TCP');
    expect((await b.waitForMessage({ from: 'alice@localhost' })).body).toBe('hello over TCP');
    await b.setPresence({ show: 'away', status: 'Lunch' });
    expect(await a.waitForPresence({ from: 'bob@localhost', show: 'away' })).toMatchObject({ status: 'Lunch' });
    // One session each, no stream errors: nothing was lost to a silent reconnection.
    expect([a.sessions, b.sessions]).toEqual([1, 1]);
    expect([...a.errors, ...b.errors]).toEqual([]);
  });

  it('keeps users outside a shared group out of each other’s rosters', async () => {
    const m = await connect(server, mallory);
    expect(await m.roster()).toEqual([]);
    const a = await connect(server, alice);
    await a.waitForPresence({ from: 'alice@localhost' }); // own presence reflected: the burst is over
    expect(a.findPresences({ from: 'mallory@localhost' })).toEqual([]);
  });

  it('rejects a wrong password', async () => {
    await expect(connectPeer(server, { username: 'alice', password: 'wrong' })).rejects.toThrow(/could not log in/);
    await expect(connectPeer(server, { username: 'alice', password: 'wrong' }, { mechanism: 'SCRAM-SHA-1' })).rejects.toThrow(
      /could not log in/,
    );
  });

  it('registers accounts on a running server, directly and through prosodyctl', async () => {
    await server.register('trent', 'trent-pw');
    // A password with a space needs SASLprep, so it goes through prosodyctl.
    await server.register('walter', 'correct horse battery');
    await connect(server, { username: 'trent', password: 'trent-pw' }, { mechanism: 'SCRAM-SHA-1' });
    await connect(server, { username: 'walter', password: 'correct horse battery' }, { mechanism: 'SCRAM-SHA-1' });
    // Changing a password takes effect at once.
    await server.register('trent', 'new-pw');
    await expect(connectPeer(server, { username: 'trent', password: 'trent-pw' })).rejects.toThrow();
    await connect(server, { username: 'trent', password: 'new-pw' });
  });

  it('kill() makes the ports refuse and drops clients; restart() brings the same ports and accounts back', async () => {
    const { c2sPort, httpPort } = server;
    const a = await connect(server, alice);
    const pid = server.pid;

    await server.kill();
    expect(server.running).toBe(false);
    expect(await portAnswers(c2sPort)).toBe(false);
    expect(await portAnswers(httpPort)).toBe(false);
    expect(await until(() => !a.online, 5000)).toBe(true);
    await a.stop(); // no reconnection into the restarted server behind the test's back

    await server.restart();
    expect(server.running).toBe(true);
    expect(server.pid).not.toBe(pid);
    expect([server.c2sPort, server.httpPort]).toEqual([c2sPort, httpPort]);
    const b = await connect(server, bob, { transport: 'ws' });
    expect(await b.roster()).toHaveLength(1);
    await connect(server, { username: 'trent', password: 'new-pw' }, { mechanism: 'SCRAM-SHA-1' });
  });

  it('restart() on a running server is a graceful restart', async () => {
    const pid = server.pid;
    await server.restart();
    expect(server.pid).not.toBe(pid);
    await connect(server, alice);
  });

  it('pause() keeps the port open but silent; resume() makes it answer again', async () => {
    server.pause();
    try {
      // The kernel still accepts the connection, but nobody reads it.
      expect(await portAnswers(server.c2sPort)).toBe(true);
      await expect(streamFeatures(server.c2sPort, server.host, 750)).rejects.toThrow(/no stream features/);
    } finally {
      server.resume();
    }
    expect(mechanisms(await streamFeatures(server.c2sPort, server.host))).toContain('PLAIN');
  });
});

describe('startProsody options', () => {
  it('stores SCRAM-SHA-256 credentials and offers SCRAM-SHA-256 instead of SCRAM-SHA-1', async () => {
    const server = await startProsody({ passwordHash: 'SHA-256', users: [alice] });
    try {
      expect(mechanisms(await streamFeatures(server.c2sPort, server.host))).toEqual(['PLAIN', 'SCRAM-SHA-256']);
      // PLAIN is checked against the stored SHA-256 keys, so this proves they are right.
      const a = await connectPeer(server, alice);
      await a.stop();
      await expect(connectPeer(server, { ...alice, password: 'wrong' })).rejects.toThrow();
    } finally {
      await server.stop();
    }
  });

  it('builds shared-roster groups from an organisation, with a viewer who sees everyone', async () => {
    const people = makeOrganisation({ size: 9, viewers: ['viewer'] });
    const server = await startProsody({ host: 'corp.test', users: people });
    try {
      const viewer = await connectPeer(
        server,
        people.find((p) => p.username === 'viewer')!,
      );
      const roster = await viewer.roster();
      expect(roster).toHaveLength(9);
      expect(new Set(roster.flatMap((r) => r.groups))).toEqual(new Set(['Sales', 'Support', 'Engineering']));
      const first = people[0]!;
      expect(roster.find((r) => r.jid === `${first.username}@corp.test`)?.name).toBe(first.name);
      const salesperson = await connectPeer(server, first);
      // 3 colleagues in Sales (including the first) plus the viewer, minus oneself.
      expect((await salesperson.roster()).map((r) => r.jid).sort()).toEqual(
        people
          .filter((p) => p.username !== first.username && (p.group === 'Sales' || p.username === 'viewer'))
          .map((p) => `${p.username}@corp.test`)
          .sort(),
      );
      await Promise.all([viewer.stop(), salesperson.stop()]);
    } finally {
      await server.stop();
    }
  });

  it('stop() removes the process and the temp folder', async () => {
    const server = await startProsody();
    const { dir, c2sPort } = server;
    expect(existsSync(dir)).toBe(true);
    await server.stop();
    expect(server.running).toBe(false);
    expect(existsSync(dir)).toBe(false);
    expect(await portAnswers(c2sPort)).toBe(false);
    await expect(server.restart()).rejects.toThrow(/stopped/);
  });

  it('fails fast with the log when Prosody cannot start', async () => {
    const started = Date.now();
    const error = await startProsody({ prosodyPath: 'false' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProsodyStartError);
    expect((error as Error).message).toMatch(/exited \(1\) during start-up/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('kills Prosody and removes its folder when the Node process that started it is SIGKILLed', async () => {
    const launcher = fileURLToPath(new URL('./prosody.ts', import.meta.url));
    const script = `import { startProsody } from ${JSON.stringify(launcher)};
      const s = await startProsody();
      console.log(JSON.stringify({ pid: s.pid, dir: s.dir, port: s.c2sPort }));
      setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) resolve(out.split('\n')[0]!);
      });
      child.once('exit', (code) => reject(new Error(`launcher child exited early (${code})`)));
    });
    const { pid, dir, port } = JSON.parse(line) as { pid: number; dir: string; port: number };
    // A process is gone once it can't be signalled or is a zombie nobody has reaped yet.
    const alive = (p: number): boolean => {
      try {
        process.kill(p, 0);
      } catch {
        return false;
      }
      try {
        return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${p}/stat`, 'utf8'));
      } catch {
        return true;
      }
    };
    try {
      expect(alive(pid)).toBe(true);
      child.kill('SIGKILL');
      expect(await until(() => !alive(pid), 5000)).toBe(true);
      expect(await until(() => !existsSync(dir), 5000)).toBe(true);
      expect(await portAnswers(port)).toBe(false);
    } finally {
      // If the watchdog failed, don't leave its work to the machine.
      if (alive(pid)) process.kill(pid, 'SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  }, 20_000);
});
