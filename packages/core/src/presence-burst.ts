/**
 * RFC 6121 §4.2 — the initial presence burst. After our initial presence the server probes our contacts and
 * relays what it knows; a XEP-0199 ping round trip to our server tells when it has sent that. Contacts on other
 * servers answer our server's probes later, so they settle after an extra wait (docs/design.md "State rules": no
 * flash of wrong state at start-up).
 */
import { xml } from './xml.js';
import type { Connection } from './connection/types.js';
import { NS_PING } from './namespaces.js';
import type { Contact } from './presence-contact.js';
import { seesPresence, type RosterItem } from './roster.js';
import { isSessionGone } from './stanza-utils.js';

/** The domain part of a bare JID. */
export const domainOf = (jid: string): string => jid.slice(jid.indexOf('@') + 1);

/** Dependencies of {@link burstTracker}. */
export interface BurstTrackerDeps {
  connection: Connection;
  /** Our own server's domain. */
  ownDomain: string;
  /** Extra wait for contacts on other servers after the burst. */
  remoteSettleMs: number;
}

/** Tracks which session's burst is under way, and the delayed settling of remote contacts. */
export interface BurstTracker {
  /** A fresh session starts after presence number `seq`: cancels pending settling; returns the session's mark. */
  begin(seq: number): number;
  /** The mark of the current session. */
  readonly mark: number;
  /** Round trip to our server; true once it has processed everything sent before (false: session lost). */
  roundTrip(): Promise<boolean>;
  /** Call `settle` after the remote wait, unless another session began meanwhile. */
  settleLater(mark: number, settle: () => void): void;
}

/** Create a {@link BurstTracker}. */
export function burstTracker({ connection, ownDomain, remoteSettleMs }: BurstTrackerDeps): BurstTracker {
  let mark = 0;
  let remoteTimer: ReturnType<typeof setTimeout> | undefined;

  return {
    begin(seq) {
      clearTimeout(remoteTimer);
      mark = seq;
      return mark;
    },
    get mark() {
      return mark;
    },
    async roundTrip() {
      try {
        await connection.iq(xml('iq', { type: 'get', to: ownDomain }, xml('ping', { xmlns: NS_PING })));
        return true;
      } catch (e) {
        // An error reply (or a timeout) still ends the wait; a lost or stopped session doesn't.
        return !isSessionGone(e);
      }
    },
    settleLater(settledMark, settle) {
      remoteTimer = setTimeout(() => {
        if (settledMark === mark) settle();
      }, remoteSettleMs);
    },
  };
}

/**
 * True for a contact on another server that we see the presence of and haven't heard from since `mark`: its
 * server may still answer the probe, so it isn't called offline yet.
 */
export function awaitsRemoteServer(contact: Contact, mark: number, ownDomain: string, item: RosterItem | undefined): boolean {
  return contact.heardSeq <= mark && domainOf(contact.jid) !== ownDomain && seesPresence(item);
}
