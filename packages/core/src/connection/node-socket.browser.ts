/** Browser stand-in for node-socket.ts (package.json "browser" map): there are no TCP sockets in a browser. */
import { PresenceError } from '../errors.js';
import type { NodeLink } from './node-socket.js';

export type { NodeLink };

const unsupported = () => Promise.reject(new PresenceError('unsupported', 'xmpp:// and xmpps:// need Node; in browsers use wss://'));

export const connectNode: (
  service: string,
  domain: string,
  tls: boolean,
  on: { data(text: string): void; invalid(reason: string): void; closed(): void },
) => Promise<NodeLink> = unsupported;
