/**
 * Memory in Chromium. Heap per contact once 5,000 contacts have presence and watchers (CDP:
 * HeapProfiler.collectGarbage + Runtime.getHeapUsage), next to the floor stack's client holding the same contacts;
 * then 1,000 <presently-badge> mounted and removed CYCLES times (vs plain <span>s + watch on the same page): heap per
 * mounted badge, what each cycle leaves behind, and client.diagnostics watchedJids/watchers back to what they were.
 *
 * What a cycle leaves is measured with a V8 heap snapshot after each cycle (lib/heap-snapshot.ts: GC, then self sizes
 * summed by node type), split into V8 code (compiled code, bytecode, feedback) and everything else (JS objects,
 * arrays, strings, closures, Map/Set tables, DOM wrappers). The split matters because the optimising tiers keep
 * compiling the now-hot mount/unmount paths for several cycles: ~90 KB of code after the 2nd cycle, shrinking cycle
 * by cycle, with 0 bytes of objects. Code is shown, but the leak check is on objects: the median of the warmed-up
 * cycles (3..CYCLES), so a one-off (a bounded cache's hash table growing once) doesn't decide it; a leak grows
 * every cycle. Blink's C++ side ("native") is given in a note: it moves ±75 KB with its own caches (text shaping).
 */
import type { Browser, CDPSession, Page } from 'playwright';
import { newPage } from './lib/browser.js';
import { presentlyProblem } from './lib/load.js';
import { heapGrowth, heapSplit } from './lib/heap-snapshot.js';
import { median, missing, row, round, type Row } from './lib/row.js';
import { startScriptedServer, type ServerHandle } from './lib/server-handle.js';
import { DOMAIN } from './lib/stanzas.js';
import type { StaticServer } from './lib/static-server.js';

const CONTACTS = 5_000;
const MOUNTED = 1_000;
/** Mount/unmount cycles per kind of element; cycles 3..CYCLES count as warmed up. */
const CYCLES = 5;
const WARM_FROM = 3;
const PASSWORD = 'bench-pass';

async function heap(cdp: CDPSession): Promise<number> {
  for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  return usedSize;
}

type Growth = ReturnType<typeof heapGrowth>;

interface Diag {
  watchedJids: number;
  watchers: number;
  storedJids: number;
}

async function presentlyPage(browser: Browser, web: StaticServer, server: ServerHandle) {
  const page: Page = await newPage(browser);
  const cdp = await page.context().newCDPSession(page);
  try {
    await page.goto(`${web.origin}/pages/badges.html`);
    await page.waitForFunction(() => 'bench' in window);
    await page.evaluate(() => import('/presently.js' as string));
    const h0 = await heap(cdp);
    await page.evaluate(([s, j, p]) => (window as any).bench.connect(s, j, p), [server.wsUrl, `mem@${DOMAIN}`, PASSWORD]);
    await server.ready('mem');
    await page.evaluate((n) => (window as any).bench.waitStates(n), CONTACTS);
    await page.evaluate((n) => {
      const w = window as any;
      w.stops = [];
      for (let c = 0; c < n; c++) w.stops.push(w.client.watch(`u${c}@example.com`, () => {}));
    }, CONTACTS);
    const h1 = await heap(cdp);
    await page.evaluate(() => (window as any).stops.splice(0).forEach((stop: () => void) => stop()));
    const d0 = (await page.evaluate(() => (window as any).bench.diagnostics())) as Diag;
    // CYCLES mount/unmount cycles each, a heap snapshot after each (see the comment at the top).
    const mounted = {} as Record<'badge' | 'span', { perElement: number; cycles: Growth[]; after: Diag }>;
    for (const mode of ['span', 'badge'] as const) {
      let prev = await heapSplit(cdp);
      let perElement = 0;
      const cycles: Growth[] = [];
      for (let c = 0; c < CYCLES; c++) {
        const before = await heap(cdp);
        await page.evaluate(([m, n]) => (window as any).bench.mount(m, n), [mode, MOUNTED] as const);
        if (c === 0) perElement = ((await heap(cdp)) - before) / MOUNTED;
        await page.evaluate(() => (window as any).bench.unmount());
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50))));
        const next = await heapSplit(cdp);
        cycles.push(heapGrowth(prev, next));
        prev = next;
      }
      mounted[mode] = { perElement, cycles, after: (await page.evaluate(() => (window as any).bench.diagnostics())) as Diag };
    }
    return { perContact: (h1 - h0) / CONTACTS, d0, mounted };
  } finally {
    await cdp.detach().catch(() => {});
    await page.close();
  }
}

