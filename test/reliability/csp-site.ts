/**
 * A tiny host app for the strict-CSP test: serves test/browser/csp/* and the built
 * packages/elements/dist/presently.js from its own loopback origin with a Content-Security-Policy
 * header, answers the credentials endpoint the page's <presently-client credentials-url> calls, and
 * collects the violation reports Chromium POSTs to `report-uri`.
 *
 * Policies (`?csp=` on a page URL):
 *  - `strict` (default): the policy docs/security.md recommends — nothing else is allowed;
 *  - `no-lit-policy`: Trusted Types without the `lit-html` policy (a control: must be reported);
 *  - `no-connect`: no WebSocket endpoint in connect-src (a control: must be reported);
 *  - `allow-duplicates`: strict plus `'allow-duplicates'`, for pages with a second copy of Lit.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const FIXTURES = join(ROOT, 'test', 'browser', 'csp');
const BUNDLE = join(ROOT, 'packages', 'elements', 'dist', 'presently.js');

export type CspVariant = 'strict' | 'no-lit-policy' | 'no-connect' | 'allow-duplicates';

export interface CspSiteOptions {
  /** The XMPP WebSocket endpoint, e.g. `ws://127.0.0.1:5280/xmpp-websocket`. */
  service: string;
  jid: string;
  password: string;
  /** JIDs the page shows dots (and a badge, for the first) for. */
  contacts: string[];
}

export interface CspReport {
  variant: string;
  body: unknown;
}

export interface CspSite {
  origin: string;
  /** Violation reports received on `report-uri`, oldest first. */
  reports: CspReport[];
  /** How often the credentials endpoint was called. */
  credentialRequests: number;
  close(): Promise<void>;
}

/** The recommended policy for a page embedding presently.js (see docs/security.md). */
export function strictPolicy(wsOrigin: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self' ${wsOrigin}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
    "require-trusted-types-for 'script'",
    // lit-html: Lit's policy; presently-worker: the one that lets the shared worker's URL through (docs/sharing.md).
    'trusted-types lit-html presently-worker',
  ].join('; ');
}

function policyFor(variant: CspVariant, wsOrigin: string): string {
  const strict = strictPolicy(wsOrigin);
  if (variant === 'no-lit-policy') return strict.replace('trusted-types lit-html presently-worker', "trusted-types 'none'");
  if (variant === 'no-connect') return strict.replace(` ${wsOrigin}`, '');
  if (variant === 'allow-duplicates') {
    return strict.replace('trusted-types lit-html presently-worker', "trusted-types lit-html presently-worker 'allow-duplicates'");
  }
  return strict;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
};

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk.length + body.length < 1_000_000 ? chunk : ''));
    req.on('end', () => resolve(body));
  });
}

export async function startCspSite(options: CspSiteOptions): Promise<CspSite> {
  const wsOrigin = new URL(options.service).origin.replace(/^http/, 'ws');
  const reports: CspReport[] = [];
  const site = { credentialRequests: 0 };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const variant = (url.searchParams.get('csp') ?? 'strict') as CspVariant;
    const send = (status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}) => {
      res.writeHead(status, {
        'content-type': type,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        'content-security-policy': `${policyFor(variant, wsOrigin)}; report-uri /csp-report?variant=${variant}`,
        ...extra,
      });
      res.end(body);
    };
    if (url.pathname === '/csp-report' && req.method === 'POST') {
      const text = await readBody(req);
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // keep the text
      }
      reports.push({ variant: url.searchParams.get('variant') ?? '?', body });
      send(204, 'text/plain', '');
      return;
    }
    if (url.pathname === '/favicon.ico') {
      send(204, 'image/x-icon', '');
      return;
    }
    if (url.pathname === '/credentials') {
      // The host app's own endpoint: same origin, session-authenticated in real life.
      site.credentialRequests++;
      send(200, 'application/json', JSON.stringify({ password: options.password }));
      return;
    }
    if (url.pathname === '/config.json') {
      send(200, 'application/json', JSON.stringify({ service: options.service, jid: options.jid, contacts: options.contacts }));
      return;
    }
    // presently.js and the chunks it loads on first use (chat window, status picker), as the build wrote them.
    if (url.pathname === '/presently.js' || url.pathname === '/presently.js.map' || /^\/chunks\/[\w.-]+\.js(\.map)?$/.test(url.pathname)) {
      const file = join(dirname(BUNDLE), url.pathname.slice(1));
      send(200, TYPES[url.pathname.endsWith('.map') ? '.map' : '.js']!, await readFile(file));
      return;
    }
    const name = normalize(url.pathname === '/' ? '/index.html' : url.pathname).replace(/^(\.\.[/\\])+/, '');
    const ext = name.slice(name.lastIndexOf('.'));
    const type = TYPES[ext];
    if (!type || name.includes('..')) {
      send(404, 'text/plain', 'not found');
      return;
    }
    try {
      send(200, type, await readFile(join(FIXTURES, name)));
    } catch {
      send(404, 'text/plain', 'not found');
    }
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    reports,
    get credentialRequests() {
      return site.credentialRequests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
