/**
 * One connection for all tabs (docs/sharing.md), end to end: presently.js pages of one origin in ONE context of
 * Debian's Chromium share one XMPP session with a real Prosody through the shared worker next to presently.js.
 * Bob is a raw @xmpp/client peer (test/server/peer.ts): what he sees of Alice's resources is what the server has.
 * A site whose CSP forbids workers must fall back to one connection per tab and still work.
 */
import type { Browser, BrowserContext, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectPeer, type Peer } from '../server/peer.js';
import { until as poll } from '../server/ports.js';
import { TEST_USERS } from '../server/users.js';
import { availableResources, openPage, startSharingWorld, type SharingWorld } from './pages.js';
import type { SharingSite } from './site.js';

let world: SharingWorld;
let browser: Browser;
let bob: Peer;

const jidOf = (name: string) => world.jidOf(name);
/** Alice's resources Bob sees available now (their last presence to him was not `unavailable`). */
const aliceResources = () => availableResources(bob, jidOf('alice'));
const site = (): Promise<SharingSite> => world.site('alice');

const dotShow = (page: Page) => page.locator('presently-dot').first().getAttribute('show');
const until = (page: Page, show: string) =>
  page.waitForFunction((s) => document.querySelector('presently-dot')?.getAttribute('show') === s, show, { timeout: 10_000 });
const firstRealDot = (page: Page) => page.evaluate(() => (window as any).sharing.firstRealDot as number);

beforeAll(async () => {
  world = await startSharingWorld({ show: 'dnd', status: 'In a meeting' });
  ({ browser, bob } = world);
}, 60_000);

afterAll(() => world?.close());

