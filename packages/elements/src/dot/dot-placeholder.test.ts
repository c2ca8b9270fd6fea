/// <reference types="vite/client" />
// docs/elements/ssr.md promises: with its CSS, a server-rendered <presently-dot> (not yet defined) takes the
// size and place of the upgraded dot, so nothing moves when the element upgrades. This test uses the doc's own
// CSS block, and defines the tag only midway (nothing else in this file registers it).
import { expect, it } from 'vitest';
import doc from '../../../../docs/elements/ssr.md?raw';

function placeholderCss(): string {
  const block = /```css\n([\s\S]*?)```/.exec(doc);
  if (!block) throw new Error('docs/elements/ssr.md has no css block');
  return block[1]!;
}

interface Boxes {
  dot: DOMRect;
  after: DOMRect;
}

function measure(p: HTMLElement): Boxes[] {
  return [...p.querySelectorAll('presently-dot')].map((dot) => ({
    dot: dot.getBoundingClientRect(),
    after: dot.nextElementSibling!.getBoundingClientRect(),
  }));
}

it('the documented placeholder CSS reserves the upgraded dot’s box, for every size', async () => {
  const style = document.createElement('style');
  style.textContent = placeholderCss();
  document.head.append(style);
  const p = document.createElement('p');
  p.style.font = '16px sans-serif';
  p.innerHTML = ['', 'small', 'medium', 'large']
    .map((size) => `Bob <presently-dot jid="bob@example.com"${size ? ` size="${size}"` : ''}></presently-dot><span>text</span><br>`)
    .join('');
  document.body.append(p);
  expect(customElements.get('presently-dot')).toBeUndefined();
  const before = measure(p);
  expect(before[0]!.dot.width).toBeGreaterThan(0);

  await import('./dot.define.js');
  const dots = [...p.querySelectorAll('presently-dot')];
  await Promise.all(dots.map((d) => (d as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete));
  expect(dots.every((d) => d.shadowRoot?.querySelector('[part="dot"]'))).toBe(true);
  expect(dots.map((d) => d.getAttribute('show'))).toEqual(['unknown', 'unknown', 'unknown', 'unknown']);
  const after = measure(p);

  for (const [i, b] of before.entries()) {
    const a = after[i]!;
    for (const key of ['x', 'y', 'width', 'height'] as const) {
      expect(a.dot[key], `dot ${i} ${key}`).toBeCloseTo(b.dot[key], 1);
      expect(a.after[key], `text after dot ${i} ${key}`).toBeCloseTo(b.after[key], 1);
    }
  }
});
