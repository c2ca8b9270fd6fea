/**
 * A second, scripted account for tests, driven from Node with raw @xmpp/client: it logs in, sets
 * presence, sends messages and chat states, and records what it receives. Node-only (TCP by default).
 *
 * @example
 * const bob = await connectPeer(server, { username: 'bob', password: 'bob-pw' });
 * await bob.sendMessage('alice@localhost', 'Got a minute?');
 * await bob.waitForMessage({ from: 'alice@localhost' });
 * await bob.stop();
 */
import { client, xml, type XmlElement, type XmppClient } from '@xmpp/client';
import { Parser } from '@xmpp/xml';
import { until } from './ports.js';

export type PeerShow = 'chat' | 'away' | 'xa' | 'dnd';
export type ChatState = 'active' | 'composing' | 'paused' | 'inactive' | 'gone';

export interface PeerPresence {
  /** Omit for plain "available". */
  show?: PeerShow;
  status?: string;
  priority?: number;
  /** XEP-0319 idle since: an ISO date string or epoch milliseconds. */
  idleSince?: string | number;
}

export interface PeerOptions {
  /** Default: `peer-<random>`. */
  resource?: string;
  /** Default `'tcp'`. `'ws'` needs a global WebSocket (installed from the `ws` package if missing). */
  transport?: 'tcp' | 'ws';
  /** Default `'PLAIN'` (about 10 ms); `'SCRAM-SHA-1'` costs @xmpp/client's slow PBKDF2 (~0.4 s at 4096 iterations). */
  mechanism?: 'PLAIN' | 'SCRAM-SHA-1';
  /** Initial presence, sent on every (re)connection; `false` to stay invisible. Default `{}` (available). */
  presence?: PeerPresence | false;
  /** Answer XEP-0184 receipt requests. Default true. */
  answerReceipts?: boolean;
  /** XEP-0202 time zone offset this peer reports, e.g. `'+05:30'`. Default `'Z'`. */
  tzo?: string;
}

export interface PeerServer {
  host: string;
  tcpUrl: string;
  wsUrl: string;
}

export interface ReceivedMessage {
  id?: string;
  from: string;
  type: string;
  body?: string;
  /** XEP-0085 state carried by the message, if any. */
  chatState?: ChatState;
  /** The id of a XEP-0184 receipt this message carries. */
  receiptFor?: string;
  xml: string;
  receivedAt: number;
}

export interface ReceivedPresence {
  from: string;
  /** `undefined` for available, else `'unavailable'`, `'subscribe'`, … */
  type?: string;
  show?: string;
  status?: string;
  priority?: number;
  idleSince?: string;
  xml: string;
  receivedAt: number;
}

export interface RosterItem {
  jid: string;
  name?: string;
  subscription: string;
  ask?: string;
  groups: string[];
}

export interface MessageFilter {
  from?: string;
  bodyIncludes?: string;
  chatState?: ChatState;
  /** Only messages received after this many ms since epoch. */
  after?: number;
}

export interface PresenceFilter {
  from?: string;
  type?: string;
  show?: string;
  after?: number;
}

const NS_CHATSTATES = 'http://jabber.org/protocol/chatstates';
const NS_RECEIPTS = 'urn:xmpp:receipts';
const NS_IDLE = 'urn:xmpp:idle:1';
const CHAT_STATES: readonly ChatState[] = ['active', 'composing', 'paused', 'inactive', 'gone'];

const bare = (jid: string): string => jid.split('/')[0]!;
const sameJid = (actual: string, wanted: string): boolean => (wanted.includes('/') ? actual === wanted : bare(actual) === wanted);

/** Parses one stanza written as XML text (for tests that need something the helpers don't cover). */
export function parseStanza(text: string): XmlElement {
  const parser = new Parser() as unknown as {
    on(event: 'element' | 'error', fn: (value: never) => void): void;
    write(data: string): void;
  };
  let element: XmlElement | undefined;
  let error: Error | undefined;
  parser.on('element', (el: XmlElement) => (element ??= el));
  parser.on('error', (err: Error) => (error ??= err));
  parser.write(`<stream xmlns="jabber:client">${text}</stream>`);
  if (error || !element) throw new Error(`not one XML element: ${text}${error ? ` (${error.message})` : ''}`);
  return element;
}

export class Peer {
  readonly messages: ReceivedMessage[] = [];
  readonly presences: ReceivedPresence[] = [];
  readonly errors: Error[] = [];
  /** How many sessions this peer has opened (more than 1 means it reconnected). */
  sessions = 0;
  #presence: PeerPresence | false;
  /** XEP-0199 pings received (answered at once or held). */
  pingsReceived = 0;
  /** Delay before answering XEP-0199 pings (0: at once, as @xmpp/client does). */
  #pingDelayMs = 0;

