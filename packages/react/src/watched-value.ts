/**
 * A `useSyncExternalStore` source over one of core's `watch`-style subscriptions. React requires `getSnapshot` to
 * return the same value until something changes (else it warns "The result of getSnapshot should be cached" and
 * renders in a loop). This holds whether or not core's `presenceOf()` returns a stable object: the snapshot is read
 * once, then replaced only by the values the watcher delivers.
 */
export interface WatchedValue<T> {
  subscribe(onChange: () => void): () => void;
  getSnapshot(): T;
}

/**
 * @param read - the current value, e.g. `() => client.presenceOf(jid)`; called once, before the first watcher value.
 * @param watch - subscribes, calling its callback at once with the current value and then on every change; returns
 *   an unsubscribe (core's `watch` / `watchChatState` contract).
 */
export function watchedValue<T>(read: () => T, watch: (fn: (value: T) => void) => () => void): WatchedValue<T> {
  let latest: { value: T } | undefined;
  return {
    subscribe(onChange) {
      return watch((value) => {
        if (latest && Object.is(latest.value, value)) return;
        latest = { value };
        onChange();
      });
    },
    getSnapshot() {
      latest ??= { value: read() };
      return latest.value;
    },
  };
}
