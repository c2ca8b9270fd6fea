/**
 * A tiny typed event emitter (on / off / once / emit). A listener that throws doesn't stop the
 * others or the stanza being processed: its exception goes to `onListenerError`.
 */

type Listener = (...args: never[]) => void;

/** Typed events, e.g. `{ status: (s: ClientStatus) => void }`. */
export class Emitter<Events extends { [K in keyof Events]: Listener }> {
  readonly #listeners = new Map<keyof Events, Array<{ fn: Listener; once: boolean }>>();

  constructor(private readonly onListenerError: (error: unknown, event: keyof Events) => void) {}

  on<E extends keyof Events>(event: E, fn: Events[E]): void {
    this.#add(event, fn, false);
  }

  once<E extends keyof Events>(event: E, fn: Events[E]): void {
    this.#add(event, fn, true);
  }

  // A listener list is replaced on every on / off, never changed in place: `emit` (once per inbound stanza) walks the
  // list it found without copying it, and a listener added or removed meanwhile doesn't change that walk.

  #add(event: keyof Events, fn: Listener, once: boolean): void {
    this.#listeners.set(event, [...(this.#listeners.get(event) ?? []), { fn, once }]);
  }

  off<E extends keyof Events>(event: E, fn: Events[E]): void {
    const list = this.#listeners.get(event);
    if (!list) return;
    const index = list.findIndex((listener) => listener.fn === fn);
    if (index !== -1) this.#listeners.set(event, [...list.slice(0, index), ...list.slice(index + 1)]);
  }

  emit<E extends keyof Events>(event: E, ...args: Parameters<Events[E]>): void {
    const list = this.#listeners.get(event);
    if (!list?.length) return;
    for (let i = 0; i < list.length; i++) {
      const listener = list[i]!;
      if (listener.once) this.off(event, listener.fn as Events[E]);
      try {
        (listener.fn as (...a: Parameters<Events[E]>) => void)(...args);
      } catch (e) {
        this.onListenerError(e, event);
      }
    }
  }
}

/** A listener threw: report it like the DOM does (`reportError`), never into the socket callback that emitted. */
export function reportListenerError(error: unknown): void {
  const report = (globalThis as { reportError?: (e: unknown) => void }).reportError;
  if (typeof report === 'function') report(error);
  else console.error('[presently] a connection event listener threw:', error);
}
