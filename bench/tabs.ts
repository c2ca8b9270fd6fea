/**
 * One connection for all tabs (docs/sharing.md), measured in Debian's Chromium against a real Prosody on loopback
 * (its own, with Prosody's default 10,000 SCRAM iterations), every page a tab of one origin that serves presently.js
 * with its chunks, the shared worker among them (bench/pages/tabs.*, lib/tabs.ts, lib/tabs-site.ts):
 *  - navigation → first real dot of the second and third tab of a context, next to the first tab's in the same
 *    round; each round a fresh browser context, so a fresh shared worker and a real login for the first tab;
 *    the second tab with `shared: false` in the same round for reference;
 *  - the same two tabs with the server 50 ms round trip away (lib/delay-proxy.ts), where a login costs what it does
 *    on a real network;
 *  - the account's sessions with 5 tabs open, as the server sees them: the resources of Alice that Bob, a raw
 *    @xmpp/client peer with Alice in his roster, sees available, and Prosody's own list (lib/prosody-sessions.ts);
 *    5 tabs with `shared: false` as the baseline;
 *  - memory with 1,000 contacts online (tabs-memory.ts).
 */
import type { XmppClient } from '@xmpp/client';
import type { Browser } from 'playwright';
import { startProsody } from '../test/server/prosody.js';
import { presentlyProblem } from './lib/load.js';
import { prosodySessions } from './lib/prosody-sessions.js';
import { startDelayProxy } from './lib/delay-proxy.js';
import { bare, connectRaw } from './lib/raw-client.js';
import { median, missing, row, round, type Row } from './lib/row.js';
import { startTabsSite } from './lib/tabs-site.js';
import { closeTabs, fellBack, openTab, passwordOf, tabUrl, type Tab, type TabSetup } from './lib/tabs.js';
import { CONTACTS, contactName, MEMORY_ACCOUNT, memoryRows } from './tabs-memory.js';

/** Rounds of the first-dot rows, each in a fresh context. */
const ROUNDS = 7;
const SESSION_TABS = 5;
const SECOND = "tabs: second tab's navigation → first real dot (one shared session)";

/**
 * The far rows' server: this far away each way (a round trip of 50 ms: a server in another city, or behind a VPN).
 * Loopback hides what a login costs: its round trips (WebSocket upgrade, stream, SCRAM, bind, roster, presence).
 */
const FAR_ONE_WAY_MS = 25;
const FAR = `tabs: second tab's navigation → first real dot, server ${2 * FAR_ONE_WAY_MS} ms round trip away`;

/** Opens `count` tabs of Alice's one after the other in a fresh context; each shows Bob's dot. */
async function openTabs(
  setup: TabSetup,
  shared: boolean,
  count: number,
  then: (tabs: Tab[]) => Promise<void>,
  service?: string,
): Promise<void> {
  const context = await setup.browser.newContext();
  const tabs: Tab[] = [];
  try {
    for (let t = 0; t < count; t++) tabs.push(await openTab(context, tabUrl(setup, { user: 'alice', watch: 'bob', shared, service })));
    await then(tabs);
  } finally {
    await closeTabs(
      context,
      tabs.map((t) => t.page),
    );
  }
}

