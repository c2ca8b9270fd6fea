import { describe, expect, test, vi } from 'vitest';
// @ts-expect-error plain JS module without types
import { EventEmitter } from './events-shim.js';

describe('events shim (browser bundles)', () => {
  test('on/emit pass arguments; off removes; emit reports whether anyone listened', () => {
    const e = new EventEmitter();
    const fn = vi.fn();
    e.on('x', fn);
    expect(e.emit('x', 1, 2)).toBe(true);
    expect(fn).toHaveBeenCalledWith(1, 2);
    e.removeListener('x', fn);
    expect(e.emit('x')).toBe(false);
    expect(fn).toHaveBeenCalledTimes(1);
  });
  test('once fires once and can be removed by the original function, as xmpp.js relies on', () => {
    const e = new EventEmitter();
    const a = vi.fn();
    const b = vi.fn();
    e.once('x', a);
    e.once('x', b);
    e.off('x', b);
    e.emit('x');
    e.emit('x');
    expect(a).toHaveBeenCalledTimes(1);
    expect(b).not.toHaveBeenCalled();
  });
  test("an 'error' without listeners throws, like Node", () => {
    const e = new EventEmitter();
    expect(() => e.emit('error', new Error('boom'))).toThrow('boom');
    e.on('error', () => {});
    expect(() => e.emit('error', new Error('boom'))).not.toThrow();
  });
  test('a listener removed during emit does not break the loop', () => {
    const e = new EventEmitter();
    const seen: string[] = [];
    const first = () => {
      seen.push('first');
      e.off('x', second);
    };
    const second = () => seen.push('second');
    e.on('x', first).on('x', second);
    e.emit('x');
    expect(seen).toEqual(['first', 'second']);
    e.emit('x');
    expect(seen).toEqual(['first', 'second', 'first']);
  });
});
