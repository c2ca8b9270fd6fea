/**
 * Helpers for tests that drive the presently.js pages of test/shared/pages/ (served by site.ts) in Debian's
 * Chromium against a real Prosody, with a raw peer (test/server/peer.ts) watching what the server sends.
 * The same steps as sharing.test.ts's, made reusable: open a page and wait for its client, count an account's
 * resources as the peer sees them, wait for a dot's `show`.
 */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright';
import { expect } from 'vitest';
import { chromiumArgs, chromiumPath } from '../chromium.js';
import { connectPeer, type Peer, type PeerPresence } from '../server/peer.js';
import { startProsody, type ProsodyServer } from '../server/prosody.js';
import { TEST_USERS } from '../server/users.js';
import { startSharingSite, type SharingSite } from './site.js';

/**
 * Opens `url` in a new page of `context` and waits until its client started (or failed to: then the test fails).
 * Page errors and console errors and warnings go to `problems`.
 */
export async function openPage(context: BrowserContext, url: string, problems: string[]): Promise<Page> {
  const page = await context.newPage();
  watchProblems(page, problems);
  await page.goto(url);
  await waitForStart(page);
  return page;
}

/** Records the page's errors and console errors and warnings in `problems`. */
export function watchProblems(page: Page, problems: string[]): void {
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
  });
}

/** Waits until the page's client started; fails with its start error. */
export async function waitForStart(page: Page): Promise<void> {
  await page.waitForFunction(() => (window as any).sharing?.started || (window as any).sharing?.startError, null, { timeout: 20_000 });
  expect(await page.evaluate(() => (window as any).sharing.startError)).toBeUndefined();
}

/** The full JIDs of `bare` that `peer` sees available now (their last presence to it was not `unavailable`). */
export function availableResources(peer: Peer, bare: string): string[] {
  const last = new Map<string, string | undefined>();
  for (const p of peer.findPresences({ from: bare })) last.set(p.from, p.type);
  return [...last].filter(([, type]) => type === undefined).map(([from]) => from);
}

/** The `show` attribute of the page's `<presently-dot>` for `jid`. */
export const dotShow = (page: Page, jid: string) => page.locator(`presently-dot[jid="${jid}"]`).getAttribute('show');

/** Waits until the page's `<presently-dot>` for `jid` shows `show`. */
export const waitForDot = (page: Page, jid: string, show: string, timeout = 10_000) =>
  page.waitForFunction(([j, s]) => document.querySelector(`presently-dot[jid="${j}"]`)?.getAttribute('show') === s, [jid, show] as const, {
    timeout,
  });

/** What every sharing suite starts with: a real Prosody, Debian's Chromium, Bob as a raw peer, and sites. */
export interface SharingWorld {
  server: ProsodyServer;
  browser: Browser;
  bob: Peer;
  /** `name@` the server's host. */
  jidOf(name: string): string;
  /** A site signed in as `name` whose pages show a dot for each of `contacts` (default: Bob); closed with the world. */
  site(name: string, contacts?: string[]): Promise<SharingSite>;
  /** Closes the browser, Bob, every site and the server. */
  close(): Promise<void>;
}

/** Starts a {@link SharingWorld}; `bobPresence` is the presence Bob comes online with (default: available). */
export async function startSharingWorld(bobPresence?: PeerPresence): Promise<SharingWorld> {
  const [server, browser] = await Promise.all([
    startProsody({ users: [...TEST_USERS] }),
    chromium.launch({ executablePath: chromiumPath, args: chromiumArgs }),
  ]);
  const user = (name: string) => TEST_USERS.find((u) => u.username === name)!;
  const jidOf = (name: string) => `${name}@${server.host}`;
  const bob = await connectPeer(server, user('bob'), bobPresence ? { presence: bobPresence } : {});
  const sites: SharingSite[] = [];
  return {
    server,
    browser,
    bob,
    jidOf,
    async site(name, contacts = [jidOf('bob')]) {
      const s = await startSharingSite({ service: server.wsUrl, jid: jidOf(name), password: user(name).password, contacts });
      sites.push(s);
      return s;
    },
    async close() {
      await browser.close();
      await bob.stop();
      await Promise.all(sites.map((s) => s.close()));
      await server.stop();
    },
  };
}
