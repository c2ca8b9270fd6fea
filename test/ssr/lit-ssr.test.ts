/**
 * Issue #15, SSR: every LitElement element (badge, typing, chat button, chat, status picker) rendered in Node with
 * `@lit-labs/ssr` into declarative shadow DOM, the dot (hand-written base, no lit-html) as its documented
 * placeholder (docs/elements/ssr.md), then loaded in Debian's Chromium. Before any script runs the page must already
 * show what the elements will draw; after `presently.js` loads and every element has upgraded and rendered, no
 * element's box (nor any box inside its shadow root) has moved or changed size. Needs `pnpm run build`.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumArgs, chromiumPath } from '../chromium.js';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
const dist = join(root, 'packages/elements/dist');
const TAGS = ['presently-badge', 'presently-typing', 'presently-chat-button', 'presently-chat', 'presently-status-picker'] as const;

/**
 * Renders the elements in a new Node process (Lit SSR installs a DOM shim globally: kept out of the test runner),
 * from packages/react so the packages resolve as they do in an app. Returns tag → server HTML.
 */
async function renderOnServer(): Promise<Record<string, string>> {
  const script = `
    import { render } from '@lit-labs/ssr';
    import { collectResultSync } from '@lit-labs/ssr/lib/render-result.js';
    import { html, unsafeStatic } from 'lit/static-html.js';
    const { PresentlyChat, PresentlyStatusPicker, defineElement } = await import('@presently/elements');
    await import('@presently/elements/define');
    // On a page these two register on first use; a server registers them to render them.
    defineElement('presently-chat', PresentlyChat);
    defineElement('presently-status-picker', PresentlyStatusPicker);
    const out = {};
    for (const tag of ${JSON.stringify(TAGS)}) {
      const t = unsafeStatic(tag);
      out[tag] = collectResultSync(render(html\`<\${t} jid="bob@example.com"></\${t}>\`));
    }
    console.log(JSON.stringify(out));`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
    cwd: join(root, 'packages/react'),
    env: { ...process.env, NODE_ENV: 'production', NODE_PATH: join(root, 'node_modules') },
  });
  return JSON.parse(stdout) as Record<string, string>;
}

/** The placeholder CSS exactly as docs/elements/ssr.md gives it (its first css block). */
function documentedPlaceholderCss(): string {
  const doc = readFileSync(join(root, 'docs/elements/ssr.md'), 'utf8');
  const block = /```css\n([\s\S]*?)```/.exec(doc);
  if (!block) throw new Error('docs/elements/ssr.md has no css block');
  return block[1]!;
}

