/**
 * One conversation for all tabs (issue: one connection for all tabs): two tabs of one origin, each with a chat
 * button for Bob, share one session with a real Prosody. What one tab does with the conversation shows in the
 * other as the user would see it: the unread count on both buttons, read in one tab → read in both (and Bob's
 * client is told once), a line sent from one tab's open chat in the other's, Bob's reply in both.
 * Bob is a raw @xmpp/client peer (test/server/peer.ts).
 */
import type { BrowserContext, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Peer } from '../server/peer.js';
import { availableResources, openPage, startSharingWorld, type SharingWorld } from './pages.js';
import type { SharingSite } from './site.js';

const MARKERS = 'urn:xmpp:chat-markers:0';

let world: SharingWorld;
let bob: Peer;
let site: SharingSite;
let context: BrowserContext;
let tabs: Page[];
const problems: string[] = [];

const jidOf = (name: string) => world.jidOf(name);
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The unread count the tab's chat button shows (`undefined` when it shows none). */
const unreadBadge = async (tab: Page) => {
  const badge = tab.locator('presently-chat-button [part="unread"]');
  return (await badge.count()) === 0 ? undefined : ((await badge.textContent()) ?? '').trim();
};
/** The text of every message line in the tab's open chat with Bob, oldest first, as a screen reader reads it. */
const chatLines = (tab: Page) => tab.locator('presently-chat [part~="message-body"]').allTextContents();
/** Waits until a line of the tab's open chat reads `text` (after who said it). */
const waitForLine = (tab: Page, text: string) =>
  expect.poll(async () => (await chatLines(tab)).some((line) => line.endsWith(text)), { timeout: 10_000 }).toBe(true);
/** Displayed markers (XEP-0333) Alice sent Bob for his message `id`. */
const displayedMarkersFor = (id: string) =>
  bob.findMessages({ from: jidOf('alice') }).filter((m) => m.xml.includes('<displayed') && m.xml.includes(`id="${id}"`));

beforeAll(async () => {
  world = await startSharingWorld();
  bob = world.bob;
  site = await world.site('alice');
  context = await world.browser.newContext();
  tabs = [await openPage(context, `${site.origin}/chat.html`, problems), await openPage(context, `${site.origin}/chat.html`, problems)];
}, 60_000);

afterAll(async () => {
  await context?.close();
  await world?.close();
});

describe('two tabs with a chat button for Bob, one shared session', () => {
  it('run on one session', async () => {
    await expect.poll(() => availableResources(bob, jidOf('alice')), { timeout: 10_000 }).toHaveLength(1);
    expect(site.credentialRequests).toBe(1);
  });

  it("Bob's message raises the count in both tabs; reading it in one clears both, and Bob is told once", async () => {
    const id = `bob-${Math.random().toString(36).slice(2, 10)}`;
    const text = `Got a minute? ${id}`;
    await bob.send(`<message to='${jidOf('alice')}' type='chat' id='${id}'><body>${text}</body><markable xmlns='${MARKERS}'/></message>`);
    for (const tab of tabs) await expect.poll(() => unreadBadge(tab), { timeout: 10_000 }).toBe('1');
    expect(await tabs[1]!.locator('presently-chat-button button').first().getAttribute('aria-label')).toBe('Chat — Bob Baker, 1 unread');

    // Read in the first tab: open the chat from its button, the message is on screen.
    await tabs[0]!.locator('presently-chat-button button').first().click();
    await waitForLine(tabs[0]!, text);
    await expect.poll(() => unreadBadge(tabs[0]!), { timeout: 10_000 }).toBeUndefined();
    // The other tab's button follows without a reload.
    await expect.poll(() => unreadBadge(tabs[1]!), { timeout: 5_000 }).toBeUndefined();
    await expect.poll(() => displayedMarkersFor(id).length, { timeout: 10_000 }).toBe(1);

    // Opening the chat in the second tab shows the same conversation and tells Bob nothing new.
    await tabs[1]!.locator('presently-chat-button button').first().click();
    await waitForLine(tabs[1]!, text);
    await pause(1_000);
    expect(displayedMarkersFor(id)).toHaveLength(1);
  }, 40_000);

  it("a line sent from one tab's open chat reaches Bob once and shows in the other tab's open chat; his reply shows in both", async () => {
    const tag = Math.random().toString(36).slice(2, 8);
    const mine = `From the first tab ${tag}`;
    const input = tabs[0]!.locator('presently-chat [part="input"]');
    await input.fill(mine);
    await input.press('Enter');
    await bob.waitForMessage({ from: jidOf('alice'), bodyIncludes: mine });
    await waitForLine(tabs[1]!, mine);
    await pause(1_000);
    expect(bob.findMessages({ from: jidOf('alice'), bodyIncludes: mine })).toHaveLength(1);
    expect((await chatLines(tabs[1]!)).filter((l) => l.endsWith(mine))).toHaveLength(1);

    const reply = `Sure, call me ${tag}`;
    await bob.sendMessage(jidOf('alice'), reply);
    for (const tab of tabs) await waitForLine(tab, reply);
    for (const tab of tabs) expect((await chatLines(tab)).slice(-2)).toEqual([`You: ${mine}`, `Bob Baker: ${reply}`]);
  }, 40_000);

  it('left no page errors, console errors or warnings', () => {
    expect(problems).toEqual([]);
  });
});
