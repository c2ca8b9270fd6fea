/** Parent side of the scripted server: forks bench/lib/server-process.ts and talks to it over IPC. */
import { fork, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import type { ServerProcessOptions } from './server-process.js';

export interface SendReport {
  /** Wall-clock ms (performance.timeOrigin-based) right before the first frame was written. */
  t0: number;
  tWritten: number;
  stanzas: number;
  frames: number;
  bytes: number;
}

export interface ServerHandle {
  wsUrl: string;
  /** Resolves when `user` has logged in and sent initial presence. */
  ready(user: string, timeoutMs?: number): Promise<void>;
  ingest(user: string, contacts: number, presences: number, chatStates: number): Promise<SendReport>;
  burst(user: string, count: number): Promise<SendReport>;
  close(): Promise<void>;
}

export async function startScriptedServer(options: ServerProcessOptions): Promise<ServerHandle> {
  const child: ChildProcess = fork(resolve(import.meta.dirname, 'server-process.ts'), [JSON.stringify(options)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  child.on('message', (m: { id: number; error?: string }) => {
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (m.error) p.reject(new Error(m.error));
    else p.resolve(m);
  });
  child.on('exit', () => {
    for (const p of pending.values()) p.reject(new Error('scripted server exited'));
    pending.clear();
  });
  const call = <T>(body: Record<string, unknown>, timeoutMs = 60_000): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`scripted server: ${String(body.cmd)} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      pending.set(id, {
        resolve: (v) => (clearTimeout(timer), resolve(v)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
      child.send({ id, ...body });
    });
  const { url } = await new Promise<{ url: string }>((resolve, reject) => {
    pending.set(0, { resolve, reject });
    setTimeout(() => reject(new Error('scripted server did not start in 20 s')), 20_000).unref();
  });
  return {
    wsUrl: url,
    ready: (user, timeoutMs = 30_000) => call({ cmd: 'ready', user }, timeoutMs),
    ingest: (user, contacts, presences, chatStates) => call({ cmd: 'ingest', user, contacts, presences, chatStates }, 120_000),
    burst: (user, count) => call({ cmd: 'burst', user, count }),
    close: async () => {
      if (child.exitCode !== null) return;
      await Promise.race([call({ cmd: 'close' }, 5_000).catch(() => {}), new Promise((r) => setTimeout(r, 5_000))]);
      if (child.exitCode === null) child.kill();
    },
  };
}
