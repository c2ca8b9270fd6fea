/**
 * More vitest browser commands, for the reliability and security suites (test/browser/reliability*,
 * test/browser/security*). Registered in vitest.config.ts next to ./commands.ts.
 *
 * - `peerFlood`: a shared-server peer sends thousands of presences as fast as its socket takes them.
 * - `extraProsodyStart/Stop/Log`: a second Prosody (e.g. SCRAM-SHA-256 accounts) with the TEST_USERS cast.
 * - `hostileStart/Stop`, `hostileSend`, `hostileResources`, `hostileStrangers`: a Prosody with an
 *   external component that sends what no c2s peer can (any `from` in its domain).
 * - `cspSiteStart/Stop`, `cspVisit`: a host app served with a strict CSP + Trusted Types, opened in
 *   a fresh browser context of the same Chromium, with its violations and reports collected.
 */
import type { BrowserCommand } from 'vitest/node';
import type { BrowserContext } from 'playwright';
import { sharedProsody } from '../server/shared.js';
import { startProsody, type PasswordHash, type ProsodyServer } from '../server/prosody.js';
import { TEST_USERS } from '../server/users.js';
import { esc, startHostileServer, type Component, type HostileServer } from '../reliability/hostile-server.js';
import { startCspSite, type CspReport, type CspSite, type CspSiteOptions } from '../reliability/csp-site.js';
import type { AsBrowserCommands } from './commands.js';

interface ExtraState {
  servers: Map<string, ProsodyServer>;
  hostile?: { server: HostileServer; component: Component };
  csp?: CspSite;
}

const KEY = Symbol.for('presently.test.extraCommands');
function state(): ExtraState {
  const holder = globalThis as { [KEY]?: ExtraState };
  return (holder[KEY] ??= { servers: new Map() });
}

// --- floods from a shared-server peer ------------------------------------------------------------

export interface FloodOptions {
  count: number;
  /** Directed to this JID (a username means user@host); default: broadcast to the roster. */
  to?: string;
  /** Status of the last presence, so the receiver can tell the flood is over. */
  finalStatus: string;
  /** Show of the last presence. Default none (available). */
  finalShow?: 'away' | 'xa' | 'dnd' | 'chat';
}

const SHOWS = ['away', 'dnd', 'xa', 'chat'] as const;

/** Writes `count` presence changes (cycling show, numbered status) and one final one, in large raw writes. */
const peerFlood: BrowserCommand<[name: string, options: FloodOptions], { writeMs: number }> = async (_ctx, name, options) => {
  const { peers, server } = sharedProsody();
  const peer = peers.get(name);
  if (!peer) throw new Error(`peer ${name} is not connected`);
  const to = options.to ? ` to='${esc(options.to.includes('@') ? options.to : `${options.to}@${server.host}`)}'` : '';
  const xmpp = peer.xmpp as unknown as { write(text: string): Promise<void> };
  const t0 = performance.now();
  let batch = '';
  for (let i = 0; i < options.count; i++) {
    batch += `<presence${to}><show>${SHOWS[i % SHOWS.length]}</show><status>flood ${i}</status></presence>`;
    if (batch.length > 32 * 1024) {
      await xmpp.write(batch);
      batch = '';
    }
  }
  batch += `<presence${to}>${options.finalShow ? `<show>${options.finalShow}</show>` : ''}<status>${esc(options.finalStatus)}</status></presence>`;
  await xmpp.write(batch);
  return { writeMs: Math.round(performance.now() - t0) };
};

/** Writes `count` chat messages (numbered bodies) and one final one to `to`, in large raw writes. */
const peerMessageFlood: BrowserCommand<
  [name: string, options: { to: string; count: number; finalBody: string }],
  { writeMs: number }
> = async (_ctx, name, options) => {
  const { peers, server } = sharedProsody();
  const peer = peers.get(name);
  if (!peer) throw new Error(`peer ${name} is not connected`);
  const to = esc(options.to.includes('@') ? options.to : `${options.to}@${server.host}`);
  const xmpp = peer.xmpp as unknown as { write(text: string): Promise<void> };
  const t0 = performance.now();
  let batch = '';
  for (let i = 0; i <= options.count; i++) {
    const body = i === options.count ? esc(options.finalBody) : `flood message ${i}`;
    batch += `<message to='${to}' type='chat' id='flood-${i}'><body>${body}</body></message>`;
    if (batch.length > 32 * 1024 || i === options.count) {
      await xmpp.write(batch);
      batch = '';
    }
  }
  return { writeMs: Math.round(performance.now() - t0) };
};

// --- a second server ------------------------------------------------------------------------------

export interface ExtraServerInfo {
  host: string;
  wsUrl: string;
  tcpUrl: string;
}

