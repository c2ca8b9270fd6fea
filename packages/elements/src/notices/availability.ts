/**
 * "Notify me when available": instead of interrupting a contact who is busy, away or offline, ask to hear when
 * they become available. Then the same kind of interruption as a new message (interrupt.ts, which follows our
 * own status) and one `presently-contact-available` event.
 */
import type { PresenceClient, Show } from '@presently/core';
import { emit } from '../internal/events.js';
import { strings } from '../strings.js';
import { interrupt, nameOf, storedPriority } from './interrupt.js';
import { dockOpener } from './notifier.js';
import './notices.strings.js';

/** Options of {@link notifyWhenAvailable}. */
export interface AvailabilityOptions {
  client: PresenceClient;
  /** Bare JID of the contact. */
  jid: string;
  /** Where `presently-contact-available` is dispatched (bubbles, composed). */
  target: EventTarget;
  /** As in `startNotifier`: who may interrupt while you are `dnd`. Default: your own `client.priorityContacts`. */
  isPriority?: (jid: string) => boolean;
}

const isAvailable = (show: Show) => show === 'available' || show === 'chat';

/** Watch `jid` until they are available, then tell the user once. Returns a function that cancels. */
export function notifyWhenAvailable({ client, jid, target, isPriority = storedPriority(client) }: AvailabilityOptions): () => void {
  let fired = false;
  let stop: (() => void) | undefined;
  const cancel = () => {
    fired = true;
    stop?.();
    stop = undefined;
  };
  stop = client.watch(jid, (presence) => {
    if (fired || !isAvailable(presence.show)) return;
    fired = true;
    // Once: the watch may call before `stop` is assigned (at once, when they are available already).
    queueMicrotask(cancel);
    const open = () => dockOpener(client)(jid);
    interrupt({ client, jid, title: strings.notices.available(nameOf(client, jid)), body: presence.status, isPriority, open });
    emit(target, 'presently-contact-available', { jid });
  });
  return cancel;
}
