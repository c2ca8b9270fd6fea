import { afterEach, describe, expect, it, vi } from 'vitest';
import { announceCopy } from './copies.js';
import '../context.js'; // this copy (the sources under test) announces itself first, as on a page

describe('two copies of Presently on one page (W002)', () => {
  afterEach(() => vi.restoreAllMocks());

  it('the copy already loaded is not a second copy', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    // context.ts announced its own setDefaultClient; announcing the same copy again is silent.
    const key = Symbol.for('presently.copies');
    const first = (globalThis as unknown as Record<symbol, { first: object }>)[key]?.first;
    expect(typeof first).toBe('function');
    announceCopy(first!);
    expect(warn).not.toHaveBeenCalled();
  });

  it('a second copy warns once, with the code and a link to the fix', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    announceCopy({}); // another bundle's context module
    announceCopy({}); // and a third: still one warning per page
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/^\[presently:W002\] a second copy of Presently is loaded/);
    expect(String(warn.mock.calls[0]![0])).toContain(
      'https://github.com/presently/presently/blob/main/docs/elements/troubleshooting.md#w002',
    );
  });
});
