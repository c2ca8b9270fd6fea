/**
 * Deterministic stanza streams for the scripted server and the bare-parser baseline: the same bytes on both sides.
 * Realistic presences: show, status, priority, XEP-0115 caps, XEP-0319 idle; XEP-0085 chat states.
 */
export const DOMAIN = 'example.com';
export const contactJid = (i: number): string => `u${i}@${DOMAIN}`;

const SHOWS = ['', 'away', 'dnd', 'xa', 'chat'] as const;
const STATUSES = ['In a meeting until 3pm', 'Lunch', 'Working from home', 'On a call', 'Focus time — ping me if urgent', ''];
const CAPS = [
  { node: 'https://conversations.im', ver: 'np0ij0M7M2kAOlV4Jy4BdUEVUQk=' },
  { node: 'http://gajim.org', ver: 'R7zEPVQsUXjWYmnCh8h2AVx9lWw=' },
  { node: 'https://presently.dev', ver: 'q07IKJEyjvHSyhy//CH0CxmKi8w=' },
];
const CHAT_STATES = ['composing', 'paused', 'active', 'inactive'] as const;
const escapeText = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export interface PresenceSpec {
  contact: number;
  resource: string;
  show?: string;
  status?: string;
  priority?: number;
  idleSince?: string;
  unavailable?: boolean;
  caps?: number;
}

export function presenceXml(to: string, p: PresenceSpec): string {
  const from = `${contactJid(p.contact)}/${p.resource}`;
  if (p.unavailable) return `<presence xmlns="jabber:client" from="${from}" to="${to}" type="unavailable"/>`;
  const caps = CAPS[(p.caps ?? 0) % CAPS.length]!;
  return (
    `<presence xmlns="jabber:client" from="${from}" to="${to}">` +
    (p.show ? `<show>${p.show}</show>` : '') +
    (p.status ? `<status>${escapeText(p.status)}</status>` : '') +
    `<priority>${p.priority ?? 0}</priority>` +
    `<c xmlns="http://jabber.org/protocol/caps" hash="sha-1" node="${caps.node}" ver="${caps.ver}"/>` +
    (p.idleSince ? `<idle xmlns="urn:xmpp:idle:1" since="${p.idleSince}"/>` : '') +
    `</presence>`
  );
}

export function chatStateXml(to: string, contact: number, state: string, n: number): string {
  return (
    `<message xmlns="jabber:client" from="${contactJid(contact)}/desktop" to="${to}" type="chat" id="cs${n}">` +
    `<${state} xmlns="http://jabber.org/protocol/chatstates"/></message>`
  );
}

/** Status text of every contact's last presence in the ingest stream: a watcher seeing it knows its JID is done. */
export const FINAL_STATUS = 'final';

/**
 * The ingest stream: `presences` presence stanzas over `contacts` contacts (two resources each, some going
 * unavailable), one chat state after every `presences / chatStates` presences, and as the last round one
 * high-priority presence per contact with status {@link FINAL_STATUS}.
 */
export function ingestStanzas(to: string, contacts: number, presences: number, chatStates: number): string[] {
  const out: string[] = [];
  const rounds = Math.floor(presences / contacts); // the last round is the final one
  const every = Math.max(1, Math.floor(presences / chatStates));
  let sentPresences = 0;
  let sentChatStates = 0;
  const idle = '2026-11-22T09:30:00Z';
  for (let round = 0; round < rounds; round++) {
    for (let c = 0; c < contacts; c++) {
      const n = round * contacts + c;
      const last = round === rounds - 1;
      const spec: PresenceSpec = last
        ? { contact: c, resource: 'desktop', show: 'dnd', status: FINAL_STATUS, priority: 50, caps: c }
        : {
            contact: c,
            resource: (n + round) % 2 ? 'phone' : 'desktop',
            show: SHOWS[n % SHOWS.length]!,
            status: STATUSES[n % STATUSES.length]!,
            priority: n % 6,
            caps: n,
            ...(n % 3 === 0 ? { idleSince: idle } : {}),
            ...(n % 20 === 7 ? { unavailable: true } : {}),
          };
      out.push(presenceXml(to, spec));
      sentPresences++;
      if (!last && sentPresences % every === 0 && sentChatStates < chatStates) {
        out.push(chatStateXml(to, (n * 7) % contacts, CHAT_STATES[sentChatStates % CHAT_STATES.length]!, sentChatStates));
        sentChatStates++;
      }
    }
  }
  // Whatever the rounding left over comes before the final round would have; keep counts exact by appending.
  while (sentChatStates < chatStates) {
    out.splice(out.length - contacts, 0, chatStateXml(to, sentChatStates % contacts, 'paused', sentChatStates));
    sentChatStates++;
  }
  return out;
}

/** Initial presence of every contact: available with a status, one resource. */
export function initialPresences(to: string, contacts: number): string[] {
  const out: string[] = [];
  for (let c = 0; c < contacts; c++) {
    out.push(presenceXml(to, { contact: c, resource: 'desktop', show: SHOWS[c % 4]!, status: STATUSES[c % 5]!, priority: 1, caps: c }));
  }
  return out;
}

/** Status text of a burst change: a page sees it in the DOM and knows the change landed. */
export const burstStatus = (c: number): string => `Back at ${c % 24}:00 (burst)`;

/** `count` presence changes for contacts 0..count-1 to dnd with a status naming the burst. */
export function burstPresences(to: string, count: number): string[] {
  const out: string[] = [];
  for (let c = 0; c < count; c++) {
    out.push(presenceXml(to, { contact: c, resource: 'desktop', show: 'dnd', status: burstStatus(c), priority: 1, caps: c }));
  }
  return out;
}

/**
 * Packs stanzas into WebSocket frames of at most `maxBytes` each (several stanzas per frame). Each frame is one flat
 * string, as a socket hands over what it read (built with `+=` it would be a chain of concatenations that every
 * parser has to flatten first).
 */
export function frames(stanzas: string[], maxBytes = 64 * 1024): string[] {
  const out: string[] = [];
  let cur: string[] = [];
  let length = 0;
  for (const s of stanzas) {
    if (length + s.length > maxBytes && cur.length) {
      out.push(cur.join(''));
      cur = [];
      length = 0;
    }
    cur.push(s);
    length += s.length;
  }
  if (cur.length) out.push(cur.join(''));
  return out;
}

export function rosterItemsXml(contacts: number): string {
  let items = '';
  for (let c = 0; c < contacts; c++) {
    items += `<item jid="${contactJid(c)}" name="User ${c}" subscription="both"><group>Staff</group></item>`;
  }
  return items;
}

/** The fake server's minimal IQ behaviour for a login: every get/set answered `result`, the roster query with `roster`. */
export function answerIqs(roster: string) {
  return (
    el: { name: string; attrs: Readonly<Record<string, string | undefined>>; getChild(name: string, xmlns?: string): unknown },
    socket: { push(xml: string): void },
  ) => {
    if (el.name !== 'iq' || (el.attrs.type !== 'get' && el.attrs.type !== 'set')) return;
    const from = el.attrs.to ? ` from="${el.attrs.to}"` : '';
    const payload = el.getChild('query', 'jabber:iq:roster') ? `<query xmlns="jabber:iq:roster">${roster}</query>` : '';
    socket.push(`<iq xmlns="jabber:client" type="result" id="${el.attrs.id ?? ''}"${from}>${payload}</iq>`);
  };
}
