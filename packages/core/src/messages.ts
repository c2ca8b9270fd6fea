/**
 * RFC 6121 §5 — Exchanging Messages: one-to-one chat messages in and out, with XEP-0203 delayed
 * delivery stamps. Routes each inbound `<message/>` through carbons (XEP-0280), archive results
 * (XEP-0313), receipts (XEP-0184), chat states (XEP-0085) and displayed markers (XEP-0333).
 */
import { xml, type Element } from './xml.js';
import type { Archive } from './archive.js';
import type { Carbons } from './carbons.js';
import type { ChatMarkers } from './chat-markers.js';
import type { ChatStates } from './chat-states.js';
import type { Connection } from './connection/types.js';
import { PresenceError } from './errors.js';
import { bareJid, tryParseJid, type ParsedJid } from './jid.js';
import type { Receipts } from './receipts.js';
import { errorCondition } from './connection/iq.js';
import { GONE_CONDITIONS, malformed, parseStamp, randomId, stanzaError } from './stanza-utils.js';
import { detach } from './text.js';
import type { ChatMessage } from './types.js';
import { NS_CHAT_STATES, NS_DELAY, NS_RECEIPTS, NS_SID } from './namespaces.js';

/** Longest message body we send, in UTF-16 units. */
export const MAX_BODY = 10_000;
/** Longest message id we accept from the caller (ids travel in attributes; ours are ~20 characters). */
const MAX_ID = 128;

/** Dependencies of {@link messages}. */
export interface MessageDeps {
  connection: Connection;
  /** Our bare JID. */
  ownJid: string;
  carbons: Carbons;
  archive: Archive;
  receipts: Receipts;
  chatStates: ChatStates;
  markers: ChatMarkers;
  onMessage: (message: ChatMessage) => void;
  /** Another session of ours displayed the conversation with `jid` up to message `id` (our carbon of its marker). */
  onDisplayed: (marker: { jid: string; id: string }) => void;
  /** Our message `id` to `jid` came back as an error; true when a chat line now reads failed because of it. */
  onBounced: (bounce: { jid: string; id: string }) => boolean;
  emitError: (error: PresenceError) => void;
}

/** Messages in and out. */
export interface Messages {
  /** `from`: the stanza's sender as the connection parsed it (undefined: none, i.e. our own server or account). */
  handle(stanza: Element, from: ParsedJid | undefined): void;
  /**
   * Validate and build an outgoing message (its id is chosen here, so a receipt or an archive copy can be
   * matched before the send settles). Throws `invalid-jid`, or `invalid-argument` for an empty or oversized body.
   */
  prepare(to: string, body: string, id?: string): ChatMessage;
  /** Send a prepared message with a XEP-0184 request (queued while offline); resolves on the server's ack. */
  transmit(message: ChatMessage): Promise<void>;
}

/** Create the messages factory. */
export function messages(deps: MessageDeps): Messages {
  const { connection, ownJid, emitError } = deps;

  function toChatMessage(stanza: Element, from: string, to: string, direction: 'in' | 'out'): ChatMessage | undefined {
    const body = stanza.getChildText('body');
    if (body === null || body === undefined || !body.trim()) return undefined;
    const stamp = parseStamp(stanza.getChild('delay', NS_DELAY)?.attrs.stamp);
    return {
      id: stanza.attrs.id === undefined ? randomId('i') : detach(stanza.attrs.id),
      from,
      to,
      body: detach(body),
      timestamp: stamp ?? new Date(),
      direction,
      ...(stamp ? { delayed: true } : {}),
      ...(direction === 'in' && deps.markers.isMarkable(stanza) ? { markable: true } : {}),
    };
  }

  function isChat(stanza: Element): boolean {
    const type = stanza.attrs.type ?? 'normal';
    return type === 'chat' || type === 'normal';
  }

  function handleCarbon(stanza: Element): boolean {
    const carbon = deps.carbons.unwrap(stanza);
    if (carbon === undefined) return false;
    if (carbon === 'rejected' || !isChat(carbon.message)) return true;
    const inner = carbon.message;
    const peer = tryParseJid(carbon.direction === 'out' ? inner.attrs.to : inner.attrs.from);
    if (!peer) {
      emitError(malformed('Carbon copy without a valid peer', stanza));
      return true;
    }
    if (carbon.direction === 'in') {
      // Another of our devices got it; that device answers receipts. Typing to it is typing to us.
      deps.chatStates.handleMessage(peer.bare, inner);
      const message = toChatMessage(inner, peer.bare, ownJid, 'in');
      if (message) deps.onMessage(message);
    } else {
      const displayed = deps.markers.displayedId(inner);
      if (displayed !== undefined) deps.onDisplayed({ jid: peer.bare, id: detach(displayed) });
      const message = toChatMessage(inner, ownJid, peer.bare, 'out');
      if (message) deps.onMessage(message);
    }
    return true;
  }

  return {
    handle(stanza, from) {
      if (deps.archive.handle(stanza)) return;
      if (handleCarbon(stanza)) return;
      // No from: our own server or account, which sends us no chats (invalid ones never get past the connection).
      if (!from) return;
      if (stanza.attrs.type === 'error') {
        const id = stanza.attrs.id;
        const message = id !== undefined && deps.onBounced({ jid: from.bare, id });
        // A chat state, receipt, marker or delivered message bounced by a session that just ended is nothing to
        // report; a message that failed is.
        if (message || !GONE_CONDITIONS.has(errorCondition(stanza)))
          emitError(stanzaError(stanza, `Message ${id ?? ''} to ${from.bare} failed`));
        return;
      }
      if (!isChat(stanza) || from.bare === ownJid) return;
      deps.receipts.handle(stanza, from);
      deps.chatStates.handleMessage(from.bare, stanza);
      const message = toChatMessage(stanza, from.bare, ownJid, 'in');
      if (message) deps.onMessage(message);
    },

    prepare(to, body, id) {
      const jid = bareJid(to);
      if (typeof body !== 'string' || !body.trim()) throw new PresenceError('invalid-argument', 'Message body is empty');
      if (body.length > MAX_BODY) throw new PresenceError('invalid-argument', `Message body is longer than ${MAX_BODY} characters`);
      if (id !== undefined && (typeof id !== 'string' || id.length < 1 || id.length > MAX_ID)) {
        throw new PresenceError('invalid-argument', `A message id is 1 to ${MAX_ID} characters`);
      }
      return { id: id ?? randomId('m'), from: ownJid, to: jid, body, timestamp: new Date(), direction: 'out' };
    },

    async transmit(message) {
      const stanza = xml(
        'message',
        { type: 'chat', id: message.id, to: message.to },
        xml('body', {}, message.body),
        xml('request', { xmlns: NS_RECEIPTS }),
        xml('active', { xmlns: NS_CHAT_STATES }),
        // XEP-0359: the id we chose travels where servers and archives keep it (a resend after failover has the same).
        xml('origin-id', { xmlns: NS_SID, id: message.id }),
        deps.markers.markable(),
      );
      deps.receipts.track(message.id, message.to);
      await connection.send(stanza, { queue: true });
    },
  };
}
