/**
 * Bundle size with the same method for every entry: rollup + @rollup/plugin-node-resolve (browser condition)
 * + terser, via rollup.config.mjs's own `bundle()` helper, then gzip level 9 with node:zlib. When the helper has
 * no CommonJS support, @rollup/plugin-commonjs is added: the floor stack needs it (eventemitter3, koa-compose,
 * saslmechanisms and ltx/lib are CommonJS), and it leaves pure-ESM entries byte-for-byte the same.
 * Used by bench/size.ts (the table) and test/size/size.test.ts (the budgets).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import commonjs from '@rollup/plugin-commonjs';
import { rollup, type OutputOptions, type Plugin, type RollupOptions } from 'rollup';

export const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');

/** The bundles we measure, by name; paths relative to the repo root. */
export const entries = {
  everything: 'packages/elements/src/presently.ts',
  'dot-only': 'packages/elements/src/dot-only.ts',
  core: 'packages/core/src/index.ts',
  floor: 'bench/floor/floor-dot.js',
} as const;
export type EntryName = keyof typeof entries;

/**
 * Gzip budgets in bytes (KB = 1000 bytes, as the peers' figures are quoted), with headroom so that size never drives
 * code shape (issue #12): grow one only with a measured reason in the commit message. 27 / 38 KB (issue #12) grew
 * to 32 / 44 KB when hostile-input parsing (+2.2 KB), liveness re-checks (+0.9 KB), conversations and unread counts
 * (+1.6 KB, presently.js only), the readability refactor (+0.7 KB), token sign-in (+0.3 KB) and SSR-safe entries
 * (+0.2 KB) landed; the headroom left (~1.4 / ~1.9 KB) is for the own-presence and shared-connection work.
 * presently.js then grew to 45 KB: the page side of one connection for all tabs (docs/sharing.md: mirror stores,
 * forwarded calls, fallback) took 42.1 → 44.0 KB (+1.9 KB; the worker itself is a chunk a page never downloads
 * as code of its own, and the in-page fallback host loads only when used).
 * Then to 34 / 50 KB when session 6's branches landed together (measured at load, each branch on the same base,
 * 30.6 / 42.1 KB): own status stored on the server, caps and auto-away (+1.0 / +1.1 KB; their sync code is a chunk),
 * unread synced by chat markers with the chat button's count and notify-me (+0 / +1.5 KB; inbox and notices are
 * chunks), one connection for all tabs (+0.1 / +2.1 KB), SASL2/FAST and server features wiring (+0.5 / +0.5 KB; the
 * mechanisms are a chunk), the faster parser checks (+0.3 / +0.4 KB), own-JID dots, picker durations and the chat
 * header (+0.3 / +0.3 KB), locales' deep merge and SSR shapes (+0.1 / +0.5 KB). Merged: 32.5 / 48.9 KB.
 * presently.js then to 51 KB: failover of the shared connection (issue #14, docs/sharing.md "Failover") took
 * 49.05 → 50.04 KB (+1.0 KB, same base measured in the same session): the page re-attaches to the next host and
 * replays what it watches and asked (page-link.ts), keeps showing what it knew until the next host is set up
 * (page-mirror.ts hold/release, takeover state), waits for the host's lock, and picks the message id; the
 * leader-tab mode and the host are chunks. dot-only unchanged (its presence-only client does not share).
 * presently.js then to 52 KB: a shared page answers every synchronous read as a private client does and a second
 * tab shows its first dot sooner (issue #14) took 50,772 → 51,014 bytes (+0.24 KB; dot-only 33,239 → 33,308, the
 * store's `onStored` hook and the stores' attachment in compose.ts), measured against 0813a64 in the same session:
 * the page mirrors the host's whole stores (`stored` batches, the mirror's deletions), says hello without waiting
 * for its own lock or the welcome (the hello-queue code it replaced was about as large), and gives up a host that
 * never says its lock.
 */
export const budgets: Partial<Record<EntryName, number>> = {
  'dot-only': 34_000,
  everything: 52_000,
};

/**
 * Bytes as the size check prints them and the READMEs quote them: KB rounded to 0.1 ("35.9 KB"), so that a few bytes
 * either way don't make the READMEs stale.
 */
export const formatKb = (bytes: number): string => `${(bytes / 1000).toFixed(1)} KB`;

export interface BundleSize {
  /** What a page downloads when it loads the entry: the entry file and the chunks it imports statically. */
  min: number;
  gzip: number;
  /** Everything, the chunks it may load later included (built as one file: gzip of the whole). */
  totalMin: number;
  totalGzip: number;
  /** Chunks loaded on demand (dynamic import()), with their own gzip sizes; empty for single-file entries. */
  lazy: Array<{ name: string; min: number; gzip: number }>;
  /** The minified bundle itself, everything inlined (the bench pages load the floor bundle). */
  code: string;
}