const extraProsodyStart: BrowserCommand<[name: string, options?: { passwordHash?: PasswordHash }], ExtraServerInfo> = async (
  _ctx,
  name,
  options = {},
) => {
  const { servers } = state();
  await servers.get(name)?.stop();
  const server = await startProsody({
    users: [...TEST_USERS],
    smacksHibernationSeconds: 30,
    ...(options.passwordHash ? { passwordHash: options.passwordHash } : {}),
  });
  servers.set(name, server);
  return { host: server.host, wsUrl: server.wsUrl, tcpUrl: server.tcpUrl };
};

const extraProsodyStop: BrowserCommand<[name: string], void> = async (_ctx, name) => {
  const { servers } = state();
  const server = servers.get(name);
  servers.delete(name);
  await server?.stop();
};

/** The server's log (console output and log file). */
const extraProsodyLog: BrowserCommand<[name: string, lines?: number], string> = (_ctx, name, lines = 200) => {
  const server = state().servers.get(name);
  if (!server) throw new Error(`no extra server ${name}`);
  return server.logTail(lines);
};

/** The shared server's log, e.g. to look for a password in it. */
const prosodyLog: BrowserCommand<[lines?: number], string> = (_ctx, lines = 400) => sharedProsody().server.logTail(lines);

// --- the hostile server ---------------------------------------------------------------------------

export interface HostileInfo extends ExtraServerInfo {
  componentDomain: string;
}

const hostileStart: BrowserCommand<[], HostileInfo> = async () => {
  const s = state();
  if (s.hostile) await s.hostile.server.stop();
  const server = await startHostileServer({ users: [...TEST_USERS] });
  const component = await server.component();
  s.hostile = { server, component };
  return { host: server.server.host, wsUrl: server.server.wsUrl, tcpUrl: server.server.tcpUrl, componentDomain: server.componentDomain };
};

const hostileStop: BrowserCommand<[], void> = async () => {
  const s = state();
  const hostile = s.hostile;
  s.hostile = undefined;
  await hostile?.server.stop();
};

function hostile(): NonNullable<ExtraState['hostile']> {
  const h = state().hostile;
  if (!h) throw new Error('call commands.hostileStart() first');
  return h;
}

/** Raw XML from the component (stanzas with any `from` in its domain). */
const hostileSend: BrowserCommand<[xml: string], void> = async (_ctx, xml) => {
  await hostile().component.send(xml);
};

/** `count` available presences from distinct resources of one JID of the component's domain. */
const hostileResources: BrowserCommand<[options: { local: string; to: string; count: number }], { writeMs: number }> = async (_ctx, o) => {
  const { component, server } = hostile();
  const from = `${o.local}@${server.componentDomain}`;
  const t0 = performance.now();
  await component.sendMany(
    (function* () {
      for (let i = 0; i < o.count; i++)
        yield `<presence from='${from}/r${i}' to='${esc(o.to)}'><show>away</show><status>resource ${i}</status></presence>`;
    })(),
  );
  return { writeMs: Math.round(performance.now() - t0) };
};

/** Available presences from `count` distinct JIDs nobody asked about. */
const hostileStrangers: BrowserCommand<[options: { to: string; count: number }], { writeMs: number }> = async (_ctx, o) => {
  const { component, server } = hostile();
  const t0 = performance.now();
  await component.sendMany(
    (function* () {
      for (let i = 0; i < o.count; i++)
        yield `<presence from='stranger${i}@${server.componentDomain}/x' to='${esc(o.to)}'><status>who am I ${i}</status></presence>`;
    })(),
  );
  return { writeMs: Math.round(performance.now() - t0) };
};

// --- the strict-CSP host app ----------------------------------------------------------------------

const cspSiteStart: BrowserCommand<[options: CspSiteOptions], { origin: string }> = async (_ctx, options) => {
  const s = state();
  await s.csp?.close();
  s.csp = await startCspSite(options);
  return { origin: s.csp.origin };
};

const cspSiteStop: BrowserCommand<[], void> = async () => {
  const s = state();
  await s.csp?.close();
  s.csp = undefined;
};

export interface CspVisitOptions {
  /** Wait until the dot of this JID shows this state (and give up after `timeoutMs`). */
  waitFor?: { jid: string; show: string };
  /** Type this into the chat with the first contact and send it. */
  chatMessage?: string;
  timeoutMs?: number;
}

