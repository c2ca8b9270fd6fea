/**
 * The notifier: turns new incoming messages into interruptions that follow our own status (interrupt.ts). A
 * message from a contact whose chat is open on a visible page needs none: the chat shows it.
 */
import type { ChatMessage, PresenceClient } from '@presently/core';
import { strings } from '../strings.js';
import { interrupt, nameOf, storedPriority, type Interruption } from './interrupt.js';
import './notices.strings.js';

/** Options of {@link startNotifier}. */
export interface NotifierOptions {
  client: PresenceClient;
  /**
   * Contacts who may interrupt even while you are `dnd` (bare JID in, true to let through). Default: your own
   * priority list, `client.priorityContacts` (set with `client.setPriorityContacts()`, stored with your status).
   */
  isPriority?: (jid: string) => boolean;
  /** Opens the chat with `jid` (default: the docked `<presently-chat>`, loaded on first use). */
  openChat?: (jid: string) => void;
  /** Called after each decision, e.g. for sound or analytics (`none` while dnd). */
  onInterruption?: (how: Interruption, message: ChatMessage) => void;
}

/** True when a chat with `jid` is open in the dock and the page is visible: the message is seen there. */
function chatShowing(jid: string): boolean {
  if (document.visibilityState !== 'visible') return false;
  return Array.from(document.querySelectorAll('[data-presently-dock] presently-chat')).some((c) => c.getAttribute('jid') === jid);
}

/** The default way to open a chat: the dock's, loaded on first use. */
export function dockOpener(client: PresenceClient): (jid: string) => void {
  return (jid) => {
    void import('../chat/dock.js').then(({ openChat }) => openChat(jid, { client }));
  };
}

/**
 * Start showing new messages of `client` as notices (or system notifications while the tab is hidden); returns
 * a function that stops. Never moves keyboard focus; while your own status is `dnd` nothing is shown and the
 * unread count grows quietly, except for contacts `isPriority` lets through.
 */
export function startNotifier({ client, isPriority = storedPriority(client), openChat, onInterruption }: NotifierOptions): () => void {
  const open = openChat ?? dockOpener(client);
  const onMessage = (message: ChatMessage) => {
    if (message.direction !== 'in' || message.archived || chatShowing(message.from)) return;
    const how = interrupt({
      client,
      jid: message.from,
      title: strings.notices.message(nameOf(client, message.from)),
      body: message.body,
      isPriority,
      open: () => open(message.from),
    });
    onInterruption?.(how, message);
  };
  client.on('message', onMessage);
  return () => client.off('message', onMessage);
}
