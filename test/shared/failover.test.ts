/**
 * Failover of the shared connection (docs/sharing.md "Failover"), end to end: presently.js pages of one origin in
 * one context of Debian's Chromium against a real Prosody, Bob a raw peer (test/server/peer.ts).
 *  - Leader-tab mode (no SharedWorker: an init script deletes it before the page's scripts): three tabs share one
 *    session held by the first; closing it makes another tab take over. The others keep working, and a message
 *    typed in a remaining tab during the takeover reaches Bob exactly once.
 *  - The leader tab frozen (the browser's `freeze` event, given by the test: headless Chromium freezes nothing):
 *    it hands over as if closed, and once resumed follows the new leader.
 *  - SharedWorker mode: the worker is killed (Chromium's DevTools protocol closes its target); the pages start a
 *    new one and go on the same way.
 * What is asserted is what a user sees: dots, messages heard; and what Bob receives.
 */
import type { Browser, BrowserContext, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Peer } from '../server/peer.js';
import { availableResources, openPage, startSharingWorld, waitForDot, type SharingWorld } from './pages.js';
import type { SharingSite } from './site.js';

let world: SharingWorld;
let browser: Browser;
let bob: Peer;

const jidOf = (name: string) => world.jidOf(name);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** How long a takeover may take before Bob's next change shows ("within a few seconds"). */
const TAKEOVER_MS = 5000;
/** Long enough after a message arrived that a duplicate sent by a retry would have arrived too. */
const DUPLICATE_WAIT_MS = 3000;

/** A site signed in as `name` (each mode its own account: the other's old sessions don't count). */
const site = (name: string): Promise<SharingSite> => world.site(name);

/** In every page, before its scripts: a log of every `show` Bob's dot displays (what the user saw, in order). */
function recordDot(jid: string): void {
  const shows: string[] = ((window as any).dotShows = []);
  const sample = () => {
    const show = document.querySelector(`presently-dot[jid="${jid}"]`)?.getAttribute('show');
    if (show && shows[shows.length - 1] !== show) shows.push(show);
  };
  new MutationObserver(sample).observe(document, { subtree: true, attributes: true, childList: true });
}

const dotShows = (page: Page) => page.evaluate(() => (window as any).dotShows as string[]);

/** Sends from `page` without waiting for the answer (the host may be gone): resolves with the chosen message id. */
const typeMessage = (page: Page, body: string) =>
  page.evaluate(
    ([to, b]) => {
      const sending = (window as any).sharing.client.sendMessage(to, b);
      (window as any).sending = sending.then((m: { id: string }) => m.id);
    },
    [jidOf('bob'), body] as const,
  );
const sentId = (page: Page) => page.evaluate(() => (window as any).sending as Promise<string>);

/**
 * The failover checks both modes share, once `takeOver` made the holder of the connection go away:
 * Bob's next change shows in every remaining tab within a few seconds and no dot showed `unknown` or `offline`
 * meanwhile; a message typed during the takeover reaches Bob once, with the id the page chose; Bob sees one
 * resource of Alice again; his reply reaches every remaining tab.
 */
