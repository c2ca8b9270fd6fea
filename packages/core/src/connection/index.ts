/**
 * connection/ — the XMPP session layer behind the `Connection` seam (./types.ts): transports
 * (RFC 7395 WebSocket, RFC 6120 TCP/TLS), SASL, XEP-0198, reconnection, outbox, IQ, XEP-0352.
 * Internal to @presently/core: the presence model imports from here; the package does not re-export it.
 */
export { createConnection, XmppConnection } from './connection.js';
export type { LoginInfo } from './connection.js';
export type { ConnectionOptions } from './options.js';
export type { Connection, ConnectionEvents, SendOptions, Element } from './types.js';
export { errorCondition, newId } from './iq.js';