async function floorPage(browser: Browser, web: StaticServer, server: ServerHandle): Promise<number> {
  const page = await newPage(browser);
  const cdp = await page.context().newCDPSession(page);
  try {
    await page.goto(`${web.origin}/pages/badges.html`);
    await page.evaluate(() => import('/floor.js' as string));
    const h0 = await heap(cdp);
    await page.evaluate(
      ([s, p]) => (window as any).floor.connect({ service: s, domain: 'example.com', username: 'floormem', password: p, resource: 'page' }),
      [server.wsUrl, PASSWORD],
    );
    await server.ready('floormem');
    await page.waitForFunction((n) => (window as any).floor.presences.size >= n, CONTACTS, { timeout: 30_000 });
    await page.evaluate((n) => {
      const w = window as any;
      w.stops = [];
      for (let c = 0; c < n; c++) w.stops.push(w.floor.watch(`u${c}@example.com`, () => {}));
    }, CONTACTS);
    const h1 = await heap(cdp);
    return (h1 - h0) / CONTACTS;
  } finally {
    await cdp.detach().catch(() => {});
    await page.close();
  }
}

export async function runMemory(browser: Browser, web: StaticServer): Promise<Row[]> {
  const perContactLabel = `memory: heap per contact (${CONTACTS} with presence + a watcher each, Chromium)`;
  const problem = presentlyProblem();
  if (problem) return [missing(perContactLabel, 'bytes', 'floor stack client', problem)];
  const server = await startScriptedServer({ contacts: CONTACTS, password: PASSWORD, sendInitialPresences: true });
  try {
    const floor = await floorPage(browser, web, server).catch(() => null);
    const ours = await presentlyPage(browser, web, server);
    const b = ours.mounted.badge;
    const s = ours.mounted.span;
    const back = b.after.watchers === 0 && b.after.watchedJids === 0 && s.after.watchers === 0;
    const kb = (bytes: number) => round(bytes / 1024);
    const total = (g: Growth) => g.code + g.objects;
    const warm = (m: typeof b, f: (g: Growth) => number) => median(m.cycles.slice(WARM_FROM - 1).map(f));
    /** Cycles 2..CYCLES, in KB unless `unit` is given. */
    const list = (m: typeof b, f: (g: Growth) => number, unit = kb) =>
      m.cycles
        .slice(1)
        .map((g) => unit(f(g)))
        .join(', ');
    const split = (g: Growth) => `code ${kb(g.code)} KB + objects ${kb(g.objects)} KB`;
    const warmRange = `cycles ${WARM_FROM}–${CYCLES}`;
    return [
      row(
        perContactLabel,
        Math.round(ours.perContact),
        'bytes',
        'floor stack client (Map of shows)',
        floor == null ? null : Math.round(floor),
        '',
      ),
      row(
        `memory: heap per mounted <presently-badge> (${MOUNTED})`,
        Math.round(b.perElement),
        'bytes',
        'plain <span> + watch',
        Math.round(s.perElement),
        '',
      ),
      row(
        `memory: V8 heap left after removing ${MOUNTED} badges, 1st cycle`,
        kb(total(b.cycles[0]!)),
        'KB',
        `after removing ${MOUNTED} spans`,
        kb(total(s.cycles[0]!)),
        '',
        undefined,
        `${split(b.cycles[0]!)} (spans: ${split(s.cycles[0]!)}); one-off: code compiled for the elements, details cached for contacts once shown, and (spans, mounted first) status strings V8 copies onto its heap when first put in the DOM`,
      ),
      row(
        `memory: V8 heap left after removing ${MOUNTED} badges, 2nd cycle (code + objects)`,
        kb(total(b.cycles[1]!)),
        'KB',
        `after removing ${MOUNTED} spans`,
        kb(total(s.cycles[1]!)),
        '',
        undefined,
        `${split(b.cycles[1]!)} (spans: ${split(s.cycles[1]!)}); the old leak check: mostly code the optimisers still add, see the next two rows`,
      ),
      row(
        `memory: V8 code left per cycle, warmed up (median of ${warmRange})`,
        kb(warm(b, (g) => g.code)),
        'KB',
        'spans',
        kb(warm(s, (g) => g.code)),
        '',
        undefined,
        `compiled code and feedback, not objects; badges cycles 2–${CYCLES}: ${list(b, (g) => g.code)} KB; spans: ${list(s, (g) => g.code)} KB`,
      ),
      row(
        `memory: JS objects left per cycle of ${MOUNTED} badges, warmed up (median of ${warmRange}; leak check)`,
        kb(warm(b, (g) => g.objects)),
        'KB',
        'spans',
        kb(warm(s, (g) => g.objects)),
        '≤ 16 KB',
        (v) => v <= 16,
        `objects, strings, closures, DOM wrappers (heap snapshot, V8 code excluded); a leak grows every cycle. Badges cycles 2–${CYCLES}: ` +
          `${list(b, (g) => g.objects)} KB, ${list(
            b,
            (g) => g.objectCount,
            (n) => n,
          )} objects (net count); spans: ${list(s, (g) => g.objects)} KB; ` +
          `Blink C++ (not counted, moves with its caches): ${list(b, (g) => g.native)} KB`,
      ),
      row(
        'memory: watchers after removing the badges',
        b.after.watchers,
        'watchers',
        'before mounting',
        ours.d0.watchers,
        '= 0',
        () => back,
        `watchedJids ${b.after.watchedJids} after ${CYCLES} cycles, ${ours.d0.watchedJids} before; after the spans: ${s.after.watchers} watchers`,
      ),
    ];
  } finally {
    await server.close();
  }
}
