// The framework guides' `ts` snippets (docs/frameworks/{vue,svelte,angular,html}.md) compile with strict TypeScript
// against the built packages, resolved through their package exports as in an app (no declarations of our own).
// Needs `pnpm run build`. Blocks fenced as `typescript` (Angular's component: no Angular toolchain here) are not.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
const guides = ['vue', 'svelte', 'angular', 'html'];

function tsBlocks(guide: string): string[] {
  const text = readFileSync(join(root, 'docs/frameworks', `${guide}.md`), 'utf8');
  return [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

// One tsc run for every guide (a run takes seconds); each snippet is its own file, named after its guide.
it('docs/frameworks/{vue,svelte,angular,html}.md: their ts snippets type-check', { timeout: 120_000 }, async () => {
  // Inside packages/react, which depends on core and elements: '@presently/elements' resolves as in an app.
  const dir = mkdtempSync(join(root, 'packages/react/.guide-'));
  try {
    for (const guide of guides) {
      const blocks = tsBlocks(guide);
      expect(blocks.length, guide).toBeGreaterThan(0);
      blocks.forEach((code, i) => writeFileSync(join(dir, `${guide}-${i}.ts`), `${code}\nexport {};\n`));
    }
    const compilerOptions = {
      strict: true,
      noEmit: true,
      target: 'ES2022',
      module: 'ESNext',
      moduleResolution: 'Bundler',
      lib: ['ES2022', 'DOM', 'DOM.Iterable'],
      types: [],
      skipLibCheck: true,
    };
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['*.ts'] }));
    const tsc = join(root, 'node_modules/typescript/bin/tsc');
    const errors = await run(process.execPath, [tsc, '-p', dir]).then(
      () => '',
      (e: { stdout?: string }) => e.stdout ?? String(e),
    );
    expect(errors).toBe('');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
