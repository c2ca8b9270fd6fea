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
import { jidOf, VIEWER } from '../../examples/server/company.js';
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
    // Nudges (colleagues asking about their mail) later than the test, so a reply is a reply; colleagues who write
    // unprompted do it every 7.5 s or so here (every office every 20–40 s; a minute or so in the demo), so a test can
    // wait for one. Not more often: their notices (8 s each, top right) would cover the page's buttons for good.
    startDemo({ firstNudgeMs: 180_000, chatterMs: [20_000, 40_000] }),
    chromium.launch({ executablePath: chromiumPath, args: chromiumArgs }),
  ]);
  context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
  // A CSP (or Trusted Types) violation is a console error too; this says which directive, for the report.
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      console.error(`CSP violation: ${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} (${e.sample})`),
    );
  });
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
    // Colleagues change every second or two: the summary is compared with the list as it is at the same moment.
    await expect
      .poll(async () => {
        const [count, summary] = await Promise.all([page.locator(badges).count(), page.locator('[data-summary]').textContent()]);
        return summary?.includes(`${count} of 40 people`);
      })
      .toBe(true);

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
    // The console's own panel (the app bar has a picker too, in its popover).
    const picker = console_.locator('main presently-status-picker');
    await expect.poll(() => picker.locator('[part="show-select"]').isEnabled(), { timeout: 15_000 }).toBe(true);
    await expect.poll(() => console_.locator('[data-lane="available"] presently-badge').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await picker.locator('[part="show-select"]').selectOption('dnd');
    await picker.locator('[part="status-input"]').fill('Focus time');
    await picker.locator('[part="save-button"]').click();
    await expect.poll(() => picker.locator('[part="current"]').textContent()).toMatch(/Do not disturb.*Focus time/);
    // Your status is stored on the server now (it follows you to the next page): back to Available for the others.
    await picker.locator('[part="show-select"]').selectOption('available');
    await picker.locator('[part="save-button"]').click();
    await expect.poll(() => picker.locator('[part="current"]').textContent()).not.toMatch(/Do not disturb/);
    await console_.close();
  });

  it('every app bar shows your own status with a dot, and its picker sets it', async () => {
    const viewer = jidOf(VIEWER.username);
    for (const path of ['/', '/directory/', '/mail/', '/support/agent.html']) {
      const page = await open(path);
      const dot = page.locator('.appbar button.me presently-dot');
      await expect.poll(() => dot.getAttribute('show'), { timeout: 15_000, message: `${path}: own dot` }).toBe('available');
      expect(await dot.getAttribute('jid')).toBe(viewer);
      expect(await page.locator('.appbar [data-own-status]').textContent()).toBe('Available');
      expect(await page.locator('.appbar button.me').isVisible()).toBe(true);

      if (path === '/mail/') {
        // The button opens the picker; setting a status closes it, and the bar says it in words with the dot.
        await page.locator('.appbar button.me').click();
        const picker = page.locator('#own-status presently-status-picker');
        await expect.poll(() => picker.locator('[part="show-select"]').isVisible(), { timeout: 10_000 }).toBe(true);
        await picker.locator('[part="show-select"]').selectOption('dnd');
        await picker.locator('[part="status-input"]').fill('Focus time');
        await picker.locator('[part="clear-after-select"]').selectOption('hour');
        await picker.locator('[part="save-button"]').click();
        await expect.poll(() => dot.getAttribute('show')).toBe('dnd');
        expect(await page.locator('.appbar [data-own-status]').textContent()).toMatch(/^Do not disturb — Focus time · until \d{1,2}:\d\d/);
        // The picker reports the change once it is stored on the server, then the popover closes.
        await expect.poll(() => page.locator('#own-status').isVisible()).toBe(false);
        // Back to Available (the text goes with it), so colleagues keep answering the other tests.
        await page.locator('.appbar button.me').click();
        await picker.locator('[part="show-select"]').selectOption('available');
        expect(await picker.locator('[part="status-input"]').inputValue()).toBe('');
        await picker.locator('[part="save-button"]').click();
        await expect.poll(() => dot.getAttribute('show')).toBe('available');
        expect(await page.locator('.appbar [data-own-status]').textContent()).toBe('Available');
      }
      await page.close();
    }
  });

  it('colleagues write to you now and then', async () => {
    const page = await open('/');
    await expect.poll(() => page.locator('[data-connection]').getAttribute('data-status'), { timeout: 15_000 }).toBe('online');
    const from = await page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          type Message = { direction: string; from: string; body: string };
          type Client = { on(event: 'message', fn: (m: Message) => void): void };
          const client = (document.querySelector('presently-client') as unknown as { activeClient: Client }).activeClient;
          client.on('message', (m) => {
            if (m.direction === 'in' && m.body) resolve(m.from);
          });
        }),
    );
    expect(from).toMatch(/@brightwater\.example$/);
    // Not one of the senders of your mail (they nudge you about it instead, and the web mail test talks with them).
    const mailFrom = ((await (await fetch(new URL('/api/mail', demo.url))).json()) as Array<{ from: string }>).map((m) => m.from);
    expect(mailFrom).not.toContain(from);
    await page.close();
  });

  it('tabs share one connection: a second tab signs in no more; a colleague’s message shows in the inbox and every title', async () => {
    const home = await open('/');
    await expect.poll(() => home.locator('[data-connection]').getAttribute('data-status'), { timeout: 15_000 }).toBe('online');
    expect(await home.locator('[data-sharing]').textContent()).toContain('one connection');
    // The shared worker asks a page for credentials only when it signs in: a second tab that shares never does.
    const asked: string[] = [];
    const onRequest = (request: { url(): string }) => {
      if (request.url().includes('/api/credentials')) asked.push(request.url());
    };
    context.on('request', onRequest);
    const mail = await open('/mail/');
    await expect.poll(() => mail.locator('[data-connection]').getAttribute('data-status'), { timeout: 15_000 }).toBe('online');
    await expect
      .poll(async () => (await showsOf(mail, 'presently-dot')).filter((s) => s !== 'unknown' && s !== '').length, { timeout: 15_000 })
      .toBeGreaterThan(0);
    context.off('request', onRequest);
    expect(asked).toEqual([]);
    // Colleagues write every 7.5 s or so here: the home page's inbox lists the conversation, both titles count it.
    await expect.poll(() => home.locator('presently-inbox li').count(), { timeout: 45_000 }).toBeGreaterThan(0);
    await expect.poll(() => home.title(), { timeout: 5_000 }).toMatch(/^\(\d+\) /);
    await expect.poll(() => mail.title(), { timeout: 5_000 }).toMatch(/^\(\d+\) /);
    await mail.close();
    await home.close();
  }, 90_000);

  it('every page works on a 390 px wide phone: no sideways scrolling; the chat is a bottom sheet', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, colorScheme: 'light', isMobile: true, hasTouch: true });
    try {
      for (const path of ['/', '/directory/', '/mail/', '/support/', '/support/agent.html']) {
        const page = await phone.newPage();
        page.on('console', (m) => {
          if (m.type() === 'error') problems.push(`390px ${path}: console: ${m.text()}`);
        });
        await page.goto(new URL(path, demo.url).href);
        await expect.poll(() => page.locator('presently-client').getAttribute('status'), { timeout: 15_000 }).toBe('online');
        await page.waitForTimeout(500);
        const widths = await page.evaluate(() => ({ scroll: document.scrollingElement!.scrollWidth, inner: window.innerWidth }));
        expect(widths.inner, path).toBe(390);
        expect(widths.scroll, path).toBeLessThanOrEqual(390);
        if (path === '/mail/') {
          await page.locator('[data-reader] presently-chat-button button').click();
          const chat = page.locator('presently-chat');
          await expect.poll(() => chat.count()).toBe(1);
          // The conversation from the wide test is there (history); one more line goes out, and an answer comes back.
          await chat.locator('[part="input"]').fill('On my phone: can we talk later?');
          const sent = await chat.locator('[part~="message-out"]').count();
          const received = await chat.locator('[part~="message-in"]').count();
          await chat.locator('[part="input"]').press('Enter');
          await expect.poll(() => chat.locator('[part~="message-out"]').count()).toBeGreaterThan(sent);
          const box = (await chat.boundingBox())!;
          expect(box.x).toBe(0);
          expect(box.width).toBe(390);
          expect(Math.round(box.y + box.height)).toBe(844);
          expect(await page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(390);
          await expect.poll(() => chat.locator('[part~="message-in"]').count(), { timeout: 20_000 }).toBeGreaterThan(received);
          await page.screenshot({ path: `${SCREENSHOTS}narrow.png` });
          // Escape closes it and gives focus back to the button that opened it.
          await chat.locator('[part="input"]').press('Escape');
          await expect.poll(() => chat.count()).toBe(0);
          expect(await page.evaluate(() => document.activeElement?.localName)).toBe('presently-chat-button');
        }
        await page.close();
      }
    } finally {
      await phone.close();
    }
  });

  it('pages run under the strict CSP with Trusted Types on, without errors', async () => {
    const response = await fetch(demo.url);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("require-trusted-types-for 'script'");
    expect(csp).toContain('trusted-types lit-html presently-worker');
    expect(problems).toEqual([]);
  });

  it('stops cleanly: no Prosody, no colleague process, no port left', async () => {
    const pids = demo.pids();
    expect(pids.length).toBe(5); // Prosody + 4 offices
    const ports = [demo.server.c2sPort, demo.server.httpPort, Number(new URL(demo.url).port)];
    await browser.close();
    const t0 = performance.now();
    await demo.stop();
    expect(performance.now() - t0).toBeLessThan(8000);
    expect(pids.filter(alive)).toEqual([]);
    expect(demo.server.running).toBe(false);
    for (const port of ports) expect(await portAnswers(port)).toBe(false);
  });
});
