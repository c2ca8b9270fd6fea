/**
 * IQ semantics — RFC 6120 §8.2.3 and §8.3: requests get an id and exactly one answer; replies are
 * matched on id AND sender (so another entity cannot answer for the server); get/set requests we
 * have no handler for are answered `service-unavailable`; XEP-0199 pings are answered.
 */
import { xml, type Element } from '../xml.js';
import { PresenceError } from '../errors.js';
import { parseJid } from '../jid.js';
import { NS_PING, NS_STANZAS } from '../namespaces.js';

export type IqHandler = (iq: Element) => Element | undefined | Promise<Element | undefined>;

let counter = 0;
/** Unique stanza id: random prefix per page/process plus a counter. */
export function newId(prefix = 'p'): string {
  const random = new Uint32Array(2);
  globalThis.crypto.getRandomValues(random);
  return `${prefix}${random[0]!.toString(36)}${random[1]!.toString(36)}${(counter++).toString(36)}`;
}

function normalise(jid: string | undefined): string | undefined {
  if (jid === undefined) return undefined;
  try {
    const p = parseJid(jid);
    return p.resource === undefined ? p.bare : `${p.bare}/${p.resource}`;
  } catch {
    return `\u0000invalid:${jid}`;
  }
}

/** The error condition of an IQ (or any stanza) of type error. */
export function errorCondition(stanza: Element): string {
  const error = stanza.getChild('error');
  const condition = error?.getChildElements().find((c) => c.attrs.xmlns === NS_STANZAS && c.name !== 'text');
  return condition?.name ?? 'undefined-condition';
}

interface Pending {
  to: string | undefined;
  resolve(el: Element): void;
  reject(error: unknown): void;
  timer: ReturnType<typeof setTimeout>;
}

/** Outbound IQ requests waiting for their reply. */
export class IqCaller {
  #pending = new Map<string, Pending>();

  /**
   * Registers `request` (adding an id), hands it to `send`, and resolves with the reply.
   * `ownJid` is consulted when the reply arrives (RFC 6120 §10.3.3: replies to requests without
   * 'to' come from our account or server).
   */
  request(request: Element, timeoutMs: number, send: (el: Element) => Promise<void>): Promise<Element> {
    if (request.name !== 'iq' || (request.attrs.type !== 'get' && request.attrs.type !== 'set')) {
      return Promise.reject(new PresenceError('invalid-argument', 'iq() needs an <iq type="get|set"/>'));
    }
    const id = request.attrs.id ?? newId('iq');
    request.attr('id', id);
    if (this.#pending.has(id)) return Promise.reject(new PresenceError('invalid-argument', `An IQ with id ${id} is already pending`));
    return new Promise<Element>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new PresenceError('timeout', `No answer to IQ ${id} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#pending.set(id, { to: normalise(request.attrs.to), resolve, reject, timer });
      send(request).catch((error: unknown) => {
        if (this.#pending.get(id)?.timer !== timer) return;
        clearTimeout(timer);
        this.#pending.delete(id);
        reject(error);
      });
    });
  }

  /** Routes a result/error; true when it answered one of our requests. */
  handleReply(el: Element, own: { bare: string; full?: string; domain: string }): boolean {
    const id = el.attrs.id;
    const entry = id === undefined ? undefined : this.#pending.get(id);
    if (!entry || id === undefined) return false;
    const from = normalise(el.attrs.from);
    const ok =
      entry.to === undefined ? from === undefined || from === own.bare || from === own.domain || from === own.full : from === entry.to;
    if (!ok) return false;
    this.#pending.delete(id);
    clearTimeout(entry.timer);
    if (el.attrs.type === 'result') {
      entry.resolve(el);
    } else {
      const condition = errorCondition(el);
      const text = el.getChild('error')?.getChildText('text', NS_STANZAS);
      entry.reject(
        new PresenceError('stanza-error', `IQ ${id} failed: ${condition}${text ? ` (${text.slice(0, 200)})` : ''}`, { condition }),
      );
    }
    return true;
  }

  rejectAll(error: unknown): void {
    const entries = [...this.#pending.values()];
    this.#pending.clear();
    for (const entry of entries) {
      clearTimeout(entry.timer);
      entry.reject(error);
    }
  }
}

function reply(request: Element, type: 'result' | 'error', ...children: Element[]): Element {
  return xml('iq', { type, id: request.attrs.id, to: request.attrs.from }, ...children);
}

export function errorReply(request: Element, condition: string, type: 'cancel' | 'modify' | 'wait' = 'cancel'): Element {
  return reply(request, 'error', xml('error', { type }, xml(condition, { xmlns: NS_STANZAS })));
}

/** Inbound IQ get/set dispatch by (type, payload namespace, payload name). */
export class IqCallee {
  #handlers = new Map<string, IqHandler>();

  constructor() {
    this.register('get', NS_PING, 'ping', () => undefined);
  }

  register(type: 'get' | 'set', xmlns: string, name: string, handler: IqHandler): void {
    this.#handlers.set(`${type} ${xmlns} ${name}`, handler);
  }

  #find(request: Element): IqHandler | undefined {
    const payload = request.getChildElements()[0];
    return payload && this.#handlers.get(`${request.attrs.type} ${payload.attrs.xmlns} ${payload.name}`);
  }

  has(request: Element): boolean {
    return !!this.#find(request);
  }

  /**
   * Answers a get/set request. Without a handler: service-unavailable (RFC 6120 §8.4). A handler that
   * throws a PresenceError with a `condition` answers with that condition, anything else internal-server-error.
   */
  async answer(request: Element): Promise<Element> {
    const handler = this.#find(request);
    if (!handler) return errorReply(request, 'service-unavailable');
    try {
      const result = await handler(request);
      return result ? reply(request, 'result', result) : reply(request, 'result');
    } catch (error) {
      const condition = error instanceof PresenceError && error.condition ? error.condition : 'internal-server-error';
      return errorReply(request, condition, condition === 'internal-server-error' ? 'wait' : 'cancel');
    }
  }
}
