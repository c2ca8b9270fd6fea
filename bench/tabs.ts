/**
 * One connection for all tabs (docs/sharing.md), measured in Debian's Chromium against a real Prosody on loopback
 * (its own, with Prosody's default 10,000 SCRAM iterations), every page a tab of one origin serving presently.js
 * with its chunks (the shared worker among them) — bench/pages/tabs.*:
 *  - navigation → first real dot of the second (and third) tab of a context, next to the first tab's in the same
 *    round; each round a fresh browser context, so a fresh shared worker and a fresh login for the first tab;
 *  - the account's sessions as the server sees them with 5 tabs open: the resources of Alice that Bob, a raw
 *    @xmpp/client peer with Alice in his roster, sees available; 5 tabs with `shared: false` as the baseline;
 *  - JS heap of every target of the origin (pages and the shared worker, lib/targets-heap.ts) with 1,000 contacts
 *    online (real roster entries through mod_groups, each contact a real session with presence: lib/crowd.ts), each
 *    tab keeping a watch on all 1,000: 1 tab and 5 tabs sharing, 1 and 5 tabs with `shared: false`.
 */
import { readdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright';
import { startProsody, type ProsodyServer } from '../test/server/prosody.js';
import { startCrowd } from './lib/crowd.js';
import { paths, presentlyProblem } from './lib/load.js';
import { bare, connectRaw } from './lib/raw-client.js';
import { median, missing, row, round, type Row } from './lib/row.js';
import { startStaticServer, type StaticServer } from './lib/static-server.js';
import { originHeap, type OriginHeap } from './lib/targets-heap.js';

/** Rounds of the first-dot rows, each in a fresh context. */
const ROUNDS = 5;
const SESSION_TABS = 5;
const CONTACTS = 1_000;
const MEMORY_TABS = 5;
const passwordOf = (u: string): string => `${u}-bench-pw`;
const contactName = (i: number) => `c${i}`;

interface TabQuery {
  user: string;
  watch: string;
  shared: boolean;
  contacts?: number;
}

interface Setup {
  browser: Browser;
  web: StaticServer;
  prosody: ProsodyServer;
}

const tabUrl = ({ web, prosody }: Setup, o: TabQuery): string =>
  `${web.origin}/pages/tabs.html?${new URLSearchParams({
    service: prosody.wsUrl,
    jid: `${o.user}@${prosody.host}`,
    password: passwordOf(o.user),
    watch: `${o.watch}@${prosody.host}`,
    shared: o.shared ? '1' : '0',
    contacts: String(o.contacts ?? 0),
    prefix: 'c',
  })}`;

/** Opens a tab and waits until its dot shows a real state; returns its navigation → first real dot in ms. */
async function openTab(context: BrowserContext, url: string): Promise<{ page: Page; firstRealDot: number }> {
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  page.on('pageerror', (e) => process.env.PRESENTLY_BENCH_VERBOSE && console.error('[tab]', e.message));
  page.on('console', (m) => process.env.PRESENTLY_BENCH_VERBOSE && console.error('[tab]', m.type(), m.text()));
  await page.goto(url);
  await page.waitForFunction(() => (window as any).tabs?.firstRealDot !== undefined || (window as any).tabs?.startError, null, {
    timeout: 30_000,
  });
  const { firstRealDot, startError } = (await page.evaluate(() => (window as any).tabs)) as { firstRealDot: number; startError?: string };
  if (startError) throw new Error(`a tab did not start: ${startError}`);
  return { page, firstRealDot };
}

const fellBack = async (pages: Page[]): Promise<number> =>
  (await Promise.all(pages.map((p) => p.evaluate(() => (window as any).tabs.fellBack as boolean)))).filter(Boolean).length;

/** Stops every tab's client (the last one of a shared session ends it with the server), then the context. */
async function closeTabs(context: BrowserContext, pages: Page[]): Promise<void> {
  await Promise.all(pages.map((p) => p.evaluate(() => (window as any).tabs.client.stop()).catch(() => {})));
  await context.close();
}

async function firstDots(setup: Setup, shared: boolean, tabs: number): Promise<{ times: number[]; fellBack: number }> {
  const context = await setup.browser.newContext();
  const pages: Page[] = [];
  try {
    const times: number[] = [];
    for (let t = 0; t < tabs; t++) {
      const tab = await openTab(context, tabUrl(setup, { user: 'alice', watch: 'bob', shared }));
      pages.push(tab.page);
      times.push(tab.firstRealDot);
    }
    return { times, fellBack: await fellBack(pages) };
  } finally {
    await closeTabs(context, pages);
  }
}

async function firstDotRows(setup: Setup): Promise<Row[]> {
  const shared: number[][] = [];
  const unshared: number[][] = [];
  let fallbacks = 0;
  for (let r = 0; r < ROUNDS; r++) {
    const s = await firstDots(setup, true, 3);
    shared.push(s.times);
    fallbacks += s.fellBack;
    unshared.push((await firstDots(setup, false, 2)).times);
  }
  const col = (runs: number[][], i: number) => runs.map((t) => t[i]!);
  const ms = (xs: number[]) => xs.map((x) => round(x, 0)).join(', ');
  const [first, second, third] = [0, 1, 2].map((i) => median(col(shared, i))) as [number, number, number];
  const fallbackNote = fallbacks ? `; ${fallbacks} tab(s) fell back to a connection of their own` : '; no tab fell back';
  return [
    row(
      "tabs: second tab's navigation → first real dot (one shared session)",
      round(second),
      'ms',
      "first tab's, same round (login)",
      round(first),
      '≤ 1/3 of the first tab',
      (_, ratio) => ratio != null && ratio <= 1 / 3,
      `median of ${ROUNDS} rounds, each a fresh context (fresh shared worker): second ${ms(col(shared, 1))} vs first ${ms(col(shared, 0))}` +
        `; with shared: false the second tab logs in again: ${round(median(col(unshared, 1)))} ms (${ms(col(unshared, 1))}), ` +
        `its first ${round(median(col(unshared, 0)))} ms${fallbackNote}`,
    ),
    row(
      "tabs: third tab's navigation → first real dot",
      round(third),
      'ms',
      "first tab's, same round",
      round(first),
      '',
      undefined,
      `median of ${ROUNDS}: ${ms(col(shared, 2))}`,
    ),
  ];
}

/** Alice's resources that Bob sees available now, from every presence of hers he got. */
function availableOf(seen: Map<string, string | undefined>): Set<string> {
  return new Set([...seen].filter(([, type]) => type === undefined).map(([jid]) => jid));
}

async function sessionsFor(setup: Setup, shared: boolean, seen: Map<string, string | undefined>): Promise<number> {
  const before = availableOf(seen);
  const context = await setup.browser.newContext();
  const pages: Page[] = [];
  try {
    for (let t = 0; t < SESSION_TABS; t++) pages.push((await openTab(context, tabUrl(setup, { user: 'alice', watch: 'bob', shared }))).page);
    // Time for any further session's initial presence to reach Bob.
    await new Promise((r) => setTimeout(r, 1_500));
    return [...availableOf(seen)].filter((jid) => !before.has(jid)).length;
  } finally {
    await closeTabs(context, pages);
    // Bob hears each session end before the next count starts.
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function sessionRows(setup: Setup, seen: Map<string, string | undefined>): Promise<Row[]> {
  const shared = await sessionsFor(setup, true, seen);
  const unshared = await sessionsFor(setup, false, seen);
  return [
    row(
      `tabs: server sessions for ${SESSION_TABS} tabs of one account`,
      shared,
      'sessions',
      `${SESSION_TABS} tabs, shared: false`,
      unshared,
      '= 1',
      (v) => v === 1,
      "Alice's resources a raw peer (Bob, Alice in his roster) sees available once every tab shows Bob's state, 1.5 s settle",
    ),
  ];
}

async function heapOf(setup: Setup, shared: boolean, tabs: number): Promise<OriginHeap & { fellBack: number }> {
  const context = await setup.browser.newContext();
  const pages: Page[] = [];
  try {
    const url = tabUrl(setup, { user: 'mem', watch: contactName(0), shared, contacts: CONTACTS });
    for (let t = 0; t < tabs; t++) {
      const { page } = await openTab(context, url);
      await page.waitForFunction((n) => (window as any).tabs.known === n, CONTACTS, { timeout: 60_000 });
      pages.push(page);
    }
    return { ...(await originHeap(setup.browser, setup.web.origin)), fellBack: await fellBack(pages) };
  } finally {
    await closeTabs(context, pages);
  }
}

async function memoryRows(setup: Setup): Promise<Row[]> {
  const crowd = await startCrowd({
    tcpUrl: setup.prosody.tcpUrl,
    domain: setup.prosody.host,
    usernames: Array.from({ length: CONTACTS }, (_, i) => contactName(i)),
    passwordOf,
  });
  try {
    const one = await heapOf(setup, true, 1);
    const five = await heapOf(setup, true, MEMORY_TABS);
    const oneOwn = await heapOf(setup, false, 1);
    const fiveOwn = await heapOf(setup, false, MEMORY_TABS);
    const mb = (bytes: number) => round(bytes / 2 ** 20, 2);
    const describe = (h: OriginHeap) => {
      const worker = h.targets.filter((t) => t.type === 'shared_worker');
      const isolates = new Set(h.targets.map((t) => t.isolate)).size;
      return `${h.targets.length} targets in ${isolates} isolates${worker.length ? `, shared worker ${mb(worker[0]!.usedSize)} MB` : ''}`;
    };
    const fell = [one, five].reduce((n, h) => n + h.fellBack, 0);
    const common =
      `JS heap used summed over the origin's pages and workers (each V8 isolate once) after a GC, ${CONTACTS} contacts online ` +
      `(real roster entries with presence), every tab watching all ${CONTACTS}`;
    return [
      row(
        `tabs: JS heap of ${MEMORY_TABS} tabs sharing, ${CONTACTS} contacts`,
        mb(five.total),
        'MB',
        `${MEMORY_TABS} tabs, shared: false`,
        mb(fiveOwn.total),
        '',
        undefined,
        `${common}. Sharing: ${describe(five)}; shared: false: ${describe(fiveOwn)}${fell ? `; ${fell} sharing tab(s) fell back` : ''}`,
      ),
      row(
        `tabs: JS heap of ${MEMORY_TABS} tabs sharing vs one tab, ${CONTACTS} contacts`,
        mb(five.total),
        'MB',
        'one tab sharing (page + shared worker)',
        mb(one.total),
        '',
        undefined,
        `one tab: ${describe(one)}; one tab with shared: false: ${mb(oneOwn.total)} MB (${describe(oneOwn)}); ` +
          `each added sharing tab ≈ ${mb((five.total - one.total) / (MEMORY_TABS - 1))} MB, each added unshared tab ≈ ` +
          `${mb((fiveOwn.total - oneOwn.total) / (MEMORY_TABS - 1))} MB`,
      ),
    ];
  } finally {
    await crowd.stop();
  }
}

/** presently.js and every chunk next to it (the shared worker is `chunks/presently-worker.js`), by URL path. */
function presentlyFiles(): Record<string, string> {
  const chunks = resolve(dirname(paths.presentlyJs), 'chunks');
  const files: Record<string, string> = { '/presently.js': paths.presentlyJs };
  for (const f of readdirSync(chunks)) if (f.endsWith('.js')) files[`/chunks/${f}`] = resolve(chunks, f);
  return files;
}

export async function runTabs(browser: Browser): Promise<Row[]> {
  const problem = presentlyProblem();
  if (problem) return [missing("tabs: second tab's navigation → first real dot (one shared session)", 'ms', "first tab's", problem)];
  const contacts = Array.from({ length: CONTACTS }, (_, i) => contactName(i));
  const prosody = await startProsody({
    users: ['alice', 'bob', 'mem', ...contacts].map((username) => ({ username, password: passwordOf(username) })),
    // Alice and Bob see each other; mem has the 1,000 contacts, who see mem only (a group of two each), so their
    // logins don't broadcast presence to one another.
    groups: { Team: ['alice', 'bob'], ...Object.fromEntries(contacts.map((c) => [`mem ${c}`, ['mem', c]])) },
    scramIterations: 10_000,
    logLevel: 'warn',
  });
  const web = await startStaticServer(presentlyFiles());
  const seen = new Map<string, string | undefined>();
  const alice = `alice@${prosody.host}`;
  const bob = await connectRaw({
    service: prosody.wsUrl,
    domain: prosody.host,
    username: 'bob',
    password: passwordOf('bob'),
    resource: 'tabs',
    initialShow: 'away',
    onPresence: (p) => bare(p.attrs.from) === alice && seen.set(p.attrs.from as string, p.attrs.type as string | undefined),
  });
  const setup = { browser, web, prosody };
  try {
    return [...(await firstDotRows(setup)), ...(await sessionRows(setup, seen)), ...(await memoryRows(setup))];
  } finally {
    await bob.stop().catch(() => {});
    await web.close().catch(() => {});
    await prosody.stop().catch(() => {});
  }
}
