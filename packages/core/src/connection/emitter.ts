/**
 * Typed events whose listeners cannot hurt the emitter: a listener that throws is reported
 * (`reportError` in browsers, console.error elsewhere) and the others still run. The connection
 * emits from inside socket and parser callbacks, where an exception would corrupt the stream.
 */
import { EventEmitter } from 'eventemitter3';

type Listener = (...args: any[]) => void;

function report(error: unknown): void {
  const r = (globalThis as { reportError?: (e: unknown) => void }).reportError;
  if (typeof r === 'function') r(error);
  else console.error('[presently] an event listener threw:', error);
}

export class SafeEmitter<Events extends { [K in keyof Events]: Listener }> {
  private readonly inner = new EventEmitter();

  on<E extends keyof Events & string>(event: E, fn: Events[E]): void {
    this.inner.on(event, fn);
  }

  off<E extends keyof Events & string>(event: E, fn: Events[E]): void {
    this.inner.off(event, fn);
  }

  emit<E extends keyof Events & string>(event: E, ...args: Parameters<Events[E]>): void {
    for (const fn of this.inner.listeners(event)) {
      try {
        (fn as Listener)(...args);
      } catch (error) {
        report(error);
      }
    }
  }
}
