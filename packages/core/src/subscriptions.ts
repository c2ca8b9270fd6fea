/**
 * RFC 6121 §3 — Managing Presence Subscriptions: requesting, approving and denying, with
 * XEP-0172 nicknames on requests. Inbound requests are only ever reported, never approved
 * automatically.
 */
import { xml, type Element } from './xml.js';
import type { Connection } from './connection/types.js';
import { bareJid, type ParsedJid } from './jid.js';
import { capText } from './stanza-utils.js';
import type { SubscriptionRequest } from './types.js';
import { NS_NICK } from './namespaces.js';

const MAX_FLOWS = 1000;

/** Dependencies of {@link subscriptions}. */
export interface SubscriptionDeps {
  connection: Connection;
  onRequest: (request: SubscriptionRequest) => void;
}

/** Subscription requests in and out. */
export interface Subscriptions {
  request(jid: string): Promise<void>;
  approve(jid: string): Promise<void>;
  deny(jid: string): Promise<void>;
  /** subscribe / subscribed / unsubscribe / unsubscribed presence from `from`. */
  handle(stanza: Element, from: ParsedJid): void;
  /** True while a request to or from `jid` is open (its presence is worth keeping). */
  inFlow(jid: string): boolean;
  /** The roster says the flow with `jid` settled (subscribed or removed). */
  settled(jid: string): void;
}

/** Create the subscriptions factory. */
export function subscriptions({ connection, onRequest }: SubscriptionDeps): Subscriptions {
  /** Bare JIDs with an open request either way, oldest first (bounded). */
  const flows = new Set<string>();

  function open(jid: string): void {
    flows.delete(jid);
    flows.add(jid);
    if (flows.size > MAX_FLOWS) flows.delete(flows.values().next().value as string);
  }

  async function sendType(jid: string, type: string): Promise<string> {
    const to = bareJid(jid);
    await connection.send(xml('presence', { to, type }), { queue: true });
    return to;
  }

  return {
    async request(jid) {
      const to = bareJid(jid);
      open(to);
      await sendType(to, 'subscribe');
    },
    async approve(jid) {
      const to = await sendType(jid, 'subscribed');
      flows.delete(to);
    },
    async deny(jid) {
      const to = await sendType(jid, 'unsubscribed');
      flows.delete(to);
    },
    handle(stanza, from) {
      const jid = from.bare;
      switch (stanza.attrs.type) {
        case 'subscribe': {
          open(jid);
          const nick = stanza.getChildText('nick', NS_NICK)?.trim();
          onRequest(nick ? { jid, name: capText(nick, 200) } : { jid });
          break;
        }
        case 'unsubscribed':
          // Denied or revoked: the roster push that follows updates the item; nothing is pending any more.
          flows.delete(jid);
          break;
        default:
          // subscribed / unsubscribe: the roster push carries the new state.
          break;
      }
    },
    inFlow: (jid) => flows.has(jid),
    settled(jid) {
      flows.delete(jid);
    },
  };
}
