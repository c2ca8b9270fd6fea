/**
 * A real Prosody for tests, the demo and benchmarks: a generated config in a fresh temp folder,
 * loopback-only free ports, accounts written straight into its storage, and a process that never
 * outlives ours. See test/server/README.md.
 *
 * @example
 * const server = await startProsody({ users: [{ username: 'alice', password: 'pw', group: 'Team' }] });
 * // … connect to server.wsUrl or server.tcpUrl as alice@localhost …
 * await server.stop();
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canWriteDirectly, registerWithProsodyctl, writeAccount } from './accounts.js';
import { ServerLifetime, type Disposable } from './cleanup.js';
import { configText, groupsText, type LuaValue, type PasswordHash, type ProsodyLogLevel, type ProsodyUser } from './config.js';
import { docsConfigText } from './prosody-docs.js';
import { freePorts, portFree, sleep, until, websocketEndpointAnswers, xmppAnswers } from './ports.js';

export type { ProsodyUser, PasswordHash, ProsodyLogLevel, LuaValue } from './config.js';

export interface ProsodyOptions {
  /** The XMPP domain (VirtualHost). Default `'localhost'`. */
  host?: string;
  /** Accounts to create before start-up. */
  users?: ProsodyUser[];
  /** Shared-roster groups: group name → usernames (merged with each user's `group`). `'+Name'` is visible to every user. */
  groups?: Record<string, string[]>;
  /** XEP-0198 hibernation: how long a dropped session waits for resumption. Prosody's default is 600 s. */
  smacksHibernationSeconds?: number;
  /** SCRAM hash the accounts are stored with, and so the one SCRAM mechanism offered. Default `'SHA-1'`. */
  passwordHash?: PasswordHash;
  /** PBKDF2 iterations of stored credentials. Default 4096, the minimum Prosody accepts (its own default is 10000). */
  scramIterations?: number;
  /** Default `'info'`. */
  logLevel?: ProsodyLogLevel;
  /** Enables XEP-0077 in-band registration (mod_register). Default false. */
  allowRegistration?: boolean;
  /**
   * `'test'` (default): the generated test config (every module, no limits). `'docs'`: the documented
   * docs/servers/prosody.cfg.lua with its site settings filled in (SCRAM-SHA-256 accounts, mod_limits).
   */
  config?: 'test' | 'docs';
  /** More modules to load. */
  extraModules?: string[];
  /**
   * `config: 'docs'` on Prosody 13 only: the documented SASL2 + FAST line uncommented, with Debian's
   * prosody-modules (unpacked by scripts/servers.sh) on the plugin path.
   */
  fast?: boolean;
  /** More global config options, written as Lua. */
  extraConfig?: Record<string, LuaValue>;
  /** How long to wait for Prosody to come up. Default 15 s. */
  startTimeoutMs?: number;
  /** The `prosody` executable. Default `$PRESENTLY_PROSODY` or `prosody` on the PATH. */
  prosodyPath?: string;
  /** The `prosodyctl` executable, for accounts that need stringprep. Default `$PRESENTLY_PROSODYCTL` or `prosodyctl`. */
  prosodyctlPath?: string;
}

export interface ProsodyServer {
  /** The XMPP domain, e.g. `'localhost'`: JIDs are `user@host`. */
  readonly host: string;
  /** `ws://127.0.0.1:PORT/xmpp-websocket` (RFC 7395). */
  readonly wsUrl: string;
  /** `http://127.0.0.1:PORT/http-bind` (BOSH). */
  readonly boshUrl: string;
  readonly c2sPort: number;
  readonly httpPort: number;
  /** `xmpp://127.0.0.1:PORT` (plain TCP c2s; no STARTTLS offered). */
  readonly tcpUrl: string;
  readonly dir: string;
  readonly dataDir: string;
  readonly configPath: string;
  readonly logPath: string;
  /** The accounts created so far, with their passwords. */
  readonly users: readonly ProsodyUser[];
  /** The current Prosody pid, or undefined while it is not running. */
  readonly pid: number | undefined;
  readonly running: boolean;
  /** Graceful shutdown (SIGTERM), then the temp folder is removed. The server cannot be restarted after. */
  stop(): Promise<void>;
  /** SIGKILL, like a crash: no stream close, no goodbye presence. Data stays; `restart()` brings it back. */
  kill(): Promise<void>;
  /** Graceful shutdown if running, then start again on the same ports with the same data. */
  restart(): Promise<void>;
  /** SIGSTOP: the ports still accept connections but nothing answers, like a network that went silent. */
  pause(): void;
  /** SIGCONT after `pause()`. */
  resume(): void;
  /** Creates (or resets the password of) an account; a running server accepts it at once. Groups need a restart. */
  register(username: string, password: string): Promise<void>;
  /** The last `lines` lines of Prosody's log. */
  logTail(lines?: number): string;
}

