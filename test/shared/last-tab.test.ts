/**
 * Closing the last tab ends the session at once (docs/sharing.md): colleagues see us go offline then, not when the
 * server gives up waiting for a resumption (XEP-0198 hibernation: Prosody's default is 10 minutes). Each mode
 * the client can run in, against a real Prosody, with Bob as a raw peer watching what the server sends.
 */
import type { BrowserContext } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableResources, openPage, startSharingWorld, type SharingWorld } from './pages.js';

let world: SharingWorld;

beforeAll(async () => {
  world = await startSharingWorld();
}, 60_000);
afterAll(() => world?.close());

type Mode = 'SharedWorker' | 'leader tab' | 'a connection per tab' | 'the worker missing';

async function closeTheLastTab(mode: Mode, name: string, tabs: number): Promise<void> {
  const host = await world.site(name);
  const context: BrowserContext = await world.browser.newContext();
  const problems: string[] = [];
  try {
    if (mode === 'leader tab') await context.addInitScript(() => delete (window as any).SharedWorker);
    // No worker allowed: a private client from the start; the worker missing: the page's own host, after a try.
    const query = { 'a connection per tab': '?csp=no-worker', 'the worker missing': '?worker=missing' }[mode as string] ?? '';
    const pages = [];
    for (let i = 0; i < tabs; i++) pages.push(await openPage(context, `${host.origin}/index.html${query}`, problems));
    const bare = world.jidOf(name);
    await expect
      .poll(() => availableResources(world.bob, bare).length, { timeout: 10_000 })
      .toBe(mode === 'SharedWorker' || mode === 'leader tab' ? 1 : tabs);
    const closedAt = Date.now();
    for (const page of pages) await page.close();
    // At once: well within 5 s (about 50 ms on loopback), where the server would wait 10 minutes for a resumption.
    await expect.poll(() => availableResources(world.bob, bare), { timeout: 5_000 }).toEqual([]);
    console.log(`last tab (${mode}, ${tabs} tabs): Bob saw ${name} go offline ${Date.now() - closedAt} ms after the tabs closed`);
    // (The browser's own report of the blocked worker is what the no-worker fallback needs: sharing.test.ts.)
    expect(problems.filter((p) => !p.includes(`directive: "worker-src 'none'"`))).toEqual([]);
  } finally {
    await context.close();
  }
}

describe('closing the last tab: Bob sees us offline at once', () => {
  it('SharedWorker', () => closeTheLastTab('SharedWorker', 'carol', 2), 60_000);
  it('leader tab', () => closeTheLastTab('leader tab', 'dave', 2), 60_000);
  it('a connection per tab', () => closeTheLastTab('a connection per tab', 'eve', 2), 60_000);
  it('the worker missing (the page hosts its own client)', () => closeTheLastTab('the worker missing', 'grace', 2), 60_000);
  it('one tab, SharedWorker', () => closeTheLastTab('SharedWorker', 'frank', 1), 60_000);
});
