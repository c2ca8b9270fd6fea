/**
 * A host app for the sharing tests: serves test/shared/pages/* and the built presently.js with its chunks (the
 * shared worker among them) from one loopback origin, answers the page's credentials endpoint (counting the
 * calls: one login per shared session), and sends a Content-Security-Policy when a page asks for one with `?csp=`:
 *  - `no-worker`: `worker-src 'none'`, a site that forbids workers (the page must fall back);
 *  - `self`: `worker-src 'self'`, what docs/sharing.md asks a site with a CSP to allow;
 *  - `trusted-types`: `worker-src 'self'` with Trusted Types enforced and the policies docs/security.md lists.
 * The worker script is fetched with the page as referrer; it gets the policy of that page, and a 404 when the
 * page says `?worker=missing`, one that never answers with `?worker=silent`.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PAGES = join(ROOT, 'test', 'shared', 'pages');
const DIST = join(ROOT, 'packages', 'elements', 'dist');

export interface SharingSite {
  origin: string;
  /** How often a page asked the credentials endpoint (once per login). */
  readonly credentialRequests: number;
  close(): Promise<void>;
}

export interface SharingSiteOptions {
  service: string;
  jid: string;
  password: string;
  contacts: string[];
}

function policy(variant: string | null, wsOrigin: string): string | undefined {
  const base = `default-src 'self'; script-src 'self'; connect-src 'self' ${wsOrigin}; style-src 'self' 'unsafe-inline'`;
  if (variant === 'no-worker') return `${base}; worker-src 'none'`;
  if (variant === 'self') return `${base}; worker-src 'self'`;
  if (variant === 'trusted-types')
    return `${base}; worker-src 'self'; require-trusted-types-for 'script'; trusted-types lit-html presently-worker`;
  return undefined;
}

export async function startSharingSite(options: SharingSiteOptions): Promise<SharingSite> {
  const wsOrigin = new URL(options.service).origin;
  let credentialRequests = 0;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const referrer = req.headers.referer ? new URL(req.headers.referer) : undefined;
    const variant = url.searchParams.get('csp') ?? referrer?.searchParams.get('csp') ?? null;
    const send = (status: number, type: string, body: string | Buffer) => {
      const csp = policy(variant, wsOrigin);
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...(csp && { 'content-security-policy': csp }) });
      res.end(body);
    };
    if (url.pathname === '/favicon.ico') return send(204, 'image/x-icon', '');
    if (url.pathname === '/credentials') {
      credentialRequests++;
      return send(200, 'application/json', JSON.stringify({ password: options.password }));
    }
    if (url.pathname === '/config.json') {
      return send(200, 'application/json', JSON.stringify({ service: options.service, jid: options.jid, contacts: options.contacts }));
    }
    // ?worker=missing on the page: a deploy that forgot the worker chunk (the page must fall back).
    if (url.pathname === '/chunks/presently-worker.js' && referrer?.searchParams.get('worker') === 'missing') {
      return send(404, 'text/plain', 'not found');
    }
    // ?worker=silent: a worker that loads but never answers (a hung or foreign script).
    if (url.pathname === '/chunks/presently-worker.js' && referrer?.searchParams.get('worker') === 'silent') {
      return send(200, 'text/javascript', 'self.onconnect = () => {};');
    }
    if (/^\/(presently\.js|chunks\/[\w.-]+\.js)$/.test(url.pathname)) {
      return send(200, 'text/javascript', await readFile(join(DIST, url.pathname.slice(1))));
    }
    if (/^\/[\w-]+\.(html|js)$/.test(url.pathname)) {
      const type = url.pathname.endsWith('.html') ? 'text/html; charset=utf-8' : 'text/javascript';
      return send(200, type, await readFile(join(PAGES, url.pathname.slice(1))));
    }
    send(404, 'text/plain', 'not found');
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get credentialRequests() {
      return credentialRequests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
