/**
 * The outbox: stanzas sent with `{ queue: true }` while no stream is online, held in order until
 * the next login or resumption (XEP-0198 §5 complements it for stanzas already written). Bounded,
 * so a long outage cannot grow memory without limit.
 */
import type { Element } from '../xml.js';
import type { Unacked } from './stream-management.js';

export type OutboxEntry = Required<Unacked>;

export class Outbox {
  #entries: OutboxEntry[] = [];

  get size(): number {
    return this.#entries.length;
  }

  push(stanza: Element): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#entries.push({ stanza, settle: { resolve, reject } });
    });
  }

  /** Put entries back at the front (they were written before anything still waiting here). */
  unshift(entries: OutboxEntry[]): void {
    this.#entries.unshift(...entries);
  }

  /** Take everything, oldest first. */
  drain(): OutboxEntry[] {
    return this.#entries.splice(0);
  }

  rejectAll(error: unknown): void {
    for (const entry of this.drain()) entry.settle.reject(error);
  }
}
