/**
 * Memory in Chromium (CDP: HeapProfiler.collectGarbage + Runtime.getHeapUsage): heap per contact once 5,000
 * contacts have presence and watchers, next to the floor stack's client holding the same contacts; then 1,000
 * <presently-badge> mounted and removed twice: heap per mounted badge (vs plain <span>s), heap left after each cycle, and
 * client.diagnostics watchedJids/watchers back to what they were (no leaked subscriptions).
 */
import type { Browser, CDPSession, Page } from 'playwright';
import { newPage } from './lib/browser.js';
import { presentlyProblem } from './lib/load.js';
import { missing, row, round, type Row } from './lib/row.js';
import { startScriptedServer, type ServerHandle } from './lib/server-handle.js';
import { DOMAIN } from './lib/stanzas.js';
import type { StaticServer } from './lib/static-server.js';

const CONTACTS = 5_000;
const MOUNTED = 1_000;
const PASSWORD = 'bench-pass';

async function heap(cdp: CDPSession): Promise<number> {
  for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  return usedSize;
}

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
    // Two mount/unmount cycles each: what the first leaves is caches (e.g. contact details fetched for shown
    // contacts, by design); what the second leaves on top of that would be a leak.
    const mounted: Record<'badge' | 'span', { perElement: number; left: number; leftAgain: number; after: Diag }> = {} as any;
    for (const mode of ['span', 'badge'] as const) {
      const cycle = async () => {
        const before = await heap(cdp);
        await page.evaluate(([m, n]) => (window as any).bench.mount(m, n), [mode, MOUNTED] as const);
        const during = await heap(cdp);
        await page.evaluate(() => (window as any).bench.unmount());
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50))));
        return { perElement: (during - before) / MOUNTED, left: (await heap(cdp)) - before };
      };
      const first = await cycle();
      const second = await cycle();
      mounted[mode] = { perElement: first.perElement, left: first.left, leftAgain: second.left, after: (await page.evaluate(() => (window as any).bench.diagnostics())) as Diag };
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
    await page.evaluate(([s, p]) => (window as any).floor.connect({ service: s, domain: 'example.com', username: 'floormem', password: p, resource: 'page' }), [server.wsUrl, PASSWORD]);
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
    return [
      row(perContactLabel, Math.round(ours.perContact), 'bytes', 'floor stack client (Map of shows)', floor == null ? null : Math.round(floor), ''),
      row(`memory: heap per mounted <presently-badge> (${MOUNTED})`, Math.round(b.perElement), 'bytes', 'plain <span> + watch', Math.round(s.perElement), ''),
      row(`memory: heap left after removing ${MOUNTED} badges, 1st cycle`, round(b.left / 1024), 'KB', `after removing ${MOUNTED} spans`, round(s.left / 1024), '', undefined,
        'includes one-off costs: compiled code, caches for contacts once shown'),
      row(`memory: heap left after removing ${MOUNTED} badges, 2nd cycle (leak check)`, round(b.leftAgain / 1024), 'KB', `after removing ${MOUNTED} spans`, round(s.leftAgain / 1024), '≤ 16 KB',
        (v) => v <= 16, 'growth on every mount/unmount cycle is a leak'),
      row('memory: watchers after removing the badges', b.after.watchers, 'watchers', 'before mounting', ours.d0.watchers, '= 0', () => back,
        `watchedJids ${b.after.watchedJids} after, ${ours.d0.watchedJids} before; after the spans: ${s.after.watchers} watchers`),
    ];
  } finally {
    await server.close();
  }
}
