// The page of issue #15: the npm package (here: the sources) and a script-tag bundle on one page. Needs `pnpm run build`.
import { expect, it, vi } from 'vitest';
import { setDefaultClient } from '../context.js';

it('loading presently-dot.js next to the npm package warns W002 once', async () => {
  expect(typeof setDefaultClient).toBe('function');
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  const bundle = '/packages/elements/dist/presently-dot.js';
  await import(/* @vite-ignore */ bundle);
  const w002 = warn.mock.calls.filter(([message]) => String(message).startsWith('[presently:W002]'));
  expect(w002).toHaveLength(1);
  warn.mockRestore();
});
