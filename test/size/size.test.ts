/**
 * Bundle-size budgets, enforced in the test command (`pnpm exec vitest run` runs this `size` project).
 * Same method as `pnpm bench`: rollup.config.mjs's bundle() helper (node-resolve browser condition + terser),
 * gzip -9. Sizes are deterministic, so asserting them is fair; the bench reports times but never asserts them.
 * An entry's size is what loading it downloads: the file and the chunks it imports statically. presently.js loads
 * the chat window and the status picker as chunks on first use; they and the one-file total are printed.
 * Sizes print rounded to 0.1 KB (formatKb), as the READMEs quote them.
 * The elements entries import `@presently/core` from packages/core/dist: scripts/test.sh builds before vitest runs.
 */
import { describe, expect, it } from 'vitest';
import { budgets, entries, entryExists, formatKb, measureEntry, type EntryName } from '../../bench/lib/bundle-size.js';

describe('bundle size budgets (gzip -9, KB = 1000 bytes)', () => {
  for (const [name, budget] of Object.entries(budgets) as Array<[EntryName, number]>) {
    it.skipIf(!entryExists(name))(`${name} (${entries[name]}) is at most ${budget / 1000} KB gzip`, async () => {
      const { min, gzip, totalGzip, lazy } = await measureEntry(name);
      const later = lazy.length
        ? `; loaded on use: ${lazy.map((c) => `${c.name} ${formatKb(c.gzip)}`).join(', ')}; all of it as one file ${formatKb(totalGzip)}`
        : '';
      console.log(`size: ${name} ${formatKb(min)} min, ${formatKb(gzip)} gzip at load (budget ${budget / 1000} KB)${later}`);
      // The budget is what a page downloads when it loads the entry; chunks it loads on use are reported above.
      expect(gzip).toBeLessThanOrEqual(budget);
    });
  }
});