async function firstDotRows(setup: TabSetup): Promise<Row[]> {
  const shared: Tab[][] = [];
  const own: Tab[][] = [];
  let fallbacks = 0;
  for (let r = 0; r < ROUNDS; r++) {
    await openTabs(setup, true, 3, async (tabs) => {
      shared.push(tabs);
      fallbacks += await fellBack(tabs.map((t) => t.page));
    });
    await openTabs(setup, false, 2, async (tabs) => void own.push(tabs));
  }
  const nth = (runs: Tab[][], i: number, f: (t: Tab) => number = (t) => t.firstRealDot) => runs.map((tabs) => f(tabs[i]!));
  const list = (xs: number[]) => xs.map((x) => round(x, 0)).join(', ');
  const med = (xs: number[]) => round(median(xs), 0);
  const [first, second, third] = [0, 1, 2].map((i) => median(nth(shared, i)));
  const client = (i: number) => med(nth(shared, i, (t) => t.firstRealDot - t.created));
  const loaded = (i: number) => med(nth(shared, i, (t) => t.created));
  return [
    row(
      SECOND,
      round(second!),
      'ms',
      "first tab's, same round (a login)",
      round(first!),
      '≤ 1/3 of the first tab',
      (_, ratio) => ratio != null && ratio <= 1 / 3,
      `median of ${ROUNDS} rounds, each a fresh context (a fresh shared worker): second ${list(nth(shared, 1))} vs first ` +
        `${list(nth(shared, 0))} (median of the rounds' own ratios ${round(median(shared.map((t) => t[1]!.firstRealDot / t[0]!.firstRealDot)), 2)}). Of which navigation → presently.js run: first ${loaded(0)}, second ${loaded(1)}, third ` +
        `${loaded(2)} ms; client created → first real dot: first ${client(0)}, second ${client(1)}, third ${client(2)} ms. ` +
        `With shared: false the second tab logs in again: ${med(nth(own, 1))} ms (${list(nth(own, 1))}), its first ` +
        `${med(nth(own, 0))} ms; ${fallbacks ? `${fallbacks} sharing tab(s) fell back to a connection of their own` : 'no tab fell back'}`,
    ),
    row(
      "tabs: second tab's client created → first real dot",
      client(1),
      'ms',
      "first tab's, same round",
      client(0),
      '',
      undefined,
      `median of ${ROUNDS}: the navigation rows less loading and running the page and presently.js, the same work in ` +
        `every tab (first ${loaded(0)}, second ${loaded(1)} ms)`,
    ),
    row(
      "tabs: third tab's navigation → first real dot",
      round(third!),
      'ms',
      "first tab's, same round",
      round(first!),
      '',
      undefined,
      `median of ${ROUNDS}: ${list(nth(shared, 2))}`,
    ),
  ];
}

/** The second tab's first dot next to the first's, with the server {@link FAR_ONE_WAY_MS} away each way. */
async function farRows(setup: TabSetup): Promise<Row[]> {
  const proxy = await startDelayProxy(setup.prosody.httpPort, FAR_ONE_WAY_MS);
  const rounds: Tab[][] = [];
  try {
    for (let r = 0; r < ROUNDS; r++)
      await openTabs(setup, true, 2, async (tabs) => void rounds.push(tabs), proxy.through(setup.prosody.wsUrl));
  } finally {
    await proxy.close();
  }
  const [first, second] = [0, 1].map((i) => rounds.map((tabs) => tabs[i]!.firstRealDot));
  const list = (xs: number[]) => xs.map((x) => round(x, 0)).join(', ');
  const client = (xs: Tab[]) => xs[1]!.firstRealDot - xs[1]!.created;
  return [
    row(
      FAR,
      round(median(second!)),
      'ms',
      "first tab's, same round (a login)",
      round(median(first!)),
      '≤ 1/3 of the first tab',
      (_, ratio) => ratio != null && ratio <= 1 / 3,
      `median of ${ROUNDS} rounds through a proxy that delays every byte ${FAR_ONE_WAY_MS} ms each way, each round a ` +
        `fresh context: second ${list(second!)} vs first ${list(first!)}; the second tab's client created → first ` +
        `real dot ${round(median(rounds.map(client)), 0)} ms (it asks the shared worker, not the server)`,
    ),
  ];
}

