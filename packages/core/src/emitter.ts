/**
 * A tiny typed event emitter (on / off / once / emit). A listener that throws doesn't stop the
 * others or the stanza being processed: its exception goes to `onListenerError`.
 */

type Listener = (...args: never[]) => void;

/** Typed events, e.g. `{ status: (s: ClientStatus) => void }`. */
export class Emitter<Events extends { [K in keyof Events]: Listener }> {
  /**
   * Listener lists are replaced, never changed in place, so `emit` (which runs for every stanza) walks the list
   * it started with without copying it, whatever its listeners add or remove meanwhile.
   */
  readonly #listeners = new Map<keyof Events, ReadonlyArray<{ fn: Listener; once: boolean }>>();

  constructor(private readonly onListenerError: (error: unknown, event: keyof Events) => void) {}

  on<E extends keyof Events>(event: E, fn: Events[E]): void {
    this.#listeners.set(event, [...(this.#listeners.get(event) ?? []), { fn, once: false }]);
  }

  once<E extends keyof Events>(event: E, fn: Events[E]): void {
    this.#listeners.set(event, [...(this.#listeners.get(event) ?? []), { fn, once: true }]);
  }

  off<E extends keyof Events>(event: E, fn: Events[E]): void {
    const list = this.#listeners.get(event);
    if (!list) return;
    const i = list.findIndex((l) => l.fn === fn);
    if (i !== -1) this.#listeners.set(event, [...list.slice(0, i), ...list.slice(i + 1)]);
  }

  emit<E extends keyof Events>(event: E, ...args: Parameters<Events[E]>): void {
    const list = this.#listeners.get(event);
    if (!list) return;
    for (let i = 0; i < list.length; i++) {
      const l = list[i]!;
      if (l.once) this.off(event, l.fn as Events[E]);
      try {
        (l.fn as (...a: Parameters<Events[E]>) => void)(...args);
      } catch (e) {
        this.onListenerError(e, event);
      }
    }
  }
}
