/**
 * Every XML namespace core speaks, in one place (as stanza's Namespaces.ts), named `NS_<WHAT>` after the
 * specification that defines it. Protocol files import what they use; nothing else spells a namespace out.
 */

// RFC 6120 — XMPP Core
export const NS_CLIENT = 'jabber:client';
export const NS_STREAMS = 'http://etherx.jabber.org/streams';
export const NS_STREAM_ERRORS = 'urn:ietf:params:xml:ns:xmpp-streams';
export const NS_STANZAS = 'urn:ietf:params:xml:ns:xmpp-stanzas';
export const NS_TLS = 'urn:ietf:params:xml:ns:xmpp-tls';
export const NS_SASL = 'urn:ietf:params:xml:ns:xmpp-sasl';
export const NS_BIND = 'urn:ietf:params:xml:ns:xmpp-bind';
// RFC 3921 §3 — legacy session establishment
export const NS_SESSION = 'urn:ietf:params:xml:ns:xmpp-session';
// RFC 7395 — XMPP over WebSocket
export const NS_FRAMING = 'urn:ietf:params:xml:ns:xmpp-framing';
// RFC 6121 §2 — roster
export const NS_ROSTER = 'jabber:iq:roster';

// XEP-0030 service discovery
export const NS_DISCO_INFO = 'http://jabber.org/protocol/disco#info';
// XEP-0004 data forms
export const NS_DATA_FORMS = 'jabber:x:data';
// XEP-0012 last activity
export const NS_LAST_ACTIVITY = 'jabber:iq:last';
// XEP-0054 vcard-temp
export const NS_VCARD = 'vcard-temp';
// XEP-0059 result set management
export const NS_RSM = 'http://jabber.org/protocol/rsm';
// XEP-0060 publish-subscribe (used as XEP-0163 PEP)
export const NS_PUBSUB = 'http://jabber.org/protocol/pubsub';
export const NS_PUBSUB_EVENT = 'http://jabber.org/protocol/pubsub#event';
export const NS_PUBSUB_PUBLISH_OPTIONS = 'http://jabber.org/protocol/pubsub#publish-options';
// XEP-0085 chat state notifications
export const NS_CHAT_STATES = 'http://jabber.org/protocol/chatstates';
// XEP-0115 entity capabilities
export const NS_CAPS = 'http://jabber.org/protocol/caps';
// XEP-0172 user nickname
export const NS_NICK = 'http://jabber.org/protocol/nick';
// XEP-0184 message delivery receipts
export const NS_RECEIPTS = 'urn:xmpp:receipts';
// XEP-0359 Unique and Stable Stanza IDs (our origin-id)
export const NS_SID = 'urn:xmpp:sid:0';
// XEP-0198 stream management
export const NS_SM = 'urn:xmpp:sm:3';
// XEP-0199 XMPP ping
export const NS_PING = 'urn:xmpp:ping';
// XEP-0202 entity time
export const NS_TIME = 'urn:xmpp:time';
// XEP-0203 delayed delivery
export const NS_DELAY = 'urn:xmpp:delay';
// XEP-0280 message carbons
export const NS_CARBONS = 'urn:xmpp:carbons:2';
// XEP-0297 stanza forwarding
export const NS_FORWARD = 'urn:xmpp:forward:0';
// XEP-0313 message archive management
export const NS_MAM = 'urn:xmpp:mam:2';
// XEP-0319 last user interaction in presence
export const NS_IDLE = 'urn:xmpp:idle:1';
// XEP-0333 chat markers (displayed markers)
export const NS_CHAT_MARKERS = 'urn:xmpp:chat-markers:0';
// XEP-0334 message processing hints
export const NS_HINTS = 'urn:xmpp:hints';
// XEP-0352 client state indication
export const NS_CSI = 'urn:xmpp:csi:0';

// Presently's own PEP node (XEP-0223 private storage): our own status, shared by all our sessions (own-status.ts)
export const NS_OWN_STATUS = 'urn:xmpp:presently:own-status:0';
// XEP-0388 Extensible SASL Profile (SASL2)
export const NS_SASL2 = 'urn:xmpp:sasl:2';
// XEP-0484 Fast Authentication Streamlining Tokens
export const NS_FAST = 'urn:xmpp:fast:0';
