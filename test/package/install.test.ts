/**
 * A new user's first hour, end to end: the packages as `pnpm pack` makes them, installed with npm into throwaway
 * React 19 and Vue 3 apps in a temporary folder outside the workspace (test/package/apps/), type-checked with strict
 * TypeScript (vue-tsc for Vue) with no hand-written declarations, built with each app's own Vite, and opened in
 * Debian's Chromium against a real Prosody, where a dot must follow a raw @xmpp/client peer.
 *
 * npm's cache lives in node_modules/.cache/presently-install (kept between runs; the public packages are then
 * read from it with --prefer-offline), so a rerun costs the install from cache, not the download.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumArgs, chromiumPath } from '../chromium.js';
import { connectPeer, type Peer } from '../server/peer.js';
import { startProsody, type ProsodyServer } from '../server/prosody.js';
import { TEST_USERS } from '../server/users.js';

const run = promisify(execFile);
const workspace = fileURLToPath(new URL('../..', import.meta.url));
const APPS = fileURLToPath(new URL('./apps/', import.meta.url));
const NPM_CACHE = join(workspace, 'node_modules/.cache/presently-install');
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
const user = (name: string) => TEST_USERS.find((u) => u.username === name)!;

const root = mkdtempSync(join(tmpdir(), 'presently-install-'));
const apps = ['react19', 'vue3'] as const;
type App = (typeof apps)[number];
/** How long each step took, printed at the end (the wall time of this suite is mostly npm and Vite). */
const timings: string[] = [];

let prosody: ProsodyServer;
let browser: Browser;
let bob: Peer;
const installed = new Map<App, Promise<string>>();

/**
 * The environment a user's shell would have: without the `npm_config_*` settings pnpm passes to the test run, and
 * without Vitest's NODE_ENV=test (npm would skip devDependencies under `production`; Vite sets it for its build).
 */
const userEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(npm_|pnpm_|NODE_ENV$|VITEST)/i.test(name)));

