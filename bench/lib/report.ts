/** The bench table: printed to the terminal, written to bench/results.json and bench/RESULTS.md. */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { budgets } from './bundle-size.js';
import type { Row } from './row.js';

export interface Machine {
  date: string;
  nproc: number;
  cpu: string;
  node: string;
  chromium: string;
  prosody: string;
  commit: string;
}

export function machineInfo(chromium: string, prosody: string, commit: string): Machine {
  return {
    date: new Date().toISOString(),
    nproc: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    node: process.version,
    chromium,
    prosody,
    commit,
  };
}

const fmt = (n: number | null, digits = 2): string => {
  if (n == null || !Number.isFinite(n)) return '—';
  const abs = Math.abs(n);
  return abs >= 1000 ? Math.round(n).toLocaleString('en-US') : abs >= 100 ? n.toFixed(0) : abs >= 10 ? n.toFixed(1) : n.toFixed(digits);
};
const verdict = (r: Row): string => (r.pass == null ? '' : r.pass ? 'pass' : 'FAIL');

function cells(r: Row): string[] {
  return [
    r.name,
    r.value == null ? 'n/a' : `${fmt(r.value)} ${r.unit}`,
    r.baselineName ? `${r.baselineName}: ${r.baselineValue == null ? 'n/a' : `${fmt(r.baselineValue)} ${r.unit}`}` : '',
    r.ratio == null ? '' : `${fmt(r.ratio)}×`,
    r.target,
    verdict(r),
  ];
}

const HEAD = ['benchmark', 'value', 'baseline (same run)', 'ratio', 'target', 'result'];

export function printTable(rows: Row[]): void {
  const all = [HEAD, ...rows.map(cells)];
  const widths = HEAD.map((_, i) => Math.min(70, Math.max(...all.map((c) => c[i]!.length))));
  const line = (c: string[]) =>
    c.map((x, i) => (x.length > widths[i]! ? `${x.slice(0, widths[i]! - 1)}…` : x.padEnd(widths[i]!))).join(' │ ');
  console.log(line(HEAD));
  console.log(widths.map((w) => '─'.repeat(w)).join('─┼─'));
  for (const r of rows) console.log(line(cells(r)));
  const notes = rows.filter((r) => r.note);
  if (notes.length) {
    console.log('\nnotes:');
    for (const r of notes) console.log(`  ${r.name}: ${r.note}`);
  }
}

const PEERS = [
  ['Converse.js headless 14.0', 584, 175],
  ['MS Graph Toolkit mgt-person', 255, 74],
  ['stanza 12.22', 378, 103],
  ['strophe.js 5.0', 67, 19],
  ['floor (@xmpp/client + lit + eventemitter3 + a trivial dot)', 63, 20.8],
] as const;

export function writeResults(jsonPath: string, mdPath: string, machine: Machine, rows: Row[], problems: string[]): void {
  writeFileSync(jsonPath, `${JSON.stringify({ machine, rows, problems }, null, 2)}\n`);
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const size = (name: string) => rows.find((r) => r.name === name)?.value ?? null;
  const everything = size('size: presently.js (everything) gzip');
  const dot = size('size: dot-only entry gzip');
  const all = size('size: presently.js with every chunk it may load, as one file, gzip') ?? everything;
  const everythingBudget = (budgets.everything ?? 0) / 1000;
  const dotBudget = (budgets['dot-only'] ?? 0) / 1000;
  const md = [
    '# Presently — bench results',
    '',
    'Written by `pnpm bench` (bench/run.ts). Every figure stands next to a baseline measured **in the same run** on the',
    'same machine, and the ratio is what to compare across runs: these machines are shared and noisy. Targets are',
    'reported, not asserted; the bundle-size budgets are asserted by `test/size/size.test.ts` (`pnpm size`, part of the test command).',
    '',
    `- date: ${machine.date}`,
    `- machine: ${machine.nproc} cores (${machine.cpu}), Node ${machine.node}, Chromium ${machine.chromium}, Prosody ${machine.prosody}`,
    `- commit: ${machine.commit}`,
    '',
    `| ${HEAD.join(' | ')} |`,
    `|${HEAD.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${cells(r).map(esc).join(' | ')} |`),
    '',
    ...(rows.some((r) => r.note)
      ? ['Notes:', '', ...rows.filter((r) => r.note).map((r) => `- **${esc(r.name)}**: ${esc(r.note!)}`), '']
      : []),
    ...(problems.length ? ['Problems in this run:', '', ...problems.map((p) => `- ${esc(p)}`), ''] : []),
    '## Bundle size next to peers',
    '',
    'Peers were measured by the CEO with the same method (rollup + node-resolve browser condition + terser, gzip -9);',
    'they are quoted here as reference and not re-measured by the bench. KB = 1,000 bytes.',
    '',
    '| bundle | min KB | gzip KB |',
    '|---|---|---|',
    ...PEERS.map(([n, m, g]) => `| ${n} (reference) | ${m} | ${g} |`),
    `| floor, measured in this run | ${fmt(size('size: floor stack min'))} | ${fmt(size('size: floor stack gzip'))} |`,
    `| **presently.js (everything), at load** | ${fmt(size('size: presently.js (everything) min'))} | ${fmt(everything)} |`,
    `| presently.js with every chunk it may load (chat window, status picker, history), one file | | ${fmt(all)} |`,
    `| **dot-only entry** | ${fmt(size('size: dot-only entry min'))} | ${fmt(dot)} |`,
    `| @presently/core alone | ${fmt(size('size: @presently/core alone min'))} | ${fmt(size('size: @presently/core alone gzip'))} |`,
    '',
    everything != null && all != null
      ? `Everything Presently ships (client, store, seven elements, Lit), every chunk included, is ${fmt(all)} KB gzip: ${fmt(175 / all, 1)}× smaller than Converse.js headless, ${fmt(74 / all, 1)}× smaller than mgt-person, ${fmt(103 / all, 1)}× smaller than stanza, and ${fmt(all - (size('size: floor stack gzip') ?? 20.8), 1)} KB more than the bare floor stack measured in this run. A page loading presently.js downloads ${fmt(everything)} KB; the chat window, status picker and history follow on first use. Budgets: everything ≤ ${everythingBudget} KB gzip at load (${everything <= everythingBudget ? 'met' : `over by ${fmt(everything - everythingBudget, 1)} KB`}), dot-only ≤ ${dotBudget} KB gzip (${dot == null ? 'not measured' : dot <= dotBudget ? 'met' : `over by ${fmt(dot - dotBudget, 1)} KB`}).`
      : 'presently.js was not measured in this run.',
    '',
  ].join('\n');
  writeFileSync(mdPath, md);
}
