/**
 * The message protocol between a page's {@link PresenceClient} and the shared worker that owns the one real client
 * (docs/sharing.md). Everything crosses a MessagePort by structured clone, so values are plain data (Dates survive;
 * errors travel as {@link WireError}). The tables below are the whole surface: a new public method is shared by
 * adding its name to one of them, on both sides at once.
 */
import { PresenceError, type ErrorCode } from '../errors.js';

/**
 * Bumped whenever a message changes meaning. It is part of the worker's name, so a page of a new deploy starts a
 * worker of its own instead of talking to an old one; a worker also refuses a hello of another version.
 */
export const PROTOCOL_VERSION = 4;

/**
 * Store-backed reads the page mirrors, each with the client's `watch` method the host subscribes with (the page
 * keeps a store per view, with the value a private client reads before anything is known: page.ts `FALLBACKS`).
 * `unreadTotal` and `unreadConversations` have no key (the page uses `''`: {@link KEYLESS_VIEWS}).
 */
export const VIEW_WATCHERS = {
  presence: 'watch',
  chatState: 'watchChatState',
  conversation: 'watchConversation',
  unread: 'watchUnread',
  unreadTotal: 'watchUnreadTotal',
  details: 'watchDetails',
  unreadConversations: 'watchUnreadConversations',
} as const;

export type View = keyof typeof VIEW_WATCHERS;

/** Views of the whole client rather than of one contact: their watch method takes no JID. */
export const KEYLESS_VIEWS: ReadonlySet<View> = new Set<View>(['unreadTotal', 'unreadConversations']);

/** Methods the page forwards as they are and whose promise it settles with the worker's answer. */
export const CALLS = [
  'setPresence',
  'sendMessage',
  'sendChatState',
  'history',
  'retryMessage',
  'requestSubscription',
  'approveSubscription',
  'denySubscription',
  'fetchDetails',
  'setPriorityContacts',
  'serverFeatures',
] as const;

/** Methods without an answer (fire and forget). */
export const NOTICES = ['markRead'] as const;

/** Client events every started page hears (`status` travels in {@link SharedState}). */
export const EVENTS = [
  'message',
  'receipt',
  'subscription-request',
  'error',
  'online',
  'roster',
  'own-presence',
  'priority-contacts',
] as const;

export type Call = (typeof CALLS)[number] | (typeof NOTICES)[number];

/** The client's own state as a page mirrors it; sent on welcome, start and every change. */
export interface SharedState {
  status: 'offline' | 'connecting' | 'online' | 'reconnecting';
  /**
   * The session is set up (the client's `online` event: roster fetched, presence burst over) and not lost since:
   * what the host says of contacts is real. A page taking over from a gone host waits for it (page.ts).
   */
  ready: boolean;
  jid: string;
  ownPresence: unknown;
  priorityContacts: readonly string[];
  roster: string[];
  outbox: number;
  connectAttempts: number;
}

/** A PresenceError (or anything thrown) as data. */
export interface WireError {
  code: ErrorCode;
  message: string;
  condition?: string;
}

/** Page → worker. */
export type PageMessage =
  /**
   * `held`: the page already holds its own Web Lock, `presently-page <page>` (the host asks for it to learn when the
   * page is gone). A page says hello before the browser granted it (that takes tens of milliseconds), and `held`
   * once it did: the host must not ask for the lock before, or it would be granted at once.
   */
  | { t: 'hello'; v: number; page: string; options: Record<string, unknown>; canSignIn: boolean; hidden: boolean; held: boolean }
  | { t: 'held' }
  | { t: 'start'; id: number }
  | { t: 'stop'; id: number }
  /** Answered (an empty reply) after every value the host sent before it: the page knows it heard them all. */
  | { t: 'sync'; id: number }
  | { t: 'sub'; view: View; key: string }
  | { t: 'unsub'; view: View; key: string }
  | { t: 'call'; id: number; method: Call; args: unknown[] }
  | { t: 'hidden'; hidden: boolean }
  /** The user did something in this page (at most once a second): auto-away counts input in any tab. */
  | { t: 'input' }
  | { t: 'credentials'; id: number; value?: unknown; error?: WireError }
  | { t: 'leave' };

/** Worker → page. */
export type WorkerMessage =
  | { t: 'welcome'; v: number; state: SharedState }
  /**
   * The Web Lock the host holds for its life (the worker, or the leader tab), sent once it holds it: a page asks
   * for it too, and the browser grants it when the host is gone; the page then re-attaches to the next host
   * (docs/sharing.md "Failover").
   */
  | { t: 'lock'; name: string }
  | { t: 'refused'; v: number }
  | { t: 'state'; state: SharedState }
  | { t: 'value'; view: View; key: string; value: unknown }
  /**
   * Values of a view the page doesn't watch (those come as `value`s), so that its synchronous reads answer as a
   * private client's would: the client's whole store when the page starts, then what changed, in batches
   * (shared/host.ts, mirrored-stores.ts). A keyless view's key is `''`; `[key]` alone: the client forgot it.
   */
  | { t: 'stored'; view: View; values: Array<[key: string, value?: unknown]> }
  | { t: 'event'; name: (typeof EVENTS)[number]; args: unknown[] }
  | { t: 'reply'; id: number; value?: unknown; error?: WireError }
  | { t: 'credentials'; id: number };

/** `e` as data; anything but a PresenceError gets `code` (what the private client would have said in its place). */
export function toWire(e: unknown, code: ErrorCode = 'invalid-argument'): WireError {
  if (e instanceof PresenceError) return { code: e.code, message: e.message, ...(e.condition && { condition: e.condition }) };
  return { code, message: e instanceof Error ? e.message : String(e) };
}

export function fromWire(w: WireError): PresenceError {
  return new PresenceError(w.code, w.message, w.condition ? { condition: w.condition } : undefined);
}

/** Event arguments as data: a PresenceError (the `error` event) becomes a {@link WireError} marked `error`. */
export const argsToWire = (args: unknown[]): unknown[] => args.map((a) => (a instanceof Error ? { error: toWire(a) } : a));
export const argsFromWire = (name: string, args: unknown[]): unknown[] =>
  name === 'error' ? args.map((a) => fromWire((a as { error: WireError }).error)) : args;
