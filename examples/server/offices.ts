/**
 * Starts one child process per office (office.ts), each with `TZ` set to the office's time zone,
 * and stops them again. The children also spread the colleagues' work over both cores.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ColleaguesOptions } from './colleagues.js';
import type { FromOffice, ToOffice } from './office.js';

export interface OfficeProcess {
  readonly name: string;
  readonly pid: number | undefined;
  readonly online: number;
  stop(): Promise<void>;
}

export interface OfficeStart {
  name: string;
  timeZone: string;
  options: Omit<ColleaguesOptions, 'onEvent'>;
  verbose?: boolean;
  onEvent?: (text: string) => void;
  /** Default 30 s. */
  readyTimeoutMs?: number;
}

const ENTRY = fileURLToPath(new URL('./office.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export async function startOffice(start: OfficeStart): Promise<OfficeProcess> {
  const child: ChildProcess = fork(ENTRY, [], {
    cwd: ROOT,
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, TZ: start.timeZone },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: 'advanced',
  });
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  let online = 0;

  const killNow = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  // Whatever happens to us, no colleague process outlives the demo.
  process.once('exit', killNow);

  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${start.name} office did not start within ${start.readyTimeoutMs ?? 30_000} ms`)),
      start.readyTimeoutMs ?? 30_000,
    );
    child.on('message', (message: FromOffice) => {
      if (message.type === 'ready') {
        online = message.online;
        clearTimeout(timer);
        resolve();
      } else if (message.type === 'failed') {
        clearTimeout(timer);
        reject(new Error(`${start.name} office failed: ${message.message}`));
      } else if (message.type === 'event') {
        start.onEvent?.(`[${start.name}] ${message.text}`);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${start.name} office exited (${code ?? signal}) during start-up`));
    });
    child.once('error', reject);
  });

  const office: OfficeProcess = {
    name: start.name,
    get pid() {
      return child.exitCode === null && child.signalCode === null ? child.pid : undefined;
    },
    get online() {
      return online;
    },
    async stop() {
      if (child.connected) child.send({ type: 'stop' } satisfies ToOffice);
      const timer = setTimeout(killNow, 3000);
      await exited;
      clearTimeout(timer);
      process.off('exit', killNow);
    },
  };

  child.send({ type: 'start', options: start.options, verbose: start.verbose ?? false } satisfies ToOffice);
  try {
    await ready;
  } catch (e) {
    await office.stop();
    throw e;
  }
  return office;
}