async function failOver(tabs: Page[], me: string, takeOver: () => Promise<void>, tag: string): Promise<void> {
  await bob.setPresence({ show: 'dnd', status: `before ${tag}` });
  for (const tab of tabs) await waitForDot(tab, jidOf('bob'), 'dnd');
  const before = await Promise.all(tabs.map(async (tab) => (await dotShows(tab)).length));
  const oldResource = availableResources(bob, me);
  expect(oldResource).toHaveLength(1);

  await takeOver();
  const body = `${tag} typed during the takeover`;
  await typeMessage(tabs[0]!, body);
  const started = Date.now();
  await bob.setPresence({ show: 'away', status: `after ${tag}` });
  for (const tab of tabs) await waitForDot(tab, jidOf('bob'), 'away', TAKEOVER_MS);
  const seenAfter = Date.now() - started;

  // What the dots showed from the takeover on: dnd until the new host knew Bob, then away; never unknown or offline.
  for (const [i, tab] of tabs.entries()) {
    const shows = (await dotShows(tab)).slice(before[i]! - 1);
    expect(shows[0]).toBe('dnd');
    expect(shows.at(-1)).toBe('away');
    expect(shows.filter((s) => s === 'unknown' || s === 'offline')).toEqual([]);
  }

  const id = await sentId(tabs[0]!);
  await bob.waitForMessage({ from: me, bodyIncludes: body });
  await sleep(DUPLICATE_WAIT_MS);
  const received = bob.findMessages({ from: me, bodyIncludes: body });
  expect(received.map((m) => [m.body, m.id])).toEqual([[body, id]]);
  // The chat with Bob, as a window opened now in each tab shows it: the line once (sent by the next host, and
  // perhaps in its archive too), delivered.
  for (const tab of tabs) {
    const lines = await tab.evaluate(
      ([jid, b]) =>
        new Promise<string[]>((resolve) => {
          const stop = (window as any).sharing.client.watchConversation(jid, (c: any) => {
            const mine = c.entries.filter((e: any) => e.message.body === b);
            if (mine.length > 0 && mine.every((e: any) => e.delivery !== 'sending')) {
              queueMicrotask(() => stop());
              resolve(mine.map((e: any) => `${e.message.id} ${e.delivery}`));
            }
          });
        }),
      [jidOf('bob'), body] as const,
    );
    expect(lines).toEqual([`${id} delivered`]);
  }

  // The new session took the old one's resource: the server replaced the old session (which would otherwise wait
  // minutes for a XEP-0198 resumption no one can make), so Bob sees one resource of us, the same, all along.
  await sleep(500);
  expect(availableResources(bob, me)).toEqual(oldResource);
  await bob.sendMessage(me, `${tag} reply`);
  for (const tab of tabs) {
    await tab.waitForFunction((b) => (window as any).sharing.messages.includes(b), `${tag} reply`, { timeout: 10_000 });
  }
  console.log(`failover (${tag}): Bob's next change seen in every remaining tab ${seenAfter} ms after the takeover began`);
}

beforeAll(async () => {
  world = await startSharingWorld();
  ({ browser, bob } = world);
}, 60_000);

afterAll(() => world?.close());

/** A site signed in as `name`, and a context whose pages have no SharedWorker (leader-tab mode) and record Bob's dot. */
async function leaderMode(name: string): Promise<{ host: SharingSite; context: BrowserContext }> {
  const host = await site(name);
  const context = await browser.newContext();
  await context.addInitScript(() => delete (window as any).SharedWorker);
  await context.addInitScript(recordDot, jidOf('bob'));
  return { host, context };
}

describe('leader-tab mode (a browser without SharedWorker)', () => {
  let context: BrowserContext;
  let host: SharingSite;
  let tabs: Page[];
  const problems: string[] = [];

  beforeAll(async () => {
    ({ host, context } = await leaderMode('alice'));
  }, 30_000);
  afterAll(() => context?.close());

  it('three tabs share one session held by the first: Bob sees one resource, one login, no fallback', async () => {
    const before = availableResources(bob, jidOf('alice')).length;
    await bob.setPresence({ show: 'chat' });
    tabs = [];
    for (let i = 0; i < 3; i++) tabs.push(await openPage(context, `${host.origin}/index.html`, problems));
    for (const tab of tabs) await waitForDot(tab, jidOf('bob'), 'chat');
    expect(await tabs[1]!.evaluate(() => typeof (window as any).SharedWorker)).toBe('undefined');
    await sleep(1000);
    expect(availableResources(bob, jidOf('alice')).length - before).toBe(1);
    expect(host.credentialRequests).toBe(1);
    for (const tab of tabs) expect(await tab.evaluate(() => (window as any).sharing.infos)).toEqual([]);
    expect(problems).toEqual([]);
  }, 60_000);

  it('closing the leader tab: another takes over, the others keep working, a message typed meanwhile arrives once', async () => {
    const leader = tabs.shift()!;
    await failOver(tabs, jidOf('alice'), () => leader.close(), 'leader');
    // The next leader signed in once more (with the credentials of a page), once.
    expect(host.credentialRequests).toBe(2);
    expect(problems).toEqual([]);
  }, 60_000);
});