/** The account's sessions with `SESSION_TABS` tabs open: Bob's view (new available resources) and Prosody's list. */
async function sessionsFor(setup: TabSetup, shared: boolean, seen: Map<string, string | undefined>) {
  const alice = `alice@${setup.prosody.host}`;
  const available = () => new Set([...seen].filter(([, type]) => type === undefined).map(([jid]) => jid));
  const before = available();
  const held = new Set(await prosodySessions(setup.prosody, alice));
  let peer = 0;
  let server = 0;
  await openTabs(setup, shared, SESSION_TABS, async () => {
    // Time for any further session's initial presence to reach Bob.
    await new Promise((r) => setTimeout(r, 1_500));
    peer = [...available()].filter((jid) => !before.has(jid)).length;
    server = (await prosodySessions(setup.prosody, alice)).filter((jid) => !held.has(jid)).length;
  });
  // Bob hears the sessions end before the next count starts.
  await new Promise((r) => setTimeout(r, 500));
  return { peer, server };
}

async function sessionRows(setup: TabSetup, seen: Map<string, string | undefined>): Promise<Row[]> {
  const shared = await sessionsFor(setup, true, seen);
  const own = await sessionsFor(setup, false, seen);
  return [
    row(
      `tabs: server sessions for ${SESSION_TABS} tabs of one account`,
      shared.peer,
      'sessions',
      `${SESSION_TABS} tabs, shared: false`,
      own.peer,
      '= 1',
      (v) => v === 1 && shared.server === 1,
      `Alice's resources a raw peer (Bob, Alice in his roster) sees available once every tab shows Bob's state (1.5 s ` +
        `settle); Prosody's own list (prosodyctl shell c2s:show()): ${shared.server} session(s) sharing, ${own.server} with shared: false`,
    ),
  ];
}

/** Runs one group of rows; a crash becomes a row that says so, and the other groups still run. */
async function group(name: string, unit: string, rows: () => Promise<Row[]>): Promise<Row[]> {
  try {
    return await rows();
  } catch (error) {
    return [missing(name, unit, '', `crashed: ${(error as Error).message.split('\n')[0]}`)];
  }
}

export async function runTabs(browser: Browser): Promise<Row[]> {
  const problem = presentlyProblem();
  if (problem) return [missing(SECOND, 'ms', "first tab's", problem)];
  const contacts = Array.from({ length: CONTACTS }, (_, i) => contactName(i));
  const prosody = await startProsody({
    users: ['alice', 'bob', MEMORY_ACCOUNT, ...contacts].map((username) => ({ username, password: passwordOf(username) })),
    // Alice and Bob see each other. The memory account has the 1,000 contacts, who see only it (a group of two
    // each), so their logins don't broadcast presence to one another.
    groups: { Team: ['alice', 'bob'], ...Object.fromEntries(contacts.map((c) => [`${MEMORY_ACCOUNT} ${c}`, [MEMORY_ACCOUNT, c]])) },
    scramIterations: 10_000,
    logLevel: 'warn',
    extraModules: ['admin_shell'],
  });
  const web = await startTabsSite().catch(async (error: Error) => {
    await prosody.stop();
    throw error;
  });
  const seen = new Map<string, string | undefined>();
  const alice = `alice@${prosody.host}`;
  let bob: XmppClient | undefined;
  try {
    bob = await connectRaw({
      service: prosody.wsUrl,
      domain: prosody.host,
      username: 'bob',
      password: passwordOf('bob'),
      resource: 'tabs',
      initialShow: 'away',
      onPresence: (p) => bare(p.attrs.from) === alice && seen.set(p.attrs.from as string, p.attrs.type as string | undefined),
    });
    const setup: TabSetup = { browser, web, prosody };
    return [
      ...(await group(SECOND, 'ms', () => firstDotRows(setup))),
      ...(await group(FAR, 'ms', () => farRows(setup))),
      ...(await group('tabs: server sessions', 'sessions', () => sessionRows(setup, seen))),
      ...(await group('tabs: JS heap', 'MB', () => memoryRows(setup))),
    ];
  } finally {
    await bob?.stop().catch(() => {});
    await web.close().catch(() => {});
    await prosody.stop().catch(() => {});
  }
}
