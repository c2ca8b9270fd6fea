/**
 * `npm run demo`, end to end: the demo's own start-up (real Prosody, 40 colleagues on
 * @presently/core, the host apps' server) driven by Debian's Chromium through playwright, the way a
 * new user would click through it. Also takes the README screenshots (docs/screenshots/*.png with PRESENTLY_UPDATE_SCREENSHOTS=1).
 */
import { mkdirSync } from 'node:fs';
import { createConnection } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type Demo } from '../../examples/server/demo.js';
import { chromiumArgs, chromiumPath } from '../chromium.js';

// The README's screenshots are rewritten only on request (PRESENTLY_UPDATE_SCREENSHOTS=1), so a plain test run
// leaves the checkout clean; otherwise they go to .tmp/ where a failing run can still be looked at.
const SCREENSHOTS = fileURLToPath(
  new URL(process.env.PRESENTLY_UPDATE_SCREENSHOTS ? '../../docs/screenshots/' : '../../.tmp/screenshots/', import.meta.url),
);
const AWAY_OR_BUSY = ['away', 'xa', 'dnd'];

let demo: Demo;
let browser: Browser;
let context: BrowserContext;
/** CSP violations and uncaught errors of every page, which a strict CSP page must not have. */
const problems: string[] = [];

async function open(path: string): Promise<Page> {
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`${path}: console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`${path}: ${e.message}`));
  await page.goto(new URL(path, demo.url).href);
  return page;
}

/** The `show` attributes reflected on the hosts of `selector` (playwright pierces open shadow roots). */
function showsOf(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).evaluateAll((els) => els.map((e) => e.getAttribute('show') ?? ''));
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  [demo, browser] = await Promise.all([
    // Nudges (colleagues asking about their mail) later than the test, so a reply is a reply.
    startDemo({ firstNudgeMs: 180_000 }),
    chromium.launch({ executablePath: chromiumPath, args: chromiumArgs }),
  ]);
  context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

describe('npm run demo', () => {
  it('starts in seconds with the company logged in', () => {
    expect(demo.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(demo.startupMs).toBeLessThan(20_000);
    // 40 people, 4 of whom start offline.
    expect(demo.online).toBeGreaterThanOrEqual(34);
  });

  it('index: shows your own connection and the live office', async () => {
    const page = await open('/');
    await expect.poll(() => page.locator('[data-connection]').getAttribute('data-status'), { timeout: 15_000 }).toBe('online');
    await expect
      .poll(async () => (await showsOf(page, '[data-dots] presently-dot')).filter((s) => s === 'available' || s === 'chat').length, {
        timeout: 15_000,
      })
      .toBeGreaterThan(10);
    for (const name of ['Intranet directory', 'Web mail', 'Support portal']) {
      expect(await page.getByRole('heading', { name }).isVisible()).toBe(true);
    }
    await page.getByRole('link', { name: 'Open the inbox →' }).click();
    await page.waitForURL(/\/mail\/#q3-forecast$/);
    await page.close();
  });

  it('directory: real presence arrives, and "Available now" filters on it', async () => {
    const page = await open('/directory/');
    const badges = 'li.person:not([hidden]) presently-badge';
    await expect
      .poll(async () => (await showsOf(page, badges)).filter((s) => s === 'available').length, { timeout: 15_000 })
      .toBeGreaterThan(10);
    await expect
      .poll(async () => (await showsOf(page, badges)).filter((s) => AWAY_OR_BUSY.includes(s)).length, { timeout: 15_000 })
      .toBeGreaterThan(2);
    const all = await showsOf(page, badges);
    expect(all).toHaveLength(40);

    await page.locator('[data-available]').check();
    const visible = await showsOf(page, badges);
    expect(visible.length).toBeGreaterThan(5);
    expect(visible.length).toBeLessThan(40);
    expect(visible.every((s) => s === 'available' || s === 'chat')).toBe(true);
    expect(await page.locator('[data-summary]').textContent()).toContain(`${visible.length} of 40 people`);

    await page.locator('[data-available]').uncheck();
    await page.locator('[data-search]').fill('support');
    await expect.poll(async () => (await showsOf(page, badges)).length).toBe(13);
    await page.locator('[data-search]').fill('');
    await page.locator('[data-search]').blur();
    // Let local times (XEP-0202) and idle times arrive before the picture.
    await expect.poll(() => page.locator('presently-badge').getByText(/local/).count(), { timeout: 10_000 }).toBeGreaterThan(5);
    await page.screenshot({ path: `${SCREENSHOTS}directory.png` });
    await page.close();
  });

  it('web mail: dots beside senders, and "reply by chat" gets a typed reply', async () => {
    const page = await open('/mail/');
    await expect
      .poll(async () => (await showsOf(page, '[data-messages] presently-dot')).filter((s) => s !== 'unknown').length, { timeout: 15_000 })
      .toBe(9);
    const reader = page.locator('[data-reader]');
    await expect.poll(() => reader.locator('presently-badge').getAttribute('show')).toMatch(/available|chat|away|xa|dnd/);
    // Record whether "… is typing" shows while the reply is being written.
    await page.evaluate(() => {
      const w = window as unknown as { sawTyping: boolean };
      w.sawTyping = false;
      new MutationObserver(() => {
        for (const t of document.querySelectorAll('presently-typing')) if (t.hasAttribute('active')) w.sawTyping = true;
        for (const chat of document.querySelectorAll('presently-chat')) {
          for (const t of chat.shadowRoot?.querySelectorAll('presently-typing') ?? []) if (t.hasAttribute('active')) w.sawTyping = true;
        }
      }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['active'] });
    });

    await reader.locator('presently-chat-button [part="base"]').click();
    const chat = page.locator('presently-chat');
    await expect.poll(() => chat.count()).toBe(1);
    const before = await chat.locator('[part~="message-in"]').count();
    await chat.locator('[part="input"]').fill('Hi Maya — do you have a minute for the forecast?');
    await chat.locator('[part="input"]').press('Enter');
    await expect.poll(() => chat.locator('[part~="message-out"]').last().textContent()).toContain('forecast');
    await expect.poll(() => chat.locator('[part~="message-in"]').count(), { timeout: 20_000 }).toBeGreaterThan(before);
    expect(await page.evaluate(() => (window as unknown as { sawTyping: boolean }).sawTyping)).toBe(true);

    // A second question; the picture catches "Maya is typing…" in the reading pane and the chat.
    const answered = await chat.locator('[part~="message-in"]').count();
    await chat.locator('[part="input"]').fill('And can we meet about it tomorrow?');
    await chat.locator('[part="input"]').press('Enter');
    await page.locator('[data-reader] presently-typing[active]').waitFor({ timeout: 10_000 });
    await page.screenshot({ path: `${SCREENSHOTS}webmail.png` });
    await expect.poll(() => chat.locator('[part~="message-in"]').count(), { timeout: 20_000 }).toBeGreaterThan(answered);
    await page.close();
  });

  it('support portal: "Talk to an agent" goes to an available Support agent; the console has the status picker', async () => {
    const page = await open('/support/');
    const button = page.locator('[data-agent-button]');
    await button.waitFor({ state: 'visible', timeout: 15_000 });
    expect(await button.getAttribute('show')).toMatch(/available|chat/);
    await expect.poll(() => button.locator('button').textContent()).toContain('Talk to an agent');
    const agent = await button.getAttribute('jid');
    expect(agent).toMatch(/@brightwater\.example$/);

    await button.locator('button').click();
    const chat = page.locator('presently-chat');
    await chat.locator('[part="input"]').fill('Hello, our nightly sync keeps failing.');
    await chat.locator('[part="input"]').press('Enter');
    await expect
      .poll(() => chat.locator('[part~="message-in"]').allTextContents(), { timeout: 20_000 })
      .toEqual([expect.stringContaining('Brightwater Support')]);
    await page.screenshot({ path: `${SCREENSHOTS}support.png` });
    await page.close();

    const console_ = await open('/support/agent.html');
    await expect.poll(() => console_.locator('presently-status-picker [part="show-select"]').isEnabled(), { timeout: 15_000 }).toBe(true);
    await expect.poll(() => console_.locator('[data-lane="available"] presently-badge').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    const picker = console_.locator('presently-status-picker');
    await picker.locator('[part="show-select"]').selectOption('dnd');
    await picker.locator('[part="status-input"]').fill('Focus time');
    await picker.locator('[part="save-button"]').click();
    await expect.poll(() => picker.locator('[part="current"]').textContent()).toMatch(/Do not disturb.*Focus time/);
    await console_.close();
  });

  it('pages run under the strict CSP without errors', () => {
    expect(problems).toEqual([]);
  });

  it('stops cleanly: no Prosody, no colleague process, no port left', async () => {
    const pids = demo.pids();
    expect(pids.length).toBe(5); // Prosody + 4 offices
    const ports = [demo.prosody.c2sPort, demo.prosody.httpPort, Number(new URL(demo.url).port)];
    await browser.close();
    const t0 = performance.now();
    await demo.stop();
    expect(performance.now() - t0).toBeLessThan(8000);
    expect(pids.filter(alive)).toEqual([]);
    expect(demo.prosody.running).toBe(false);
    for (const port of ports) expect(await portAnswers(port)).toBe(false);
  });
});