type BundleHelper = (input: string, file: string) => RollupOptions & { output: OutputOptions };

export function entryExists(name: EntryName): boolean {
  return existsSync(resolve(root, entries[name]));
}

/** Builds one entry in memory and returns its minified and gzip -9 sizes in bytes. */
export async function measureEntry(name: EntryName): Promise<BundleSize> {
  try {
    return await build(name, false);
  } catch (error) {
    // Only for the floor, and only if the project's helper leaves Node's `events` to the browser (see below).
    if (name === 'floor' && error instanceof NotSelfContained && error.imports.includes('events')) return build(name, true);
    throw error;
  }
}

class NotSelfContained extends Error {
  constructor(
    entry: string,
    readonly imports: string[],
  ) {
    super(`${entry} does not bundle self-contained: it still imports ${imports.map((e) => `"${e}"`).join(', ')}`);
  }
}

async function build(name: EntryName, withEventsPackage: boolean): Promise<BundleSize> {
  const configUrl = pathToFileURL(resolve(root, 'rollup.config.mjs')).href;
  const { bundle } = (await import(configUrl)) as { bundle: BundleHelper };
  const cwd = process.cwd();
  // The helper's plugin globs (packages/*/src/**) are relative to the repo root.
  if (cwd !== root) process.chdir(root);
  // node-resolve picks the `development` export condition (Lit's dev build) whenever NODE_ENV is set to anything
  // but production, e.g. `test` under vitest: measure what `pnpm run build` ships, whoever runs us.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    const config = bundle(entries[name], `.tmp/size/${name}.js`);
    const plugins = [...((config.plugins ?? []) as Plugin[])];
    if (!plugins.some((p) => p?.name === 'commonjs')) {
      // After node-resolve, before typescript/terser: where the commonjs plugin belongs.
      const at = plugins.findIndex((p) => p?.name === 'node-resolve') + 1;
      plugins.splice(at, 0, commonjs());
    }
    if (withEventsPackage) plugins.unshift(eventsPackage());
    const bundled = await rollup({ ...config, plugins, onwarn: () => {} });
    try {
      const gz = (code: string) => gzipSync(Buffer.from(code, 'utf8'), { level: 9 }).length;
      const { output } = await bundled.generate({ ...config.output, sourcemap: false, inlineDynamicImports: true });
      const chunks = output.filter((o) => o.type === 'chunk');
      const external = [...new Set(chunks.flatMap((c) => c.imports))];
      // A bundle for a plain <script type="module"> that still imports a bare module can't load: not a size.
      if (external.length) throw new NotSelfContained(entries[name], external);
      const code = chunks.map((o) => o.code).join('');
      // Split as the build ships it: the entry and its static imports load at once; dynamic chunks on use.
      const split = (await bundled.generate({ ...config.output, sourcemap: false })).output.filter((o) => o.type === 'chunk');
      const byName = new Map(split.map((c) => [c.fileName, c]));
      const initial = new Set<string>();
      const visit = (file: string) => {
        if (initial.has(file)) return;
        initial.add(file);
        for (const dep of byName.get(file)?.imports ?? []) visit(dep);
      };
      for (const c of split) if (c.isEntry) visit(c.fileName);
      const initialCode = [...initial].map((f) => byName.get(f)!.code);
      const lazy = split
        .filter((c) => !initial.has(c.fileName))
        .map((c) => ({ name: c.fileName, min: Buffer.byteLength(c.code), gzip: gz(c.code) }));
      return {
        min: initialCode.reduce((n, c) => n + Buffer.byteLength(c), 0),
        gzip: initialCode.reduce((n, c) => n + gz(c), 0),
        totalMin: Buffer.byteLength(code),
        totalGzip: gz(code),
        lazy,
        code,
      };
    } finally {
      await bundled.close();
    }
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
    if (process.cwd() !== cwd) process.chdir(cwd);
  }
}

/**
 * The floor stack's xmpp.js (via @xmpp/events and ltx) imports Node's `events`. Our helper has no shim for it (our
 * own bundles don't use xmpp.js), so it stays a builtin external, which no browser can load: the floor falls back
 * to the `events` package @xmpp/events depends on, as any browser bundler would, and its figure counts every byte
 * a page really loads.
 */
function eventsPackage(): Plugin {
  const fromXmppEvents = createRequire(createRequire(resolve(root, 'package.json')).resolve('@xmpp/client'));
  const eventsPkg = createRequire(fromXmppEvents.resolve('@xmpp/events')).resolve('events/');
  return {
    name: 'floor-events-polyfill',
    resolveId: (id) => (id === 'events' ? eventsPkg : null),
  };
}
