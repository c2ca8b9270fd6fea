// The guides name files that exist: every file or folder docs/architecture.md names (a map of the code is only
// useful while its paths are true), and every relative Markdown link in docs/ and the package READMEs. Fails with
// the names that are gone, so a rename or a split updates the docs in the same commit.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
/** Where architecture.md's paths are relative to, unless they start at the root ("Paths are relative to …"). */
const CORE_SRC = 'packages/core/src';
const TOP_LEVEL = ['packages/', 'test/', 'docs/', 'examples/', 'bench/', 'scripts/'];
/** The files "How to add a feature" invents for its worked example. */
const HYPOTHETICAL = new Set(['mood.ts', 'mood.test.ts']);
/** A path-like word: a name with a known extension, or a folder (ending in `/`), possibly under folders. */
const PATH = /(?<![\w/.@<-])((?:[\w.-]+\/)*[\w-][\w.-]*\.(?:ts|tsx|md|mjs|js|json|lua|yml)|(?:[\w.-]+\/)+)(?![\w/])/g;

/** Lines, with a table row or a list item each its own unit, and a paragraph one unit: names are read in context. */
function units(text: string): string[] {
  const out: string[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length) out.push(paragraph.join('\n'));
    paragraph = [];
  };
  for (const line of text.split('\n')) {
    if (line.startsWith('|') || /^\s*(\d+\.|-) /.test(line) || !line.trim() || line.startsWith('#')) flush();
    if (line.startsWith('|')) out.push(line);
    else if (line.trim()) paragraph.push(line);
  }
  flush();
  return out;
}

/**
 * A file name exists where the text says: from the root, from core's src/, or in (or just above) a folder named in
 * the same unit. Link targets are left to the link check.
 */
function missingPaths(text: string): string[] {
  // What the build makes (presently.js, chunks/presently-worker.js) is named in the rollup config instead.
  const rollup = readFileSync(join(root, 'rollup.config.mjs'), 'utf8');
  const missing = new Set<string>();
  for (const unit of units(text.replace(/\]\([^)]*\)/g, ']'))) {
    const names = [...unit.matchAll(PATH)].map((m) => m[1]!);
    const bases = ['', CORE_SRC];
    for (const name of names) {
      const full = TOP_LEVEL.some((top) => name.startsWith(top)) ? name : join(CORE_SRC, name);
      if (!existsSync(join(root, full))) continue;
      const folder = statSync(join(root, full)).isDirectory() ? full : dirname(full);
      bases.push(folder, dirname(folder));
    }
    for (const name of names) {
      if (HYPOTHETICAL.has(name) || rollup.includes(name)) continue;
      if (!bases.some((base) => existsSync(join(root, base, name)))) missing.add(name);
    }
  }
  return [...missing];
}

function markdownFiles(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) return path === 'docs/api' ? [] : markdownFiles(path);
    return path.endsWith('.md') ? [path] : [];
  });
}

describe('docs name files that exist', () => {
  it('docs/architecture.md: every file and folder it names', () => {
    const text = readFileSync(join(root, 'docs/architecture.md'), 'utf8');
    expect([...text.matchAll(PATH)].length).toBeGreaterThan(100);
    expect(missingPaths(text)).toEqual([]);
  });

  it('a name that is gone is reported (the check can fail)', () => {
    expect(missingPaths('| connection | `connection/` | `connection/no-such-file.ts`, `stream.ts` |')).toEqual([
      'connection/no-such-file.ts',
    ]);
  });

  it('relative Markdown links in docs/ (but the generated docs/api/) and the package READMEs', () => {
    const files = [...markdownFiles('docs'), ...readdirSync(join(root, 'packages')).map((p) => `packages/${p}/README.md`)];
    expect(files).toContain('docs/architecture.md');
    const broken = files.flatMap((file) => {
      const text = readFileSync(join(root, file), 'utf8').replace(/```[\s\S]*?```/g, '');
      return [...text.matchAll(/\]\(([^)\s]+)\)/g)]
        .map((m) => m[1]!)
        .filter((target) => !/^[a-z]+:/.test(target) && !target.startsWith('#'))
        .filter((target) => !existsSync(join(root, dirname(file), target.split('#')[0]!)))
        .map((target) => `${file}: ${target}`);
    });
    expect(broken).toEqual([]);
  });
});
