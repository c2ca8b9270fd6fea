/**
 * Test helper (not part of the build): a scripted RFC 7395 XMPP server behind a fake WebSocket
 * constructor, for unit tests that must control exactly what arrives and when — e.g. `<enabled/>`
 * and stanzas in the same read. Integration tests use a real Prosody instead.
 */
import type { Element } from '../src/xml.js';
import { StreamParser } from '../src/connection/parser.js';

const NS_FRAMING = 'urn:ietf:params:xml:ns:xmpp-framing';
const NS_SASL = 'urn:ietf:params:xml:ns:xmpp-sasl';
const NS_SM = 'urn:xmpp:sm:3';

export interface FakeServerOptions {
  password?: string;
  sm?: boolean;
  csi?: boolean;
  /** What `<resume/>` gets: 'resumed' (default when the id is known), or 'failed'. */
  resume?: 'resumed' | 'failed';
  /** Include h in `<failed/>` answers to `<resume/>`. */
  failedH?: boolean;
  /** Frames sent right after `<enabled/>`, in the same task (the @xmpp/client bug's trigger). */
  afterEnabled?: string[];
  /** Frames sent right before `<enabled/>` (sent by the server before it processed `<enable/>`). */
  beforeEnabled?: string[];
  /** Refuse connections (close at once) while true. */
  down?: boolean;
  /** Don't answer at all while true (a frozen server). */
  frozen?: boolean;
  /** Answer `<r/>` (default true). */
  acks?: boolean;
}

type Listener = (event: any) => void;

export class FakeSocket {
  readonly received: Element[] = [];
  /** Stanzas the server counted from this client since `<enable/>` (its XEP-0198 inbound h). */
  handled = 0;
  /** Stanzas the server sent since `<enabled/>` (what a correct client's h equals). */
  sentStanzas = 0;
  private countingOut = false;
  /** The last h the client reported in `<a/>`. */
  lastClientH: number | undefined;
  smEnabled = false;
  closed = false;
  authenticated = false;
  /** This connection swallows everything (a dead link) while true. */
  frozen = false;
  private listeners = new Map<string, Set<Listener>>();
  private parser: StreamParser;
  readonly readyState = 1;

  constructor(
    readonly server: FakeServer,
    readonly url: string,
  ) {
    this.parser = new StreamParser(true, {
      start: () => this.onOpen(),
      element: (el: Element) => this.onElement(el),
      dropped: () => {},
      end: () => this.close(),
      error: () => this.close(false),
    });
    setTimeout(() => {
      if (server.options.down) {
        this.dispatch('error', { message: 'connection refused' });
        this.close(false);
        return;
      }
      this.dispatch('open', {});
    }, 0);
  }

  addEventListener(event: string, fn: Listener): void {
    if (!this.listeners.has(event)) this.listeners.set(event, new Set());
    this.listeners.get(event)!.add(fn);
  }

  removeEventListener(event: string, fn: Listener): void {
    this.listeners.get(event)?.delete(fn);
  }

  private dispatch(event: string, payload: unknown): void {
    for (const fn of [...(this.listeners.get(event) ?? [])]) fn(payload);
  }

  /** Client → server. */
  send(data: string): void {
    if (this.closed) throw new Error('socket closed');
    if (this.server.options.frozen || this.frozen) return;
    this.parser.write(data);
  }

  close(clean = true): void {
    if (this.closed) return;
    this.closed = true;
    setTimeout(() => this.dispatch('close', { wasClean: clean }), 0);
  }

  /** Server → client, now (synchronously): each string is one WebSocket message event. For the ingest bench. */
  deliver(...frames: string[]): void {
    for (const frame of frames) if (!this.closed) this.dispatch('message', { data: frame });
  }

  /** Server → client: each string is one WebSocket message; all of them arrive in one task (one "read"). */
  push(...frames: string[]): void {
    setTimeout(() => {
      for (const frame of frames) {
        if (this.closed) return;
        if (frame.startsWith('<enabled')) this.sentStanzas = 0;
        if (frame.startsWith('<enabled') || frame.startsWith('<resumed')) this.countingOut = true;
        if (/^<(message|presence|iq)[\s>/]/.test(frame) && this.countingOut) this.sentStanzas++;
        this.dispatch('message', { data: frame });
      }
    }, 0);
  }