describe('three tabs of one origin', () => {
  let context: BrowserContext;
  let tabs: Page[];
  let host: SharingSite;
  const problems: string[] = [];

  beforeAll(async () => {
    host = await site();
    context = await browser.newContext();
  }, 30_000);
  afterAll(() => context?.close());

  it('share one session: Bob sees one resource of Alice, and there was one login', async () => {
    const before = aliceResources().length;
    tabs = [];
    for (let i = 0; i < 3; i++) tabs.push(await openPage(context, `${host.origin}/index.html`, problems));
    for (const tab of tabs) await until(tab, 'dnd');
    // Time for any further session's initial presence to reach Bob.
    await new Promise((r) => setTimeout(r, 1000));
    expect(aliceResources().length - before).toBe(1);
    expect(host.credentialRequests).toBe(1);
    const [first, second, third] = await Promise.all(tabs.map(firstRealDot));
    const created = await Promise.all(tabs.map((tab) => tab.evaluate(() => (window as any).sharing.created as number)));
    const ms = (n: number | undefined) => `${n!.toFixed(0)} ms`;
    console.log(
      `sharing: navigation → first real dot: first tab ${ms(first)}, second ${ms(second)}, third ${ms(third)}; ` +
        `client created → first real dot: ${[first, second, third].map((t, i) => ms(t! - created[i]!)).join(', ')}`,
    );
    expect(problems).toEqual([]);
    // The second and third tab showed real state from the worker's memory: no login of their own (one credentials
    // request above). The timings are printed for the report, not asserted (they follow the machine's load).
  }, 60_000);

  it("dots in all three follow Bob's changes", async () => {
    await bob.setPresence({ show: 'away', status: 'Lunch' });
    for (const tab of tabs) await until(tab, 'away');
    await bob.setPresence({});
    for (const tab of tabs) await until(tab, 'available');
    expect(await Promise.all(tabs.map(dotShow))).toEqual(['available', 'available', 'available']);
  }, 30_000);

  it('presenceOf of a contact nothing in the pages watches reads what a private client would, in every tab', async () => {
    // Carol is in Alice's roster; no dot or watch in these pages shows her.
    const carolJid = jidOf('carol');
    const read = (tab: Page) => tab.evaluate((jid) => (window as any).sharing.client.presenceOf(jid).show as string, carolJid);
    const everyTab = async (show: string) =>
      expect(await poll(async () => (await Promise.all(tabs.map(read))).every((s) => s === show), 5_000, 20)).toBe(true);
    await everyTab('offline');
    const carol = await connectPeer(
      world.server,
      TEST_USERS.find((u) => u.username === 'carol')!,
      {
        presence: { show: 'xa', status: 'Far away' },
      },
    );
    try {
      await everyTab('xa');
      expect(await tabs[2]!.evaluate((jid) => (window as any).sharing.client.presenceOf(jid).status, carolJid)).toBe('Far away');
    } finally {
      await carol.stop();
    }
    await everyTab('offline');
    expect(await read(tabs[0]!)).toBe('offline');
  }, 30_000);

  it('messages sent from two tabs arrive at Bob once each, in order; his reply shows in every tab', async () => {
    const tag = Math.random().toString(36).slice(2, 8);
    const send = (tab: Page, body: string) =>
      tab.evaluate(async ([to, b]) => void (await (window as any).sharing.client.sendMessage(to, b)), [jidOf('bob'), body] as const);
    await send(tabs[1]!, `${tag} one`);
    await send(tabs[2]!, `${tag} two`);
    await send(tabs[1]!, `${tag} three`);
    await bob.waitForMessage({ from: jidOf('alice'), bodyIncludes: `${tag} three` });
    await new Promise((r) => setTimeout(r, 500));
    const bodies = bob.findMessages({ from: jidOf('alice'), bodyIncludes: tag }).map((m) => m.body);
    expect(bodies).toEqual([`${tag} one`, `${tag} two`, `${tag} three`]);
    await bob.sendMessage(jidOf('alice'), `${tag} reply`);
    for (const tab of tabs) {
      await tab.waitForFunction((b) => (window as any).sharing.messages.includes(b), `${tag} reply`, { timeout: 10_000 });
    }
    // A chat window opened now in the third tab shows the whole conversation, both directions.
    const conversation = await tabs[2]!.evaluate(
      (jid) =>
        new Promise<string[]>((resolve) => {
          const client = (window as any).sharing.client;
          const stop = client.watchConversation(jid, (c: any) => {
            const bodies = c.entries.map((e: any) => e.message.body);
            if (bodies.some((b: string) => b.endsWith('reply'))) {
              queueMicrotask(() => stop());
              resolve(bodies);
            }
          });
        }),
      jidOf('bob'),
    );
    expect(conversation.filter((b) => b.startsWith(tag))).toEqual([`${tag} one`, `${tag} two`, `${tag} three`, `${tag} reply`]);
  }, 30_000);

  it('closing the first tab keeps the others working, still on one session', async () => {
    const before = aliceResources();
    await tabs[0]!.close();
    await bob.setPresence({ show: 'xa', status: 'Gone home' });
    for (const tab of tabs.slice(1)) await until(tab, 'xa');
    expect(aliceResources()).toEqual(before);
    expect(host.credentialRequests).toBe(1);
  }, 30_000);

  it('stop() in one tab never drops the other; the session ends when the last started tab stops', async () => {
    const mine = aliceResources();
    expect(mine).toHaveLength(1);
    await tabs[1]!.evaluate(() => (window as any).sharing.client.stop());
    await until(tabs[1]!, 'unknown');
    await bob.setPresence({ show: 'dnd', status: 'Back in a meeting' });
    await until(tabs[2]!, 'dnd');
    expect(aliceResources()).toEqual(mine);
    await tabs[2]!.evaluate(() => (window as any).sharing.client.stop());
    await bob.waitForPresence({ from: mine[0], type: 'unavailable' }, 10_000);
    expect(aliceResources()).toEqual([]);
  }, 30_000);
});

