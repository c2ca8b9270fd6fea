/**
 * XEP-0115 Entity Capabilities 1.6 and the XEP-0030 disco#info answer behind it. We announce what we
 * understand so that the server's PEP service (XEP-0163 §4.3.1 "filtered notifications") sends us the
 * items of nodes we list with `+notify`: here our own-status node, which is how a change made in one of
 * our sessions reaches the others (own-status.ts) without polling.
 */
import { xml, type Element } from './xml.js';
import type { Connection } from './connection/types.js';
import { NS_CAPS, NS_DISCO_INFO, NS_OWN_STATUS, NS_PING, NS_TIME } from './namespaces.js';
import { sha1 } from './sha1.js';

/** The node URI in our `<c/>` (XEP-0115 §4: the software's home page). */
export const CAPS_NODE = 'https://github.com/presently/presently';
const IDENTITY = { category: 'client', type: 'web', name: 'Presently' } as const;

/** What both clients understand; the full client adds its own (chat states, receipts…). */
export const BASE_FEATURES: readonly string[] = [NS_CAPS, NS_DISCO_INFO, NS_PING, NS_TIME, `${NS_OWN_STATUS}+notify`];

/** XEP-0115 §5.1: the verification string, before hashing. Features sorted; XEP-0030 identity without xml:lang. */
export function capsString(features: readonly string[]): string {
  const sorted = [...new Set(features)].sort();
  return `${IDENTITY.category}/${IDENTITY.type}//${IDENTITY.name}<${sorted.map((f) => `${f}<`).join('')}`;
}

/** Base64 of the SHA-1 of the verification string. */
export function capsVer(features: readonly string[]): string {
  let binary = '';
  for (const byte of sha1(new TextEncoder().encode(capsString(features)))) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** What the presence stanza carries and what disco#info answers. */
export interface Caps {
  /** The `<c/>` element for our presence. */
  element(): Element;
}

/** Answer disco#info for our features and give the matching `<c/>`. */
export function caps({ connection, features }: { connection: Connection; features: readonly string[] }): Caps {
  const sorted = [...new Set(features)].sort();
  const ver = capsVer(sorted);
  connection.handleIq('get', NS_DISCO_INFO, 'query', async (iq) => {
    const node = iq.getChild('query', NS_DISCO_INFO)?.attrs.node;
    const query = xml('query', { xmlns: NS_DISCO_INFO, ...(node ? { node } : {}) });
    query.c('identity', { ...IDENTITY });
    for (const feature of sorted) query.c('feature', { var: feature });
    return query;
  });
  return {
    element() {
      return xml('c', { xmlns: NS_CAPS, hash: 'sha-1', node: CAPS_NODE, ver });
    },
  };
}
