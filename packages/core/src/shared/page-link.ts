/**
 * A page's way to the host of its shared client (docs/sharing.md): attach, say what the page says, attach to the
 * next host when this one is gone (its lock released: host-lock.ts), and fall back to a private host in the page
 * (in-page.ts) when the shared one can't be used. What the page says and hears is
 * page.ts's business; which host is current is this file's.
 */
import { onPageUnload } from '../page-unload.js';
import { PROTOCOL_VERSION, type PageMessage, type WorkerMessage } from './protocol.js';

/** How long a host has to welcome us before this page connects on its own. */
const WELCOME_TIMEOUT_MS = 5000;

/** A way to a shared host, as {@link PageLinkDeps.connect} makes it. */
export interface HostLink {
  port: MessagePort;
  /** How the page's one `console.info` names this host if it must fall back ("the shared worker"). */
  label: string;
  /** Registers `fn` for the host failing to load. */
  onError?(fn: () => void): void;
  /** Ends the link (the port and whatever carries it). Default: the port's close(). */
  close?(): void;
}

let toldFallback = false;
/** The one line a page logs when sharing is impossible: not an error, the page still works. */
export function infoFallback(reason: string): void {
  if (toldFallback) return;
  toldFallback = true;
  console.info(`[presently] one connection for this tab (not shared): ${reason}`);
}

/** What {@link createPageLink} needs. */
export interface PageLinkDeps {
  /** The page's id: names the Web Lock it holds for its life (the host learns of its end by it). */
  pageId: string;
  /** Attaches to the shared host; called again whenever the host went away. Throws or rejects when it can't. */
  connect(): HostLink | Promise<HostLink>;
  /** A port to a host with a private client in this page, for when the shared host can't be used. */
  privatePort(): Promise<MessagePort>;
  /** Resolves once the host holding lock `name` is gone. */
  hostGone(name: string): Promise<void>;
  /** The hello for a host, made when attaching to it (this file adds whether the page's lock is held). */
  hello(): Omit<Extract<PageMessage, { t: 'hello' }>, 'held'>;
  /** Everything a new host must hear from the page, said right after the hello. */
  replay(): PageMessage[];
  /** A message of the current host (a welcome of our protocol version first; its lock is this file's business). */
  receive(message: Exclude<WorkerMessage, { t: 'lock' }>): void;
  /** The host went away; the page attaches to the next one right after. */
  lost(): void;
  /** Neither a shared host nor the page's own could be made (its code failed to load): the page can't work. */
  failed(reason: string): void;
}

/** The page's link: `send` goes to the current host, or waits for its welcome. */
export interface PageLink {
  send(message: PageMessage): void;
}

export function createPageLink(deps: PageLinkDeps): PageLink {
  const locks = (globalThis.navigator as { locks?: LockManager } | undefined)?.locks;
  /** Messages said while no host is linked (one is being made): said right after the hello to it. */
  let queue: PageMessage[] | undefined = [];
  let link: HostLink | undefined;
  /** Counts attachments: what an older link or host says (or its lock's release) no longer counts. */
  let attachment = 0;
  let fellBack = false;
  /** Gives up a host that doesn't answer (see attach). */
  let welcomeTimer: ReturnType<typeof setTimeout> | undefined;
  /** The browser granted this page's own lock (see the end of this function). */
  let lockHeld = false;

  const send = (message: PageMessage) => (queue ? queue.push(message) : link?.port.postMessage(message));
  /** Ends a link; a host still there forgets this page's entry on it (the page goes on with another). */
  function close(old: HostLink | undefined): void {
    old?.port.postMessage({ t: 'leave' } satisfies PageMessage);
    if (old?.close) old.close();
    else old?.port.close();
  }

  function receive(message: WorkerMessage, label: string): void {
    // A page of one deploy never talks to a host of another: the host refuses us, or we refuse it.
    if (message.t === 'refused' || (message.t === 'welcome' && message.v !== PROTOCOL_VERSION)) {
      return void fallBack(`${label} speaks protocol ${message.v}`);
    }
    if (message.t !== 'lock') return deps.receive(message);
    const current = attachment;
    void deps.hostGone(message.name).then(() => {
      if (current !== attachment) return;
      deps.lost();
      void attach(deps.connect, true);
    });
  }

  /**
   * Attach to the host `connectHost` gives: the hello, then at once what the page must say again to a new host and
   * what it said meanwhile. Nothing waits for the welcome: a host that refuses us (another protocol version) drops
   * what follows, and the page says it all again to the host it falls back to.
   */
  async function attach(connectHost: () => HostLink | Promise<HostLink>, shared: boolean): Promise<void> {
    const current = ++attachment;
    clearTimeout(welcomeTimer);
    close(link);
    link = undefined;
    queue = deps.replay();
    let next: HostLink;
    try {
      next = await connectHost();
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      // The page's own host is the last resort: without it (its chunk failed to load) nothing can answer.
      return void (shared ? fallBack(reason) : deps.failed(reason));
    }
    if (current !== attachment) return close(next);
    link = next;
    // A shared host answers with its welcome and, once it holds it, its lock (without which we would never learn
    // that it is gone): a host that says neither in time (it died as it started, or hangs) is given up.
    const heard = new Set<string>();
    next.port.onmessage = (event: MessageEvent<WorkerMessage>) => {
      if (current !== attachment) return;
      heard.add(event.data.t);
      receive(event.data, next.label);
    };
    next.onError?.(() => current === attachment && void fallBack(`${next.label} failed to load`));
    if (shared) {
      const answered = () => heard.has('welcome') && (heard.has('lock') || !locks);
      welcomeTimer = setTimeout(
        () => current === attachment && !answered() && void fallBack(`${next.label} did not answer`),
        WELCOME_TIMEOUT_MS,
      );
    }
    next.port.postMessage({ ...deps.hello(), held: lockHeld } satisfies PageMessage);
    const said = queue;
    queue = undefined;
    said.forEach(send);
  }

  async function fallBack(reason: string): Promise<void> {
    if (fellBack) return;
    fellBack = true;
    infoFallback(reason);
    await attach(async () => ({ port: await deps.privatePort(), label: 'this page' }), false);
  }

  // The host learns that this page is gone when the browser releases this lock (tab closed or crashed). Granting
  // it takes the browser tens of milliseconds, so the page says hello at once and tells the host when it holds it
  // (`held` in the hello, or its own message to a host already greeted); the host asks for it only then.
  void locks?.request(`presently-page ${deps.pageId}`, () => {
    lockHeld = true;
    link?.port.postMessage({ t: 'held' } satisfies PageMessage);
    return new Promise<void>(() => {});
  });
  void attach(deps.connect, true);
  // The page is unloaded: its host hears it now rather than when the browser releases the page's lock, so a worker
  // whose last page this was ends the session while it still runs (page-unload.ts).
  onPageUnload(() => {
    attachment++;
    clearTimeout(welcomeTimer);
    close(link);
    link = undefined;
    queue = [];
  });

  return { send };
}
