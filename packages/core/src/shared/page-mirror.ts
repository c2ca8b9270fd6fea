/**
 * A page's mirror of what it watches in the shared client (docs/sharing.md): one keyed store per view of
 * protocol.ts, so reads stay synchronous and a value keeps its identity until it changes. While the page moves to
 * a new host after the old one went away, the mirror holds what the new host says (it has just started and knows
 * nothing yet) and goes on showing what the page knew: the `unknown` grace rule of a reconnect (docs/design.md "State
 * rules"), applied to a takeover.
 */
import type { Conversation } from '../conversations.js';
import { reportListenerError } from '../emitter.js';
import { fallbackPresence } from '../presence.js';
import { createKeyedStore, type KeyedStore } from '../store.js';
import type { View } from './protocol.js';

const NO_CONVERSATIONS: readonly Conversation[] = Object.freeze([]);
const emptyConversation = (jid: string) => Object.freeze({ jid, entries: Object.freeze([]), history: 'none' as const, unread: 0 });
/** What each view reads before the host said anything: what a private client reads then. */
const FALLBACKS: Record<View, (key: string) => unknown> = {
  presence: fallbackPresence,
  chatState: () => undefined,
  conversation: emptyConversation,
  unread: () => 0,
  unreadTotal: () => 0,
  details: () => undefined,
  unreadConversations: () => NO_CONVERSATIONS,
};
export const VIEWS = Object.keys(FALLBACKS) as View[];

/** Views a private client forgets when the grace period ends (session.ts): the rest outlives a lost connection. */
const FORGOTTEN_AFTER_GRACE: readonly View[] = ['presence', 'chatState'];

export interface Mirror {
  readonly stores: Readonly<Record<View, KeyedStore<unknown>>>;
  /**
   * A value from the host: shown now, or kept until {@link Mirror.release} while held. Without a value (`set(view,
   * key)`), the host forgot the key: it reads its fallback.
   */
  set(view: View, key: string, ...value: [unknown?]): void;
  /** Keep showing what we have; hold what the (new) host says. */
  hold(): void;
  /**
   * Show what the host said while held. `graceOver`: the new host is not online yet and the grace period is over:
   * presence and chat states it said nothing of read their fallback (`unknown`), as in a private client.
   */
  release(graceOver: boolean): void;
  /** Every value reads its fallback (the page stopped). */
  clear(): void;
}

/** `onWatchChange`: a key of a view gained its first watcher or lost its last (the page tells the host). */
export function createMirror(onWatchChange: (view: View, key: string, watched: boolean) => void): Mirror {
  const stores = {} as Record<View, KeyedStore<unknown>>;
  for (const view of VIEWS) {
    const store = createKeyedStore<unknown>({ fallback: FALLBACKS[view], onWatcherError: reportListenerError });
    store.onWatchChange((key, watched) => onWatchChange(view, key, watched));
    stores[view] = store;
  }
  let held: Map<string, { view: View; key: string; value: [unknown?] }> | undefined;
  const show = (view: View, key: string, value: [unknown?]) => (value.length ? stores[view].set(key, value[0]) : stores[view].delete(key));

  return {
    stores,
    set(view, key, ...value) {
      if (held) held.set(`${view} ${key}`, { view, key, value });
      else show(view, key, value);
    },
    hold() {
      held ??= new Map();
    },
    release(graceOver) {
      const values = held;
      held = undefined;
      if (!values) return;
      if (graceOver) {
        for (const view of FORGOTTEN_AFTER_GRACE)
          for (const key of [...stores[view].keys()]) if (!values.has(`${view} ${key}`)) stores[view].delete(key);
      }
      for (const { view, key, value } of values.values()) show(view, key, value);
    },
    clear() {
      held = undefined;
      for (const store of Object.values(stores)) for (const key of [...store.keys()]) store.delete(key);
    },
  };
}
