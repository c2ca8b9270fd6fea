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

  #add(event: keyof Events, fn: Listener, once: boolean): void {
    const list = this.#listeners.get(event) ?? [];
    list.push({ fn, once });
    this.#listeners.set(event, list);
  }

  off<E extends keyof Events>(event: E, fn: Events[E]): void {
    const list = this.#listeners.get(event);
    if (!list) return;
    const index = list.findIndex((listener) => listener.fn === fn);
    if (index !== -1) list.splice(index, 1);
  }

  emit<E extends keyof Events>(event: E, ...args: Parameters<Events[E]>): void {
    const list = this.#listeners.get(event);
    if (!list?.length) return;
    for (const listener of [...list]) {
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
