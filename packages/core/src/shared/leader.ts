/**
 * Sharing without a SharedWorker (docs/sharing.md, fallback for browsers with Web Locks and BroadcastChannel but
 * no SharedWorker): the tabs elect a leader with a Web Lock (https://w3c.github.io/web-locks/) named
 * `<worker name> leader`; the tab holding it hosts the one real client in the page (host.ts, as the worker does)
 * and the other tabs — and the leader's own page — are its pages over a BroadcastChannel of the same name. When
 * the leader tab closes or crashes its lock is released, the next waiting tab is granted it and hosts, and the
 * pages re-attach to it (page.ts, through the host lock of host-lock.ts). Loaded as a chunk, only then.
 *
 * The channel carries envelopes: `who` (a page asks which host leads), `leader` (the host's answer, also sent when
 * it starts), and `data` addressed to one link by id. Each side turns its link into a MessagePort, so host.ts and
 * page.ts see the same ports as with a worker.
 */
import { onPageUnload } from '../page-unload.js';
import type { ClientOptions, PresenceClient } from '../types.js';
import { createSharedHost, type SharedHostDeps } from './host.js';
import { holdHostLock } from './host-lock.js';
import type { HostLink } from './page-link.js';

type Envelope = { t: 'who' } | { t: 'leader'; host: string } | { t: 'data'; to: string; from?: string; data: unknown };

const randomName = () => Math.random().toString(36).slice(2) + Date.now().toString(36);

/** Elections this page takes part in, by worker name (several clients of one account share one). */
const elections = new Set<string>();

/** What {@link joinLeader} needs: the channel's name, the page's options, and how to make a private client. */
export interface LeaderDeps {
  name: string;
  options: ClientOptions;
  createPrivate(options: ClientOptions): PresenceClient;
}

/** Take part in the election for `name` (once per page) and return a link to whichever tab leads now. */
export function joinLeader({ name, options, createPrivate }: LeaderDeps): HostLink {
  if (!elections.has(name)) {
    elections.add(name);
    const { password: _secret, ...own } = options;
    // If this tab leads, its client is made from its own options, as the worker's (worker.ts): credentials from a
    // started page, visibility and input from all pages; the resource a page asked for after a takeover (page.ts
    // `previousResource`).
    const createClient: SharedHostDeps['createClient'] = (asked, credentials, input) =>
      createPrivate({
        ...own,
        resource: asked.resource,
        credentials,
        shared: false,
        inactiveWhenHidden: false,
        autoAway: options.autoAway === false ? false : { ...options.autoAway, input },
      });
    // Held for the life of the tab: granted to the next waiting tab once this one is gone. A leader handed over
    // when its tab was frozen (below); once the tab resumes, it stands again, behind the tabs already waiting.
    const stand = (): void =>
      void navigator.locks
        .request(`${name} leader`, () => lead(name, createClient))
        .then(() => document.addEventListener('resume', stand, { once: true }));
    stand();
  }
  return linkToLeader(name);
}

/**
 * This tab leads: host the client for every page's link on the channel, until the tab goes away or is frozen.
 * A frozen tab runs nothing (Page Lifecycle, https://wicg.github.io/page-lifecycle/: mobile browsers freeze
 * background tabs), so on `freeze` it hands over while it still can: its host ends (the pages hear
 * nothing more from it, its client closes the session) and it releases its host lock and the leader lock, so the
 * pages attach to the next leader as if the tab had closed (docs/sharing.md "Failover").
 */
function lead(name: string, createClient: SharedHostDeps['createClient']): Promise<void> {
  let handOver!: () => void;
  const frozen = new Promise<void>((resolve) => (handOver = resolve));
  const host = createSharedHost({ createClient, lock: holdHostLock(frozen) });
  const hostId = randomName();
  const channel = new BroadcastChannel(name);
  const links = new Map<string, MessagePort>();
  const announce = () => channel.postMessage({ t: 'leader', host: hostId } satisfies Envelope);
  channel.onmessage = ({ data }: MessageEvent<Envelope>) => {
    if (data.t === 'who') return announce();
    if (data.t !== 'data' || data.to !== hostId || !data.from) return;
    const from = data.from;
    let port = links.get(from);
    if (!port) {
      const { port1, port2 } = new MessageChannel();
      port1.onmessage = (event) => channel.postMessage({ t: 'data', to: from, data: event.data } satisfies Envelope);
      host.connect(port2);
      links.set(from, (port = port1));
    }
    port.postMessage(data.data);
  };
  announce();
  const end = (): void => {
    channel.close();
    for (const port of links.values()) port.close();
    host.close();
  };
  // Unloaded, the tab ends the session as a frozen one does, while it still can (page-unload.ts); another tab, if
  // any is left, leads and signs in anew. Left to the server, the session would wait for a resumption (minutes).
  const unlisten = onPageUnload(end);
  globalThis.document?.addEventListener(
    'freeze',
    () => {
      unlisten();
      end();
      handOver();
    },
    { once: true },
  );
  return frozen;
}

/** A page's link to the leading tab: what the page says waits until a leader answered `who`. */
function linkToLeader(name: string): HostLink {
  const id = randomName();
  const channel = new BroadcastChannel(name);
  const { port1, port2 } = new MessageChannel();
  let leader: string | undefined;
  const early: unknown[] = [];
  const forward = (data: unknown) => channel.postMessage({ t: 'data', to: leader!, from: id, data } satisfies Envelope);
  channel.onmessage = ({ data }: MessageEvent<Envelope>) => {
    if (data.t === 'leader' && leader === undefined) {
      leader = data.host;
      early.splice(0).forEach(forward);
    } else if (data.t === 'data' && data.to === id) port2.postMessage(data.data);
  };
  port2.onmessage = (event) => (leader === undefined ? early.push(event.data) : forward(event.data));
  channel.postMessage({ t: 'who' } satisfies Envelope);
  return {
    port: port1,
    label: 'the leader tab',
    close() {
      channel.close();
      port1.close();
      port2.close();
    },
  };
}
