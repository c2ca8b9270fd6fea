/**
 * Where elements find their client: their own `.client`, the nearest `<presently-client>`, or the
 * page default set here. `<presently-client>` provides its client with the web components community
 * context protocol (https://github.com/webcomponents-cg/community-protocols/blob/main/proposals/context.md),
 * which crosses shadow roots, so a consumer written with `@lit/context` finds it too.
 */
import type { ReactiveControllerHost } from '@lit/reactive-element';
import type { PresenceClient } from '@presently/core';
import { announceCopy } from './internal/copies.js';

/** A context key carrying its value type; the same shape as `@lit/context`'s `Context`, so either accepts it. */
export type Context<KeyType, ValueType> = KeyType & { __context__: ValueType };

/** The context a `<presently-client>` provides to its descendants. */
export const clientContext = Symbol.for('presently.client') as Context<symbol, PresenceClient | undefined>;

/** The protocol's answer: the value, and with `subscribe` a function that stops later answers. */
export type ContextCallback = (value: PresenceClient | undefined, unsubscribe?: () => void) => void;

/** The protocol's `context-request` event, as any consumer dispatches it. */
interface ContextRequest extends Event {
  context: unknown;
  contextTarget?: Element;
  callback: ContextCallback;
  subscribe?: boolean;
}

/** A protocol event about `clientContext`, bubbling and composed so it crosses shadow roots. */
function contextEvent(type: string, contextTarget: Element, more?: object): Event {
  return Object.assign(new Event(type, { bubbles: true, composed: true }), { context: clientContext, contextTarget, ...more });
}

/** Ask the nearest provider above `target` for the client, subscribing to later changes. */
export function requestClient(target: Element, callback: ContextCallback): void {
  target.dispatchEvent(contextEvent('context-request', target, { callback, subscribe: true }));
}

/**
 * Provides a client to the host's descendants: answers their `context-request` events, calls its
 * subscribers when the value changes, and announces itself with `context-provider` when connected,
 * so consumers that asked too early ask again. A provider appearing below this one takes over the
 * subscribers it should serve (the protocol's re-parenting).
 */
export class ClientProvider {
  value: PresenceClient | undefined;
  private readonly host: ReactiveControllerHost & HTMLElement;
  private readonly subscribers = new Map<ContextCallback, { consumer: Element; unsubscribe: () => void }>();

  constructor(host: ReactiveControllerHost & HTMLElement) {
    this.host = host;
    host.addController(this);
    const listener = (event: Event) => {
      const { type, context, contextTarget, callback, subscribe } = event as ContextRequest;
      const from = contextTarget ?? (event.composedPath()[0] as Element);
      // Not ours, or the host asking itself (an element may consume and provide the same context).
      if (context !== clientContext || from === host) return;
      event.stopPropagation();
      if (type === 'context-provider') {
        // A provider appeared below us: our subscribers ask again, and the nearer one answers those below it.
        for (const [cb, { consumer }] of [...this.subscribers]) requestClient(consumer, cb);
      } else if (!subscribe) {
        callback(this.value);
      } else {
        let entry = this.subscribers.get(callback);
        if (!entry) this.subscribers.set(callback, (entry = { consumer: from, unsubscribe: () => this.subscribers.delete(callback) }));
        callback(this.value, entry.unsubscribe);
      }
    };
    host.addEventListener('context-request', listener);
    host.addEventListener('context-provider', listener);
  }

  hostConnected(): void {
    this.host.dispatchEvent(contextEvent('context-provider', this.host));
  }

  /** Provide `value`, telling every subscriber when it changed. */
  setValue(value: PresenceClient | undefined): void {
    if (Object.is(value, this.value)) return;
    this.value = value;
    for (const [callback, { unsubscribe }] of [...this.subscribers]) callback(value, unsubscribe);
  }
}

let defaultClient: PresenceClient | undefined;
/** Connected elements' client controllers: told when the default changes or a provider appears. */
const seekers = new Set<(providerAppeared: boolean) => void>();
let listening = false;

/**
 * Set the client that elements without a `.client` and without a `<presently-client>` ancestor use.
 * @example setDefaultClient(createPresenceClient({ service, jid, credentials }));
 */
export function setDefaultClient(client: PresenceClient | undefined): void {
  if (client === defaultClient) return;
  defaultClient = client;
  for (const fn of seekers) fn(false);
}

// This copy's default client is the one to warn about when another copy is on the page too (W002).
announceCopy(setDefaultClient);

/** The page default client, if one was set. */
export function getDefaultClient(): PresenceClient | undefined {
  return defaultClient;
}

/**
 * While an element is connected, `fn(false)` runs when the page default changes and `fn(true)` when
 * a provider appears. The latter is for elements that connected before their `<presently-client>`
 * (or a subclass under another tag) was upgraded and so asked too early: they ask again. Unlike
 * @lit/context's ContextRoot, nothing is kept for elements that are gone, so a page that uses only
 * `setDefaultClient` doesn't grow with every element ever mounted.
 * @returns a function that stops it (call it on disconnect).
 */
export function seekClient(fn: (providerAppeared: boolean) => void): () => void {
  seekers.add(fn);
  if (!listening && typeof document !== 'undefined') {
    listening = true;
    document.addEventListener('context-provider', (event) => {
      if ((event as Event & { context?: unknown }).context !== clientContext) return;
      for (const seeker of [...seekers]) seeker(true);
    });
  }
  return () => seekers.delete(fn);
}

/** @internal For tests: how many connected elements are waiting for a provider (or a new page default). */
export function waitingForProvider(): number {
  return seekers.size;
}
