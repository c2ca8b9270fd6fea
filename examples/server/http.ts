/**
 * The host apps' web server (node:http, loopback only): the example pages, `presently.js`, and the
 * small API a real host app would have — its own people and mail data, and a same-origin
 * credentials endpoint for the logged-in user's XMPP account.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface HostApi {
  /** Public config for the pages: XMPP WebSocket URL, domain, who is who. */
  config: unknown;
  /** The employee directory (host data). */
  people: unknown;
  /** The web mail inbox (host data). */
  mail: unknown;
  /**
   * What `account` (`'viewer'` or `'visitor'`) signs in with, handed only to a request with a session: a
   * one-minute token where the XMPP server accepts one (ejabberd with JWT), else the password.
   */
  credentials(account: 'viewer' | 'visitor'): { password: string } | { token: string };
  /** WebSocket origin the pages may connect to, for the CSP (e.g. `ws://127.0.0.1:5280`). */
  connectSrc: string;
}

export interface HostServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

const WEB_ROOT = fileURLToPath(new URL('../web/', import.meta.url));
const BUNDLE_DIR = fileURLToPath(new URL('../../packages/elements/dist/', import.meta.url));
const SESSION_COOKIE = 'brightwater_session';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

function contentSecurityPolicy(connectSrc: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self' ${connectSrc}`,
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    // Trusted Types: no string reaches an HTML sink (innerHTML, …) unless a named policy made it. Lit's policy
    // ("lit-html", for its own template strings) and Presently's ("presently-worker": the one URL the tabs' shared
    // worker may load, docs/sharing.md); the demo's pages build DOM with DOM calls. The worker itself is covered by
    // script-src 'self' (no worker-src needed) and gets this policy's connect-src with its script.
    "require-trusted-types-for 'script'",
    'trusted-types lit-html presently-worker',
  ].join('; ');
}

function cookies(req: IncomingMessage): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return out;
}

export async function startHostServer(api: HostApi, port = 0): Promise<HostServer> {
  // Sessions of this run only. A real host app would have its own login; the demo "logs you in"
  // when you open any page, so the credentials endpoint can insist on a session cookie.
  const sessions = new Set<string>();
  const csp = contentSecurityPolicy(api.connectSrc);

  const hasSession = (req: IncomingMessage): boolean => {
    const token = cookies(req).get(SESSION_COOKIE);
    if (!token) return false;
    const given = Buffer.from(token);
    for (const s of sessions) {
      const known = Buffer.from(s);
      if (known.length === given.length && timingSafeEqual(known, given)) return true;
    }
    return false;
  };

  const headers = (res: ServerResponse, type: string): void => {
    res.setHeader('Content-Type', type);
    res.setHeader('Content-Security-Policy', csp);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  };

  const json = (res: ServerResponse, status: number, body: unknown, cache = 'no-cache'): void => {
    headers(res, TYPES['.json']!);
    res.setHeader('Cache-Control', cache);
    res.statusCode = status;
    res.end(JSON.stringify(body));
  };

  const file = async (req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> => {
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) return false;
    const type = TYPES[extname(path)] ?? 'application/octet-stream';
    headers(res, type);
    res.setHeader('Content-Length', info.size);
    res.setHeader('Cache-Control', 'no-cache');
    if (type.startsWith('text/html') && !hasSession(req)) {
      const token = randomBytes(24).toString('base64url');
      sessions.add(token);
      res.setHeader('Set-Cookie', `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict`);
    }
    if (req.method === 'HEAD') {
      res.end();
      return true;
    }
    await new Promise<void>((resolve, reject) => {
      createReadStream(path).on('error', reject).pipe(res).on('finish', resolve).on('error', reject);
    });
    return true;
  };

  const api_ = (req: IncomingMessage, res: ServerResponse, url: URL): void => {
    switch (url.pathname) {
      case '/api/config':
        return json(res, 200, api.config);
      case '/api/people':
        return json(res, 200, api.people);
      case '/api/mail':
        return json(res, 200, api.mail);
      case '/api/credentials': {
        // What <presently-client credentials-url> fetches on every (re)connect, with cookies,
        // same-origin. Only this origin's pages get it (cookie SameSite=Strict, fetch metadata).
        const site = req.headers['sec-fetch-site'];
        if (site !== undefined && site !== 'same-origin') return json(res, 403, { error: 'cross-site' }, 'no-store');
        if (!hasSession(req)) return json(res, 401, { error: 'no session: open the demo page first' }, 'no-store');
        const account = url.searchParams.get('account') === 'visitor' ? 'visitor' : 'viewer';
        return json(res, 200, api.credentials(account), 'no-store');
      }
      default:
        return json(res, 404, { error: 'not found' });
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.statusCode = 405;
      res.setHeader('Allow', 'GET, HEAD');
      res.end();
      return;
    }
    if (url.pathname.startsWith('/api/')) return api_(req, res, url);
    // presently.js and the chunks it loads on first use (chat window, status picker): fixed names, no traversal.
    if (url.pathname === '/presently.js' || url.pathname === '/presently.js.map' || /^\/chunks\/[\w.-]+\.js(\.map)?$/.test(url.pathname)) {
      if (await file(req, res, join(BUNDLE_DIR, url.pathname.slice(1)))) return;
      headers(res, 'text/plain; charset=utf-8');
      res.statusCode = 503;
      res.end('presently.js is not built yet: run `pnpm run build`.');
      return;
    }
    let path: string;
    try {
      path = normalize(join(WEB_ROOT, decodeURIComponent(url.pathname)));
    } catch {
      path = '';
    }
    if (!path.startsWith(WEB_ROOT)) {
      res.statusCode = 400;
      res.end();
      return;
    }
    const info = await stat(path).catch(() => undefined);
    if (info?.isDirectory()) {
      if (!url.pathname.endsWith('/')) {
        res.statusCode = 301;
        res.setHeader('Location', `${url.pathname}/`);
        res.end();
        return;
      }
      path = join(path, 'index.html');
    } else if (!info && !extname(path) && !path.endsWith(sep)) {
      path = `${path}.html`;
    }
    if (await file(req, res, path)) return;
    headers(res, 'text/plain; charset=utf-8');
    res.statusCode = 404;
    res.end('Not found');
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
  });
  const listen = (p: number): Promise<void> =>
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: '127.0.0.1', port: p }, () => {
        server.off('error', reject);
        resolve();
      });
    });
  try {
    await listen(port);
  } catch (e) {
    // The preferred port is taken: any free one will do.
    if (port === 0 || (e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
    await listen(0);
  }
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}/`,
    port: actual,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
