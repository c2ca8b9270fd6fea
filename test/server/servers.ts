/**
 * One way to start any of the servers Presently is tested against, each from its documented config
 * (docs/servers/): Prosody 0.12 (Debian 12, the default), Prosody 13.0 and ejabberd 24.12
 * (bookworm-backports, unpacked by scripts/servers.sh), ejabberd 23.01 (Debian 12).
 *
 * @example
 * for (const kind of serversUnderTest()) {
 *   const server = await startServer(kind, { users: [...TEST_USERS] });
 *   // … server.wsUrl, server.host …
 *   await server.stop();
 * }
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ProsodyUser } from './config.js';
import { backportsDir, ejabberdctlPath, startEjabberd } from './ejabberd.js';
import { startProsody } from './prosody.js';

export const SERVER_KINDS = ['prosody-0.12', 'prosody-13', 'ejabberd-23.01', 'ejabberd-24.12'] as const;
export type ServerKind = (typeof SERVER_KINDS)[number];
export const DEFAULT_SERVER: ServerKind = 'prosody-0.12';
/** The intranet page origin the test servers (ejabberd's websocket_origin) and proxies allow. */
export const TEST_ORIGIN = 'https://intranet.test';

/** What every launcher offers: enough for @presently/core clients and test/server/peer.ts peers. */
export interface TestServer {
  readonly kind: ServerKind;
  readonly host: string;
  /** `ws://127.0.0.1:PORT/xmpp-websocket`. */
  readonly wsUrl: string;
  /** `xmpp://127.0.0.1:PORT` (plain TCP, no STARTTLS). */
  readonly tcpUrl: string;
  readonly users: readonly ProsodyUser[];
  /** SIGKILL (the whole process group for ejabberd): a crash. */
  kill(): Promise<void>;
  stop(): Promise<void>;
  logTail(lines?: number): string;
}

export interface StartOptions {
  users?: ProsodyUser[];
  groups?: Record<string, string[]>;
  /** How long a dropped session waits for resumption (XEP-0198). Default 60 s. */
  resumeSeconds?: number;
  /** Prosody 13 and ejabberd 24.12: the documented SASL2 + FAST lines uncommented (FAST token reconnects). */
  fast?: boolean;
  /**
   * Prosody only: documented modules to leave out (modules_disabled), e.g. `['mam', 'time']`, for a server
   * that lacks features (the doctor's "missing modules" case).
   */
  withoutModules?: string[];
}

export function prosody13Path(): string {
  return join(backportsDir(), 'prosody-13/usr/bin/prosody');
}

/** Debian's prosody-modules for Prosody 13 (bookworm-backports), unpacked by scripts/servers.sh. */
export function prosodyModulesPath(): string {
  return join(backportsDir(), 'prosody-modules/usr/lib/prosody/modules');
}

/** Whether a kind can start on this machine (scripts/servers.sh installs the missing ones). */
export function installed(kind: ServerKind): boolean {
  switch (kind) {
    case 'prosody-0.12':
      return true; // scripts/ensure.sh always installs it
    case 'prosody-13':
      return existsSync(prosody13Path());
    case 'ejabberd-23.01':
      return ejabberdctlPath('23.01') !== undefined;
    case 'ejabberd-24.12':
      return ejabberdctlPath('24.12') !== undefined;
  }
}

/** Every kind, or only the default one when PRESENTLY_QUICK=1. */
export function serversUnderTest(): ServerKind[] {
  return process.env.PRESENTLY_QUICK === '1' ? [DEFAULT_SERVER] : [...SERVER_KINDS];
}

export async function startServer(kind: ServerKind, options: StartOptions = {}): Promise<TestServer> {
  const resumeSeconds = options.resumeSeconds ?? 60;
  if (!installed(kind)) throw new Error(`${kind} is not installed: run scripts/servers.sh (as root), or set PRESENTLY_QUICK=1`);
  if (options.fast && (kind === 'prosody-0.12' || kind === 'ejabberd-23.01')) throw new Error(`${kind} offers no FAST`);
  if (kind === 'prosody-0.12' || kind === 'prosody-13') {
    const server = await startProsody({
      config: 'docs',
      users: options.users,
      groups: options.groups,
      smacksHibernationSeconds: resumeSeconds,
      extraConfig: {
        ...(options.withoutModules ? { modules_disabled: ['s2s', ...options.withoutModules] } : {}),
        ...(options.fast ? { plugin_paths: [prosodyModulesPath()] } : {}),
      },
      ...(options.fast ? { fast: true } : {}),
      ...(kind === 'prosody-13' ? { prosodyPath: prosody13Path() } : {}),
    });
    return Object.assign(server, { kind });
  }
  if (options.withoutModules) throw new Error('withoutModules is for Prosody only');
  const server = await startEjabberd({
    version: kind === 'ejabberd-23.01' ? '23.01' : '24.12',
    users: options.users,
    groups: options.groups,
    resumeSeconds,
    allowedOrigins: [TEST_ORIGIN],
    ...(options.fast ? { fast: true } : {}),
  });
  return Object.assign(server, { kind });
}