function page(rendered: Record<string, string>): string {
  const cases = TAGS.map((tag) => `<section id="${tag}"><p>Before</p>${rendered[tag]}<p>After</p></section>`).join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>SSR</title><link rel="icon" href="data:,">
    <style>body { font: 16px/1.4 sans-serif; margin: 1rem; inline-size: 40rem } ${documentedPlaceholderCss()}</style></head>
    <body><main><h1>Server-rendered</h1>
    <section id="presently-dot"><p>Bob <presently-dot jid="bob@example.com"></presently-dot> is here, and
      <presently-dot jid="carol@example.com" size="large"></presently-dot> too.</p></section>
    ${cases}</main></body></html>`;
}

function serve(html: string): Promise<Server> {
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/') return void res.writeHead(200, { 'content-type': 'text/html' }).end(html);
    const file = normalize(join(dist, path));
    if (!file.startsWith(dist) || extname(file) !== '.js') return void res.writeHead(404).end();
    try {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(await readFile(file));
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server)));
}

/** Each section's element box and every box in its shadow root, rounded to 1/10 px, by a path of tag names. */
function boxes(p: Page): Promise<Record<string, Record<string, number[]>>> {
  return p.evaluate(() => {
    const rect = (el: Element) => {
      const r = el.getBoundingClientRect();
      return [r.x, r.y, r.width, r.height].map((n) => Math.round(n * 10) / 10);
    };
    const out: Record<string, Record<string, number[]>> = {};
    for (const section of document.querySelectorAll('section')) {
      const host = section.querySelector(section.id)!;
      const inner: Record<string, number[]> = { host: rect(host), after: rect(section.lastElementChild!) };
      const walk = (root: ParentNode, path: string) =>
        // The server's <style> elements go on upgrade (Lit adopts the same sheets): they have no box anyway.
        Array.from(root.children)
          .filter((el) => el.localName !== 'style')
          .forEach((el, i) => {
            const key = `${path}/${el.localName}[${i}]`;
            inner[key] = rect(el);
            walk(el, key);
          });
      if (host.shadowRoot) walk(host.shadowRoot, '#shadow');
      out[section.id] = inner;
    }
    return out;
  });
}

let browser: Browser;
let http: Server;
let rendered: Record<string, string>;
let before: Record<string, Record<string, number[]>>;
let after: Record<string, Record<string, number[]>>;
let tab: Page;
const problems: string[] = [];

beforeAll(async () => {
  rendered = await renderOnServer();
  [browser, http] = await Promise.all([chromium.launch({ executablePath: chromiumPath, args: chromiumArgs }), serve(page(rendered))]);
  tab = await browser.newPage();
  tab.on('pageerror', (e) => problems.push(e.message));
  tab.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
  });
  await tab.goto(`http://127.0.0.1:${(http.address() as AddressInfo).port}/`);
  before = await boxes(tab);
  // Now the elements' code, as a script-tag page loads it; chat and status picker load their chunks on use.
  await tab.addScriptTag({ url: '/presently.js', type: 'module' });
  await tab.waitForFunction(
    (tags) => tags.every((tag) => customElements.get(tag)) && document.querySelectorAll(':not(:defined)').length === 0,
    ['presently-dot', ...TAGS],
  );
  await tab.evaluate(async (tags) => {
    for (const tag of tags) await (document.querySelector(tag) as unknown as { updateComplete: Promise<unknown> }).updateComplete;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  }, TAGS);
  after = await boxes(tab);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => (http ? http.close(r) : r(undefined)));
});

describe('Lit SSR in Node, then the page in Chromium', () => {
  it.each(TAGS)('%s renders into declarative shadow DOM on the server, in the unknown state', (tag) => {
    const html = rendered[tag]!;
    expect(html).toMatch(new RegExp(`^<!--lit-part [^>]*--><${tag}\\b`));
    expect(html).toContain('<template shadowroot="open" shadowrootmode="open"');
    expect(html).toContain('<style>'); // the element's styles travel with it
    if (tag !== 'presently-typing') expect(html).toMatch(/data-show="unknown"|part="/);
  });

  it('the badge and chat button draw their shape and text on the server already', () => {
    expect(rendered['presently-badge']).toContain('data-shape="dashed"');
    expect(rendered['presently-badge']).toContain('>bob<');
    expect(rendered['presently-chat-button']).toContain('data-shape="dashed"');
  });

  it('before any script, the browser shows the server-rendered shadow roots', () => {
    for (const tag of TAGS.filter((t) => t !== 'presently-typing')) {
      expect(Object.keys(before[tag]!).filter((k) => k.startsWith('#shadow')).length, tag).toBeGreaterThan(0);
      expect(before[tag]!.host![2], `${tag} width`).toBeGreaterThan(0);
    }
    // The dot: no shadow root before its script, but the documented placeholder gives it its size.
    expect(before['presently-dot']!.host![2]).toBeGreaterThan(0);
  });

  it.each(['presently-dot', ...TAGS])('%s: no box moved or changed size when the element upgraded and rendered', (tag) => {
    expect(after[tag]!.host).toEqual(before[tag]!.host);
    expect(after[tag]!.after).toEqual(before[tag]!.after);
    if (tag === 'presently-dot') return; // its shadow root only exists after the upgrade
    expect(after[tag]).toEqual(before[tag]);
  });

  it('the page logged no error or warning', () => {
    expect(problems).toEqual([]);
  });
});
