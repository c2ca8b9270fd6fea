/**
 * examples/react end to end: built with Vite as its README says, served with the two endpoints a host app
 * provides (`/api/presently`, `/api/xmpp-credentials`), logged in to a real Prosody and driven in Debian's Chromium
 * while a raw @xmpp/client peer changes its presence and types. Hooks (status text, "typing…") and the elements
 * (dot, chat button → onPresentlyOpenChat → chat panel) must follow the peer.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumArgs, chromiumPath } from '../chromium.js';
import { connectPeer, type Peer } from '../server/peer.js';
import { startProsody, type ProsodyServer } from '../server/prosody.js';
import { TEST_USERS } from '../server/users.js';

const EXAMPLE = fileURLToPath(new URL('../../examples/react/', import.meta.url));
const OUT = fileURLToPath(new URL('../../.tmp/react-example/', import.meta.url));
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
const user = (name: string) => TEST_USERS.find((u) => u.username === name)!;

let prosody: ProsodyServer;
let http: Server;
let browser: Browser;
let bob: Peer;
let page: Page;
const problems: string[] = [];

/** The built app, plus the host app's two endpoints (here: alice, whose password the "session" knows). */
function serve(config: object): Promise<Server> {
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/api/presently') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(config));
    if (path === '/api/xmpp-credentials') {
      return void res
        .writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' })
        .end(JSON.stringify({ password: user('alice').password }));
    }
    const file = normalize(join(OUT, path === '/' ? 'index.html' : path));
    if (!file.startsWith(OUT)) return void res.writeHead(403).end();
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/**
 * `vite build` as a user runs it. Vitest sets NODE_ENV=test, which Vite would bake into the bundle (React's and Lit's
 * development builds): build what a user ships.
 */
async function buildExample(): Promise<void> {
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: join(EXAMPLE, 'vite.config.ts'), logLevel: 'warn', build: { outDir: OUT, emptyOutDir: true } });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
}

/** The text of bob's row's status, and his dot's reflected `show`. */
const row = () => page.locator('li[data-jid="bob@localhost"]');

beforeAll(async () => {
  [prosody, browser] = await Promise.all([
    startProsody({ users: [...TEST_USERS] }),
    chromium.launch({ executablePath: chromiumPath, args: chromiumArgs }),
    buildExample(),
  ]);
  bob = await connectPeer(prosody, user('bob'), { presence: { show: 'dnd', status: 'In a meeting' } });
  http = await serve({
    service: prosody.wsUrl,
    jid: `alice@${prosody.host}`,
    colleagues: [
      { jid: `bob@${prosody.host}`, name: 'Bob' },
      { jid: `carol@${prosody.host}`, name: 'Carol' },
    ],
  });
  page = await browser.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  await page.goto(`http://127.0.0.1:${(http.address() as AddressInfo).port}/`);
}, 90_000);

afterAll(async () => {
  await bob?.stop().catch(() => {});
  await browser?.close();
  await new Promise((r) => (http ? http.close(r) : r(undefined)));
  await prosody?.stop();
});

describe('examples/react against Prosody', () => {
  it('shows the peer as the server says: dot (element) and status text with the roster name (hooks)', async () => {
    await expect.poll(() => row().locator('presently-dot').getAttribute('show'), { timeout: 15_000 }).toBe('dnd');
    await expect.poll(() => row().locator('.status').textContent()).toBe('Do not disturb — In a meeting');
    // The roster name (Prosody's shared group) replaces the name the page was given.
    await expect.poll(() => row().locator('.name').textContent()).toBe('Bob Baker');
    // carol never logged in: offline, from the roster.
    await expect.poll(() => page.locator('li[data-jid="carol@localhost"] presently-dot').getAttribute('show')).toBe('offline');
  });

  it('follows a change and the peer typing', async () => {
    await bob.setPresence({ show: 'away', status: 'Lunch' });
    await expect.poll(() => row().locator('.status').textContent()).toBe('Away — Lunch');
    await expect.poll(() => row().locator('presently-dot').getAttribute('show')).toBe('away');
    await bob.sendChatState('alice@localhost', 'composing');
    await expect.poll(() => row().locator('.typing').count()).toBe(1);
    await bob.sendChatState('alice@localhost', 'active');
    await expect.poll(() => row().locator('.typing').count()).toBe(0);
  });

  it('the chat button calls onPresentlyOpenChat and opens the chat panel; a message reaches bob', async () => {
    await row().locator('presently-chat-button [part="base"]').click();
    await expect.poll(() => page.locator('.last-opened').textContent()).toBe('Chat opened with bob@localhost');
    const input = page.locator('presently-chat [part~="input"]');
    await input.waitFor({ timeout: 10_000 });
    await input.fill('Hello from React');
    await input.press('Enter');
    const received = await bob.waitForMessage({ from: 'alice@localhost', bodyIncludes: 'React' });
    expect(received.body).toBe('Hello from React');
  });

  it('the status picker sets our presence (bob sees it) and calls onPresentlyStatusChange', async () => {
    const picker = page.locator('presently-status-picker');
    await picker.locator('[part="show-select"]').selectOption('dnd');
    await picker.locator('[part="status-input"]').fill('Focus time');
    await picker.locator('[part="save-button"]').click();
    await expect.poll(() => page.locator('.own-status').textContent()).toBe('You set: Do not disturb — Focus time');
    const seen = await bob.waitForPresence({ from: `alice@${prosody.host}`, show: 'dnd' });
    expect(seen.status).toBe('Focus time');
    expect(problems).toEqual([]);
  });
});