/** Runs a command in `cwd`; on failure the error carries its output, so a type error reads as one. */
async function sh(cwd: string, file: string, args: string[], timeout = 240_000): Promise<string> {
  const started = Date.now();
  try {
    const { stdout, stderr } = await run(file, args, { cwd, timeout, maxBuffer: 16 << 20, env: userEnv });
    return stdout + stderr;
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`${file} ${args.join(' ')} failed in ${cwd}:\n${stdout}\n${stderr}`);
  } finally {
    const where = cwd.startsWith(root) ? cwd.slice(root.length + 1) : cwd.slice(workspace.length);
    timings.push(`${where}: ${[file, ...args].join(' ').slice(0, 60)} ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}

/** `pnpm pack` of core, elements and react into the temporary folder: name → tarball path. */
async function packAll(): Promise<Record<string, string>> {
  const tarballs = join(root, 'tarballs');
  mkdirSync(tarballs);
  const entries = await Promise.all(
    ['core', 'elements', 'react'].map(async (name) => {
      const out = await sh(join(workspace, 'packages', name), 'pnpm', ['pack', '--json', '--pack-destination', tarballs]);
      return [name, (JSON.parse(out.slice(out.indexOf('{'))) as { filename: string }).filename] as const;
    }),
  );
  return Object.fromEntries(entries);
}

/** Copies an app out of the workspace, points its @presently/* dependencies at the tarballs and runs `npm install`. */
async function install(app: App, tarballs: Record<string, string>): Promise<string> {
  const dir = join(root, app);
  cpSync(join(APPS, app), dir, { recursive: true });
  const manifest = readFileSync(join(dir, 'package.json'), 'utf8').replace(/PRESENTLY_TARBALL_(\w+)/g, (_, name: string) => {
    const tarball = tarballs[name.toLowerCase()];
    if (!tarball) throw new Error(`no tarball for ${name}`);
    return `file:${tarball}`;
  });
  writeFileSync(join(dir, 'package.json'), manifest);
  await sh(dir, 'npm', ['install', '--cache', NPM_CACHE, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error']);
  return dir;
}

/** The built app and the one endpoint it reads, `/config.json` (the test's stand-in for a host app's session). */
function serve(dist: string, config: object): Promise<Server> {
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/config.json') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(config));
    const file = normalize(join(dist, path === '/' ? 'index.html' : path));
    if (!file.startsWith(dist)) return void res.writeHead(403).end();
    try {
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(await readFile(file));
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

beforeAll(async () => {
  mkdirSync(NPM_CACHE, { recursive: true });
  const packed = packAll();
  // Both installs start as soon as the tarballs exist; the tests below await their own.
  for (const app of apps)
    installed.set(
      app,
      packed.then((tarballs) => install(app, tarballs)),
    );
  for (const app of apps) installed.get(app)!.catch(() => {}); // reported by the test that awaits it
  [prosody, browser] = await Promise.all([
    startProsody({ users: [...TEST_USERS] }),
    chromium.launch({ executablePath: chromiumPath, args: chromiumArgs }),
  ]);
  bob = await connectPeer(prosody, user('bob'), { presence: { show: 'dnd', status: 'In a meeting' } });
}, 120_000);

afterAll(async () => {
  await bob?.stop().catch(() => {});
  await browser?.close();
  await prosody?.stop();
  await Promise.allSettled(installed.values());
  rmSync(root, { recursive: true, force: true });
  console.log(`pack-and-install timings:\n  ${timings.join('\n  ')}`);
});

describe.each(apps)('%s app from the packed tarballs, outside the workspace', (app) => {
  let dir: string;

  it('installs with npm and type-checks strictly with no declarations of its own', async () => {
    dir = await installed.get(app)!;
    // The app brings no .d.ts: the types come from the tarballs.
    expect(readFileSync(join(dir, 'package.json'), 'utf8')).not.toContain('PRESENTLY_TARBALL');
    await sh(dir, join(dir, 'node_modules/.bin', app === 'vue3' ? 'vue-tsc' : 'tsc'), ['--noEmit', '-p', '.']);
    // A framework's server build imports the packages in Node: that must not throw (no DOM there).
    const imports = app === 'react19' ? ['@presently/react', '@presently/elements'] : ['@presently/elements', '@presently/elements/define'];
    const script = `for (const s of ${JSON.stringify(imports)}) await import(s); console.log('imported');`;
    expect(await sh(dir, process.execPath, ['--input-type=module', '-e', script])).toContain('imported');
  }, 480_000);

  it('builds with Vite, and its dot follows a raw peer on Prosody in Chromium', async () => {
    expect(dir, 'the install step failed').toBeTruthy();
    await sh(dir, join(dir, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn']);
    const http = await serve(join(dir, 'dist'), {
      service: prosody.wsUrl,
      jid: `alice@${prosody.host}`,
      password: user('alice').password,
      peer: `bob@${prosody.host}`,
    });
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(e.message));
    try {
      await page.goto(`http://127.0.0.1:${(http.address() as AddressInfo).port}/`);
      const dots = app === 'react19' ? ['#component-dot', '#raw-dot'] : ['#raw-dot'];
      const shows = () => Promise.all(dots.map((dot) => page.locator(dot).getAttribute('show')));
      await bob.setPresence({ show: 'dnd', status: 'In a meeting' });
      await expect.poll(shows, { timeout: 20_000 }).toEqual(dots.map(() => 'dnd'));
      await bob.setPresence({ show: 'away', status: 'Lunch' });
      await expect.poll(shows, { timeout: 10_000 }).toEqual(dots.map(() => 'away'));
      expect(await page.locator('#raw-dot').getAttribute('aria-label')).toContain('Lunch');
      if (app === 'react19') await expect.poll(() => page.locator('#hook-text').textContent()).toBe('away — Lunch');
      await bob.setPresence({});
      await expect.poll(shows, { timeout: 10_000 }).toEqual(dots.map(() => 'available'));
      expect(problems).toEqual([]);
    } finally {
      await page.close();
      await new Promise((resolve) => http.close(resolve));
    }
  }, 240_000);
});
