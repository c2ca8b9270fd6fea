/**
 * Not public API: how a shared host (shared/host.ts) reads a client's stores whole, to mirror them to its pages, so
 * that a page's synchronous reads (`presenceOf`, `unreadOf`, `unreadTotal`…) of what nothing in it watches answer
 * as a private client would (docs/sharing.md "Same API"). Keyed by a symbol: it stays out of the PresenceClient
 * type and its docs.
 */
import type { View } from './shared/protocol.js';
import type { KeyedStore } from './store.js';
import type { PresenceClient } from './types.js';

/** A client's stores by the view of protocol.ts they answer (keyless views: their one key, whatever its name). */
export type MirroredStores = Partial<Record<View, KeyedStore<unknown>>>;

const STORES = Symbol.for('presently.mirrored-stores');

/** Attach `stores` to `client` (compose.ts), not enumerable. */
export function attachStores(client: PresenceClient, stores: MirroredStores): void {
  Object.defineProperty(client, STORES, { value: stores });
}

/** The stores of a client made by compose.ts; empty for any other. */
export const storesOf = (client: PresenceClient): MirroredStores =>
  (client as unknown as Record<symbol, MirroredStores | undefined>)[STORES] ?? {};
