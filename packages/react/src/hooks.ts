/**
 * The client for hooks (`PresenceClientProvider`) and the hooks themselves, built on React's
 * `useSyncExternalStore` over core's `watch` / `watchChatState` / `watchUnread` / `watchUnreadTotal` and the
 * `own-presence` event: one core watcher per mounted hook, released on unmount; concurrent rendering never sees a
 * torn value, and React never warns "getSnapshot should be cached".
 */
import type { ChatState, OwnPresence, Presence, PresenceClient } from '@presently/core';
import { getDefaultClient } from '@presently/elements';
import { createContext, createElement, useContext, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import { PresentlyClient } from './components.js';
import { watchedValue } from './watched-value.js';

const ClientContext = createContext<PresenceClient | undefined>(undefined);

export interface PresenceClientProviderProps {
  /** The client the hooks and elements below use; the provider never starts or stops it. */
  client: PresenceClient;
  children?: ReactNode;
}

/**
 * Provides `client` to the hooks below it and, through a `<presently-client>` around its children (`display:
 * contents`, no box of its own), to every Presently element below it.
 * @example
 * <PresenceClientProvider client={client}><Contacts /></PresenceClientProvider>
 */
export function PresenceClientProvider({ client, children }: PresenceClientProviderProps): ReactNode {
  return createElement(ClientContext.Provider, { value: client }, createElement(PresentlyClient, { client }, children));
}

/** The nearest provider's client, else the page default (`setDefaultClient`), else undefined. */
export function usePresenceClient(): PresenceClient | undefined {
  return useContext(ClientContext) ?? getDefaultClient();
}

/** What a hook reads while there is no client: the same object for a JID, as React requires. */
const unknownPresences = new Map<string, Presence>();
function unknownPresence(jid: string): Presence {
  let p = unknownPresences.get(jid);
  if (!p) {
    p = Object.freeze({ jid, show: 'unknown', resources: [] }) as Presence;
    if (unknownPresences.size >= 1000) unknownPresences.clear(); // a bound for pages that show endless JIDs
    unknownPresences.set(jid, p);
  }
  return p;
}
const noClient = { subscribe: () => () => {} };

/**
 * A contact's presence snapshot, re-rendering on every change (the client batches bursts, so a burst renders
 * once). `show` is `'unknown'` until the client knows, and while there is no client.
 * Throws the client's `PresenceError` with code `invalid-jid` for a malformed JID (as `presenceOf` does).
 * @example
 * const { show, status } = usePresence('bob@example.com');
 */
export function usePresence(jid: string): Presence {
  const client = usePresenceClient();
  const source = useMemo(
    () =>
      client
        ? watchedValue(
            () => client.presenceOf(jid),
            (fn) => client.watch(jid, fn),
          )
        : { ...noClient, getSnapshot: () => unknownPresence(jid) },
    [client, jid],
  );
  return useSyncExternalStore(source.subscribe, source.getSnapshot, source.getSnapshot);
}

/**
 * A contact's XEP-0085 chat state with us (`'composing'` while they type), or undefined; re-renders on change.
 * Throws `invalid-jid` as {@link usePresence} does.
 * @example
 * const typing = useChatState('bob@example.com') === 'composing';
 */
export function useChatState(jid: string): ChatState | undefined {
  const client = usePresenceClient();
  const source = useMemo(
    () =>
      client
        ? watchedValue(
            () => client.chatStateOf(jid),
            (fn) => client.watchChatState(jid, fn),
          )
        : { ...noClient, getSnapshot: () => undefined },
    [client, jid],
  );
  return useSyncExternalStore(source.subscribe, source.getSnapshot, source.getSnapshot);
}

/** Our own presence as this client last set it, following `own-presence` (a "clear after" ending included). */
function ownPresenceSource(client: PresenceClient) {
  return watchedValue(
    () => client.ownPresence,
    (fn) => {
      const onChange = (p: OwnPresence) => fn(p);
      client.on('own-presence', onChange);
      fn(client.ownPresence);
      return () => void client.off('own-presence', onChange);
    },
  );
}

/**
 * Our own presence (`show`, `status`, `until` of a "clear after"), re-rendering when it changes: after
 * `client.setPresence()`, a status picker, or when its `until` passes. `undefined` while there is no client.
 * @example
 * const own = useOwnPresence();
 * return <span>{own?.show ?? 'available'}{own?.until ? ` until ${own.until.toLocaleTimeString()}` : ''}</span>;
 */
export function useOwnPresence(): OwnPresence | undefined {
  const client = usePresenceClient();
  const source = useMemo(() => (client ? ownPresenceSource(client) : { ...noClient, getSnapshot: () => undefined }), [client]);
  return useSyncExternalStore(source.subscribe, source.getSnapshot, source.getSnapshot);
}

/**
 * How many messages from `jid` arrived since the conversation was last read (`client.markRead(jid)`; an open
 * `<presently-chat>` marks it read); 0 while there is no client. Throws `invalid-jid` as {@link usePresence} does.
 * @example
 * const unread = useUnread('bob@example.com');
 * return unread > 0 ? <span className="badge">{unread}</span> : null;
 */
export function useUnread(jid: string): number {
  const client = usePresenceClient();
  const source = useMemo(
    () =>
      client
        ? watchedValue(
            () => client.unreadOf(jid),
            (fn) => client.watchUnread(jid, fn),
          )
        : { ...noClient, getSnapshot: () => 0 },
    [client, jid],
  );
  return useSyncExternalStore(source.subscribe, source.getSnapshot, source.getSnapshot);
}

/**
 * Unread messages over all conversations (e.g. for a tab title or an inbox icon); 0 while there is no client.
 * @example
 * const total = useUnreadTotal();
 * useEffect(() => void (document.title = total ? `(${total}) Team` : 'Team'), [total]);
 */
export function useUnreadTotal(): number {
  const client = usePresenceClient();
  const source = useMemo(
    () =>
      client
        ? watchedValue(
            () => client.unreadTotal(),
            (fn) => client.watchUnreadTotal(fn),
          )
        : { ...noClient, getSnapshot: () => 0 },
    [client],
  );
  return useSyncExternalStore(source.subscribe, source.getSnapshot, source.getSnapshot);
}
