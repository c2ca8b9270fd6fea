// Issue #15, SSR-safe entries: every entry of every package, and every module of the built dist/, imports in plain
// Node (no DOM) without throwing — what a framework's server build or a test runner does. Each specifier runs in
// a fresh `node` process, so one import can't make another pass by leaving globals behind. Needs `pnpm run build`.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
// packages/react depends on core and elements, so their package exports resolve from there as they would in an app.
const appDir = join(root, 'packages/react');

/** Imports `specifiers` in a new Node process from `cwd`; returns each one's export names, or its error. */
async function importInNode(cwd: string, specifiers: string[]): Promise<Record<string, string[] | { error: string }>> {
  const script = `
    const out = {};
    for (const s of ${JSON.stringify(specifiers)}) {
      try { out[s] = Object.keys(await import(s)); } catch (e) { out[s] = { error: String(e && e.stack || e) }; }
    }
    console.log(JSON.stringify(out));`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
    cwd,
    env: { ...process.env, NODE_ENV: 'production' },
  });
  return JSON.parse(stdout) as Record<string, string[] | { error: string }>;
}

const entries: Record<string, string[]> = {
  '@presently/core': ['createPresenceClient', 'createPresenceOnlyClient', 'PresenceError'],
  '@presently/elements': ['createPresenceClient', 'PresentlyDot', 'PresentlyChat', 'setDefaultClient'],
  '@presently/elements/define': [],
  '@presently/elements/presently.js': ['createPresenceClient', 'PresentlyDot', 'openChat', 'setDefaultClient'],
  '@presently/elements/presently-dot.js': ['createPresenceOnlyClient', 'PresentlyDot', 'setDefaultClient'],
  '@presently/react': ['PresentlyDot', 'usePresence', 'PresenceClientProvider'],
  '@presently/react/jsx': [],
};

describe('every package entry imports in Node', () => {
  it.each(Object.entries(entries))('%s', async (specifier, expected) => {
    const result = (await importInNode(appDir, [specifier]))[specifier];
    expect(result).not.toHaveProperty('error');
    expect(result).toEqual(expect.arrayContaining(expected));
  });
});

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? jsFiles(join(dir, d.name)) : d.name.endsWith('.js') ? [join(dir, d.name)] : [],
  );
}

describe('every module of the built dist/ imports in Node', () => {
  it.each(['core', 'elements', 'react'])('packages/%s/dist', async (pkg) => {
    const dist = join(root, 'packages', pkg, 'dist');
    expect(existsSync(dist), `${dist} missing: run pnpm run build`).toBe(true);
    const files = jsFiles(dist);
    expect(files.length).toBeGreaterThan(3);
    const results = await importInNode(
      join(root, 'packages', pkg),
      files.map((f) => `file://${f}`),
    );
    const failures = Object.entries(results).filter(([, r]) => 'error' in r);
    expect(failures).toEqual([]);
  });
});
