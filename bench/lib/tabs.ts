/** Tabs of one origin in Chromium (bench/pages/tabs.*), for bench/tabs.ts and bench/tabs-memory.ts. */
import type { Browser, BrowserContext, Page } from 'playwright';
import type { ProsodyServer } from '../../test/server/prosody.js';
import type { StaticServer } from './static-server.js';

export const passwordOf = (u: string): string => `${u}-bench-pw`;

export interface TabSetup {
  browser: Browser;
  web: StaticServer;
  prosody: ProsodyServer;
}

export interface TabQuery {
  user: string;
  /** The contact the page's one dot shows. */
  watch: string;
  shared: boolean;
  /** A directory page: the page also watches contacts c0..c<contacts-1>. */
  contacts?: number;
  /** The WebSocket URL the page connects to. Default: Prosody's own. */
  service?: string;
}

export interface Tab {
  page: Page;
  /** Navigation → the dot's first real state, ms. */
  firstRealDot: number;
  /** Navigation → createPresenceClient (presently.js loaded and run), ms. */
  created: number;
}

export const tabUrl = ({ web, prosody }: TabSetup, o: TabQuery): string =>
  `${web.origin}/pages/tabs.html?${new URLSearchParams({
    service: o.service ?? prosody.wsUrl,
    jid: `${o.user}@${prosody.host}`,
    password: passwordOf(o.user),
    watch: `${o.watch}@${prosody.host}`,
    shared: o.shared ? '1' : '0',
    contacts: String(o.contacts ?? 0),
    prefix: 'c',
  })}`;

/** Opens a tab in `context` and waits until its dot shows a real state. */
export async function openTab(context: BrowserContext, url: string): Promise<Tab> {
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  page.on('pageerror', (e) => process.env.PRESENTLY_BENCH_VERBOSE && console.error('[tab]', e.message));
  page.on('console', (m) => process.env.PRESENTLY_BENCH_VERBOSE && console.error('[tab]', m.type(), m.text()));
  await page.goto(url);
  await page.waitForFunction(() => (window as any).tabs?.firstRealDot !== undefined || (window as any).tabs?.startError, null, {
    timeout: 30_000,
  });
  const tab = (await page.evaluate(() => {
    const { firstRealDot, created, startError } = (window as any).tabs;
    return { firstRealDot, created, startError };
  })) as Omit<Tab, 'page'> & { startError?: string };
  if (tab.startError) throw new Error(`a tab did not start: ${tab.startError}`);
  return { page, firstRealDot: tab.firstRealDot, created: tab.created };
}

/** How many of `pages` fell back to a connection of their own (the one console.info of docs/sharing.md). */
export const fellBack = async (pages: Page[]): Promise<number> =>
  (await Promise.all(pages.map((p) => p.evaluate(() => (window as any).tabs.fellBack as boolean)))).filter(Boolean).length;

/** Stops every tab's client (the last one of a shared session ends it with the server), then closes the context. */
export async function closeTabs(context: BrowserContext, pages: Page[]): Promise<void> {
  await Promise.all(pages.map((p) => p.evaluate(() => (window as any).tabs.client.stop()).catch(() => {})));
  await context.close();
}
