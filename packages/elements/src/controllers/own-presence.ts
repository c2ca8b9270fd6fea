/**
 * Our own JID as an element shows it: the status we set (`client.ownPresence`, followed through the
 * `own-presence` event), not what the connection or the server's echo says. A status is ours to show
 * once a session has been online (it is then the one colleagues see, and a reconnect does not change
 * it); before that, and after `stop()`, it is `unknown`, as for any contact we know nothing about.
 */
import { bareJid, type OwnPresence, type Presence, type PresenceClient } from '@presently/core';

/** True when `jid` (a bare JID) is the client's own account. */
export function isOwnJid(client: PresenceClient, jid: string): boolean {
  try {
    return bareJid(client.jid) === jid;
  } catch {
    return false;
  }
}

const NO_RESOURCES = Object.freeze([]) as unknown as Presence['resources'];

function presenceFrom(jid: string, own: OwnPresence, status: PresenceClient['status']): Presence {
  if (status !== 'online' && status !== 'reconnecting') return { jid, show: 'unknown', resources: NO_RESOURCES };
  return {
    jid,
    show: own.show ?? 'available',
    ...(own.status ? { status: own.status } : {}),
    ...(own.idleSince ? { idleSince: own.idleSince } : {}),
    resources: NO_RESOURCES,
  };
}

function same(a: Presence, b: Presence): boolean {
  return a.show === b.show && a.status === b.status && a.idleSince?.getTime() === b.idleSince?.getTime();
}

/** Like `client.watch(jid, fn)` for our own JID: calls `fn` at once, then on every change; returns the unsubscribe. */
export function watchOwnPresence(client: PresenceClient, jid: string, fn: (p: Presence) => void): () => void {
  let last: Presence | undefined;
  const refresh = (): void => {
    const next = presenceFrom(jid, client.ownPresence, client.status);
    if (last && same(last, next)) return;
    last = next;
    fn(next);
  };
  client.on('own-presence', refresh).on('status', refresh);
  refresh();
  return () => {
    client.off('own-presence', refresh).off('status', refresh);
  };
}
