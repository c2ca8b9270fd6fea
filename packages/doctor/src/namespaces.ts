/**
 * Every XML namespace the doctor spells out, in one place, named `NS_<WHAT>` as in @presently/core's namespaces.ts
 * (core's module is not part of its public API, and no package imports another's src/): the WebSocket framing the
 * doctor opens a stream with, the stream errors it reads, and the disco#info features it looks for (features.ts).
 */

// RFC 6120 — XMPP Core: stream errors
export const NS_STREAM_ERRORS = 'urn:ietf:params:xml:ns:xmpp-streams';
// RFC 7395 — XMPP over WebSocket
export const NS_FRAMING = 'urn:ietf:params:xml:ns:xmpp-framing';

// XEP-0012 last activity
export const NS_LAST_ACTIVITY = 'jabber:iq:last';
// XEP-0049 private XML storage
export const NS_PRIVATE = 'jabber:iq:private';
// XEP-0054 vcard-temp
export const NS_VCARD = 'vcard-temp';
// XEP-0060 publish-subscribe: the `publish` feature, which PEP (XEP-0163) announces on the account
export const NS_PUBSUB_PUBLISH = 'http://jabber.org/protocol/pubsub#publish';
// XEP-0198 stream management
export const NS_SM = 'urn:xmpp:sm:3';
// XEP-0202 entity time
export const NS_TIME = 'urn:xmpp:time';
// XEP-0280 message carbons
export const NS_CARBONS = 'urn:xmpp:carbons:2';
// XEP-0313 message archive management
export const NS_MAM = 'urn:xmpp:mam:2';
// XEP-0352 client state indication
export const NS_CSI = 'urn:xmpp:csi:0';
