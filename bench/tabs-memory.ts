/**
 * Memory of tabs sharing one session, for bench/tabs.ts: the JS heap of every target of the origin (its pages and
 * the shared worker, lib/targets-heap.ts: after a GC, each V8 isolate counted once) with 1,000 contacts online —
 * real roster entries (mod_groups) whose sessions sent presence (lib/crowd.ts). 1 and 5 tabs sharing, 1 and 5 tabs
 * with `shared: false`, for two kinds of page: a directory that watches all 1,000 contacts (each page then mirrors
 * every presence from the worker), and a page that shows one dot (the worker holds the 1,000, the page one).
 */
import type { Page } from 'playwright';
import { startCrowd } from './lib/crowd.js';
import { median, row, round, type Row } from './lib/row.js';
import { closeTabs, fellBack, openTab, passwordOf, tabUrl, type TabSetup } from './lib/tabs.js';
import { originHeap, type OriginHeap } from './lib/targets-heap.js';

export const CONTACTS = 1_000;
export const MEMORY_ACCOUNT = 'mem';
const TABS = 5;
export const contactName = (i: number): string => `c${i}`;

type Kind = 'directory' | 'dot';

interface Measured extends OriginHeap {
  fellBack: number;
}

async function heapOf(setup: TabSetup, kind: Kind, shared: boolean, tabs: number): Promise<Measured> {
  const context = await setup.browser.newContext();
  const pages: Page[] = [];
  try {
    const url = tabUrl(setup, {
      user: MEMORY_ACCOUNT,
      watch: contactName(0),
      shared,
      contacts: kind === 'directory' ? CONTACTS : 0,
    });
    for (let t = 0; t < tabs; t++) {
      const { page } = await openTab(context, url);
      pages.push(page);
      // Everything the tab will hold has arrived: the directory has all its contacts' states; a page of its own has
      // finished start() (which waits for the initial presence burst) with every contact in its store.
      await page.waitForFunction(
        ([kind, shared, n]) => {
          const tabs = (window as any).tabs;
          if (kind === 'directory') return tabs.known === n;
          return tabs.started && (shared || tabs.client.diagnostics.storedJids >= n);
        },
        [kind, shared, CONTACTS] as const,
        { timeout: 60_000 },
      );
    }
    return { ...(await originHeap(setup.browser, setup.web.origin)), fellBack: await fellBack(pages) };
  } finally {
    await closeTabs(context, pages);
  }
}

const mb = (bytes: number): number => round(bytes / 2 ** 20, 2);

function describe(h: OriginHeap): string {
  const worker = h.targets.find((t) => t.type === 'shared_worker');
  const pages = h.targets.filter((t) => t.type === 'page');
  const isolates = new Set(h.targets.map((t) => t.isolate)).size;
  return (
    `${pages.length} page${pages.length > 1 ? 's' : ''}${worker ? ' + shared worker' : ''} in ${isolates} isolate${isolates > 1 ? 's' : ''}` +
    `${worker ? ` (worker ${mb(worker.usedSize)} MB, median page ${mb(median(pages.map((p) => p.usedSize)))} MB)` : ''}`
  );
}

async function kindRows(setup: TabSetup, kind: Kind): Promise<Row[]> {
  const one = await heapOf(setup, kind, true, 1);
  const five = await heapOf(setup, kind, true, TABS);
  const oneOwn = await heapOf(setup, kind, false, 1);
  const fiveOwn = await heapOf(setup, kind, false, TABS);
  const what = kind === 'directory' ? 'directory page' : 'one-dot page';
  const perTab = (a: Measured, b: Measured) => mb((b.total - a.total) / (TABS - 1));
  const fell = one.fellBack + five.fellBack;
  const page =
    kind === 'directory'
      ? `every tab watches all ${CONTACTS} contacts (a page mirrors each from the worker)`
      : `every tab shows one contact's dot (the contacts live in the worker, each page mirroring their presence for presenceOf; or in each tab's own client)`;
  const note =
    `${page}. Sharing: ${describe(five)}; shared: false: ${describe(fiveOwn)}. One tab: ${mb(one.total)} MB sharing (${describe(one)}), ` +
    `${mb(oneOwn.total)} MB with shared: false. Each added tab: ${perTab(one, five)} MB sharing, ${perTab(oneOwn, fiveOwn)} MB ` +
    `with shared: false${fell ? `; ${fell} sharing tab(s) fell back to a connection of their own` : ''}`;
  const rows = [
    row(
      `tabs: JS heap, ${TABS} tabs sharing, ${CONTACTS} contacts, ${what}`,
      mb(five.total),
      'MB',
      `${TABS} tabs, shared: false`,
      mb(fiveOwn.total),
      '',
      undefined,
      note,
    ),
  ];
  if (kind === 'directory')
    rows.push(
      row(
        `tabs: JS heap, ${TABS} tabs sharing vs 1 tab, ${CONTACTS} contacts, ${what}`,
        mb(five.total),
        'MB',
        'one tab sharing (page + shared worker)',
        mb(one.total),
        '',
        undefined,
        `one tab with shared: false: ${mb(oneOwn.total)} MB. JS heap used summed over the origin's pages and workers ` +
          `(each V8 isolate once) after a GC`,
      ),
    );
  return rows;
}

/** The memory rows; the contacts come online for them and go offline after. */
export async function memoryRows(setup: TabSetup): Promise<Row[]> {
  const crowd = await startCrowd({
    tcpUrl: setup.prosody.tcpUrl,
    domain: setup.prosody.host,
    usernames: Array.from({ length: CONTACTS }, (_, i) => contactName(i)),
    passwordOf,
  });
  try {
    return [...(await kindRows(setup, 'directory')), ...(await kindRows(setup, 'dot'))];
  } finally {
    await crowd.stop();
  }
}
