/**
 * XEP-0030 — Service Discovery (disco#info, §3.1), asked of the server and of our own account, plus the
 * RFC 6120 §4.3.2 stream features of the last login: what the server offers, for `presently doctor` and for
 * apps that adapt to it. Stream management and CSI are stream features only; PEP and MAM are announced on
 * the account's bare JID (XEP-0163 §6.1, XEP-0313 §7); carbons, time, last activity and vCard on the server.
 */
import { xml, type Element } from './xml.js';
import { isPresenceError } from './errors.js';
import type { Connection } from './connection/types.js';
import type { ServerFeatures } from './types.js';
import { NS_DISCO_INFO } from './namespaces.js';

/** The `<feature var>` values of a disco#info result. */
function featuresOf(result: Element): string[] {
  const features = result.getChild('query', NS_DISCO_INFO)?.getChildren('feature') ?? [];
  return [...new Set(features.flatMap((feature) => (feature.attrs.var ? [feature.attrs.var] : [])))].sort();
}

/** disco#info of `to`; a stanza error (nothing to discover there) is an empty list. */
async function discoInfo(connection: Connection, to: string): Promise<string[]> {
  try {
    return featuresOf(await connection.iq(xml('iq', { type: 'get', to }, xml('query', { xmlns: NS_DISCO_INFO }))));
  } catch (error) {
    if (isPresenceError(error, 'stanza-error')) return [];
    throw error;
  }
}

/** What the server offers now; rejects `not-connected` while offline, `timeout` when it does not answer. */
export async function serverFeatures({ connection, ownJid }: { connection: Connection; ownJid: string }): Promise<ServerFeatures> {
  const domain = ownJid.slice(ownJid.indexOf('@') + 1);
  const [server, account] = await Promise.all([discoInfo(connection, domain), discoInfo(connection, ownJid)]);
  return { server, account, stream: [...(connection.streamFeatures ?? [])] };
}