const BIND_FAILURE = /Failed to open server port (\d+)/;

class Prosody implements ProsodyServer, Disposable {
  readonly host: string;
  readonly dir: string;
  readonly dataDir: string;
  readonly configPath: string;
  readonly logPath: string;
  readonly consolePath: string;
  c2sPort = 0;
  httpPort = 0;
  readonly users: ProsodyUser[] = [];
  #child: ChildProcess | undefined;
  #exited: Promise<void> = Promise.resolve();
  #paused = false;
  readonly #life: ServerLifetime;

  constructor(
    readonly options: Required<
      Pick<ProsodyOptions, 'passwordHash' | 'scramIterations' | 'startTimeoutMs' | 'prosodyPath' | 'prosodyctlPath'>
    >,
    host: string,
  ) {
    this.host = host;
    this.dir = mkdtempSync(join(tmpdir(), 'presently-prosody-'));
    this.dataDir = join(this.dir, 'data');
    this.configPath = join(this.dir, 'prosody.cfg.lua');
    this.logPath = join(this.dir, 'prosody.log');
    this.consolePath = join(this.dir, 'console.log');
    mkdirSync(this.dataDir, { mode: 0o750 });
    mkdirSync(join(this.dir, 'certs'));
    this.#life = new ServerLifetime(this, this.dir, this.configPath);
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.httpPort}/xmpp-websocket`;
  }
  get boshUrl(): string {
    return `http://127.0.0.1:${this.httpPort}/http-bind`;
  }
  get tcpUrl(): string {
    return `xmpp://127.0.0.1:${this.c2sPort}`;
  }
  get pid(): number | undefined {
    return this.#child?.exitCode === null && this.#child.signalCode === null ? this.#child.pid : undefined;
  }
  get running(): boolean {
    return this.pid !== undefined;
  }

  async register(username: string, password: string): Promise<void> {
    this.#assertUsable();
    if (canWriteDirectly(username, password)) {
      writeAccount({ dataDir: this.dataDir, host: this.host, ...this.options }, username, password);
    } else {
      await registerWithProsodyctl(this.options.prosodyctlPath, this.configPath, this.host, username, password);
    }
    const existing = this.users.find((u) => u.username === username);
    if (existing) existing.password = password;
    else this.users.push({ username, password });
  }

  /** Starts the process and resolves once both ports answer; rejects with the log's tail otherwise. */
  async launch(): Promise<void> {
    this.#assertUsable();
    if (this.running) throw new Error('Prosody is already running');
    const logStart = this.#logSize();
    const out = openSync(this.consolePath, 'a');
    const child = spawn(this.options.prosodyPath, ['--config', this.configPath, '-F'], {
      cwd: this.dir,
      stdio: ['ignore', out, out],
    });
    closeSync(out);
    this.#child = child;
    this.#paused = false;
    let spawnError: Error | undefined;
    child.once('error', (err) => (spawnError = err));
    this.#exited = new Promise((resolve) => child.once('close', () => resolve()));
    if (child.pid !== undefined) this.#life.watch(child.pid);

    const newLog = (): string => this.#readLog().slice(logStart);
    const ready = await until(
      async () => {
        if (spawnError || child.exitCode !== null || child.signalCode !== null) return true;
        const log = newLog();
        if (BIND_FAILURE.test(log)) return true;
        return (await xmppAnswers(this.c2sPort, this.host)) && (await websocketEndpointAnswers(this.wsUrl));
      },
      this.options.startTimeoutMs,
      15,
    );
    const bindFailure = BIND_FAILURE.exec(newLog());
    const problem = spawnError
      ? `could not run ${this.options.prosodyPath}: ${spawnError.message}`
      : child.exitCode !== null || child.signalCode !== null
        ? `Prosody exited (${child.exitCode ?? child.signalCode}) during start-up`
        : bindFailure
          ? `Prosody could not bind port ${bindFailure[1]}`
          : !ready
            ? `Prosody did not come up within ${this.options.startTimeoutMs} ms`
            : undefined;
    if (problem) {
      if (this.running) {
        child.kill('SIGKILL');
        await this.#exited;
      }
      throw new ProsodyStartError(problem, this.logTail(30), bindFailure !== null);
    }
  }

  async kill(): Promise<void> {
    const child = this.#child;
    if (!child || !this.running) return;
    child.kill('SIGKILL');
    await this.#exited;
  }

  async #shutdown(timeoutMs = 5000): Promise<void> {
    const child = this.#child;
    if (!child || !this.running) return;
    if (this.#paused) this.resume();
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    await this.#exited;
    clearTimeout(timer);
  }

  async restart(): Promise<void> {
    this.#assertUsable();
    await this.#shutdown();
    // Prosody binds with SO_REUSEADDR, but wait until the kernel really lets go of both ports.
    const free = await until(async () => (await portFree(this.c2sPort)) && (await portFree(this.httpPort)), 10_000, 25);
    if (!free) throw new Error(`ports ${this.c2sPort}/${this.httpPort} are still taken after Prosody stopped`);
    await this.launch();
  }

  pause(): void {
    const pid = this.pid;
    if (pid === undefined) throw new Error('Prosody is not running');
    process.kill(pid, 'SIGSTOP');
    this.#paused = true;
  }

  resume(): void {
    const pid = this.pid;
    if (pid === undefined) throw new Error('Prosody is not running');
    process.kill(pid, 'SIGCONT');
    this.#paused = false;
  }

  async stop(): Promise<void> {
    await this.#life.end(() => this.#shutdown());
  }

  killNow(): void {
    this.#life.endNow(this.pid);
  }

  logTail(lines = 20): string {
    const text = `${this.#readFile(this.consolePath)}${this.#readLog()}`;
    return text.trimEnd().split('\n').slice(-lines).join('\n');
  }

  #readLog(): string {
    return this.#readFile(this.logPath);
  }

  #readFile(path: string): string {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return '';
    }
  }

  #logSize(): number {
    return this.#readLog().length;
  }

  #assertUsable(): void {
    if (this.#life.ended) throw new Error('this Prosody was stopped; start a new one');
  }
}

