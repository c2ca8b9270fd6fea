/**
 * Your own status follows you (docs/own-presence.md, issue #13), end to end: presently.js pages in Debian's
 * Chromium against a real Prosody, a `<presently-status-picker>` and a dot of your own JID on every page, and Bob,
 * a raw @xmpp/client peer (test/server/peer.ts) who records every presence the server sends him.
 *  - "Do not disturb" set in one page survives opening a second page and a reload: the second page's picker says
 *    dnd with its "until" and never "Available", and Bob never sees you available in between.
 *  - A status with `until` 3 s ahead ends on time with the page that set it closed.
 * Each case runs on two devices (two browser contexts: separate sessions) and in two tabs of one context (one
 * session shared through the worker, docs/sharing.md), each on its own account, and ends with it stored available.
 */
import type { Browser, BrowserContext, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectPeer, type Peer, type ReceivedPresence } from '../server/peer.js';
import { until as poll } from '../server/ports.js';
import { TEST_USERS } from '../server/users.js';
import { availableResources, dotShow, openPage, startSharingWorld, waitForDot, waitForStart, type SharingWorld } from './pages.js';
import type { SharingSite } from './site.js';

let world: SharingWorld;
let browser: Browser;
let bob: Peer;

const jidOf = (name: string) => world.jidOf(name);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const NODE = 'urn:xmpp:presently:own-status:0';

/** What Bob sees as "available": a presence without type whose show is none (or chat). */
const isAvailable = (p: ReceivedPresence) => p.type === undefined && (p.show === undefined || p.show === 'chat');

// The page makes a dot for each contact: Bob's, and one of our own JID (what our own dot says).
const site = (name: string): Promise<SharingSite> => world.site(name, [jidOf('bob'), jidOf(name)]);

/**
 * In every page, before its scripts: a `<presently-status-picker>` (it uses the page's default client), and a log
 * of everything the picker's current presence and our own dot have shown, from the first render on.
 */
function recordOwn(ownJid: string): void {
  const seen = ((window as any).ownSeen = { picker: [] as string[], dot: [] as string[] });
  const push = (list: string[], value: string | null | undefined) => {
    if (value != null && list[list.length - 1] !== value) list.push(value);
  };
  const sample = () => {
    const current = document.querySelector('presently-status-picker')?.shadowRoot?.querySelector('[part="current"]');
    if (current) push(seen.picker, (current.textContent ?? '').replace(/\s+/g, ' ').trim());
    push(seen.dot, document.querySelector(`presently-dot[jid="${ownJid}"]`)?.getAttribute('show'));
  };
  document.addEventListener('DOMContentLoaded', () => {
    const picker = document.createElement('presently-status-picker');
    document.body.append(picker);
    new MutationObserver(sample).observe(document.body, { subtree: true, childList: true, attributes: true });
    const observeShadow = () => {
      if (!picker.shadowRoot) return void setTimeout(observeShadow, 5);
      new MutationObserver(sample).observe(picker.shadowRoot, { subtree: true, childList: true, characterData: true, attributes: true });
    };
    observeShadow();
    setInterval(sample, 10);
  });
}

/** A browser context ("device") whose pages record what they show of `name`'s own presence. */
async function device(name: string): Promise<BrowserContext> {
  const context = await browser.newContext({ locale: 'en-US', timezoneId: 'UTC' });
  await context.addInitScript(recordOwn, jidOf(name));
  return context;
}

const part = (page: Page, name: string) => page.locator(`presently-status-picker [part="${name}"]`);
const waitForCurrent = (page: Page, text: string) =>
  page.waitForFunction(
    (t) => {
      const el = document.querySelector('presently-status-picker')?.shadowRoot?.querySelector('[part="current"]');
      return (el?.textContent ?? '').replace(/\s+/g, ' ').trim() === t;
    },
    text,
    { timeout: 10_000 },
  );
const seen = (page: Page) => page.evaluate(() => (window as any).ownSeen as { picker: string[]; dot: string[] });

/** "until 6:30 AM" as the picker writes it in en-US, UTC ("until Sat 1:30 AM" when it is not today). */
function untilText(date: Date, now = new Date()): string {
  const sameDay = date.toISOString().slice(0, 10) === now.toISOString().slice(0, 10);
  const format = new Intl.DateTimeFormat('en-US', {
    ...(sameDay ? {} : { weekday: 'short' }),
    hour: 'numeric',
    minute: '2-digit',
    timeZone: 'UTC',
  });
  return `until ${format.format(date)}`;
}

/** The value of an `<input type="datetime-local">` for `date` in UTC (the contexts' time zone). */
const localInput = (date: Date) => date.toISOString().slice(0, 16);

/** Sets dnd with a text and a custom end through the picker's own controls, as a user does. */
async function setDndWithPicker(page: Page, status: string, end: Date): Promise<void> {
  await part(page, 'show-select').selectOption('dnd');
  await part(page, 'status-input').fill(status);
  await part(page, 'clear-after-select').selectOption('custom');
  await part(page, 'until-input').fill(localInput(end));
  await part(page, 'save-button').click();
}

