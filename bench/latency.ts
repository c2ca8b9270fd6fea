/**
 * End-to-end latency on a real Prosody (loopback): Bob (raw @xmpp/client, Node) changes presence 200 times;
 * we time Bob's send → the `show` attribute of Alice's <presently-dot jid=bob> changing in Chromium
 * (MutationObserver, performance.timeOrigin + now), next to Carol, a raw @xmpp/client observer in Node, and Dave,
 * the floor stack's <floor-dot> in the same browser. All clocks are this machine's wall clock.
 */
import type { Browser, Page } from 'playwright';
import type { XmppClient } from '@xmpp/client';
import { xml } from '@xmpp/client';
import type { ProsodyServer } from '../test/server/prosody.js';
import { newPage } from './lib/browser.js';
import { presentlyProblem } from './lib/load.js';
import { passwordOf } from './lib/prosody.js';
import { bare, connectRaw, showOf } from './lib/raw-client.js';
import { missing, percentile, row, round, wallNow, type Row } from './lib/row.js';
import type { StaticServer } from './lib/static-server.js';

const CHANGES = 200;
const SPACING_MS = 40;
const SHOWS = ['away', 'dnd', 'xa', 'chat'] as const;

export function dotPageUrl(web: StaticServer, prosody: ProsodyServer, lib: 'presently' | 'floor', user: string, watch: string): string {
  const q = new URLSearchParams({
    lib,
    service: prosody.wsUrl,
    jid: `${user}@${prosody.host}`,
    password: passwordOf(user),
    watch: `${watch}@${prosody.host}`,
  });
  return `${web.origin}/pages/dot.html?${q}`;
}

async function openDot(browser: Browser, url: string): Promise<Page> {
  const page = await newPage(browser);
  await page.goto(url);
  await page.waitForFunction(() => (window as any).firstKnown !== undefined, undefined, { timeout: 20_000 });
  return page;
}

/** For each send, the first observation of its show at or after the send time. */
function latencies(sends: Array<{ t: number; show: string }>, seen: Array<{ t: number; show: string | null }>): number[] {
  const out: number[] = [];
  let j = 0;
  for (const s of sends) {
    while (j < seen.length && seen[j]!.t < s.t) j++;
    let k = j;
    while (k < seen.length && seen[k]!.show !== s.show) k++;
    if (k < seen.length) out.push(seen[k]!.t - s.t);
  }
  return out;
}

export async function runLatency(browser: Browser, web: StaticServer, prosody: ProsodyServer): Promise<Row[]> {
  const label = (p: string) => `latency: Bob's send → <presently-dot> show, ${p}`;
  const problem = presentlyProblem();
  if (problem) return [missing(label('p95'), 'ms', 'raw @xmpp/client observer (Node)', problem, 'p95 − baseline ≤ 17 ms')];
  const host = prosody.host;
  const carolSeen: Array<{ t: number; show: string }> = [];
  let bob: XmppClient | undefined;
  let carol: XmppClient | undefined;
  const pages: Page[] = [];
  try {
    bob = await connectRaw({
      service: prosody.wsUrl,
      domain: host,
      username: 'bob',
      password: passwordOf('bob'),
      resource: 'bench',
      initialShow: 'chat',
    });
    carol = await connectRaw({
      service: prosody.wsUrl,
      domain: host,
      username: 'carol',
      password: passwordOf('carol'),
      resource: 'bench',
      onPresence: (p) => bare(p.attrs.from) === `bob@${host}` && carolSeen.push({ t: wallNow(), show: showOf(p) }),
    });
    const alicePage = await openDot(browser, dotPageUrl(web, prosody, 'presently', 'alice', 'bob'));
    pages.push(alicePage);
    const davePage = await openDot(browser, dotPageUrl(web, prosody, 'floor', 'dave', 'bob')).catch((e: Error) => e);
    if (!(davePage instanceof Error)) pages.push(davePage);

    const sends: Array<{ t: number; show: string }> = [];
    for (let i = 0; i < CHANGES; i++) {
      const show = SHOWS[i % SHOWS.length]!;
      const stanza = xml('presence', {}, xml('show', {}, show), xml('status', {}, `change ${i}`));
      const t = wallNow();
      await bob.send(stanza);
      sends.push({ t, show });
      await new Promise((r) => setTimeout(r, SPACING_MS));
    }
    await new Promise((r) => setTimeout(r, 500));
    const aliceSeen = (await alicePage.evaluate(() => (window as any).records)) as Array<{ t: number; show: string | null }>;
    const ours = latencies(sends, aliceSeen);
    const raw = latencies(sends, carolSeen);
    const rows: Row[] = [];
    const note = `${ours.length}/${CHANGES} changes seen by the dot, ${raw.length}/${CHANGES} by the raw observer`;
    rows.push(
      row(
        label('p50'),
        round(percentile(ours, 50)),
        'ms',
        'raw @xmpp/client observer (Node)',
        round(percentile(raw, 50)),
        '',
        undefined,
        note,
      ),
    );
    rows.push(
      row(
        label('p95'),
        round(percentile(ours, 95)),
        'ms',
        'raw @xmpp/client observer (Node)',
        round(percentile(raw, 95)),
        'p95 − baseline ≤ 17 ms',
        (v) => ours.length === CHANGES && v - percentile(raw, 95) <= 17,
        note,
      ),
    );
    if (davePage instanceof Error) rows.push(missing("latency: Bob's send → floor <floor-dot> (reference)", 'ms', '', davePage.message));
    else {
      const daveSeen = (await davePage.evaluate(() => (window as any).records)) as Array<{ t: number; show: string | null }>;
      const floor = latencies(sends, daveSeen);
      rows.push(
        row(
          'latency: floor stack <floor-dot> in the same browser, p95 (reference)',
          round(percentile(floor, 95)),
          'ms',
          'raw @xmpp/client observer (Node)',
          round(percentile(raw, 95)),
          '',
          undefined,
          `p50 ${round(percentile(floor, 50))} ms; ${floor.length}/${CHANGES} seen`,
        ),
      );
    }
    return rows;
  } finally {
    for (const p of pages) await p.close().catch(() => {});
    await bob?.stop().catch(() => {});
    await carol?.stop().catch(() => {});
  }
}