export class ProsodyStartError extends Error {
  constructor(
    problem: string,
    readonly logTail: string,
    readonly portClash = false,
  ) {
    super(`${problem}. Last log lines:\n${logTail || '(empty log)'}`);
    this.name = 'ProsodyStartError';
  }
}

/** Starts a fresh Prosody on loopback and resolves once it accepts connections. */
export async function startProsody(options: ProsodyOptions = {}): Promise<ProsodyServer> {
  const host = options.host ?? 'localhost';
  const resolved = {
    passwordHash: options.passwordHash ?? (options.config === 'docs' ? 'SHA-256' : 'SHA-1'),
    scramIterations: options.scramIterations ?? 4096,
    startTimeoutMs: options.startTimeoutMs ?? 15_000,
    prosodyPath: options.prosodyPath ?? process.env.PRESENTLY_PROSODY ?? 'prosody',
    prosodyctlPath: options.prosodyctlPath ?? process.env.PRESENTLY_PROSODYCTL ?? 'prosodyctl',
  } as const;
  if (resolved.scramIterations < 4096) throw new Error('Prosody refuses fewer than 4096 SCRAM iterations');
  const users = options.users ?? [];

  // Another process may grab a port between our probe and Prosody's bind: try fresh ports then.
  for (let attempt = 1; ; attempt++) {
    const server = new Prosody(resolved, host);
    try {
      [server.c2sPort, server.httpPort] = (await freePorts(2)) as [number, number];
      const write = options.config === 'docs' ? docsConfigText : configText;
      writeFileSync(
        server.configPath,
        write({
          dir: server.dir,
          host,
          c2sPort: server.c2sPort,
          httpPort: server.httpPort,
          passwordHash: resolved.passwordHash,
          scramIterations: resolved.scramIterations,
          smacksHibernationSeconds: options.smacksHibernationSeconds,
          logLevel: options.logLevel ?? 'info',
          allowRegistration: options.allowRegistration ?? false,
          extraModules: options.extraModules ?? [],
          extraConfig: options.extraConfig ?? {},
          fast: options.fast,
        }),
      );
      writeFileSync(join(server.dir, 'groups.txt'), groupsText(host, users, options.groups ?? {}));
      for (const user of users) await server.register(user.username, user.password);
      for (const user of users)
        Object.assign(
          server.users.find((u) => u.username === user.username)!,
          user,
        );
      await server.launch();
      return server;
    } catch (err) {
      await server.stop().catch(() => {});
      if (err instanceof ProsodyStartError && err.portClash && attempt < 3) {
        await sleep(50);
        continue;
      }
      throw err;
    }
  }
}