/** The show of `name`'s stored status, read from the PEP node by a raw session of that account. */
async function storedShow(name: string): Promise<string | undefined> {
  const self = await connectPeer(
    world.server,
    TEST_USERS.find((u) => u.username === name)!,
    { presence: false },
  );
  try {
    const items = await self.iq(
      `<iq type="get" id="read-own"><pubsub xmlns="http://jabber.org/protocol/pubsub"><items node="${NODE}"/></pubsub></iq>`,
    );
    return /<own-status[^>]*\sshow=["']([a-z]+)["']/.exec(items)?.[1];
  } finally {
    await self.stop();
  }
}

/** Back to available from `page` (the status is stored on the server), and checks that it was stored so. */
async function backToAvailable(name: string, page: Page | undefined): Promise<void> {
  if (page && !page.isClosed()) {
    await page.evaluate(() => (window as any).sharing.client.setPresence({ show: 'available' })).catch(() => {});
  }
  expect(await poll(async () => (await storedShow(name)) === 'available', 10_000, 200)).toBe(true);
}

/** Every presence of `own` (any resource) Bob received after `after`, in order. */
function presencesSince(own: string, after: number): ReceivedPresence[] {
  return bob.findPresences({ from: own, after });
}

beforeAll(async () => {
  world = await startSharingWorld();
  ({ browser, bob } = world);
}, 60_000);

afterAll(() => world?.close());

describe('do not disturb survives a second page and a reload', () => {
  /**
   * Page A sets "dnd — Focus time, until" (2 h ahead) with the picker; page B opens (on another device, or as a
   * second tab), then both reload. B's picker and own dot never show Available; Bob gets no available presence.
   */
  async function survives(name: string, shared: boolean): Promise<void> {
    const own = jidOf(name);
    const host = await site(name);
    const problems: string[] = [];
    const contextA = await device(name);
    const contextB = shared ? contextA : await device(name);
    let pageA: Page | undefined;
    let pageB: Page | undefined;
    try {
      pageA = await openPage(contextA, `${host.origin}/index.html`, problems);
      await waitForDot(pageA, own, 'available');
      await waitForCurrent(pageA, 'Available');
      const resourceA = availableResources(bob, own);
      expect(resourceA).toHaveLength(1);

      // The datetime-local input takes minutes: the end is on a whole minute, 2 h from now.
      const end = new Date(Math.floor((Date.now() + 2 * 3_600_000) / 60_000) * 60_000);
      const expected = `Do not disturb — Focus time ${untilText(end)}`;
      const setAt = Date.now();
      await setDndWithPicker(pageA, 'Focus time', end);
      await bob.waitForPresence({ from: own, show: 'dnd', after: setAt });
      await waitForCurrent(pageA, expected);
      expect(await dotShow(pageA, own)).toBe('dnd');

      pageB = await openPage(contextB, `${host.origin}/index.html`, problems);
      const checkB = async (what: string) => {
        await waitForDot(pageB!, own, 'dnd');
        await waitForCurrent(pageB!, expected);
        expect(await part(pageB!, 'until').textContent(), what).toBe(untilText(end));
        expect(await part(pageB!, 'show-select').inputValue(), what).toBe('dnd');
        expect(await part(pageB!, 'status-input').inputValue(), what).toBe('Focus time');
        const ownPresence = await pageB!.evaluate(() => {
          const p = (window as any).sharing.client.ownPresence;
          return { show: p.show, status: p.status, until: p.until?.getTime() };
        });
        expect(ownPresence, what).toEqual({ show: 'dnd', status: 'Focus time', until: end.getTime() });
        // Everything B showed of us since its first render: never Available.
        const log = await seen(pageB!);
        // Soft: the rest (what Bob sees, the reload) is checked even when this fails.
        expect
          .soft(
            log.picker.filter((t) => t.startsWith('Available')),
            `${what}: picker ${JSON.stringify(log.picker)}`,
          )
          .toEqual([]);
        expect
          .soft(
            log.dot.filter((s) => s === 'available'),
            `${what}: own dot ${JSON.stringify(log.dot)}`,
          )
          .toEqual([]);
        expect(log.picker.at(-1)).toBe(expected);
      };
      await checkB('second page');
      // Two devices are two sessions (Bob sees a second resource); two tabs share one.
      expect(await poll(() => availableResources(bob, own).length === (shared ? 1 : 2), 5_000, 50)).toBe(true);

      await pageB.reload();
      await waitForStart(pageB);
      await checkB('second page reloaded');
      await pageA.reload();
      await waitForStart(pageA);
      await waitForDot(pageA, own, 'dnd');
      await waitForCurrent(pageA, expected);
      const logA = await seen(pageA);
      expect
        .soft(
          logA.picker.filter((t) => t.startsWith('Available')),
          `first page reloaded: picker ${JSON.stringify(logA.picker)}`,
        )
        .toEqual([]);
      expect
        .soft(
          logA.dot.filter((s) => s === 'available'),
          `first page reloaded: own dot ${JSON.stringify(logA.dot)}`,
        )
        .toEqual([]);
      if (shared) {
        // The last tab reloading alone: the shared session may end with it, and a new one must read the status too.
        await pageA.close();
        await pageB.reload();
        await waitForStart(pageB);
        await checkB('only tab reloaded');
      }
      // Time for any session's presence to reach Bob.
      await sleep(1_000);

      const since = presencesSince(own, setAt);
      const newSessions = new Set(since.map((p) => p.from).filter((from) => !resourceA.includes(from)));
      if (!shared) expect(newSessions.size).toBeGreaterThanOrEqual(1);
      // Each new session's first presence said dnd: it read the stored status before sending any.
      for (const from of newSessions) expect(since.find((p) => p.from === from)?.show, from).toBe('dnd');
      expect(since.filter(isAvailable), since.map((p) => `${p.from} ${p.type ?? p.show ?? 'available'}`).join(', ')).toEqual([]);
      expect(since.filter((p) => p.type === undefined).length).toBeGreaterThan(0);
      expect(problems).toEqual([]);

      // Clearing it from B's picker ends it everywhere: Bob sees every resource available, A's page says so.
      const clearedAt = Date.now();
      await part(pageB, 'clear-button').click();
      await waitForCurrent(pageB, 'Available');
      if (!pageA.isClosed()) await waitForCurrent(pageA, 'Available');
      await bob.waitForPresence({ from: own, type: 'available', show: 'available', after: clearedAt });
      expect(await storedShow(name)).toBe('available');
    } finally {
      await backToAvailable(name, pageB ?? pageA);
      await contextA.close();
      if (!shared) await contextB.close();
    }
  }

  it('on two devices (two browser contexts, two sessions)', () => survives('alice', false), 90_000);
  it('in two tabs of one browser context (one shared session), and in the last tab reloaded alone', () => survives('carol', true), 90_000);
});

describe('a status with until ends on time with the page that set it closed', () => {
  /**
   * Page B is open; page A sets dnd until 3 s from now (setPresence, as an app would) and is closed. B ends it:
   * Bob sees available again within about a second of `until`, never before, and B's picker says Available.
   */
  async function endsOnTime(name: string, shared: boolean): Promise<void> {
    const own = jidOf(name);
    const host = await site(name);
    const problems: string[] = [];
    const contextB = await device(name);
    const contextA = shared ? contextB : await device(name);
    let pageB: Page | undefined;
    try {
      pageB = await openPage(contextB, `${host.origin}/index.html`, problems);
      await waitForDot(pageB, own, 'available');
      const resourceB = availableResources(bob, own);
      expect(resourceB).toHaveLength(1);
      const pageA = await openPage(contextA, `${host.origin}/index.html`, problems);
      await waitForDot(pageA, own, 'available');
      expect(await poll(() => availableResources(bob, own).length === (shared ? 1 : 2), 5_000, 50)).toBe(true);

      const setAt = Date.now();
      const end = await pageA.evaluate(async () => {
        const at = new Date(Date.now() + 3_000);
        await (window as any).sharing.client.setPresence({ show: 'dnd', status: 'Back in 3 s', until: at });
        return at.getTime();
      });
      // B has it (and, on another device, says it too) before A goes.
      await waitForDot(pageB, own, 'dnd', 2_000);
      await waitForCurrent(pageB, `Do not disturb — Back in 3 s ${untilText(new Date(end))}`);
      await bob.waitForPresence({ from: resourceB[0], show: 'dnd', after: setAt }, 2_000);
      if (shared) await pageA.close();
      else await contextA.close();
      expect(Date.now(), 'A closed before until').toBeLessThan(end - 500);

      // The first available presence after the change (waitForPresence gives the latest).
      const firstAvailable = () => presencesSince(own, setAt).find(isAvailable);
      expect(await poll(() => firstAvailable() !== undefined, 10_000, 10)).toBe(true);
      const back = firstAvailable()!;
      const late = back.receivedAt - end;
      console.log(`own-status (${shared ? 'tabs' : 'devices'}): Bob saw available ${late} ms after until`);
      expect(back.from).toBe(resourceB[0]);
      expect(late).toBeGreaterThanOrEqual(-50);
      expect(late).toBeLessThanOrEqual(1_500);
      const before = presencesSince(own, setAt).filter((p) => p.receivedAt < back.receivedAt);
      expect(before.filter(isAvailable)).toEqual([]);
      expect(before.some((p) => p.show === 'dnd')).toBe(true);
      await waitForCurrent(pageB, 'Available');
      expect(await part(pageB, 'until').count()).toBe(0);
      expect(await dotShow(pageB, own)).toBe('available');
      expect(await storedShow(name)).toBe('available');
      expect(problems).toEqual([]);
    } finally {
      await backToAvailable(name, pageB);
      await contextB.close();
      if (!shared) await contextA.close().catch(() => {});
    }
  }

  it('on two devices (two browser contexts, two sessions)', () => endsOnTime('dave', false), 60_000);
  it('in two tabs of one browser context (the shared session ends it)', () => endsOnTime('eve', true), 60_000);
});
