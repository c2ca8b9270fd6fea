/**
 * Our own account as the store sees it (RFC 6121 §4 from our side): a `<presently-dot>` or `watch()` of
 * our own JID shows the presence we set while we are connected, and `unknown` otherwise (before the first
 * login, after stop() or a fatal error, and while reconnecting — we are not reachable then). Presence from
 * our other devices is not mixed in: what others see of us is what this client sends.
 */
import type { OwnPresenceApi } from './own-presence.js';
import { fallbackPresence, samePresence } from './presence-snapshot.js';
import type { KeyedStore } from './store.js';
import type { ClientStatus, Presence, ResourcePresence } from './types.js';

export interface SelfPresenceDeps {
  store: KeyedStore<Presence>;
  own: OwnPresenceApi;
  ownJid: string;
}

/**
 * Keeps the store entry of our own bare JID in step; call `update()` after our presence changes and
 * `statusChanged()` with the client's status (session.ts: `online` once our stored status is known).
 */
export function selfPresence({ store, own, ownJid }: SelfPresenceDeps): { update(): void; statusChanged(status: ClientStatus): void } {
  const noResources = Object.freeze([]) as unknown as ResourcePresence[];
  let online = false;
  function update(): void {
    const p = own.current;
    const next: Presence = online
      ? Object.freeze({
          jid: ownJid,
          show: p.show ?? 'available',
          ...(p.status ? { status: p.status } : {}),
          ...(p.idleSince ? { idleSince: p.idleSince } : {}),
          resources: noResources,
        })
      : fallbackPresence(ownJid);
    if (!samePresence(store.get(ownJid), next)) store.set(ownJid, next);
  }
  return {
    update,
    statusChanged(status) {
      online = status === 'online';
      update();
    },
  };
}
