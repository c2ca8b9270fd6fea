/**
 * A scriptable {@link Connection} for unit tests: stanzas pushed in are parsed from XML text with
 * core's stream parser (the real parse path), sent stanzas are recorded, and IQs are
 * answered by responders or held for the test to answer. Not exported from the package.
 */
import { xml, type Element } from '../src/xml.js';
import { StreamParser } from '../src/connection/parser.js';
import { describeStanza, senderOf, stanzaProblem } from '../src/connection/stanza-guard.js';
import type { Connection, ConnectionEvents, SendOptions } from '../src/connection/types.js';
import { Emitter } from '../src/emitter.js';
import { PresenceError } from '../src/errors.js';
import type { ClientStatus } from '../src/types.js';

/** Parse one or more top-level stanzas from XML text. */
export function parseStanzas(text: string): Element[] {
  const out: Element[] = [];
  let error: string | undefined;
  const parser = new StreamParser(false, {
    start: () => {},
    element: (el) => out.push(el),
    dropped: (name, why) => (error = `${name} dropped: ${why}`),
    end: () => {},
    error: (reason) => (error = reason),
  });
  // Scripted test input is trusted: no per-stanza cap (the transport tests cover the caps).
  parser.limitFor = () => Number.MAX_SAFE_INTEGER;
  parser.write(`<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>${text}</stream:stream>`);
  if (error) throw new Error(error);
  return out;
}

/** Parse exactly one stanza. */
export function stanza(text: string): Element {
  const [el] = parseStanzas(text);
  if (!el) throw new Error(`No stanza in ${text}`);
  return el;
}

/** An IQ the client sent, awaiting an answer. */
export interface PendingIq {
  request: Element;
  /** Answer with a result; `payload` is XML text of the child (or nothing for an empty result). */
  result(payload?: string): void;
  /** Answer with an error reply. */
  error(condition?: string): void;
  /** Fail as the connection would (timeout, not-connected). */
  fail(code: 'timeout' | 'not-connected'): void;
  settled: boolean;
}

/** What a responder returns: a payload string (result), `{ error }`, or `undefined` to leave it pending. */
export type IqAnswer = string | { error: string } | { fail: 'timeout' | 'not-connected' } | undefined;

type Handler = (iq: Element) => Element | undefined | Promise<Element | undefined>;

/** The fake. */
export class FakeConnection implements Connection {
  status: ClientStatus = 'offline';
  jid: string | undefined;
  connectAttempts = 0;
  outboxSize = 0;
  inactive = false;
  /** Every stanza sent with `send`, with its options. */
  sent: Array<{ stanza: Element; options?: SendOptions }> = [];
  /** Every IQ sent with `iq`. */
  iqs: PendingIq[] = [];
  /** Replies to handled IQ requests pushed with {@link FakeConnection.push}. */
  iqReplies: Element[] = [];
  /** Roster items (XML text of `<item/>`s) the default responder answers roster gets with. */
  rosterXml = '';
  /** Answer IQs automatically (roster, ping, carbons); others stay pending. */
  responders: Array<(iq: Element) => IqAnswer> = [];
  /** Our PEP nodes (XEP-0163) as the default responder keeps them: node → the XML of its one item's payload. */
  pep = new Map<string, string>();
  /** Hold pings unanswered (to control the end of the presence burst). */
  holdPings = false;
  private readonly emitter = new Emitter<ConnectionEvents>((e) => {
    throw e;
  });
  private readonly handlers = new Map<string, Handler>();
  private readonly queued: Array<{ stanza: Element; resolve: () => void }> = [];

  constructor(
    readonly bare = 'alice@example.com',
    readonly resource = 'test',
  ) {
    this.responders.push((iq) => {
      if (iq.getChild('query', 'jabber:iq:roster') && iq.attrs.type === 'get')
        return `<query xmlns='jabber:iq:roster'>${this.rosterXml}</query>`;
      if (iq.getChild('ping', 'urn:xmpp:ping')) return this.holdPings ? undefined : '';
      if (iq.getChild('enable', 'urn:xmpp:carbons:2')) return '';
      return this.answerPep(iq);
    });
  }

  /** A one-item PEP service for our own account: publish keeps the item's payload, items returns it. */
  private answerPep(iq: Element): IqAnswer {
    const pubsub = iq.getChild('pubsub', 'http://jabber.org/protocol/pubsub');
    const publish = pubsub?.getChild('publish');
    const items = pubsub?.getChild('items');
    if (publish?.attrs.node) {
      this.pep.set(publish.attrs.node, publish.getChild('item')?.getChildElements()[0]?.toString() ?? '');
      return '';
    }
    if (!items?.attrs.node) return undefined;
    const payload = this.pep.get(items.attrs.node);
    if (payload === undefined) return { error: 'item-not-found' };
    return `<pubsub xmlns='http://jabber.org/protocol/pubsub'><items node='${items.attrs.node}'><item id='current'>${payload}</item></items></pubsub>`;
  }

  async start(): Promise<void> {
    this.goOnline(false);
  }

  async stop(): Promise<void> {
    this.setStatus('offline');
    for (const q of this.queued.splice(0)) void q;
  }

  send(el: Element, options?: SendOptions): Promise<void> {
    if (this.status !== 'online') {
      if (!options?.queue) return Promise.reject(new PresenceError('not-connected', 'offline'));
      return new Promise((resolve) => {
        this.queued.push({ stanza: el, resolve });
        this.outboxSize = this.queued.length;
      });
    }
    this.sent.push(options ? { stanza: el, options } : { stanza: el });
    return Promise.resolve();
  }