describe('leader-tab mode, the leader tab frozen (as mobile browsers freeze background tabs)', () => {
  let context: BrowserContext;
  let host: SharingSite;
  const problems: string[] = [];

  beforeAll(async () => {
    ({ host, context } = await leaderMode('dave'));
  }, 30_000);
  afterAll(() => context?.close());

  it('another tab takes over as if it had closed; resumed, the tab follows the new leader without a login of its own', async () => {
    const me = jidOf('dave');
    const tabs: Page[] = [];
    for (let i = 0; i < 3; i++) tabs.push(await openPage(context, `${host.origin}/index.html`, problems));
    await bob.setPresence({ show: 'chat' });
    for (const tab of tabs) await waitForDot(tab, jidOf('bob'), 'chat');
    const [leader, ...others] = tabs as [Page, ...Page[]];
    // Headless Chromium never freezes a page (it stays visible; the DevTools protocol's setWebLifecycleState does
    // nothing to it), so the test gives the leader the browser's `freeze` event itself, then `resume`: the code
    // that runs is the product's. (A really frozen tab runs nothing after `freeze`; this one could, and doesn't.)
    const lifecycle = (event: 'freeze' | 'resume') => leader.evaluate((e) => void document.dispatchEvent(new Event(e)), event);
    await failOver(others, me, () => lifecycle('freeze'), 'frozen leader');
    expect(host.credentialRequests).toBe(2);
    await lifecycle('resume');
    await bob.setPresence({ show: 'xa', status: 'after the resume' });
    for (const tab of tabs) await waitForDot(tab, jidOf('bob'), 'xa', TAKEOVER_MS);
    // Still one session: the resumed tab is a page of the new leader, not a leader of its own.
    await sleep(1000);
    expect(availableResources(bob, me)).toHaveLength(1);
    expect(host.credentialRequests).toBe(2);
    expect(problems).toEqual([]);
  }, 60_000);
});

describe('SharedWorker mode', () => {
  let context: BrowserContext;
  let host: SharingSite;
  let tabs: Page[];
  const problems: string[] = [];

  beforeAll(async () => {
    host = await site('carol');
    context = await browser.newContext();
    await context.addInitScript(recordDot, jidOf('bob'));
  }, 30_000);
  afterAll(() => context?.close());

  it('the worker is killed: the pages start a new one and go on, a message typed meanwhile arrives once', async () => {
    tabs = [];
    for (let i = 0; i < 2; i++) tabs.push(await openPage(context, `${host.origin}/index.html`, problems));
    await bob.setPresence({});
    for (const tab of tabs) await waitForDot(tab, jidOf('bob'), 'available');
    const cdp = await browser.newBrowserCDPSession();
    const workerOf = async () => {
      const { targetInfos } = await cdp.send('Target.getTargets');
      return targetInfos.find((t) => t.type === 'shared_worker' && t.url.startsWith(host.origin));
    };
    const worker = await workerOf();
    expect(worker?.url).toBe(`${host.origin}/chunks/presently-worker.js`);
    await failOver(tabs, jidOf('carol'), async () => void (await cdp.send('Target.closeTarget', { targetId: worker!.targetId })), 'worker');
    // A new worker holds the session now.
    expect((await workerOf())?.targetId).not.toBe(worker!.targetId);
    expect(host.credentialRequests).toBe(2);
    expect(problems).toEqual([]);
    // Dots follow Bob afterwards.
    await bob.setPresence({ show: 'xa' });
    for (const tab of tabs) await waitForDot(tab, jidOf('bob'), 'xa');
    await cdp.detach();
  }, 60_000);
});
