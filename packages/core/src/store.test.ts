import { describe, expect, test, vi } from 'vitest';
import { createKeyedStore } from './store.js';

function numbers() {
  const errors: unknown[] = [];
  const store = createKeyedStore<number>({ fallback: () => 0, onWatcherError: (e) => errors.push(e) });
  return { store, errors };
}

describe('store', () => {
  test('watch calls at once with the current value, then once per microtask with the final value', async () => {
    const { store } = numbers();
    store.set('bob@example.com', 1);
    const seen: number[] = [];
    store.watch('bob@example.com', (v) => seen.push(v));
    expect(seen).toEqual([1]);
    for (let i = 2; i <= 5000; i += 1) store.set('bob@example.com', i);
    expect(seen).toEqual([1]);
    await Promise.resolve();
    expect(seen).toEqual([1, 5000]);
  });

  test('watchers of one JID share one entry; diagnostics count JIDs and callbacks', () => {
    const { store } = numbers();
    const stops = Array.from({ length: 50 }, () => store.watch('bob@example.com', () => {}));
    store.watch('carol@example.com', () => {});
    expect(store.stats()).toEqual({ watchedJids: 2, watchers: 51, stored: 0 });
    for (const stop of stops) stop();
    expect(store.stats()).toEqual({ watchedJids: 1, watchers: 1, stored: 0 });
  });

  test('unsubscribe is idempotent and stops notifications', async () => {
    const { store } = numbers();
    const fn = vi.fn();
    const stop = store.watch('bob@example.com', fn);
    stop();
    stop();
    store.watch('bob@example.com', () => {});
    store.set('bob@example.com', 7);
    await Promise.resolve();
    expect(fn).toHaveBeenCalledTimes(1);
    expect(store.stats().watchers).toBe(1);
  });

  test('a throwing watcher is reported and does not stop the others', async () => {
    const { store, errors } = numbers();
    const good = vi.fn();
    store.watch('bob@example.com', (v) => {
      if (v === 2) throw new Error('boom');
    });
    store.watch('bob@example.com', good);
    store.set('bob@example.com', 2);
    await Promise.resolve();
    expect(good).toHaveBeenLastCalledWith(2);
    expect(errors).toHaveLength(1);
  });

  test('a value set back before the flush does not notify', async () => {
    const { store } = numbers();
    store.set('bob@example.com', 1);
    const fn = vi.fn();
    store.watch('bob@example.com', fn);
    store.set('bob@example.com', 2);
    store.set('bob@example.com', 1);
    await Promise.resolve();
    expect(fn).toHaveBeenCalledTimes(1);
  });

  test('get hands out the same fallback object for a JID until something is stored', () => {
    const store = createKeyedStore<{ jid: string }>({ fallback: (jid) => Object.freeze({ jid }), onWatcherError: () => {} });
    const first = store.get('bob@example.com');
    expect(store.get('bob@example.com')).toBe(first);
    expect(store.get('carol@example.com')).not.toBe(first);
    const stored = Object.freeze({ jid: 'bob@example.com' });
    store.set('bob@example.com', stored);
    expect(store.get('bob@example.com')).toBe(stored);
    store.delete('bob@example.com');
    expect(store.get('bob@example.com')).toBe(store.get('bob@example.com'));
    expect(store.get('bob@example.com')).not.toBe(stored);
  });

  test('delete falls back for watchers and frees unwatched entries', async () => {
    const { store } = numbers();
    store.set('bob@example.com', 3);
    store.set('carol@example.com', 4);
    const seen: number[] = [];
    store.watch('bob@example.com', (v) => seen.push(v));
    store.delete('bob@example.com');
    store.delete('carol@example.com');
    await Promise.resolve();
    expect(seen).toEqual([3, 0]);
    expect(store.stats().stored).toBe(0);
  });

  test('onStored hears every stored or deleted value at once, watched or not, and nothing else', () => {
    const { store } = numbers();
    const heard: string[] = [];
    store.onStored((jid) => heard.push(`${jid} ${store.has(jid) ? store.get(jid) : 'gone'}`));
    store.set('bob@example.com', 3);
    store.set('bob@example.com', 3); // the same value: no change
    store.watch('carol@example.com', () => {}); // a watcher's placeholder is not a stored value
    store.set('carol@example.com', 4);
    store.delete('bob@example.com');
    store.delete('carol@example.com');
    store.delete('dave@example.com'); // nothing stored
    expect(heard).toEqual(['bob@example.com 3', 'carol@example.com 4', 'bob@example.com gone', 'carol@example.com gone']);
  });
});
