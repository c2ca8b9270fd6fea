/**
 * 5,000 <presently-badge> in Debian Chromium, fed by a real client over ws from the scripted server, next to the
 * same page with 5,000 plain <span>s updated by hand-written DOM code on the same client (same run, alternating).
 * Measures first complete render, then a burst of 2,000 presence changes: time until the DOM shows all of them
 * (server's first frame → last DOM mutation, same machine clock), long tasks and frames.
 */
import type { Browser } from 'playwright';
import { newPage } from './lib/browser.js';
import { presentlyProblem } from './lib/load.js';
import { median, missing, row, round, type Row } from './lib/row.js';
import { startScriptedServer, type ServerHandle } from './lib/server-handle.js';
import { DOMAIN } from './lib/stanzas.js';
import type { StaticServer } from './lib/static-server.js';

const CONTACTS = 5_000;
const BURST = 2_000;
const ROUNDS = 3;
const PASSWORD = 'bench-pass';

interface RunResult {
  mountMs: number;
  burstMs: number;
  frames: number;
  longTasks: number[];
}

async function runOnce(
  browser: Browser,
  server: ServerHandle,
  web: StaticServer,
  mode: 'badge' | 'span',
  user: string,
): Promise<RunResult> {
  const page = await newPage(browser);
  try {
    await page.goto(`${web.origin}/pages/badges.html`);
    await page.waitForFunction(() => 'bench' in window);
    await page.evaluate(([s, j, p]) => (window as any).bench.connect(s, j, p), [server.wsUrl, `${user}@${DOMAIN}`, PASSWORD]);
    await server.ready(user);
    await page.evaluate((n) => (window as any).bench.waitStates(n), CONTACTS);
    const mountMs = await page.evaluate(([m, n]) => (window as any).bench.mount(m, n), [mode, CONTACTS] as const);
    await page.evaluate(() => new Promise((r) => setTimeout(r, 300))); // let detail fetches and timers settle
    await page.evaluate((n) => (window as any).bench.arm(n), BURST);
    const report = await server.burst(user, BURST);
    const done = (await page.evaluate(() =>
      Promise.race([
        (window as any).bench.done,
        new Promise((_, reject) => setTimeout(() => reject(new Error('burst not shown in 30 s')), 30_000)),
      ]),
    )) as { tDone: number; frames: number; longTasks: number[] };
    return { mountMs, burstMs: done.tDone - report.t0, frames: done.frames, longTasks: done.longTasks };
  } finally {
    await page.close();
  }
}

export async function runBadges(browser: Browser, web: StaticServer): Promise<Row[]> {
  const labels = {
    mount: `badges: first complete render of ${CONTACTS}`,
    burst: `badges: ${BURST}-change burst → DOM`,
    longest: 'badges: longest task in burst',
    long: 'badges: long tasks (> 50 ms) in burst',
    frames: 'badges: frames rendered during burst',
  };
  const problem = presentlyProblem();
  if (problem) return [missing(labels.mount, 'ms', 'plain <span>s', problem), missing(labels.burst, 'ms', 'plain <span> updates', problem)];
  const server = await startScriptedServer({ contacts: CONTACTS, password: PASSWORD, sendInitialPresences: true });
  const results: Record<'badge' | 'span', RunResult[]> = { badge: [], span: [] };
  try {
    for (let r = 0; r < ROUNDS; r++) {
      for (const mode of ['span', 'badge'] as const) {
        results[mode].push(await runOnce(browser, server, web, mode, `${mode}${r}`));
      }
    }
  } finally {
    await server.close();
  }
  const b = results.badge;
  const s = results.span;
  const longest = (rs: RunResult[]) => Math.max(0, ...rs.flatMap((x) => x.longTasks));
  const longCount = (rs: RunResult[]) => median(rs.map((x) => x.longTasks.length));
  return [
    row(
      labels.mount,
      round(median(b.map((x) => x.mountMs))),
      'ms',
      `${CONTACTS} plain <span>s`,
      round(median(s.map((x) => x.mountMs))),
      'ratio ≤ 3',
      (_, q) => q != null && q <= 3,
      `median of ${ROUNDS}; each run: ${b.map((x) => round(x.mountMs, 0)).join(', ')} vs ${s.map((x) => round(x.mountMs, 0)).join(', ')}`,
    ),
    row(
      labels.burst,
      round(median(b.map((x) => x.burstMs))),
      'ms',
      `${BURST} plain <span> updates`,
      round(median(s.map((x) => x.burstMs))),
      'ratio ≤ 3',
      (_, q) => q != null && q <= 3,
      `server's first frame → last DOM mutation; runs: ${b.map((x) => round(x.burstMs, 0)).join(', ')} vs ${s.map((x) => round(x.burstMs, 0)).join(', ')}`,
    ),
    row(
      labels.longest,
      round(longest(b)),
      'ms',
      'plain <span>s',
      round(longest(s)),
      '≤ 100 ms',
      (v) => v <= 100,
      'max over runs; 0 = no long task',
    ),
    row(labels.long, longCount(b), 'tasks', 'plain <span>s', longCount(s), ''),
    row(labels.frames, median(b.map((x) => x.frames)), 'frames', 'plain <span>s', median(s.map((x) => x.frames)), ''),
  ];
}
