/**
 * Whether a new client shares the page's connection with other tabs (docs/sharing.md): in a browser with
 * SharedWorker, when the worker script's URL is known (presently.js sets it to the chunk next to it) and the
 * options don't say `shared: false`. One worker per protocol version, service and account: its name says so.
 */
import { bareJid } from '../jid.js';
import type { ClientOptions, PresenceClient } from '../types.js';
import { createSharedClient } from './page.js';
import { infoFallback, type HostLink } from './page-link.js';
import { PROTOCOL_VERSION } from './protocol.js';

let workerUrl: string | URL | undefined;

/**
 * Where {@link createPresenceClient} finds the shared worker script (`presently-worker.js`). presently.js sets it
 * to its own `chunks/presently-worker.js`; with a bundler, point it at `@presently/elements/dist/chunks/presently-worker.js`
 * served from your origin. Without it, every client connects on its own.
 *
 * @example setSharedWorkerUrl(new URL('/assets/presently-worker.js', location.href));
 */
export function setSharedWorkerUrl(url: string | URL | undefined): void {
  workerUrl = url;
}

interface TrustedTypes {
  createPolicy(name: string, rules: { createScriptURL(url: string): string }): { createScriptURL(url: string): unknown };
}
let policy: ReturnType<TrustedTypes['createPolicy']> | undefined;

/**
 * The worker's URL as the SharedWorker constructor takes it under Trusted Types (`require-trusted-types-for
 * 'script'`): through our policy `presently-worker`, which lets only the URL set with setSharedWorkerUrl through
 * (docs/security.md lists it in `trusted-types`). Created once per page; throws where the page's policy forbids it.
 */
function trustedScriptUrl(url: string): unknown {
  const factory = (globalThis as { trustedTypes?: TrustedTypes }).trustedTypes;
  if (!factory) return url;
  policy ??= factory.createPolicy('presently-worker', {
    createScriptURL: (wanted) => {
      if (wanted !== String(workerUrl)) throw new TypeError('presently-worker only loads the shared worker');
      return wanted;
    },
  });
  return policy.createScriptURL(url);
}

/** The worker's name: a page of another protocol version, service or account never meets this worker. */
export const workerName = (options: ClientOptions) => `presently/${PROTOCOL_VERSION} ${options.service} ${bareJid(options.jid)}`;

/** Whether tabs can elect a leader: Web Locks and BroadcastChannel (leader.ts). */
const canElectLeader = () =>
  typeof BroadcastChannel === 'function' && Boolean((globalThis.navigator as { locks?: LockManager } | undefined)?.locks);

/**
 * A shared client for `options`, or undefined when this page can't share (the caller makes a private one).
 * In order: a SharedWorker; without SharedWorker, a leader tab (Web Locks + BroadcastChannel); else none. A
 * SharedWorker that exists but can't be made (a CSP that forbids workers) means a private client, as docs/sharing.md says.
 * `createPrivate` makes the private client for a fallback that happens later (the worker failing to load), and the
 * leader tab's client.
 */
export function sharedClient(
  options: ClientOptions,
  createPrivate: (options: ClientOptions) => PresenceClient,
): PresenceClient | undefined {
  if (options.shared === false || workerUrl === undefined) return undefined;
  // The page's own options (credentials and all); it reports its visibility to the host like to the worker.
  const privatePort = async () =>
    (await import('./in-page.js')).hostInPage(() => createPrivate({ ...options, shared: false, inactiveWhenHidden: false }));
  if (typeof SharedWorker !== 'function') {
    if (!canElectLeader()) {
      infoFallback('this browser has no SharedWorker');
      return undefined;
    }
    // The leader tab's code is a chunk (leader.ts): only such browsers load it.
    const connect = async () => (await import('./leader.js')).joinLeader({ name: workerName(options), options, createPrivate });
    return createSharedClient({ options, connect, privatePort });
  }
  let first: HostLink | undefined;
  try {
    first = connectWorker(options);
  } catch (e) {
    // A Content-Security-Policy without worker-src 'self' (or script-src 'self'), or whose trusted-types leaves out
    // presently-worker, lands here.
    infoFallback(e instanceof Error ? e.message : String(e));
    return undefined;
  }
  // The first link is the worker made above; after a worker went away, the same name makes a new one (every page
  // asks; the browser starts one for all of them).
  const connect = () => {
    const link = first ?? connectWorker(options);
    first = undefined;
    return link;
  };
  return createSharedClient({ options, connect, privatePort });
}

function connectWorker(options: ClientOptions): HostLink {
  const worker = new SharedWorker(trustedScriptUrl(String(workerUrl)) as string, { name: workerName(options) });
  return { port: worker.port, label: 'the shared worker', onError: (fn) => worker.addEventListener('error', fn) };
}
