/**
 * RFC 6121 §2 — Managing the Roster: roster get on every fresh session (§2.1.3), roster pushes
 * (§2.1.6, accepted only from our own account), contact names and subscription states.
 */
import { xml, type Element } from './xml.js';
import type { Connection } from './connection/types.js';
import { PresenceError } from './errors.js';
import { tryBareJid } from './jid.js';
import { capText, iqPayload, keepText, malformed } from './stanza-utils.js';
import { NS_ROSTER } from './namespaces.js';

const MAX_NAME = 1000;
const MAX_GROUPS = 50;

/** RFC 6121 subscription states of a roster item. */
export type Subscription = 'none' | 'to' | 'from' | 'both';

/** One roster item. Immutable: a new object on change. */
export interface RosterItem {
  jid: string;
  name?: string;
  subscription: Subscription;
  /** `ask='subscribe'`: our request awaits their approval. */
  pending: boolean;
  groups: readonly string[];
}

/** One roster change; `before`/`after` undefined for an addition/removal. */
export interface RosterChange {
  jid: string;
  before?: RosterItem;
  after?: RosterItem;
}

/** True when the subscription lets us see their presence. */
export function seesPresence(item: RosterItem | undefined): boolean {
  return item?.subscription === 'to' || item?.subscription === 'both';
}

/** True when the subscription lets them see ours. */
export function sharesPresence(item: RosterItem | undefined): boolean {
  return item?.subscription === 'from' || item?.subscription === 'both';
}

/** Dependencies of {@link roster}. */
export interface RosterDeps {
  connection: Connection;
  /** Our bare JID. */
  ownJid: string;
  emitError: (error: PresenceError) => void;
}

/** The roster: items by bare JID, kept in step with the server. */
export interface Roster {
  /** Request the whole roster and replace ours with it (every fresh session). */
  fetch(): Promise<void>;
  get(jid: string): RosterItem | undefined;
  has(jid: string): boolean;
  jids(): string[];
  /** Listen to changes; `push` is true for a roster push, false for the session's roster fetch. */
  onChange(listener: RosterListener): void;
}

/** Hears roster changes (see {@link Roster.onChange}). */
export type RosterListener = (changes: RosterChange[], push: boolean) => void;

/** The item's bare JID and the item (undefined for `subscription='remove'`); undefined for an invalid JID or our own. */
function parseItem(el: Element, ownJid: string): [string, RosterItem | undefined] | undefined {
  const jid = tryBareJid(el.attrs.jid);
  if (!jid || jid === ownJid) return undefined;
  const sub = el.attrs.subscription;
  if (sub === 'remove') return [jid, undefined];
  const rawName = el.attrs.name?.trim();
  const item: RosterItem = {
    jid,
    subscription: sub === 'to' || sub === 'from' || sub === 'both' ? sub : 'none',
    pending: el.attrs.ask === 'subscribe',
    groups: el
      .getChildren('group')
      .slice(0, MAX_GROUPS)
      .map((g) => keepText(g.getText().trim(), MAX_NAME))
      .filter(Boolean),
  };
  if (rawName) item.name = keepText(rawName, MAX_NAME);
  return [jid, item];
}

function sameItem(a: RosterItem, b: RosterItem): boolean {
  return (
    a.name === b.name &&
    a.subscription === b.subscription &&
    a.pending === b.pending &&
    a.groups.length === b.groups.length &&
    a.groups.every((g, i) => g === b.groups[i])
  );
}

/** Create the roster factory. */
export function roster({ connection, ownJid, emitError }: RosterDeps): Roster {
  const items = new Map<string, RosterItem>();
  const listeners: RosterListener[] = [];

  function changed(changes: RosterChange[], push: boolean): void {
    if (!changes.length) return;
    for (const listener of listeners) listener(changes, push);
  }

  function apply(jid: string, next: RosterItem | undefined, changes: RosterChange[]): void {
    const before = items.get(jid);
    if (!next) {
      if (!before) return;
      items.delete(jid);
      changes.push({ jid, before });
      return;
    }
    if (before && sameItem(before, next)) return;
    items.set(jid, Object.freeze(next));
    changes.push(before ? { jid, before, after: next } : { jid, after: next });
  }

  // §2.1.6: a push must come from our own account (no from, or our bare JID); anything else is spoofed.
  connection.handleIq('set', NS_ROSTER, 'query', (iq) => {
    const from = iq.attrs.from;
    if (from !== undefined && from !== ownJid && from !== connection.jid) {
      emitError(malformed(`Ignored a roster push from ${capText(from, 100)}`));
      throw new PresenceError('stanza-error', 'Roster push not from our account', { condition: 'forbidden' });
    }
    const query = iq.getChild('query', NS_ROSTER);
    const itemEls = query?.getChildren('item') ?? [];
    if (itemEls.length !== 1) emitError(malformed('Roster push without exactly one item', iq));
    const changes: RosterChange[] = [];
    const parsed = itemEls[0] && parseItem(itemEls[0], ownJid);
    if (parsed) apply(parsed[0], parsed[1], changes);
    changed(changes, true);
    return undefined;
  });

  return {
    async fetch() {
      const res = await connection.iq(xml('iq', { type: 'get' }, xml('query', { xmlns: NS_ROSTER })));
      const query = iqPayload(res, 'query', NS_ROSTER);
      // Without <query/> the server says "unchanged" (versioning); we never send a version, so keep ours.
      if (!query) return;
      const fresh = new Map<string, RosterItem>();
      for (const el of query.getChildren('item')) {
        const parsed = parseItem(el, ownJid);
        if (parsed?.[1]) fresh.set(parsed[0], parsed[1]);
      }
      const changes: RosterChange[] = [];
      for (const jid of [...items.keys()]) if (!fresh.has(jid)) apply(jid, undefined, changes);
      for (const [jid, item] of fresh) apply(jid, item, changes);
      changed(changes, false);
    },
    get: (jid) => items.get(jid),
    has: (jid) => items.has(jid),
    jids: () => [...items.keys()],
    onChange: (listener) => {
      listeners.push(listener);
    },
  };
}
