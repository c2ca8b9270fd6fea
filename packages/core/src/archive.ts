/**
 * XEP-0313 — Message Archive Management (`urn:xmpp:mam:2`): the last page of our own archive
 * with one contact (RSM `<before/>`), oldest first. Result messages are accepted only from our
 * own account and only for a query we are running.
 */
import { xml, type Element } from './xml.js';
import type { Connection } from './connection/types.js';
import { PresenceError } from './errors.js';
import { bareJid, tryBareJid } from './jid.js';
import { parseStamp, randomId } from './stanza-utils.js';
import type { ChatMessage } from './types.js';
import { NS_DATA_FORMS, NS_DELAY, NS_FORWARD, NS_MAM, NS_RSM } from './namespaces.js';

/** XEP-0313 namespace. */
const MAX_PAGE = 500;

/** Dependencies of {@link archive}. */
export interface ArchiveDeps {
  connection: Connection;
  /** Our bare JID. */
  ownJid: string;
}

/** Chat history from the server archive. */
export interface Archive {
  history(jid: string, max?: number): Promise<ChatMessage[]>;
  /** True when `stanza` was a result for one of our queries (consumed). */
  handle(stanza: Element): boolean;
}

interface Query {
  with: string;
  results: ChatMessage[];
}

/** Create the archive factory. */
export function archive({ connection, ownJid }: ArchiveDeps): Archive {
  const queries = new Map<string, Query>();

  function toMessage(result: Element, query: Query): ChatMessage | undefined {
    const forwarded = result.getChild('forwarded', NS_FORWARD);
    const message = forwarded?.getChild('message');
    const body = message?.getChildText('body');
    if (!message || body === null || body === undefined) return undefined;
    const from = tryBareJid(message.attrs.from) ?? ownJid;
    const to = tryBareJid(message.attrs.to) ?? ownJid;
    const direction = from === ownJid ? 'out' : 'in';
    if ((direction === 'out' ? to : from) !== query.with) return undefined;
    const stamp = parseStamp(forwarded?.getChild('delay', NS_DELAY)?.attrs.stamp) ?? new Date();
    return {
      id: message.attrs.id ?? result.attrs.id ?? randomId('a'),
      from,
      to,
      body,
      timestamp: stamp,
      direction,
      archived: true,
    };
  }

  return {
    async history(jid, max = 50) {
      const peer = bareJid(jid);
      if (!Number.isInteger(max) || max < 1) throw new PresenceError('invalid-argument', 'max must be a positive integer');
      const queryid = randomId('q');
      const query: Query = { with: peer, results: [] };
      queries.set(queryid, query);
      const form = xml(
        'x',
        { xmlns: NS_DATA_FORMS, type: 'submit' },
        xml('field', { var: 'FORM_TYPE', type: 'hidden' }, xml('value', {}, NS_MAM)),
        xml('field', { var: 'with' }, xml('value', {}, peer)),
      );
      const rsm = xml('set', { xmlns: NS_RSM }, xml('max', {}, String(Math.min(max, MAX_PAGE))), xml('before'));
      try {
        await connection.iq(xml('iq', { type: 'set' }, xml('query', { xmlns: NS_MAM, queryid }, form, rsm)));
      } finally {
        queries.delete(queryid);
      }
      return query.results.sort((a, b) => a.timestamp.getTime() - b.timestamp.getTime());
    },
    handle(stanza) {
      const result = stanza.getChild('result', NS_MAM);
      if (!result) return false;
      const from = stanza.attrs.from;
      const query = queries.get(result.attrs.queryid ?? '');
      if (!query || (from !== undefined && (from.includes('/') || tryBareJid(from) !== ownJid))) return true;
      const message = toMessage(result, query);
      if (message && query.results.length < MAX_PAGE) query.results.push(message);
      return true;
    },
  };
}