  iq(request: Element, _timeoutMs?: number): Promise<Element> {
    const id = request.attrs.id ?? `iq${this.iqs.length + 1}`;
    request.attr('id', id);
    return new Promise<Element>((resolve, reject) => {
      const pending: PendingIq = {
        request,
        settled: false,
        result: (payload) => {
          if (pending.settled) return;
          pending.settled = true;
          const res = stanza(`<iq type='result' id='${id}'${request.attrs.to ? ` from='${request.attrs.to}'` : ''}>${payload ?? ''}</iq>`);
          resolve(res);
        },
        error: (condition = 'service-unavailable') => {
          if (pending.settled) return;
          pending.settled = true;
          reject(new PresenceError('stanza-error', `IQ error ${condition}`, { condition }));
        },
        fail: (code) => {
          if (pending.settled) return;
          pending.settled = true;
          reject(new PresenceError(code, code));
        },
      };
      this.iqs.push(pending);
      if (this.status !== 'online') {
        pending.fail('not-connected');
        return;
      }
      for (const responder of this.responders) {
        const answer = responder(request);
        if (answer === undefined) continue;
        // Answer asynchronously, as a network would.
        queueMicrotask(() => {
          if (typeof answer === 'string') pending.result(answer);
          else if ('error' in answer) pending.error(answer.error);
          else pending.fail(answer.fail);
        });
        return;
      }
    });
  }

  handleIq(type: 'get' | 'set', xmlns: string, name: string, handler: Handler): void {
    this.handlers.set(`${type} ${xmlns} ${name}`, handler);
  }

  setInactive(inactive: boolean): void {
    this.inactive = inactive;
  }

  on<E extends keyof ConnectionEvents>(event: E, fn: ConnectionEvents[E]): this {
    this.emitter.on(event, fn);
    return this;
  }

  off<E extends keyof ConnectionEvents>(event: E, fn: ConnectionEvents[E]): this {
    this.emitter.off(event, fn);
    return this;
  }

  // ---- test controls ----

  setStatus(status: ClientStatus): void {
    if (status === this.status) return;
    this.status = status;
    this.emitter.emit('status', status);
  }

  /** Log in (fresh session unless `resumed`): status online, flush the outbox, emit `online`. */
  goOnline(resumed = false): void {
    this.connectAttempts += 1;
    this.jid = `${this.bare}/${this.resource}`;
    this.setStatus('online');
    for (const q of this.queued.splice(0)) {
      this.sent.push({ stanza: q.stanza, options: { queue: true } });
      q.resolve();
    }
    this.outboxSize = 0;
    this.emitter.emit('online', { resumed });
  }

  /** Lose the transport; the connection would now be reconnecting. */
  drop(): void {
    for (const iq of this.iqs) if (!iq.settled) iq.fail('not-connected');
    this.setStatus('reconnecting');
    this.emitter.emit('disconnected');
  }

  /** Deliver stanzas (XML text) as if read from the server in one chunk. */
  push(text: string): void {
    for (const el of parseStanzas(text)) this.deliver(el);
  }

  /** Deliver an already built stanza, through the same guard and `from` parsing as the real connection. */
  deliver(el: Element): void {
    const from = senderOf(el);
    const problem = stanzaProblem(el, from, `${this.bare}/${this.resource}`);
    if (problem) {
      this.emitter.emit('error', new PresenceError('malformed-stanza', `Dropped ${describeStanza(el)}: ${problem}`));
      return;
    }
    if (el.name === 'iq' && (el.attrs.type === 'get' || el.attrs.type === 'set')) {
      const child = el.getChildElements()[0];
      const handler = child && this.handlers.get(`${el.attrs.type} ${child.attrs.xmlns} ${child.name}`);
      if (handler) {
        void this.answer(el, handler);
        return;
      }
    }
    this.emitter.emit('stanza', el, from ?? undefined);
  }

  private async answer(el: Element, handler: Handler): Promise<void> {
    const base = { to: el.attrs.from, id: el.attrs.id };
    try {
      const payload = await handler(el);
      this.iqReplies.push(xml('iq', { ...base, type: 'result' }, payload));
    } catch (e) {
      const condition = e instanceof PresenceError && e.condition ? e.condition : 'internal-server-error';
      this.iqReplies.push(
        xml(
          'iq',
          { ...base, type: 'error' },
          xml('error', { type: 'cancel' }, xml(condition, { xmlns: 'urn:ietf:params:xml:ns:xmpp-stanzas' })),
        ),
      );
    }
  }

  /** Pending (unanswered) IQs whose payload is `<name xmlns=…>`. */
  pending(name: string, xmlns: string): PendingIq[] {
    return this.iqs.filter((q) => !q.settled && q.request.getChild(name, xmlns));
  }

  /** Every IQ (answered or not) whose payload is `<name xmlns=…>`. */
  iqsFor(name: string, xmlns: string): PendingIq[] {
    return this.iqs.filter((q) => q.request.getChild(name, xmlns));
  }

  /** Sent stanzas of one element name, as XML text. */
  sentOf(name: 'message' | 'presence' | 'iq'): Element[] {
    return this.sent.map((s) => s.stanza).filter((s) => s.name === name);
  }
}

/** Wait for queued microtasks and promise chains to settle (several turns). */
export async function settle(turns = 10): Promise<void> {
  for (let i = 0; i < turns; i += 1) await Promise.resolve();
}
