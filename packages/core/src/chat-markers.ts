/**
 * XEP-0333 — Chat Markers (`urn:xmpp:chat-markers:0`), the `displayed` marker only: how a message read in one
 * of our sessions stops being unread in the others. Our messages carry `<markable/>`; when the user reads a
 * conversation we send `<displayed id=…/>` for the last markable message of the contact, as a chat message to
 * their bare JID. XEP-0280 carbons copy it to our other sessions, which clear that conversation's unread count
 * up to that message (messages.ts hands the carbon to {@link ChatMarkers.displayedId}).
 *
 * Rules kept from the spec (§7, §9): a marker answers only a message that asked for one (`markable`, with an
 * id); never a marker for a marker; markers for unknown messages are ignored (conversations.ts); markers only
 * go to contacts allowed to see our presence, since sending one reveals that we are online.
 */
import { xml, type Element } from './xml.js';
import type { Connection } from './connection/types.js';
import { NS_CHAT_MARKERS } from './namespaces.js';
import { randomId } from './stanza-utils.js';

/** Dependencies of {@link chatMarkers}. */
export interface ChatMarkerDeps {
  connection: Connection;
  /** True when `jid` may learn that we are online (roster subscription from / both). */
  mayMark: (jid: string) => boolean;
}

/** Displayed markers both ways. */
export interface ChatMarkers {
  /** The `<markable/>` child our outgoing messages carry. */
  markable(): Element;
  /** True when `stanza` asks for markers (and has the id a marker needs). */
  isMarkable(stanza: Element): boolean;
  /** The id that a `displayed` marker in `stanza` marks, or undefined when there is none. */
  displayedId(stanza: Element): string | undefined;
  /** Tell `to` (a bare JID), and through carbons our other sessions, that we displayed message `id`. Best effort. */
  displayed(to: string, id: string): void;
}

/** Create the chat markers factory. */
export function chatMarkers({ connection, mayMark }: ChatMarkerDeps): ChatMarkers {
  return {
    markable: () => xml('markable', { xmlns: NS_CHAT_MARKERS }),
    isMarkable: (stanza) => stanza.attrs.id !== undefined && stanza.getChild('markable', NS_CHAT_MARKERS) !== undefined,
    displayedId(stanza) {
      const id = stanza.getChild('displayed', NS_CHAT_MARKERS)?.attrs.id;
      return id ? id : undefined;
    },
    displayed(to, id) {
      if (!mayMark(to) || connection.status !== 'online') return;
      // type chat: servers copy it to our other sessions (XEP-0280 §6); no body, so it is never archived as a line.
      const marker = xml('message', { to, type: 'chat', id: randomId('d') }, xml('displayed', { xmlns: NS_CHAT_MARKERS, id }));
      connection.send(marker).catch(() => {});
    },
  };
}
