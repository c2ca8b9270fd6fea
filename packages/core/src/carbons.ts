/**
 * XEP-0280 — Message Carbons 2 (`urn:xmpp:carbons:2`): enabled on every fresh session; copies are
 * unwrapped only when they come from our own bare JID (§11: anything else is a spoofing attempt).
 */
import { xml, type Element } from './xml.js';
import type { Connection } from './connection/types.js';
import type { PresenceError } from './errors.js';
import { tryBareJid } from './jid.js';
import { asPresenceError, isSessionGone, isStanzaError, malformed } from './stanza-utils.js';
import { NS_CARBONS, NS_FORWARD } from './namespaces.js';

/** XEP-0280 namespace. */

/** An unwrapped carbon copy. */
export interface Carbon {
  /** `in`: a contact's message to another of our devices; `out`: one of our devices sent it. */
  direction: 'in' | 'out';
  message: Element;
}

/** Dependencies of {@link carbons}. */
export interface CarbonDeps {
  connection: Connection;
  /** Our bare JID. */
  ownJid: string;
  emitError: (error: PresenceError) => void;
}

/** Carbons: enabling and unwrapping. */
export interface Carbons {
  enable(): Promise<void>;
  /** The copy inside `stanza`; `undefined` when it is no carbon, `'rejected'` for a carbon we must not trust. */
  unwrap(stanza: Element): Carbon | 'rejected' | undefined;
}

/** Create the carbons factory. */
export function carbons({ connection, ownJid, emitError }: CarbonDeps): Carbons {
  return {
    async enable() {
      try {
        await connection.iq(xml('iq', { type: 'set' }, xml('enable', { xmlns: NS_CARBONS })));
      } catch (e) {
        // A server without carbons says so with an error reply: fine, we just see fewer copies.
        if (!isStanzaError(e) && !isSessionGone(e)) emitError(asPresenceError(e, 'timeout', 'Enabling carbons failed'));
      }
    },
    unwrap(stanza) {
      const wrapper = stanza.getChild('received', NS_CARBONS) ?? stanza.getChild('sent', NS_CARBONS);
      if (!wrapper) return undefined;
      const from = stanza.attrs.from;
      if (from === undefined || from.includes('/') || tryBareJid(from) !== ownJid) {
        emitError(malformed(`Rejected a carbon copy from ${String(from).slice(0, 100)}: not our own account`));
        return 'rejected';
      }
      const message = wrapper.getChild('forwarded', NS_FORWARD)?.getChild('message');
      if (!message) {
        emitError(malformed('Carbon copy without a forwarded message', stanza));
        return 'rejected';
      }
      const direction = wrapper.name === 'sent' ? 'out' : 'in';
      // The copy must be about us: we sent it (out) or it was addressed to us (in).
      const ours = direction === 'out' ? message.attrs.from : message.attrs.to;
      if (ours !== undefined && tryBareJid(ours) !== ownJid) {
        emitError(malformed('Carbon copy of a message that is not ours', stanza));
        return 'rejected';
      }
      return { direction, message };
    },
  };
}
