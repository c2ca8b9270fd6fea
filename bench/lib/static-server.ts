/** A loopback HTTP server for the bench pages: /pages/*, /presently.js, /floor.js and a credentials endpoint. */
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { extname, resolve } from 'node:path';

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.map': 'application/json' };

export interface StaticServer {
  origin: string;
  close(): Promise<void>;
}

/**
 * `files` maps URL paths (e.g. `/presently.js`) to absolute file paths; `/pages/x` serves bench/pages/x;
 * `/chunks/x` serves `chunksDir`/x when given (presently.js loads its chunks from next to it, as a site serves them).
 */
export async function startStaticServer(files: Record<string, string>, chunksDir?: string): Promise<StaticServer> {
  const pagesDir = resolve(import.meta.dirname, '../pages');
  const chunkFile = (path: string) =>
    chunksDir && /^\/chunks\/[\w.-]+\.js$/.test(path) ? resolve(chunksDir, path.slice('/chunks/'.length)) : undefined;
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/credentials') {
      // Same-origin credentials endpoint for <presently-client credentials-url>; the bench's throwaway accounts.
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify({ password: url.searchParams.get('p') ?? '' }));
      return;
    }
    const chunk = chunkFile(url.pathname);
    const file =
      chunk ??
      files[url.pathname] ??
      (url.pathname.startsWith('/pages/') ? resolve(pagesDir, url.pathname.slice('/pages/'.length)) : undefined);
    if (!file || (!chunk && file.startsWith(pagesDir) === false && !Object.values(files).includes(file))) {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
