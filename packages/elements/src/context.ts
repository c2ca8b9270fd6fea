/**
 * Where elements find their client: their own `.client`, the nearest `<presently-client>`
 * (Lit context, which crosses shadow roots), or the page default set here.
 */
import { createContext } from '@lit/context';
import type { PresenceClient } from '@presently/core';

/** Lit context a `<presently-client>` provides to its descendants. */
export const clientContext = createContext<PresenceClient | undefined>(Symbol.for('presently.client'));

let defaultClient: PresenceClient | undefined;
const defaultListeners = new Set<() => void>();

/**
 * Set the client that elements without a `.client` and without a `<presently-client>` ancestor use.
 * @example setDefaultClient(createPresenceClient({ service, jid, credentials }));
 */
export function setDefaultClient(client: PresenceClient | undefined): void {
  if (client === defaultClient) return;
  defaultClient = client;
  for (const fn of defaultListeners) fn();
}

/** The page default client, if one was set. */
export function getDefaultClient(): PresenceClient | undefined {
  return defaultClient;
}

/** Calls `fn` whenever the default client changes; returns the unsubscribe function. */
export function onDefaultClient(fn: () => void): () => void {
  defaultListeners.add(fn);
  return () => defaultListeners.delete(fn);
}

const waiting = new Set<() => void>();
let listening = false;

/**
 * Elements that connected before their `<presently-client>` (or a subclass under another tag) was
 * upgraded asked for the client too early. While connected they wait here, and every provider that
 * appears makes them ask again. Unlike @lit/context's ContextRoot, nothing is kept for elements that
 * are gone, so a page that uses only `setDefaultClient` doesn't grow with every element ever mounted.
 * @returns a function that stops waiting.
 */
export function waitForProvider(askAgain: () => void): () => void {
  if (typeof document === 'undefined') return () => {};
  waiting.add(askAgain);
  if (!listening) {
    listening = true;
    document.addEventListener('context-provider', (event) => {
      if ((event as Event & { context?: unknown }).context !== clientContext) return;
      for (const ask of [...waiting]) ask();
    });
  }
  return () => waiting.delete(askAgain);
}

/** @internal For tests: how many connected elements are waiting for a provider. */
export function waitingForProvider(): number {
  return waiting.size;
}