describe("a site with a CSP allowing worker-src 'self' and Trusted Types enforced", () => {
  it('shares one session between two tabs, without a violation or a fallback', async () => {
    const host = await site();
    const context = await browser.newContext();
    const problems: string[] = [];
    try {
      const before = aliceResources().length;
      const tabs = [];
      for (let i = 0; i < 2; i++) tabs.push(await openPage(context, `${host.origin}/index.html?csp=trusted-types`, problems));
      await bob.setPresence({ show: 'away', status: 'Coffee' });
      for (const tab of tabs) await until(tab, 'away');
      await new Promise((r) => setTimeout(r, 1000));
      expect(aliceResources().length - before).toBe(1);
      expect(host.credentialRequests).toBe(1);
      for (const tab of tabs) expect(await tab.evaluate(() => (window as any).sharing.infos)).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);
});

describe('a site whose CSP forbids workers', () => {
  it('falls back to one connection per tab, with one console.info and nothing else', async () => {
    const host = await site();
    const context = await browser.newContext();
    const violations: string[] = [];
    const problems: string[] = [];
    try {
      const before = aliceResources().length;
      await bob.setPresence({ show: 'chat' });
      const tabs = [];
      for (let i = 0; i < 2; i++) {
        const page = await context.newPage();
        page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
        page.on('console', (m) => {
          // Chromium reports the refused worker itself; that violation is what the fallback needs, nothing more.
          if (m.text().includes('Content Security Policy')) violations.push(m.text());
          else if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
        });
        await page.goto(`${host.origin}/index.html?csp=no-worker`);
        await page.waitForFunction(() => (window as any).sharing?.started || (window as any).sharing?.startError, null, {
          timeout: 20_000,
        });
        tabs.push(page);
      }
      for (const tab of tabs) await until(tab, 'chat');
      await new Promise((r) => setTimeout(r, 1000));
      expect(aliceResources().length - before).toBe(2);
      expect(host.credentialRequests).toBe(2);
      for (const tab of tabs) {
        const infos = await tab.evaluate(() => (window as any).sharing.infos as string[]);
        expect(infos).toHaveLength(1);
        expect(infos[0]).toMatch(/^\[presently\] one connection for this tab/);
      }
      expect(problems).toEqual([]);
      expect(violations.length).toBeLessThanOrEqual(2);
      await bob.setPresence({ show: 'away' });
      for (const tab of tabs) await until(tab, 'away');
    } finally {
      await context.close();
    }
  }, 60_000);
});

describe('a deploy whose worker chunk is missing or silent', () => {
  const cases = [
    { worker: 'missing', reason: 'the shared worker failed to load' },
    { worker: 'silent', reason: 'the shared worker did not answer' },
  ];
  it.each(cases)(
    '$worker: the page falls back and works on a connection of its own, with one console.info',
    async ({ worker, reason }) => {
      const host = await site();
      const context = await browser.newContext();
      const problems: string[] = [];
      try {
        const before = aliceResources().length;
        const page = await context.newPage();
        page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
        await page.goto(`${host.origin}/index.html?worker=${worker}`);
        await page.waitForFunction(() => (window as any).sharing?.started || (window as any).sharing?.startError, null, {
          timeout: 20_000,
        });
        expect(await page.evaluate(() => (window as any).sharing.startError)).toBeUndefined();
        await bob.setPresence({ show: 'dnd', status: `Fallback check ${worker}` });
        await until(page, 'dnd');
        expect(aliceResources().length - before).toBe(1);
        const infos = await page.evaluate(() => (window as any).sharing.infos as string[]);
        expect(infos).toEqual([`[presently] one connection for this tab (not shared): ${reason}`]);
        const tag = Math.random().toString(36).slice(2, 8);
        await page.evaluate(async ([to, b]) => void (await (window as any).sharing.client.sendMessage(to, b)), [
          jidOf('bob'),
          tag,
        ] as const);
        await bob.waitForMessage({ from: jidOf('alice'), bodyIncludes: tag });
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    },
    60_000,
  );
});
