import { describe, expect, it } from 'vitest';
import { detach, flatCopy } from './text.js';

describe('detach (text kept after its stanza)', () => {
  it('returns the same text for short, long, non-ASCII and astral strings', () => {
    const chunk = `${'x'.repeat(5000)}In a meeting until 3pm — 😀 ok${'y'.repeat(5000)}`;
    for (const s of [
      '',
      'dnd',
      chunk.slice(5000, 5031),
      chunk.slice(4990, 5040),
      'Ünïcödé status that is long enough',
      '"quoted" \\ \n\t',
    ]) {
      expect(detach(s)).toBe(s);
    }
  });
});

describe('flatCopy', () => {
  it('returns the same text', () => {
    const chunk = `${'x'.repeat(100)}alice@example.com/phone — 😀${'y'.repeat(100)}`;
    for (const s of ['', 'a@b', chunk.slice(100, 127), chunk.slice(90, 140)]) expect(flatCopy(s)).toBe(s);
  });
});