  private onOpen(): void {
    const opts = this.server.options;
    const header = `<open xmlns="${NS_FRAMING}" version="1.0" from="localhost" id="s${this.server.sockets.length}"/>`;
    if (!this.authenticated) {
      this.push(
        header,
        `<stream:features xmlns:stream="http://etherx.jabber.org/streams"><mechanisms xmlns="${NS_SASL}"><mechanism>PLAIN</mechanism></mechanisms></stream:features>`,
      );
    } else {
      const extra = `${opts.sm === false ? '' : `<sm xmlns="${NS_SM}"/>`}${opts.csi ? '<csi xmlns="urn:xmpp:csi:0"/>' : ''}`;
      this.push(
        header,
        `<stream:features xmlns:stream="http://etherx.jabber.org/streams"><bind xmlns="urn:ietf:params:xml:ns:xmpp-bind"/>${extra}</stream:features>`,
      );
    }
  }

  private onElement(el: Element): void {
    this.received.push(el);
    const opts = this.server.options;
    // As Prosody does (RFC 7395 §3.3.3): over WebSocket a stanza without its namespace is a stream error.
    if (['message', 'presence', 'iq'].includes(el.name) && el.attrs.xmlns !== 'jabber:client') {
      this.push(
        `<stream:error xmlns:stream="http://etherx.jabber.org/streams"><unsupported-stanza-type xmlns="urn:ietf:params:xml:ns:xmpp-streams"/></stream:error>`,
      );
      this.close();
      return;
    }
    if (['message', 'presence', 'iq'].includes(el.name) && this.smEnabled) this.handled++;
    if (el.is('auth', NS_SASL)) {
      const [, , password] = atob(el.text()).split('\u0000');
      if (password === (opts.password ?? 'pw')) {
        this.authenticated = true;
        this.push(`<success xmlns="${NS_SASL}"/>`);
      } else {
        this.push(`<failure xmlns="${NS_SASL}"><not-authorized/></failure>`);
      }
    } else if (el.name === 'iq' && el.getChild('bind')) {
      const resource = el.getChild('bind')!.getChildText('resource') ?? 'r';
      this.server.boundResource = resource;
      this.push(
        `<iq xmlns="jabber:client" type="result" id="${el.attrs.id}"><bind xmlns="urn:ietf:params:xml:ns:xmpp-bind"><jid>alice@localhost/${resource}</jid></bind></iq>`,
      );
    } else if (el.is('enable', NS_SM)) {
      this.smEnabled = true;
      this.handled = 0;
      const id = `sm${++this.server.sessions}`;
      this.server.resumable.set(id, this);
      this.push(...(opts.beforeEnabled ?? []));
      this.push(`<enabled xmlns="${NS_SM}" id="${id}" resume="true"/>`, ...(opts.afterEnabled ?? []));
    } else if (el.is('resume', NS_SM)) {
      const old = this.server.resumable.get(el.attrs.previd ?? '');
      if (old && opts.resume !== 'failed') {
        this.smEnabled = true;
        this.handled = old.handled;
        this.sentStanzas = Number(el.attrs.h);
        this.server.resumable.set(el.attrs.previd!, this);
        this.push(`<resumed xmlns="${NS_SM}" h="${old.handled}" previd="${el.attrs.previd}"/>`);
      } else {
        const h = opts.failedH && old ? ` h="${old.handled}"` : '';
        this.push(`<failed xmlns="${NS_SM}"${h}><item-not-found xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></failed>`);
      }
    } else if (el.is('r', NS_SM) && opts.acks !== false) {
      this.push(`<a xmlns="${NS_SM}" h="${this.handled}"/>`);
    } else if (el.is('a', NS_SM)) {
      this.lastClientH = Number(el.attrs.h);
    }
    this.server.onElement?.(el, this);
  }
}

export class FakeServer {
  readonly sockets: FakeSocket[] = [];
  readonly resumable = new Map<string, FakeSocket>();
  sessions = 0;
  boundResource: string | undefined;
  /** Extra per-element behaviour for a test. */
  onElement: ((el: Element, socket: FakeSocket) => void) | undefined;
  readonly WebSocket: new (url: string, protocols?: string | string[]) => FakeSocket;

  constructor(readonly options: FakeServerOptions = {}) {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the socket class below is built per server
    const server = this;
    this.WebSocket = class extends FakeSocket {
      constructor(url: string) {
        super(server, url);
        server.sockets.push(this);
      }
    };
  }

  get last(): FakeSocket {
    const socket = this.sockets.at(-1);
    if (!socket) throw new Error('no connection yet');
    return socket;
  }

  /** Everything the client sent on every connection, of one element name. */
  sent(name: string): Element[] {
    return this.sockets.flatMap((s) => s.received.filter((el) => el.name === name));
  }
}
