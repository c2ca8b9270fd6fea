/**
 * XEP-0085 — Chat State Notifications, both ways. Inbound states are kept per contact (bare JID)
 * for one-to-one `type='chat'` messages; `composing` lapses after a timeout without refresh
 * (XEP-0085 §5.3 suggests 30 s) and clears on any message with a body. Outbound states are
 * bodiless, unarchived (XEP-0334 `<no-store/>`) and never queued.
 */
import { xml, type Element } from './xml.js';
import type { Connection } from './connection/types.js';
import { notStartedError, PresenceError } from './errors.js';
import { bareJid } from './jid.js';
import { NS_CHAT_STATES, NS_HINTS } from './namespaces.js';
import type { KeyedStore } from './store.js';
import type { ChatState } from './types.js';

/** How long a `composing` lasts without a refresh, by default (XEP-0085 §5.3). */
const COMPOSING_TIMEOUT_MS = 30_000;
const STATES: ReadonlySet<string> = new Set<ChatState>(['composing', 'paused', 'active', 'inactive', 'gone']);

/** Dependencies of {@link chatStates}. */
export interface ChatStateDeps {
  connection: Connection;
  store: KeyedStore<ChatState | undefined>;
  /** True for a JID whose chat states we keep: a roster contact or something watching it. */
  isContact: (jid: string) => boolean;
  /** Default 30 000 ms. */
  composingTimeoutMs?: number | undefined;
}

/** Chat states in and out. */
export interface ChatStates {
  /** A live message (or a received carbon) from contact `from` (bare JID). */
  handleMessage(from: string, stanza: Element): void;
  /** See `PresenceClient.sendChatState` (types.ts) for the contract. */
  send(to: string, state: ChatState): Promise<void>;
  clear(jid: string): void;
  clearAll(): void;
}

/** The chat state element carried by `stanza`, if any. */
export function chatStateOf(stanza: Element): ChatState | undefined {
  for (const child of stanza.getChildElements()) {
    if (child.attrs.xmlns === NS_CHAT_STATES && STATES.has(child.name)) return child.name as ChatState;
  }
  return undefined;
}

/** Create the chat states factory. */
export function chatStates({ connection, store, isContact, composingTimeoutMs = COMPOSING_TIMEOUT_MS }: ChatStateDeps): ChatStates {
  const timers = new Map<string, ReturnType<typeof setTimeout>>();

  function stopTimer(jid: string): void {
    const timer = timers.get(jid);
    if (timer !== undefined) clearTimeout(timer);
    timers.delete(jid);
  }

  function set(jid: string, state: ChatState | undefined): void {
    stopTimer(jid);
    if (state === undefined) {
      store.delete(jid);
      return;
    }
    store.set(jid, state);
    if (state === 'composing') {
      timers.set(
        jid,
        setTimeout(() => {
          timers.delete(jid);
          if (store.get(jid) === 'composing') store.delete(jid);
        }, composingTimeoutMs),
      );
    }
  }

  return {
    handleMessage(from, stanza) {
      if (!isContact(from)) return;
      const type = stanza.attrs.type ?? 'normal';
      const hasBody = stanza.getChild('body') !== undefined;
      const state = type === 'chat' ? chatStateOf(stanza) : undefined;
      if (state) set(from, state);
      // A message without a state still ends composing (the sender may not support XEP-0085).
      else if (hasBody && (type === 'chat' || type === 'normal')) set(from, undefined);
    },
    async send(to, state) {
      const jid = bareJid(to);
      if (!STATES.has(state)) throw new PresenceError('invalid-argument', `Unknown chat state ${JSON.stringify(state)}`);
      // Like sendMessage: a client that isn't started (or was stopped) can't send anything.
      if (connection.status === 'offline') throw notStartedError();
      // Typing notifications are worthless late: never queued, dropped while the connection is down or when it
      // drops while sending (a message would wait in the outbox instead).
      if (connection.status !== 'online') return;
      const stanza = xml('message', { type: 'chat', to: jid }, xml(state, { xmlns: NS_CHAT_STATES }), xml('no-store', { xmlns: NS_HINTS }));
      await connection.send(stanza).catch(() => {});
    },
    clear(jid) {
      if (store.has(jid)) set(jid, undefined);
    },
    clearAll() {
      for (const jid of [...store.keys()]) set(jid, undefined);
    },
  };
}
