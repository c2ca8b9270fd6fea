/**
 * docs/design.md "Interruptions follow our own status": the one place that decides how a new message or a contact
 * becoming available reaches the user. While our own status is `dnd`, nothing (unless `isPriority(jid)` says the
 * contact may always reach us); when the tab is hidden and the user granted notifications, a system notification
 * (Notification API); otherwise a notice on the page that never takes focus (notice-area.ts).
 */
import type { PresenceClient } from '@presently/core';
import { localPart } from '../internal/text.js';
import { showNotice } from './notice-area.js';

/** How an interruption was delivered: `none` while we are dnd and the contact has no priority. */
export type Interruption = 'none' | 'system' | 'notice';

/** What {@link interrupt} needs. */
export interface InterruptOptions {
  client: PresenceClient;
  /** Bare JID of the contact it is about. */
  jid: string;
  title: string;
  body?: string | undefined;
  /** Contacts who may interrupt even while we are `dnd`. */
  isPriority: (jid: string) => boolean;
  /** What "Open chat" (or a click on the system notification) does. */
  open: () => void;
}

/** The contact's display name: roster or vCard name, else the JID's local part. */
export function nameOf(client: PresenceClient, jid: string): string {
  return client.presenceOf(jid).name || localPart(jid);
}

/** True when a system notification may be shown: the tab is hidden and the user granted permission. */
function systemNotificationsAllowed(): boolean {
  return document.visibilityState === 'hidden' && typeof Notification === 'function' && Notification.permission === 'granted';
}

/**
 * The default priority rule: the contacts in your own stored priority list (`client.priorityContacts`, kept on the
 * server with your status and shared by all your sessions; docs/own-presence.md).
 */
export const storedPriority =
  (client: PresenceClient) =>
  (jid: string): boolean =>
    client.priorityContacts.includes(jid);

/** Tell the user, as quietly as our own status asks. */
export function interrupt({ client, jid, title, body, isPriority, open }: InterruptOptions): Interruption {
  if (client.ownPresence.show === 'dnd' && !isPriority(jid)) return 'none';
  if (systemNotificationsAllowed()) {
    // One per contact: a newer one replaces the older (`tag`).
    const notification = new Notification(title, { body: body ?? '', tag: `presently:${jid}` });
    notification.onclick = () => {
      notification.close();
      window.focus();
      open();
    };
    return 'system';
  }
  showNotice({ key: jid, title, body, onOpen: open });
  return 'notice';
}
