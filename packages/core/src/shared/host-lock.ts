/**
 * How a page learns that the host of its shared client is gone (docs/sharing.md "Failover"), with the Web Locks
 * API (https://w3c.github.io/web-locks/): the host (the shared worker, or the leader tab) holds a lock of a random
 * name for as long as it lives and tells pages that name; each page asks for the same lock, which the browser
 * grants once the host is gone — closed, crashed or killed — and the page re-attaches to the next host.
 */

const locks = () => (globalThis.navigator as { locks?: LockManager } | undefined)?.locks;

/** Hold a new host lock for the life of this worker or tab; its name, or undefined without Web Locks. */
export function holdHostLock(): string | undefined {
  const manager = locks();
  if (!manager) return undefined;
  const name = `presently-host ${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
  void manager.request(name, () => new Promise<void>(() => {}));
  return name;
}

/** Resolves once the host holding `name` is gone (never without Web Locks). */
export function hostGone(name: string): Promise<void> {
  const manager = locks();
  // Granted when the host is gone; released at once, so every other page waiting for it hears it too.
  return manager ? manager.request(name, () => undefined) : new Promise(() => {});
}
