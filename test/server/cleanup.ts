// Makes sure no test Prosody outlives the Node process that started it, however that process ends.
//
// Two layers:
// - in-process: on 'exit', SIGINT, SIGTERM and SIGHUP every live server is SIGKILLed and its temp
//   folder removed (synchronously, the only thing an 'exit' handler may do);
// - out-of-process: each server has a tiny `sh` watchdog reading a pipe from us. When this process
//   dies in a way no handler sees (SIGKILL, OOM, a killed worker), the pipe closes, and the watchdog
//   kills the Prosody it was last told about and removes the temp folder.
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';

export interface Disposable {
  /** Synchronous last-resort cleanup: SIGKILL the process and remove the temp folder. */
  killNow(): void;
}

const live = new Set<Disposable>();
let installed = false;

function cleanupAll(): void {
  for (const d of [...live]) {
    try {
      d.killNow();
    } catch {
      // best effort: we are exiting
    }
  }
  live.clear();
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', cleanupAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      cleanupAll();
      // Keep the default behaviour (die by the signal) unless someone else handles it.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  }
}

export function track(d: Disposable): void {
  install();
  live.add(d);
}

export function untrack(d: Disposable): void {
  live.delete(d);
}

// $1 = temp folder, $2 = config path, $3 = 'group' to kill the pid's whole process group (ejabberd:
// the shell that leads it, the Erlang VM and its port programs). Each line on stdin is the pid of the current Prosody ('-': we
// already cleaned up ourselves).
// On EOF: kill that pid if it is still our Prosody (checked through /proc where there is one), then
// remove the folder unless PRESENTLY_PROSODY_KEEP is set.
const WATCHDOG = `
pid=""
while IFS= read -r line; do pid="$line"; done
case "$pid" in
  ''|*[!0-9]*) ;;
  *)
    ours=""
    if [ -d /proc/self ]; then
      tr '\\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$2" && ours=1
    else
      ours=1
    fi
    if [ -n "$ours" ]; then
      kill -CONT "$pid" 2>/dev/null
      [ "$3" = group ] && kill -KILL -- "-$pid" 2>/dev/null
      kill -KILL "$pid" 2>/dev/null
      sleep 0.2
    fi
    ;;
esac
[ -n "$PRESENTLY_PROSODY_KEEP" ] || rm -rf -- "$1"
`;

export class Watchdog {
  readonly #child: ChildProcess;

  constructor(dir: string, configPath: string, options: { group?: boolean } = {}) {
    this.#child = spawn('sh', ['-c', WATCHDOG, 'presently-prosody-watchdog', dir, configPath, options.group ? 'group' : ''], {
      stdio: ['pipe', 'ignore', 'ignore'],
      detached: true, // its own process group: a Ctrl-C to ours must not kill it before it cleans up
    });
    this.#child.on('error', () => {}); // no sh: the in-process layer still works
    this.#child.stdin?.on('error', () => {});
    this.#child.unref();
    (this.#child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  }

  /** Tells the watchdog which process to kill if we die. */
  watch(pid: number): void {
    this.#child.stdin?.write(`${pid}\n`);
  }

  /** We cleaned up ourselves: let the watchdog go (its kill is then a no-op). */
  release(): void {
    this.#child.stdin?.end('-\n');
  }
}

export function removeDirSync(dir: string): void {
  if (process.env.PRESENTLY_PROSODY_KEEP) return;
  rmSync(dir, { recursive: true, force: true });
}

/** SIGKILL `pid`, or with `group` its whole process group; a process that is gone already is no error. */
export function killHard(pid: number, group = false): void {
  try {
    process.kill(group ? -pid : pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/**
 * The life of a launched server (Prosody, ejabberd, nginx) in its temp folder: tracked for the exit handlers and
 * watched by a {@link Watchdog} from creation; ended once, by the launcher's stop() (its process ended, then the
 * folder removed unless PRESENTLY_PROSODY_KEEP is set) or killNow() (the synchronous last resort).
 */
export class ServerLifetime {
  #ended = false;
  readonly #watchdog: Watchdog;

  constructor(
    readonly owner: Disposable,
    readonly dir: string,
    configPath: string,
    readonly options: { group?: boolean } = {},
  ) {
    this.#watchdog = new Watchdog(dir, configPath, options);
    track(owner);
  }

  /** True once stop() or killNow() ran: the server cannot start again. */
  get ended(): boolean {
    return this.#ended;
  }

  /** The process the watchdog kills if we die. */
  watch(pid: number): void {
    this.#watchdog.watch(pid);
  }

  /** For stop(): `endProcess` ends the server's process (gently or not), then its folder goes. Only the first call acts. */
  async end(endProcess: () => Promise<void>): Promise<void> {
    if (this.#ended) return;
    await endProcess();
    this.#ended = true;
    untrack(this.owner);
    this.#watchdog.release();
    if (!process.env.PRESENTLY_PROSODY_KEEP) await rm(this.dir, { recursive: true, force: true });
  }

  /** For killNow(): SIGKILL `pid` (its group with `options.group`) and remove the folder, synchronously. */
  endNow(pid: number | undefined): void {
    if (pid !== undefined) killHard(pid, this.options.group);
    this.#ended = true;
    this.#watchdog.release();
    removeDirSync(this.dir);
  }
}
