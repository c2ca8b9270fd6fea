/**
 * JS heap used by every target of one origin in a Chromium (its pages and workers, the shared worker among them:
 * playwright sees pages only), through the browser's own CDP session: each target is attached to (non-flattened,
 * messages wrapped in Target.sendMessageToTarget), garbage-collected (HeapProfiler.collectGarbage), then asked for
 * Runtime.getHeapUsage and Runtime.getIsolateId. Pages that Chromium put in one renderer process share a V8 isolate,
 * and a target's heap usage is its isolate's: the total counts each isolate once.
 */
import type { Browser, CDPSession } from 'playwright';

export interface TargetHeap {
  type: string;
  url: string;
  isolate: string;
  usedSize: number;
}

export interface OriginHeap {
  /** Sum over distinct isolates, bytes. */
  total: number;
  targets: TargetHeap[];
}

interface TargetInfo {
  targetId: string;
  type: string;
  url: string;
}

const MEASURED = new Set(['page', 'shared_worker', 'worker', 'service_worker']);

/** Sends CDP commands to one attached target through the browser session (the non-flattened protocol). */
function targetChannel(cdp: CDPSession, sessionId: string) {
  let nextId = 1;
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  const onMessage = (event: { sessionId: string; message: string }) => {
    if (event.sessionId !== sessionId) return;
    const msg = JSON.parse(event.message) as { id?: number; result?: unknown; error?: { message: string } };
    const waiter = msg.id === undefined ? undefined : pending.get(msg.id);
    if (!waiter) return;
    pending.delete(msg.id!);
    if (msg.error) waiter.reject(new Error(msg.error.message));
    else waiter.resolve(msg.result);
  };
  cdp.on('Target.receivedMessageFromTarget', onMessage);
  return {
    send<T>(method: string, params: object = {}): Promise<T> {
      const id = nextId++;
      const answer = new Promise<T>((resolve, reject) => pending.set(id, { resolve: resolve as (v: unknown) => void, reject }));
      void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) });
      return answer;
    },
    close() {
      cdp.off('Target.receivedMessageFromTarget', onMessage);
    },
  };
}

/** The JS heap of every page and worker whose URL starts with `origin`, after a GC in each. */
export async function originHeap(browser: Browser, origin: string): Promise<OriginHeap> {
  const cdp = await browser.newBrowserCDPSession();
  try {
    const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: TargetInfo[] };
    const targets: TargetHeap[] = [];
    for (const t of targetInfos.filter((t) => MEASURED.has(t.type) && t.url.startsWith(origin))) {
      const { sessionId } = (await cdp.send('Target.attachToTarget', { targetId: t.targetId, flatten: false })) as { sessionId: string };
      const channel = targetChannel(cdp, sessionId);
      try {
        for (let i = 0; i < 3; i++) await channel.send('HeapProfiler.collectGarbage');
        const { id } = await channel.send<{ id: string }>('Runtime.getIsolateId');
        const { usedSize } = await channel.send<{ usedSize: number }>('Runtime.getHeapUsage');
        targets.push({ type: t.type, url: t.url, isolate: id, usedSize });
      } finally {
        channel.close();
        await cdp.send('Target.detachFromTarget', { sessionId }).catch(() => {});
      }
    }
    const byIsolate = new Map(targets.map((t) => [t.isolate, t.usedSize]));
    return { total: [...byIsolate.values()].reduce((a, b) => a + b, 0), targets };
  } finally {
    await cdp.detach().catch(() => {});
  }
}
