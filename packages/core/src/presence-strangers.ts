/**
 * Bounded memory for presence from JIDs outside the roster (docs/design.md "State rules"): strangers are kept least
 * recently touched first, and beyond the limit the oldest that may go (nobody watches them, no subscription flow
 * involves them) are evicted.
 */

/** Dependencies of {@link strangerList}. */
export interface StrangerListDeps {
  /** Strangers kept before eviction starts. */
  max: number;
  /** False for a JID that must stay (watched, or in a subscription flow). */
  mayEvict(jid: string): boolean;
}

/** Non-roster JIDs in the order they were last touched. */
export interface StrangerList {
  /** `jid` was just heard from or looked at: move it to the end; returns the JIDs evicted to stay within the limit. */
  touch(jid: string): readonly string[];
  /** Add `jid` (it left the roster) without evicting. */
  add(jid: string): void;
  /** `jid` is no longer a stranger (it joined the roster, or was forgotten). */
  delete(jid: string): void;
}

const NONE: readonly string[] = Object.freeze([]);

/** Create a {@link StrangerList}. */
export function strangerList({ max, mayEvict }: StrangerListDeps): StrangerList {
  const order = new Set<string>();
  return {
    touch(jid) {
      order.delete(jid);
      order.add(jid);
      if (order.size <= max) return NONE;
      const evicted: string[] = [];
      for (const old of order) {
        if (order.size <= max) break;
        if (old === jid || !mayEvict(old)) continue;
        order.delete(old);
        evicted.push(old);
      }
      return evicted;
    },
    add(jid) {
      order.add(jid);
    },
    delete(jid) {
      order.delete(jid);
    },
  };
}
