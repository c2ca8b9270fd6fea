/** Bundle sizes of our entries next to the floor stack, measured with the same method in the same run. */
import { budgets, entries, entryExists, measureEntry, type BundleSize, type EntryName } from './lib/bundle-size.js';
import { missing, row, round, type Row } from './lib/row.js';

/** KB rounded to 0.1, as the size check prints them (formatKb). */
const kb = (bytes: number): number => round(bytes / 1000, 1);

/** Measures every entry; `onFloor` receives the floor bundle's code (the bench pages load it). */
export async function runSize(onFloor?: (code: string) => void): Promise<Row[]> {
  const sizes: Partial<Record<EntryName, BundleSize>> = {};
  const errors: Partial<Record<EntryName, string>> = {};
  for (const name of Object.keys(entries) as EntryName[]) {
    if (!entryExists(name)) {
      errors[name] = `${entries[name]} does not exist yet`;
      continue;
    }
    try {
      sizes[name] = await measureEntry(name);
    } catch (error) {
      errors[name] = `build failed: ${(error as Error).message.split('\n')[0]}`;
    }
  }
  const floor = sizes.floor;
  if (floor) onFloor?.(floor.code);
  const rows: Row[] = [];
  const labels: Record<Exclude<EntryName, 'floor'>, string> = {
    everything: 'size: presently.js (everything)',
    'dot-only': 'size: dot-only entry',
    core: 'size: @presently/core alone',
  };
  for (const name of ['everything', 'dot-only', 'core'] as const) {
    const s = sizes[name];
    const budget = budgets[name];
    for (const kind of ['min', 'gzip'] as const) {
      const label = `${labels[name]} ${kind}`;
      const base = `floor stack ${kind}`;
      const target = kind === 'gzip' && budget ? `≤ ${budget / 1000} KB` : '';
      if (!s) {
        rows.push(missing(label, 'KB', base, errors[name]!, target));
        continue;
      }
      // Checked on the exact bytes, as the size test does; the table shows them rounded.
      const check = kind === 'gzip' && budget ? () => s.gzip <= budget : undefined;
      rows.push(row(label, kb(s[kind]), 'KB', base, floor ? kb(floor[kind]) : null, target, check));
    }
  }
  const all = sizes.everything;
  if (all?.lazy.length) {
    const chunks = all.lazy.map((c) => `${c.name.replace(/^chunks\//, '')} ${kb(c.gzip)} KB`).join(', ');
    rows.push(
      row(
        'size: presently.js with every chunk it may load, as one file, gzip',
        kb(all.totalGzip),
        'KB',
        'floor stack gzip',
        floor ? kb(floor.gzip) : null,
        '',
        undefined,
        `loaded on first use: ${chunks}`,
      ),
    );
  }
  if (floor) {
    rows.push(row('size: floor stack min', kb(floor.min), 'KB', '(CEO-measured floor)', 63, ''));
    rows.push(row('size: floor stack gzip', kb(floor.gzip), 'KB', '(CEO-measured floor)', 20.8, ''));
  } else {
    rows.push(missing('size: floor stack', 'KB', '', errors.floor ?? 'not measured'));
  }
  return rows;
}
