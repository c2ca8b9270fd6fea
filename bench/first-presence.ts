/**
 * Time to first presence on a real Prosody (loopback, Prosody's default 10,000 SCRAM iterations): from start()
 * in Node, and from navigation in Chromium, to Bob's real state (Bob online as a raw client). Baselines in the
 * same run: raw @xmpp/client doing the same login + roster + initial presence in Node, and the floor stack page.
 */
import type { Browser } from 'playwright';
import { WebSocket } from 'ws';
import type { ProsodyServer } from '../test/server/prosody.js';
import { newPage } from './lib/browser.js';
import { loadCore, presentlyProblem } from './lib/load.js';
import { passwordOf } from './lib/prosody.js';
import { bare, connectRaw } from './lib/raw-client.js';
import { median, missing, row, round, type Row } from './lib/row.js';
import type { StaticServer } from './lib/static-server.js';
import { dotPageUrl } from './latency.js';

const RUNS = 3;

async function oursNode(prosody: ProsodyServer, run: number): Promise<number> {
  const core = await loadCore();
  if (typeof core === 'string') throw new Error(core);
  const client = core.createPresenceClient({
    service: prosody.wsUrl,
    jid: `alice@${prosody.host}`,
    password: passwordOf('alice'),
    resource: `fp${run}`,
    WebSocket,
    reconnect: false,
  });
  try {
    const t0 = performance.now();
    const known = new Promise<number>((resolve) => {
      client.watch(`bob@${prosody.host}`, (p) => p.show !== 'unknown' && resolve(performance.now() - t0));
    });
    await client.start();
    return await withTimeout(known, 15_000, 'Bob never became known');
  } finally {
    await client.stop().catch(() => {});
  }
}

async function rawNode(prosody: ProsodyServer, run: number): Promise<number> {
  const t0 = performance.now();
  let resolveKnown!: (ms: number) => void;
  const known = new Promise<number>((r) => (resolveKnown = r));
  const xmpp = await connectRaw({
    service: prosody.wsUrl,
    domain: prosody.host,
    username: 'alice',
    password: passwordOf('alice'),
    resource: `raw${run}`,
    onPresence: (p) => bare(p.attrs.from) === `bob@${prosody.host}` && resolveKnown(performance.now() - t0),
  });
  try {
    return await withTimeout(known, 15_000, 'raw client never saw Bob');
  } finally {
    await xmpp.stop().catch(() => {});
  }
}

async function page(browser: Browser, url: string): Promise<number> {
  const p = await newPage(browser);
  try {
    await p.goto(url);
    await p.waitForFunction(() => (window as any).firstKnown !== undefined, undefined, { timeout: 20_000 });
    return (await p.evaluate(() => (window as any).firstKnown)) as number;
  } finally {
    await p.close();
  }
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} in ${ms} ms`)), ms))).finally(() =>
      clearTimeout(timer),
    ),
  ]);
}

export async function runFirstPresence(browser: Browser, web: StaticServer, prosody: ProsodyServer): Promise<Row[]> {
  const bob = await connectRaw({
    service: prosody.wsUrl,
    domain: prosody.host,
    username: 'bob',
    password: passwordOf('bob'),
    resource: 'fp',
    initialShow: 'away',
  });
  const rows: Row[] = [];
  try {
    const ours: number[] = [];
    const raw: number[] = [];
    let oursError: string | undefined;
    for (let r = 0; r < RUNS; r++) {
      raw.push(await rawNode(prosody, r));
      try {
        ours.push(await oursNode(prosody, r));
      } catch (e) {
        oursError = (e as Error).message;
        break;
      }
    }
    const nodeLabel = 'first presence: start() → first contact state (Node)';
    if (oursError) rows.push(missing(nodeLabel, 'ms', 'raw @xmpp/client login + roster + presence', oursError, '< 100 ms'));
    else
      rows.push(
        row(
          nodeLabel,
          round(median(ours)),
          'ms',
          'raw @xmpp/client login + roster + presence',
          round(median(raw)),
          '< 100 ms',
          (v) => v < 100,
          `median of ${RUNS}: ${ours.map((x) => round(x, 0)).join(', ')} vs ${raw.map((x) => round(x, 0)).join(', ')}`,
        ),
      );

    const pageLabel = 'first presence: navigation → <presently-dot> state (Chromium)';
    const problem = presentlyProblem();
    if (problem) rows.push(missing(pageLabel, 'ms', 'floor stack page', problem));
    else {
      const oursPage: number[] = [];
      const floorPage: number[] = [];
      try {
        for (let r = 0; r < RUNS; r++) {
          floorPage.push(await page(browser, dotPageUrl(web, prosody, 'floor', 'dave', 'bob')));
          oursPage.push(await page(browser, dotPageUrl(web, prosody, 'presently', 'alice', 'bob')));
        }
        rows.push(
          row(
            pageLabel,
            round(median(oursPage)),
            'ms',
            'floor stack page (raw @xmpp/client, PLAIN)',
            round(median(floorPage)),
            '',
            undefined,
            `median of ${RUNS}: ${oursPage.map((x) => round(x, 0)).join(', ')} vs ${floorPage.map((x) => round(x, 0)).join(', ')}`,
          ),
        );
      } catch (e) {
        rows.push(missing(pageLabel, 'ms', 'floor stack page', (e as Error).message));
      }
    }
  } finally {
    await bob.stop().catch(() => {});
  }
  return rows;
}
