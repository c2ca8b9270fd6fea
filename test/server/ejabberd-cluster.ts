// Two ejabberd nodes on loopback in one Mnesia cluster, for the cluster suite (test/servers/cluster.test.ts).
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { EJABBERD_HOME, EjabberdStartError, ejabberdIds, prepareEjabberd, type EjabberdOptions, type EjabberdServer } from './ejabberd.js';
import { until, xmppAnswers } from './ports.js';

export interface EjabberdCluster {
  readonly a: EjabberdServer;
  readonly b: EjabberdServer;
  stop(): Promise<void>;
}

/**
 * Two ejabberd nodes on loopback in one Mnesia cluster: same XMPP domain and Erlang cookie, distinct
 * node names (default ejA@localhost, ejB@localhost), epmd and distribution bound to 127.0.0.1. B
 * joins A with `ejabberdctl join_cluster` (one Erlang VM start, ~2 s); accounts and groups are then
 * created once, on A, and replicated.
 */
export async function startEjabberdCluster(
  options: Omit<EjabberdOptions, 'nodeName'> & { groups?: Record<string, string[]>; nodeNames?: [string, string] } = {},
): Promise<EjabberdCluster> {
  const [nameA, nameB] = options.nodeNames ?? ['ejA@localhost', 'ejB@localhost'];
  ensureCookie();
  const a = await prepareEjabberd({ ...options, nodeName: nameA });
  const b = await prepareEjabberd({ ...options, nodeName: nameB });
  const stop = async (): Promise<void> => {
    await Promise.all([a.stop(), b.stop()]);
  };
  try {
    const timeout = options.startTimeoutMs ?? 30_000;
    await Promise.all([a.launch(timeout), b.launch(timeout)]);
    const [command, args] = b.ctlCommand(['join_cluster', nameA]);
    try {
      await promisify(execFile)(command, args, { cwd: b.dir, encoding: 'utf8', timeout: 60_000 });
    } catch (err) {
      const e = err as { stdout?: string; stderr?: string; message: string };
      throw new EjabberdStartError(`ejabberdctl join_cluster failed: ${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}`, b.logTail(30));
    }
    // join_cluster restarts ejabberd on B with A's tables (24.12 returns before it is done): wait until
    // B lists both nodes and serves again.
    const inCluster = async (): Promise<boolean> => {
      if (!(await b.apiAnswers())) return false;
      const nodes = await b.api('list_cluster', {}).catch(() => []);
      return Array.isArray(nodes) && nodes.includes(nameA) && (await xmppAnswers(b.c2sPort, b.host));
    };
    if (!(await until(inCluster, timeout, 100))) {
      throw new EjabberdStartError('node B did not join the cluster after join_cluster', b.logTail(30));
    }
    await a.provision(options.users ?? [], options.groups);
    for (const user of a.users) b.users.push({ ...user });
    return { a, b, stop };
  } catch (err) {
    await stop().catch(() => {});
    throw err;
  }
}

/**
 * Erlang writes a random cookie into $HOME/.erlang.cookie when there is none; two nodes starting at
 * once on a fresh machine could each write their own. Write it first, as the ejabberd user would.
 */
function ensureCookie(): void {
  const path = join(EJABBERD_HOME, '.erlang.cookie');
  if (existsSync(path)) return;
  const letters = Array.from(randomBytes(20), (byte) => String.fromCharCode(65 + (byte % 26))).join('');
  writeFileSync(path, letters, { mode: 0o400 });
  const { uid, gid } = ejabberdIds();
  chownSync(path, uid, gid);
}