  constructor(
    readonly xmpp: XmppClient,
    readonly jid: string,
    private readonly options: Required<Pick<PeerOptions, 'answerReceipts' | 'tzo'>> & { presence: PeerPresence | false },
  ) {
    this.#presence = options.presence;
    xmpp.on('error', (err) => this.errors.push(err));
    xmpp.on('stanza', (stanza) => this.#onStanza(stanza));
    // Holds back pings while a delay is set: renamed, the client's own ping handler doesn't see them.
    (xmpp as unknown as { prependListener(event: 'element', fn: (el: XmlElement) => void): void }).prependListener('element', (el) => {
      if (!el.is('iq') || el.attrs.type !== 'get' || !el.getChild('ping', 'urn:xmpp:ping')) return;
      this.pingsReceived++;
      if (!this.#pingDelayMs) return;
      const { id, from } = el.attrs;
      el.name = 'held-ping';
      setTimeout(
        () => this.xmpp.send(xml('iq', { type: 'result', id, to: from })).catch((e: Error) => this.errors.push(e)),
        this.#pingDelayMs,
      );
    });
    xmpp.on('online', () => {
      this.sessions++;
      if (this.#presence !== false) this.xmpp.send(presenceElement(this.#presence)).catch((e: Error) => this.errors.push(e));
    });
  }

  /** The full JID of the current session. */
  get fullJid(): string {
    return this.xmpp.jid?.toString() ?? this.jid;
  }

  get online(): boolean {
    return this.xmpp.status === 'online';
  }

  /** Broadcasts presence (and re-sends it after any reconnection). */
  async setPresence(presence: PeerPresence = {}): Promise<void> {
    this.#presence = presence;
    await this.xmpp.send(presenceElement(presence));
  }

  /** Broadcasts unavailable presence without closing the session. */
  async goUnavailable(status?: string): Promise<void> {
    this.#presence = false;
    await this.xmpp.send(xml('presence', { type: 'unavailable' }, status ? xml('status', {}, status) : null));
  }

  /** Sends a chat message; resolves with its id. */
  async sendMessage(
    to: string,
    body: string,
    opts: { id?: string; requestReceipt?: boolean; chatState?: ChatState | false } = {},
  ): Promise<string> {
    const id = opts.id ?? `peer-${Math.random().toString(36).slice(2, 10)}`;
    const chatState = opts.chatState ?? 'active';
    await this.xmpp.send(
      xml(
        'message',
        { to, type: 'chat', id },
        xml('body', {}, body),
        chatState ? xml(chatState, { xmlns: NS_CHATSTATES }) : null,
        opts.requestReceipt ? xml('request', { xmlns: NS_RECEIPTS }) : null,
      ),
    );
    return id;
  }

  /** Sends a standalone XEP-0085 chat state notification. */
  async sendChatState(to: string, state: ChatState): Promise<void> {
    if (!CHAT_STATES.includes(state)) throw new Error(`unknown chat state ${state}`);
    await this.xmpp.send(xml('message', { to, type: 'chat' }, xml(state, { xmlns: NS_CHATSTATES })));
  }

  /** Sends any stanza, given as XML text. */
  async send(stanza: string | XmlElement): Promise<void> {
    await this.xmpp.send(typeof stanza === 'string' ? parseStanza(stanza) : stanza);
  }

  /** Sends an IQ (XML text) and resolves with the result as XML text; rejects on an error reply. */
  async iq(stanza: string | XmlElement, timeoutMs = 10_000): Promise<string> {
    const element = typeof stanza === 'string' ? parseStanza(stanza) : stanza;
    return (await this.xmpp.iqCaller.request(element, timeoutMs)).toString();
  }

  async roster(): Promise<RosterItem[]> {
    const result = await this.xmpp.iqCaller.request(xml('iq', { type: 'get' }, xml('query', { xmlns: 'jabber:iq:roster' })));
    const query = result.getChild('query', 'jabber:iq:roster');
    return (query?.getChildren('item') ?? []).map((item) => ({
      jid: item.attrs.jid ?? '',
      ...(item.attrs.name !== undefined && { name: item.attrs.name }),
      subscription: item.attrs.subscription ?? 'none',
      ...(item.attrs.ask !== undefined && { ask: item.attrs.ask }),
      groups: item.getChildren('group').map((g) => g.text()),
    }));
  }

  findMessages(filter: MessageFilter = {}): ReceivedMessage[] {
    return this.messages.filter(
      (m) =>
        (filter.from === undefined || sameJid(m.from, filter.from)) &&
        (filter.bodyIncludes === undefined || (m.body ?? '').includes(filter.bodyIncludes)) &&
        (filter.chatState === undefined || m.chatState === filter.chatState) &&
        (filter.after === undefined || m.receivedAt > filter.after),
    );
  }

  findPresences(filter: PresenceFilter = {}): ReceivedPresence[] {
    return this.presences.filter(
      (p) =>
        (filter.from === undefined || sameJid(p.from, filter.from)) &&
        (filter.type === undefined || p.type === filter.type || (filter.type === 'available' && p.type === undefined)) &&
        (filter.show === undefined || (p.show ?? 'available') === filter.show) &&
        (filter.after === undefined || p.receivedAt > filter.after),
    );
  }

  /** Resolves with the first received message (past or future) that matches; rejects after `timeoutMs`. */
  async waitForMessage(filter: MessageFilter = {}, timeoutMs = 10_000): Promise<ReceivedMessage> {
    const found = await until(() => this.findMessages(filter).length > 0, timeoutMs, 20);
    if (!found) throw new Error(`${this.jid} received no message matching ${JSON.stringify(filter)} within ${timeoutMs} ms`);
    return this.findMessages(filter)[0]!;
  }

  /** Resolves with the latest received presence that matches; rejects after `timeoutMs`. */
  async waitForPresence(filter: PresenceFilter = {}, timeoutMs = 10_000): Promise<ReceivedPresence> {
    const found = await until(() => this.findPresences(filter).length > 0, timeoutMs, 20);
    if (!found) throw new Error(`${this.jid} received no presence matching ${JSON.stringify(filter)} within ${timeoutMs} ms`);
    return this.findPresences(filter).at(-1)!;
  }

  /** Closes the session properly (unavailable presence, stream close). */
  async stop(): Promise<void> {
    this.xmpp.reconnect.stop();
    if (this.xmpp.status === 'offline') return;
    try {
      await this.xmpp.stop();
    } catch {
      // already disconnected
    }
  }

  /** Answer XEP-0199 pings `ms` late (a slow peer); 0 answers at once again. */
  answerPingsAfter(ms: number): void {
    this.#pingDelayMs = ms;
  }

  /**
   * Stops reading from the socket, without closing it or sending anything: the server still routes to this
   * session and nothing answers (a laptop asleep, a frozen process). TCP only.
   */
  blackHole(): void {
    this.xmpp.reconnect.stop();
    const socket = this.xmpp.socket;
    if (!socket?.pause) throw new Error('blackHole() needs the TCP transport');
    socket.pause();
  }

  /**
   * Turns XEP-0198 on, without resumption, and never acknowledges anything: the server keeps every stanza it sends
   * this session from now on as unacknowledged, and bounces them (Prosody: `recipient-unavailable`, from this full
   * JID) when the session ends — like a browser tab closed while stanzas were on their way. Resolves once enabled.
   */
  async enableStreamManagementWithoutAcks(): Promise<void> {
    let enabled = false;
    (this.xmpp as unknown as { prependListener(event: 'element', fn: (el: XmlElement) => void): void }).prependListener('element', (el) => {
      if (el.is('enabled', 'urn:xmpp:sm:3')) enabled = true;
      // Renamed, the client's own stream management (which would answer with its own count) doesn't see it.
      if (el.is('r', 'urn:xmpp:sm:3')) el.name = 'unanswered-r';
    });
    await this.xmpp.send(xml('enable', { xmlns: 'urn:xmpp:sm:3' }));
    if (!(await until(() => enabled, 5_000))) throw new Error(`${this.fullJid}: the server did not enable XEP-0198`);
  }

  /** Drops the connection without closing the stream, like a crash or a lost network. No reconnection. */
  drop(): void {
    this.xmpp.reconnect.stop();
    const socket = this.xmpp.socket;
    if (!socket) return;
    if (socket.destroy) socket.destroy();
    else if (socket.socket?.terminate) socket.socket.terminate();
    else socket.end();
  }

  #onStanza(stanza: XmlElement): void {
    const from = stanza.attrs.from ?? '';
    const receivedAt = Date.now();
    if (stanza.is('message')) {
      const state = CHAT_STATES.find((s) => stanza.getChild(s, NS_CHATSTATES));
      const body = stanza.getChildText('body');
      const receipt = stanza.getChild('received', NS_RECEIPTS)?.attrs.id;
      this.messages.push({
        ...(stanza.attrs.id !== undefined && { id: stanza.attrs.id }),
        from,
        type: stanza.attrs.type ?? 'normal',
        ...(body !== null && { body }),
        ...(state !== undefined && { chatState: state }),
        ...(receipt !== undefined && { receiptFor: receipt }),
        xml: stanza.toString(),
        receivedAt,
      });
      if (this.options.answerReceipts && stanza.getChild('request', NS_RECEIPTS) && stanza.attrs.id && from) {
        this.xmpp
          .send(
            xml('message', { to: from, id: `receipt-${stanza.attrs.id}` }, xml('received', { xmlns: NS_RECEIPTS, id: stanza.attrs.id })),
          )
          .catch((e: Error) => this.errors.push(e));
      }
    } else if (stanza.is('presence')) {
      const priority = stanza.getChildText('priority');
      const show = stanza.getChildText('show');
      const status = stanza.getChildText('status');
      const idleSince = stanza.getChild('idle', NS_IDLE)?.attrs.since;
      this.presences.push({
        from,
        ...(stanza.attrs.type !== undefined && { type: stanza.attrs.type }),
        ...(show !== null && { show }),
        ...(status !== null && { status }),
        ...(priority !== null && { priority: Number(priority) }),
        ...(idleSince !== undefined && { idleSince }),
        xml: stanza.toString(),
        receivedAt,
      });
    } else if (stanza.is('iq') && stanza.attrs.type === 'get' && stanza.getChild('time', 'urn:xmpp:time')) {
      // XEP-0202, so tests can check a contact's local time.
      this.xmpp
        .send(
          xml(
            'iq',
            { type: 'result', to: from, id: stanza.attrs.id },
            xml('time', { xmlns: 'urn:xmpp:time' }, xml('tzo', {}, this.options.tzo), xml('utc', {}, new Date().toISOString())),
          ),
        )
        .catch((e: Error) => this.errors.push(e));
    }
  }
}

function presenceElement(p: PeerPresence): XmlElement {
  const since = p.idleSince === undefined ? undefined : new Date(p.idleSince).toISOString();
  return xml(
    'presence',
    {},
    p.show ? xml('show', {}, p.show) : null,
    p.status !== undefined ? xml('status', {}, p.status) : null,
    p.priority !== undefined ? xml('priority', {}, String(p.priority)) : null,
    since ? xml('idle', { xmlns: NS_IDLE, since }) : null,
  );
}

/**
 * Peers don't use XEP-0198. @xmpp/client 0.14 emits 'online' before it sends <enable/>, so anything
 * sent on 'online' races the enablement, its inbound count goes wrong, Prosody closes the stream
 * ("acknowledged more stanzas than sent") and the peer silently reconnects, losing stanzas. Hiding the
 * feature before the client's own listeners see it keeps peers simple and deterministic.
 */
function withoutStreamManagement(xmpp: XmppClient): void {
  (xmpp as unknown as { prependListener(event: 'element', fn: (el: XmlElement) => void): void }).prependListener('element', (el) => {
    if (el.is('features', 'http://etherx.jabber.org/streams')) {
      el.children = el.children.filter((c) => typeof c === 'string' || !c.is('sm', 'urn:xmpp:sm:3'));
    }
  });
}

async function ensureWebSocket(): Promise<void> {
  if (typeof (globalThis as { WebSocket?: unknown }).WebSocket === 'function') return;
  const ws = await import('ws');
  (globalThis as { WebSocket?: unknown }).WebSocket = ws.WebSocket;
}

/** Logs a test account in and resolves once it is online (and its initial presence is sent). */
export async function connectPeer(
  server: PeerServer,
  user: { username: string; password: string },
  options: PeerOptions = {},
): Promise<Peer> {
  const transport = options.transport ?? 'tcp';
  if (transport === 'ws') await ensureWebSocket();
  const mechanism = options.mechanism ?? 'PLAIN';
  const xmpp = client({
    service: transport === 'ws' ? server.wsUrl : server.tcpUrl,
    domain: server.host,
    resource: options.resource ?? `peer-${Math.random().toString(36).slice(2, 8)}`,
    credentials: async (authenticate, offered) => {
      if (!offered.includes(mechanism)) throw new Error(`server offers ${offered.join(', ')}, not ${mechanism}`);
      await authenticate({ username: user.username, password: user.password }, mechanism);
    },
  });
  withoutStreamManagement(xmpp);
  const peer = new Peer(xmpp, `${user.username}@${server.host}`, {
    answerReceipts: options.answerReceipts ?? true,
    tzo: options.tzo ?? 'Z',
    presence: options.presence ?? {},
  });
  try {
    await xmpp.start();
  } catch (err) {
    xmpp.reconnect.stop();
    await xmpp.stop().catch(() => {});
    throw new Error(`${peer.jid} could not log in: ${(err as Error).message}`);
  }
  return peer;
}
