/**
 * XEP-0184 — Message Delivery Receipts: requested on every message we send, answered when a
 * contact allowed to see our presence asks (§8: receipts would otherwise leak our presence),
 * and reported as 'receipt' events only for ids we sent to that very contact.
 */
import { xml, type Element } from './xml.js';
import type { Connection } from './connection/types.js';
import type { ParsedJid } from './jid.js';
import { randomId } from './stanza-utils.js';
import { NS_RECEIPTS } from './namespaces.js';

/** XEP-0184 namespace. */
const MAX_TRACKED = 1000;

/** Dependencies of {@link receipts}. */
export interface ReceiptDeps {
  connection: Connection;
  /** True when `jid` may learn that we are online (roster subscription from / both). */
  mayAnswer: (jid: string) => boolean;
  onReceipt: (receipt: { id: string; from: string }) => void;
}

/** Receipts both ways. */
export interface Receipts {
  /** Remember that message `id` went to `to` (bare JID), so its receipt is recognised. */
  track(id: string, to: string): void;
  /** A live message from `from`: answer its request and report a receipt it carries. */
  handle(stanza: Element, from: ParsedJid): void;
}

/** Create the receipts factory. */
export function receipts({ connection, mayAnswer, onReceipt }: ReceiptDeps): Receipts {
  /** Sent message id → recipient bare JID, oldest first. */
  const sent = new Map<string, string>();

  return {
    track(id, to) {
      sent.set(id, to);
      if (sent.size > MAX_TRACKED) sent.delete(sent.keys().next().value as string);
    },
    handle(stanza, from) {
      const received = stanza.getChild('received', NS_RECEIPTS);
      const id = received?.attrs.id;
      if (id !== undefined && sent.get(id) === from.bare) {
        sent.delete(id);
        onReceipt({ id, from: from.bare });
      }
      const requestId = stanza.attrs.id;
      if (
        stanza.getChild('request', NS_RECEIPTS) &&
        requestId &&
        stanza.attrs.type !== 'groupchat' &&
        stanza.attrs.type !== 'error' &&
        stanza.getChild('body') &&
        mayAnswer(from.bare)
      ) {
        // To the full JID that sent it: the receipt is about that device's message.
        const to = stanza.attrs.from as string;
        const reply = xml(
          'message',
          { to, id: randomId('r'), ...(stanza.attrs.type === 'chat' ? { type: 'chat' } : {}) },
          xml('received', { xmlns: NS_RECEIPTS, id: requestId }),
        );
        connection.send(reply).catch(() => {});
      }
    },
  };
}
