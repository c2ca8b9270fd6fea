/**
 * Right to left: with `dir="rtl"` (Arabic) the badge mirrors — avatar and its dot on the inline-start side (the
 * right), the text beside them, no box overlapping another — because its styles use logical properties only.
 * Geometry, not pixels; the same layout in `ltr` is the control.
 */
import { afterEach, describe, expect, test } from 'vitest';
import '../badge/badge.define.js';
import '../chat-button/chat-button.define.js';
import { FakeClient } from '../../test-support/fake-client.js';
import { mount, shadow } from '../../test-support/fixture.js';
import { setDefaultClient } from '../context.js';
import { setLocale } from '../locale.js';
import './ar.js';

afterEach(() => setLocale('en'));

const box = (el: Element) => el.getBoundingClientRect();
const overlaps = (a: DOMRect, b: DOMRect) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

describe.each([
  ['rtl', 'ar'],
  ['ltr', 'en'],
] as const)('badge with dir="%s"', (dir, locale) => {
  test.each(['full', 'compact'])('%s: dot and text do not overlap; the dot is on the inline-start side', async (layout) => {
    const client = new FakeClient();
    client.updatePresence('bob@example.com', { show: 'dnd', status: 'In a meeting', name: 'Bob Baker' });
    client.updateDetails('bob@example.com', { tzOffsetMinutes: 60 });
    setDefaultClient(client);
    setLocale(locale);
    const wrapper = await mount(
      `<div dir="${dir}" style="inline-size: 30rem"><presently-badge jid="bob@example.com" layout="${layout}"></presently-badge></div>`,
    );
    const root = shadow(wrapper.querySelector('presently-badge')!);
    const host = box(wrapper.querySelector('presently-badge')!);
    const avatar = box(root.querySelector('[part="avatar"]')!);
    const dot = box(root.querySelector('.avatar-dot')!);
    const text = box(root.querySelector('.text')!);
    const parts = ['name', 'status', 'meta'].map((part) => box(root.querySelector(`[part="${part}"]`)!));

    expect(dot.width).toBeGreaterThan(0);
    expect(text.width).toBeGreaterThan(0);
    expect(overlaps(dot, text)).toBe(false);
    expect(overlaps(avatar, text)).toBe(false);
    for (const part of parts.filter((p) => p.width > 0)) expect(overlaps(dot, part) || overlaps(avatar, part)).toBe(false);
    if (dir === 'rtl') {
      expect(dot.left).toBeGreaterThanOrEqual(text.right); // dot right of the text
      expect(avatar.right).toBeCloseTo(host.right, 0); // the avatar starts the line: at the right edge
    } else {
      expect(dot.right).toBeLessThanOrEqual(text.left);
      expect(avatar.left).toBeCloseTo(host.left, 0);
    }
    // The dot and all text stay inside the host (content-visibility would clip what overflows).
    for (const b of [dot, text]) {
      expect(b.left).toBeGreaterThanOrEqual(host.left - 0.5);
      expect(b.right).toBeLessThanOrEqual(host.right + 0.5);
    }
  });
});

test('the chat button reads right to left in Arabic: its label is inside its box', async () => {
  const client = new FakeClient();
  client.updatePresence('bob@example.com', { show: 'available', name: 'Bob Baker' });
  setDefaultClient(client);
  setLocale('ar');
  const wrapper = await mount('<div dir="rtl"><presently-chat-button jid="bob@example.com"></presently-chat-button></div>');
  const button = shadow(wrapper.querySelector('presently-chat-button')!).querySelector('button')!;
  expect(button.textContent).toContain('دردشة');
  expect(getComputedStyle(button).direction).toBe('rtl');
  const range = document.createRange();
  range.selectNodeContents(button);
  const [outer, inner] = [box(button), range.getBoundingClientRect()];
  expect(inner.left).toBeGreaterThanOrEqual(outer.left);
  expect(inner.right).toBeLessThanOrEqual(outer.right);
});
