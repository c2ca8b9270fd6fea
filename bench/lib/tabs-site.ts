/**
 * The site of bench/tabs.ts on loopback: bench/pages/tabs.*, presently.js and every chunk next to it (the shared
 * worker is `chunks/presently-worker.js`), and a credentials endpoint like lib/static-server.ts's. That one sends
 * everything `no-store`, so every tab would download and compile presently.js again; a site lets the browser keep
 * its scripts, and a second tab is where that shows. Files go out as a server sends a file whose name has no version
 * in it: `cache-control: no-cache` with an ETag, so the browser asks each time, gets a 304 and runs its copy (V8 may
 * use its code cache). On the shared 2-core machine the two gave the same timings within the noise.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, extname, resolve } from 'node:path';
import { paths } from './load.js';
import type { StaticServer } from './static-server.js';

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript' };

/** URL path → file: the tabs page, presently.js and its chunks (read once: the build doesn't change during a run). */
function siteFiles(): Map<string, { body: Buffer; type: string; etag: string }> {
  const pages = resolve(import.meta.dirname, '../pages');
  const chunks = resolve(dirname(paths.presentlyJs), 'chunks');
  const files: Array<[string, string]> = [
    ['/pages/tabs.html', resolve(pages, 'tabs.html')],
    ['/pages/tabs.js', resolve(pages, 'tabs.js')],
    ['/presently.js', paths.presentlyJs],
    ...readdirSync(chunks)
      .filter((f) => f.endsWith('.js'))
      .map((f): [string, string] => [`/chunks/${f}`, resolve(chunks, f)]),
  ];
  return new Map(
    files.map(([url, file]) => {
      const body = readFileSync(file);
      const etag = `"${createHash('sha1').update(body).digest('base64url')}"`;
      return [url, { body, type: TYPES[extname(file)]!, etag }];
    }),
  );
}

export async function startTabsSite(): Promise<StaticServer> {
  const files = siteFiles();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/credentials') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify({ password: url.searchParams.get('p') ?? '' }));
      return;
    }
    const file = files.get(url.pathname);
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    const headers = { 'cache-control': 'no-cache', etag: file.etag };
    if (req.headers['if-none-match'] === file.etag) res.writeHead(304, headers).end();
    else res.writeHead(200, { ...headers, 'content-type': file.type }).end(file.body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
