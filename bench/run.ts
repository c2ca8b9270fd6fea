/**
 * `pnpm bench`: builds, runs every benchmark, prints the table, writes bench/results.json and bench/RESULTS.md.
 * Exits 0 unless a benchmark crashed; missing upstream pieces are reported as n/a rows, never as numbers.
 * Everything runs on loopback and every loop is bounded; a watchdog ends the run if the benchmarks (not the build)
 * take more than 20 minutes (PRESENTLY_BENCH_WATCHDOG_MIN to change it).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Browser } from 'playwright';
import type { ProsodyServer } from '../test/server/prosody.js';
import { runBadges } from './badges.js';
import { runDeploy } from './deploy.js';
import { runFirstPresence } from './first-presence.js';
import { runIngest } from './ingest.js';
import { runLatency } from './latency.js';
import { runMemory } from './memory.js';
import { runSize } from './size.js';
import { runTabs } from './tabs.js';
import { launchChromium } from './lib/browser.js';
import { root } from './lib/bundle-size.js';
import { expectBuildAfter, paths } from './lib/load.js';
import { benchProsody } from './lib/prosody.js';
import { machineInfo, printTable, writeResults } from './lib/report.js';
import { missing, type Row } from './lib/row.js';
import { startStaticServer, type StaticServer } from './lib/static-server.js';

/**
 * A guard against a hung benchmark, started once the build is done. It was 9 minutes from the start, build included:
 * on a shared 2-core machine at load ~20 the build alone took 4 min and the size step 5.3 min, and the run was
 * killed before ingest began.
 */
const WATCHDOG_MS = Number(process.env.PRESENTLY_BENCH_WATCHDOG_MIN ?? 20) * 60_000;
const only = process.argv.slice(2); // e.g. `pnpm bench size ingest` runs a subset

function startWatchdog(): void {
  const watchdog = setTimeout(() => {
    console.error(`bench: benchmarks still running after ${WATCHDOG_MS / 60_000} min; giving up`);
    process.exit(2);
  }, WATCHDOG_MS);
  watchdog.unref();
}

const rows: Row[] = [];
const problems: string[] = [];
let crashed = false;
const t0 = Date.now();

async function step(name: string, fn: () => Promise<Row[]>): Promise<void> {
  if (only.length && !only.includes(name)) return;
  const started = Date.now();
  process.stderr.write(`bench: ${name}…`);
  try {
    const out = await fn();
    rows.push(...out);
    process.stderr.write(` ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  } catch (error) {
    crashed = true;
    const message = (error as Error).stack ?? String(error);
    process.stderr.write(` crashed\n${message}\n`);
    problems.push(`${name} crashed: ${(error as Error).message.split('\n')[0]}`);
    rows.push(missing(`${name}: crashed`, '', '', (error as Error).message.split('\n')[0]!));
  }
}

function sh(cmd: string, args: string[]): { ok: boolean; out: string } {
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', timeout: 300_000 });
  return { ok: r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}`.trim() };
}

process.stderr.write('bench: pnpm run build…');
const buildStart = Date.now() - 1000;
const build = sh('pnpm', ['run', '--silent', 'build']);
process.stderr.write(build.ok ? ' ok\n' : ' FAILED\n');
if (!build.ok) {
  const firstError =
    build.out
      .replace(/\u001b\[[0-9;]*m/g, '')
      .split('\n')
      .find((l) => /error/i.test(l))
      ?.trim()
      .slice(0, 300) ?? 'see pnpm run build';
  problems.push(`pnpm run build failed: ${firstError}`);
  expectBuildAfter(buildStart, `pnpm run build failed: ${firstError}`);
} else expectBuildAfter(buildStart, '');
startWatchdog();

const tmp = resolve(root, '.tmp/bench');
mkdirSync(tmp, { recursive: true });
const floorJs = resolve(tmp, 'floor.js');

await step('size', () => runSize((code) => writeFileSync(floorJs, code)));
await step('ingest', runIngest);
await step('deploy', runDeploy);

let browser: Browser | undefined;
let web: StaticServer | undefined;
let prosody: ProsodyServer | undefined;
let chromium = 'not started';
let prosodyVersion = 'not started';
try {
  const needsBrowser = !only.length || only.some((n) => ['badges', 'memory', 'tabs', 'latency', 'first-presence'].includes(n));
  if (needsBrowser) {
    browser = await launchChromium();
    chromium = browser.version();
    web = await startStaticServer(
      { '/presently.js': paths.presentlyJs, '/floor.js': floorJs },
      resolve(dirname(paths.presentlyJs), 'chunks'),
    );
    const b = browser;
    const w = web;
    await step('badges', () => runBadges(b, w));
    await step('memory', () => runMemory(b, w));
    await step('tabs', () => runTabs(b));
    const needsProsody = !only.length || only.some((n) => ['latency', 'first-presence'].includes(n));
    if (needsProsody) {
      try {
        prosody = await benchProsody();
        prosodyVersion = sh('prosodyctl', ['about']).out.match(/Prosody (\S+)/)?.[1] ?? 'unknown';
      } catch (error) {
        crashed = true;
        problems.push(`Prosody did not start: ${(error as Error).message.split('\n')[0]}`);
      }
      const p = prosody;
      if (p) {
        await step('latency', () => runLatency(b, w, p));
        await step('first-presence', () => runFirstPresence(b, w, p));
      }
    }
  }
} finally {
  await prosody?.stop().catch(() => {});
  await web?.close().catch(() => {});
  await browser?.close().catch(() => {});
}

const dirty = sh('git', ['status', '--porcelain', '--untracked-files=no']).out !== '';
const commit = `${sh('git', ['rev-parse', '--short', 'HEAD']).out}${dirty ? ' + uncommitted changes in the work tree' : ''}`;
const machine = machineInfo(chromium, prosodyVersion, commit);
console.log(
  `\nPresently bench — ${machine.date} — ${machine.nproc} cores, Node ${machine.node}, Chromium ${machine.chromium} — ${((Date.now() - t0) / 1000).toFixed(0)} s\n`,
);
printTable(rows);
if (problems.length) console.log(`\nproblems:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
if (!only.length) {
  writeResults(resolve(root, 'bench/results.json'), resolve(root, 'bench/RESULTS.md'), machine, rows, problems);
  console.log('\nwrote bench/results.json and bench/RESULTS.md');
}
process.exit(crashed ? 1 : 0);