export interface CspVisitResult {
  /** The wait condition was met. */
  reached: boolean;
  dots: Array<{ jid: string | null; show: string | null; label: string | null }>;
  badgeText: string;
  chatDelivery: string[];
  /** `securitypolicyviolation` events seen by the page before the probe. */
  violations: Array<{ directive: string; blocked: string; sample: string; source: string }>;
  /** Reports POSTed to report-uri for this visit, before the probe. */
  reports: CspReport[];
  errors: string[];
  pageErrors: string[];
  consoleErrors: string[];
  /** After the checks: assigning a string to innerHTML threw (Trusted Types enforced) … */
  probeThrew: boolean;
  /** … and was seen as a violation event and a report (the detection works). */
  probeViolations: number;
  probeReports: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Opens `path` on the CSP site in a fresh context of the test browser and reports what happened. */
const cspVisit: BrowserCommand<[path: string, options?: CspVisitOptions], CspVisitResult> = async (ctx, path, options = {}) => {
  const site = state().csp;
  if (!site) throw new Error('call commands.cspSiteStart() first');
  const browser = (ctx.context as BrowserContext).browser();
  if (!browser) throw new Error('no browser');
  const context = await browser.newContext();
  const timeout = options.timeoutMs ?? 15_000;
  try {
    const page = await context.newPage();
    const pageErrors: string[] = [];
    const consoleErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') consoleErrors.push(m.text());
    });
    const reportsBefore = site.reports.length;
    await page.goto(`${site.origin}${path}`);
    let reached = true;
    if (options.waitFor) {
      reached = await page
        .waitForFunction(
          ({ jid, show }) => document.querySelector(`presently-dot[jid="${jid}"]`)?.getAttribute('show') === show,
          options.waitFor,
          { timeout, polling: 50 },
        )
        .then(
          () => true,
          () => false,
        );
    }
    if (reached && options.chatMessage) {
      await page.locator('presently-chat [part="input"]').fill(options.chatMessage);
      await page.locator('presently-chat [part="send-button"]').click();
      await page
        .waitForFunction(
          () => {
            const chat = document.querySelector('presently-chat');
            const last = [...(chat?.shadowRoot?.querySelectorAll('[data-delivery]') ?? [])].at(-1);
            return last && last.getAttribute('data-delivery') !== 'sending';
          },
          undefined,
          { timeout, polling: 50 },
        )
        .catch(() => {});
      // Open the chat panel too (dock.ts positions it through the CSSOM, which CSP allows).
      await page.locator('presently-chat-button [part="base"]').click();
      await page.waitForSelector('[data-presently-dock] presently-chat', { timeout: 5000 }).catch(() => {});
    }
    // Reports are POSTed asynchronously.
    await sleep(500);
    const seen = await page.evaluate(() => {
      const w = window as unknown as { __violations: CspVisitResult['violations']; __errors: string[] };
      const chat = document.querySelector('presently-chat');
      return {
        violations: [...(w.__violations ?? [])],
        errors: [...(w.__errors ?? [])],
        dots: [...document.querySelectorAll('presently-dot')].map((d) => ({
          jid: d.getAttribute('jid'),
          show: d.getAttribute('show'),
          label: d.getAttribute('aria-label'),
        })),
        badgeText: document.querySelector('presently-badge')?.shadowRoot?.textContent?.replace(/\s+/g, ' ').trim() ?? '',
        chatDelivery: [...(chat?.shadowRoot?.querySelectorAll('[data-delivery]') ?? [])].map((m) => m.getAttribute('data-delivery') ?? ''),
      };
    });
    const reports = site.reports.slice(reportsBefore);
    const consoleBeforeProbe = [...consoleErrors];
    // Positive control on the same page: a string into innerHTML must throw and be reported.
    const probe = await page.evaluate(() => {
      const w = window as unknown as { __violations: unknown[] };
      const before = w.__violations.length;
      let threw = false;
      try {
        document.createElement('div').innerHTML = '<b>probe</b>';
      } catch {
        threw = true;
      }
      return { threw, before };
    });
    await sleep(500);
    const probeViolations =
      (await page.evaluate(() => (window as unknown as { __violations: unknown[] }).__violations.length)) - probe.before;
    const probeReports = site.reports.length - reportsBefore - reports.length;
    return {
      reached,
      ...seen,
      reports,
      pageErrors,
      consoleErrors: consoleBeforeProbe,
      probeThrew: probe.threw,
      probeViolations,
      probeReports,
    };
  } finally {
    await context.close();
  }
};

/** How often the CSP site's credentials endpoint was called. */
const cspCredentialRequests: BrowserCommand<[], number> = () => state().csp?.credentialRequests ?? 0;

export const extraCommands = {
  peerFlood,
  peerMessageFlood,
  prosodyLog,
  extraProsodyStart,
  extraProsodyStop,
  extraProsodyLog,
  hostileStart,
  hostileStop,
  hostileSend,
  hostileResources,
  hostileStrangers,
  cspSiteStart,
  cspSiteStop,
  cspVisit,
  cspCredentialRequests,
};

declare module 'vitest/browser' {
  interface BrowserCommands extends AsBrowserCommands<typeof extraCommands> {}
}
