/** Mounting helpers for element tests: a `<main>` landmark per test, removed afterwards. */
import { afterEach, expect } from 'vitest';
import axe from 'axe-core';
import { setDefaultClient } from '../src/context.js';

let main: HTMLElement | undefined;

afterEach(() => {
  main?.remove();
  main = undefined;
  document.querySelectorAll('[data-presently-dock]').forEach((d) => d.remove());
  setDefaultClient(undefined);
});

/** The test page's `<main>` (with an `<h1>`, like a real page), created per test. */
function page(): HTMLElement {
  document.documentElement.lang ||= 'en';
  if (!document.title) document.title = 'Presently element test';
  if (!main) {
    main = document.createElement('main');
    main.innerHTML = '<h1>Presently</h1>';
    document.body.append(main);
  }
  return main;
}

/** Mount markup (or an element) in the test page; returns the first element mounted. */
export async function mount<T extends Element = HTMLElement>(markup: string | Element): Promise<T> {
  const slot = document.createElement('div');
  if (typeof markup === 'string') slot.innerHTML = markup;
  else slot.append(markup);
  page().append(slot);
  await settle(slot);
  return slot.firstElementChild as T;
}

/** Wait until every Lit element under `root` (including inside shadow roots) finished updating. */
export async function settle(root: Element | ShadowRoot = document.body): Promise<void> {
  for (let i = 0; i < 5; i++) {
    const pending = collect(root)
      .map((el) => (el as unknown as { updateComplete?: Promise<unknown> }).updateComplete)
      .filter(Boolean);
    const results = await Promise.all(pending);
    if (results.every((done) => done !== false)) return;
  }
}

function collect(root: Element | ShadowRoot, out: Element[] = []): Element[] {
  for (const el of Array.from(root.querySelectorAll('*'))) {
    if ('updateComplete' in el) out.push(el);
    if (el.shadowRoot) collect(el.shadowRoot, out);
  }
  if (root instanceof Element && 'updateComplete' in root) out.push(root);
  return out;
}

/** The element's open shadow root (fails the test if it has none). */
export function shadow(el: Element): ShadowRoot {
  expect(el.shadowRoot, `${el.localName} has a shadow root`).toBeTruthy();
  return el.shadowRoot!;
}

/** Visible text of an element's shadow tree, whitespace collapsed. */
export function textOf(el: Element): string {
  return (shadow(el).textContent ?? '').replace(/\s+/gu, ' ').trim();
}

/** Run axe-core on the whole page and fail on any violation. */
export async function expectAccessible(): Promise<void> {
  const results = await axe.run(document, { resultTypes: ['violations'] });
  const found = results.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
  expect(found).toEqual([]);
}

/** Collect events of `type` dispatched on or through `target`. */
export function record<T = unknown>(target: EventTarget, type: string): Array<CustomEvent<T>> {
  const events: Array<CustomEvent<T>> = [];
  target.addEventListener(type, (e) => events.push(e as CustomEvent<T>));
  return events;
}
