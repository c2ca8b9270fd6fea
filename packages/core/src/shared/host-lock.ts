/**
 * How a page learns that the host of its shared client is gone (docs/sharing.md "Failover"), with the Web Locks
 * API (https://w3c.github.io/web-locks/): the host (the shared worker, or the leader tab) holds a lock of a random
 * name for as long as it lives and tells pages that name; each page asks for the same lock, which the browser
 * grants once the host is gone — closed, crashed or killed — and the page re-attaches to the next host.
 */

const locks = () => (globalThis.navigator as { locks?: LockManager } | undefined)?.locks;

/**
 * Hold a new host lock for the life of this worker or tab, or until `until` settles (a leader tab handing over:
 * leader.ts). Resolves with its name once it is held (undefined without Web Locks): only then may a page hear it,
 * or the page's request could reach the browser first and be granted at once, as if this host were gone.
 */
export function holdHostLock(until: Promise<void> = new Promise(() => {})): Promise<string | undefined> {
  const manager = locks();
  if (!manager) return Promise.resolve(undefined);
  const name = `presently-host ${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
  return new Promise((held) => {
    void manager.request(name, () => {
      held(name);
      return until;
    });
  });
}

/** Resolves once the host holding `name` is gone (never without Web Locks). */
export function hostGone(name: string): Promise<void> {
  const manager = locks();
  // Granted when the host is gone; released at once, so every other page waiting for it hears it too.
  return manager ? manager.request(name, () => undefined) : new Promise(() => {});
}
