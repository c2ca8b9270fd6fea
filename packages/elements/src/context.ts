/**
 * Where elements find their client: their own `.client`, the nearest `<presently-client>`
 * (Lit context, which crosses shadow roots), or the page default set here.
 */
import { createContext, ContextRoot } from '@lit/context';
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

let root: ContextRoot | undefined;

/**
 * Holds context requests of elements that connected before their `<presently-client>` was
 * upgraded, and replays them when it appears. Attached on first use, not on import.
 */
export function ensureContextRoot(): void {
  if (root || typeof document === 'undefined') return;
  root = new ContextRoot();
  root.attach(document.documentElement);
}
