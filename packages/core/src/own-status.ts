/**
 * XEP-0223 Persistent Storage of Private Data via PubSub 1.1, on XEP-0163 PEP: our own status, kept on
 * our server in the private node `urn:xmpp:presently:own-status:0` with one item (id `current`, replaced on
 * each publish), so every session of ours starts from it and an `until` holds when the page that set it is
 * closed.
 *
 * Why PEP and not XEP-0049 private XML storage: PEP *pushes* each new item to our other sessions (those
 * that list the node with `+notify` in their XEP-0115 caps, caps.ts), within a round trip; XEP-0049 has
 * no notifications, so sessions would have to poll. The node is `whitelist` (only our own account reads
 * it) and persistent; the publish-options precondition makes the server refuse rather than store
 * it world-readable. Tested on Prosody 0.12 / 13 and ejabberd 23.01 / 24.12, which all accept these
 * publish-options; a server that refuses them reports `storage-failed` (no silent XEP-0049 fallback).
 *
 * The item:
 * ```xml
 * <own-status xmlns='urn:xmpp:presently:own-status:0' show='dnd' since='…' until='…' last-input='…'>
 *   <status>Focus time</status>
 *   <priority jid='boss@example.com'/>
 * </own-status>
 * ```
 */
import { xml, type Element } from './xml.js';
import type { Connection } from './connection/types.js';
import { tryParseJid } from './jid.js';
import { NS_DATA_FORMS, NS_OWN_STATUS, NS_PUBSUB, NS_PUBSUB_EVENT, NS_PUBSUB_PUBLISH_OPTIONS } from './namespaces.js';
import { keepText } from './stanza-utils.js';
import type { OwnShow } from './types.js';
import { MAX_OWN_STATUS } from './own-presence.js';

/**
 * How long a new session waits for the stored status before sending initial presence without it: a server that
 * doesn't answer must not keep us invisible for the connection's 15 s IQ timeout.
 */
export const READ_TIMEOUT_MS = 3000;
/** Most priority contacts we keep (a list of people who may interrupt, not an address book). */
export const MAX_PRIORITY_CONTACTS = 100;
const ITEM_ID = 'current';
const SHOWS: ReadonlySet<string> = new Set<OwnShow>(['available', 'chat', 'away', 'xa', 'dnd']);

/** Our own status as stored: what the user chose, when, and who may interrupt. */
export interface StoredStatus {
  show: OwnShow;
  status?: string;
  until?: Date;
  /** When it was chosen; the newest choice wins between sessions. */
  since: Date;
  /** Bare JIDs who may interrupt during dnd. */
  priority: readonly string[];
  /** The latest user input in any of our sessions (auto-away.ts), at most once a minute. */
  lastInput?: Date;
}

/** A date attribute: XEP-0082 date-time, or undefined. Unlike parseStamp, future dates stay (an `until` is one). */
function dateAttr(value: string | undefined): Date | undefined {
  if (value === undefined || value.length > 64 || !/^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})$/.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? new Date(ms) : undefined;
}

/** The `<own-status/>` payload for `s`. */
export function buildStatusItem(s: StoredStatus): Element {
  const el = xml('own-status', {
    xmlns: NS_OWN_STATUS,
    show: s.show,
    since: s.since.toISOString(),
    until: s.until?.toISOString(),
    'last-input': s.lastInput?.toISOString(),
  });
  if (s.status) el.c('status').t(s.status);
  for (const jid of s.priority) el.c('priority', { jid });
  return el;
}

/** The stored status in `el` (an `<own-status/>`), or undefined when it is missing or unreadable. */
export function parseStatusItem(el: Element | undefined): StoredStatus | undefined {
  if (!el?.is('own-status', NS_OWN_STATUS)) return undefined;
  const { show = '', since } = el.attrs;
  const at = dateAttr(since);
  if (!SHOWS.has(show) || !at) return undefined;
  const priority = el
    .getChildren('priority')
    .map((p) => tryParseJid(p.attrs.jid ?? '')?.bare)
    .filter((jid): jid is string => !!jid)
    .slice(0, MAX_PRIORITY_CONTACTS);
  const status = keepText(el.getChildText('status') ?? '', MAX_OWN_STATUS).trim();
  const until = dateAttr(el.attrs.until);
  const lastInput = dateAttr(el.attrs['last-input']);
  return {
    show: show as OwnShow,
    since: at,
    priority: Object.freeze([...new Set(priority)]),
    ...(status ? { status } : {}),
    ...(until ? { until } : {}),
    ...(lastInput ? { lastInput } : {}),
  };
}

/**
 * XEP-0060 §7.1.5 publish-options: the node's access and persistence, as a precondition. No `pubsub#max_items`:
 * ejabberd 23.01 refuses the field ("Unknown field"), and one fixed item id keeps the node at one item anyway.
 */
function publishOptions(): Element {
  const field = (name: string, value: string, type?: string) => xml('field', { var: name, type }, xml('value', {}, value));
  return xml(
    'publish-options',
    {},
    xml(
      'x',
      { xmlns: NS_DATA_FORMS, type: 'submit' },
      field('FORM_TYPE', NS_PUBSUB_PUBLISH_OPTIONS, 'hidden'),
      field('pubsub#persist_items', 'true'),
      field('pubsub#access_model', 'whitelist'),
    ),
  );
}

/** The storage: read, write, and the item a PEP notification carries. */
export interface OwnStatusStorage {
  /** The stored status; undefined when there is none yet (item-not-found). Rejects with the IQ's error. */
  read(): Promise<StoredStatus | undefined>;
  /** Replace the stored status. Rejects with the IQ's error. */
  write(s: StoredStatus): Promise<void>;
  /** A PEP notification of our node from our own account: its status; undefined for any other stanza. */
  notified(message: Element, fromBare: string | undefined): StoredStatus | undefined;
}

/** Create the storage for account `ownJid` (bare). */
export function ownStatusStorage({ connection, ownJid }: { connection: Connection; ownJid: string }): OwnStatusStorage {
  return {
    async read() {
      const request = xml(
        'iq',
        { type: 'get' },
        xml('pubsub', { xmlns: NS_PUBSUB }, xml('items', { node: NS_OWN_STATUS, max_items: '1' })),
      );
      let result: Element;
      try {
        result = await connection.iq(request, READ_TIMEOUT_MS);
      } catch (e) {
        // No node yet: nothing was ever stored.
        if ((e as { condition?: string }).condition === 'item-not-found') return undefined;
        throw e;
      }
      const items = result.getChild('pubsub', NS_PUBSUB)?.getChild('items')?.getChildren('item') ?? [];
      return parseStatusItem(items.at(-1)?.getChild('own-status', NS_OWN_STATUS));
    },
    async write(s) {
      const publish = xml('publish', { node: NS_OWN_STATUS }, xml('item', { id: ITEM_ID }, buildStatusItem(s)));
      await connection.iq(xml('iq', { type: 'set' }, xml('pubsub', { xmlns: NS_PUBSUB }, publish, publishOptions())));
    },
    notified(message, fromBare) {
      // Only our own account's PEP service speaks for our node (a contact could send anything).
      if (fromBare !== ownJid) return undefined;
      const items = message.getChild('event', NS_PUBSUB_EVENT)?.getChild('items');
      if (items?.attrs.node !== NS_OWN_STATUS) return undefined;
      return parseStatusItem(items.getChildren('item').at(-1)?.getChild('own-status', NS_OWN_STATUS));
    },
  };
}
