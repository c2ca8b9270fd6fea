/**
 * The store (docs/design.md "State rules" and "One store"): values keyed by bare JID, one entry
 * per JID however many watchers share it, and change notifications coalesced per JID and flushed
 * once per microtask, so a burst of thousands of stanzas read at once notifies each watcher once
 * with the final value.
 */

/** A watcher callback of a {@link KeyedStore}. */
export type Watcher<T> = (value: T) => void;

interface WatchRecord<T> {
  fn: Watcher<T>;
  /** The value this watcher saw last; it is only called again with a different one. */
  last: T;
  active: boolean;
}

interface Entry<T> {
  value: T;
  /** Set by the model (vs. a placeholder created because someone watches). */
  explicit: boolean;
  /** In the batch waiting for the next flush. */
  dirty: boolean;
  watchers: Set<WatchRecord<T>>;
}

/** Values by bare JID with shared, batched watchers. */
export interface KeyedStore<T> {
  /** The stored value, else the fallback for `jid`. Never creates an entry. */
  get(jid: string): T;
  /** True when the model stored a value for `jid`. */
  has(jid: string): boolean;
  /** Store a value; watchers hear about it at the next flush if it is a different object. */
  set(jid: string, value: T): void;
  /** Forget `jid`; watchers (if any) fall back to the fallback value. */
  delete(jid: string): void;
  /** Call `fn` now with the current value and after every change; returns an idempotent unsubscribe. */
  watch(jid: string, fn: Watcher<T>): () => void;
  /** True while at least one watcher watches `jid`. */
  isWatched(jid: string): boolean;
  /** JIDs the model stored values for. */
  keys(): IterableIterator<string>;
  /** JIDs with at least one watcher. */
  watchedKeys(): string[];
  /** Counts for diagnostics. */
  stats(): { watchedJids: number; watchers: number; stored: number };
  /** Notify now instead of at the next microtask. */
  flush(): void;
  /** Call `listener` when a JID gains its first watcher or loses its last one. */
  onWatchChange(listener: WatchChangeListener): void;
  /**
   * Call `listener` (one per store) with the JID whenever a value is stored or deleted, watched or not, at once (not
   * batched): how a shared host mirrors the whole store to its pages (shared/host.ts).
   */
  onStored(listener: (jid: string) => void): void;
}

/** Hears a JID gain its first watcher (`watched` true) or lose its last one. */
export type WatchChangeListener = (jid: string, watched: boolean) => void;

/** Options of {@link createKeyedStore}. */
export interface KeyedStoreOptions<T> {
  /**
   * The value of a JID nothing was stored for: return a frozen value. The store hands out the same one for a JID
   * until something is stored (readers such as React's useSyncExternalStore compare by identity).
   */
  fallback: (jid: string) => T;
  /** Where a throwing watcher is reported; the other watchers still run. */
  onWatcherError: (error: unknown) => void;
}

/**
 * Fallback values kept for JIDs nothing was stored for, so reading one twice gives the same object. Bounded (oldest
 * dropped first) because any JID can be read; a dropped one is only made anew.
 */
const FALLBACKS_KEPT = 4096;

/** Create a {@link KeyedStore}. */
export function createKeyedStore<T>(options: KeyedStoreOptions<T>): KeyedStore<T> {
  const entries = new Map<string, Entry<T>>();
  /** The batch: entries changed since the last flush, each once (see Entry.dirty). */
  let dirty: Array<Entry<T>> = [];
  let scheduled = false;
  const fallbacks = new Map<string, T>();
  const watchListeners: WatchChangeListener[] = [];
  let stored: ((jid: string) => void) | undefined;

  function fallbackOf(jid: string): T {
    if (fallbacks.has(jid)) return fallbacks.get(jid) as T;
    if (fallbacks.size >= FALLBACKS_KEPT) fallbacks.delete(fallbacks.keys().next().value as string);
    const value = options.fallback(jid);
    fallbacks.set(jid, value);
    return value;
  }

  function watchChanged(jid: string, watched: boolean): void {
    for (const listener of watchListeners) listener(jid, watched);
  }

  function call(record: WatchRecord<T>, value: T): void {
    record.last = value;
    try {
      record.fn(value);
    } catch (e) {
      options.onWatcherError(e);
    }
  }

  function flush(): void {
    scheduled = false;
    // A watcher may change values while we notify; those land in a fresh batch.
    const batch = dirty;
    dirty = [];
    for (const entry of batch) {
      entry.dirty = false;
      const value = entry.value;
      // A Set is iterated live: a watcher removed meanwhile is skipped (and inactive anyway); one added meanwhile
      // has already seen `value`, so `last` skips it.
      for (const record of entry.watchers) {
        if (record.active && record.last !== value) call(record, value);
      }
    }
  }

  function markDirty(entry: Entry<T>): void {
    if (entry.dirty) return;
    entry.dirty = true;
    dirty.push(entry);
    if (!scheduled) {
      scheduled = true;
      queueMicrotask(() => {
        if (scheduled) flush();
      });
    }
  }

  return {
    get(jid) {
      const entry = entries.get(jid);
      return entry ? entry.value : fallbackOf(jid);
    },
    has(jid) {
      return entries.get(jid)?.explicit === true;
    },
    set(jid, value) {
      const entry = entries.get(jid);
      if (!entry) {
        entries.set(jid, { value, explicit: true, dirty: false, watchers: new Set() });
        stored?.(jid);
        return;
      }
      entry.explicit = true;
      if (entry.value === value) return;
      entry.value = value;
      stored?.(jid);
      if (entry.watchers.size) markDirty(entry);
    },
    delete(jid) {
      const entry = entries.get(jid);
      if (!entry) return;
      if (entry.watchers.size) {
        entry.explicit = false;
        entry.value = fallbackOf(jid);
        markDirty(entry);
      } else entries.delete(jid);
      stored?.(jid);
    },
    watch(jid, fn) {
      let entry = entries.get(jid);
      if (!entry) {
        entry = { value: fallbackOf(jid), explicit: false, dirty: false, watchers: new Set() };
        entries.set(jid, entry);
      }
      const record: WatchRecord<T> = { fn, last: entry.value, active: true };
      entry.watchers.add(record);
      if (entry.watchers.size === 1) watchChanged(jid, true);
      call(record, entry.value);
      return () => {
        if (!record.active) return;
        record.active = false;
        const current = entries.get(jid);
        if (!current) return;
        current.watchers.delete(record);
        if (current.watchers.size) return;
        if (!current.explicit) entries.delete(jid);
        watchChanged(jid, false);
      };
    },
    isWatched(jid) {
      return (entries.get(jid)?.watchers.size ?? 0) > 0;
    },
    *keys() {
      for (const [jid, entry] of entries) if (entry.explicit) yield jid;
    },
    watchedKeys() {
      return [...entries].filter(([, e]) => e.watchers.size > 0).map(([jid]) => jid);
    },
    stats() {
      const counts = { watchedJids: 0, watchers: 0, stored: 0 };
      for (const { explicit, watchers } of entries.values()) {
        if (explicit) counts.stored += 1;
        if (watchers.size) counts.watchedJids += 1;
        counts.watchers += watchers.size;
      }
      return counts;
    },
    flush,
    onWatchChange(listener) {
      watchListeners.push(listener);
    },
    onStored(listener) {
      stored = listener;
    },
  };
}
