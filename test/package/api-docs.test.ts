/**
 * The API reference in docs/api/ (Markdown from typedoc + typedoc-plugin-markdown, committed so its absolute links
 * work on the repository and package pages) matches the typedoc comments of the sources: typedoc runs into a
 * temporary folder and every file must equal the committed one. Kept out of `pnpm build` (typedoc takes 20 s of CPU,
 * more than a minute under load). After changing a public symbol or its comment: `pnpm docs:api`, commit docs/api/.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);
const workspace = fileURLToPath(new URL('../..', import.meta.url));
const committed = join(workspace, 'docs/api');

function files(dir: string, base = dir): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path, base) : [relative(base, path)];
  });
}

it('docs/api/ is what `pnpm docs:api` makes of the sources now (else run it and commit docs/api/)', async () => {
  const fresh = mkdtempSync(join(tmpdir(), 'presently-api-'));
  await run('pnpm', ['exec', 'typedoc', '--out', fresh, '--logLevel', 'Error'], { cwd: workspace, timeout: 280_000 });
  const expected = files(fresh).sort();
  expect(expected).toEqual(expect.arrayContaining(['README.md', '@presently/core.md', '@presently/elements.md', '@presently/react.md']));
  expect(files(committed).sort(), 'the files in docs/api/').toEqual(expected);
  const stale = expected.filter((file) => readFileSync(join(fresh, file), 'utf8') !== readFileSync(join(committed, file), 'utf8'));
  expect(stale, 'stale in docs/api/: run `pnpm docs:api` and commit docs/api/').toEqual([]);
}, 300_000);
