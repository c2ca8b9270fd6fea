/**
 * A Web Locks manager for unit tests (Node has none): exclusive locks granted in request order, `query()` as the
 * browser answers it, and the test's hand on what the browser does on its own: when a request is granted (`defer`
 * holds requests of names with a prefix until `grant`), and a holder that goes away (`drop`: its tab closed).
 */
export interface FakeLocks {
  /** Install as `navigator.locks`: pass to vi.stubGlobal('navigator', { locks }). */
  readonly manager: LockManager;
  /** Names asked for, in order. */
  readonly requested: string[];
  /** Names held now. */
  held(): string[];
  /** The holder of `name` went away: its lock is released and the next request for it granted. */
  drop(name: string): void;
  /** The first request of a name starting with `prefix` waits for {@link FakeLocks.grant} (the browser takes its time). */
  defer(prefix: string): void;
  /** Let a deferred request for `name` be granted (when the lock is free). */
  grant(name: string): void;
  /** Forget a deferred request for `name` without granting it (its page went away before). */
  forget(name: string): void;
}

export function fakeLocks(): FakeLocks {
  const holders = new Map<string, () => void>();
  const queues = new Map<string, Array<() => void>>();
  const deferred = new Map<string, () => void>();
  const prefixes: string[] = [];
  const requested: string[] = [];

  function next(name: string): void {
    holders.delete(name);
    const queue = queues.get(name);
    const grant = queue?.shift();
    if (queue && !queue.length) queues.delete(name);
    grant?.();
  }

  function request(name: string, callback: (lock: Lock | null) => unknown): Promise<unknown> {
    const first = !requested.includes(name);
    requested.push(name);
    return new Promise((resolve, reject) => {
      const grant = () => {
        let released = false;
        const release = () => {
          if (released) return;
          released = true;
          next(name);
        };
        holders.set(name, release);
        Promise.resolve()
          .then(() => callback({ name, mode: 'exclusive' } as Lock))
          .then(resolve, reject)
          .finally(release);
      };
      const enqueue = () => {
        if (!holders.has(name) && !queues.has(name)) grant();
        else queues.set(name, [...(queues.get(name) ?? []), grant]);
      };
      if (first && prefixes.some((prefix) => name.startsWith(prefix))) deferred.set(name, enqueue);
      else enqueue();
    });
  }

  const info = (name: string) => ({ name, mode: 'exclusive' as const, clientId: 'fake' });
  const manager = {
    request: (name: string, ...rest: unknown[]) => request(name, rest.at(-1) as (lock: Lock | null) => unknown),
    query: async () => ({
      held: [...holders.keys()].map(info),
      pending: [...[...queues].flatMap(([name, q]) => q.map(() => info(name))), ...[...deferred.keys()].map(info)],
    }),
  } as unknown as LockManager;

  return {
    manager,
    requested,
    held: () => [...holders.keys()],
    drop: (name) => holders.get(name)?.(),
    defer: (prefix) => void prefixes.push(prefix),
    grant(name) {
      const enqueue = deferred.get(name);
      deferred.delete(name);
      enqueue?.();
    },
    forget: (name) => void deferred.delete(name),
  };
}
