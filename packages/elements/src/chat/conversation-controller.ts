import type { ReactiveController, ReactiveControllerHost } from '@lit/reactive-element';
import type { ChatMessage, ClientEvents, PresenceClient } from '@presently/core';
import type { WatchSource } from '../controllers/watch-controller.js';

/** Where an outgoing message stands. */
export type Delivery = 'sending' | 'sent' | 'delivered' | 'failed';

/** One line of the conversation. */
export interface ConversationEntry {
  /** Stable key. */
  key: string;
  message: ChatMessage;
  /** Outgoing messages only. */
  delivery?: Delivery;
  /** Render cache of the element (body segments, time); dropped when the message changes. */
  view?: unknown;
}

/** Lines kept in a panel; older ones scroll out of memory (the archive still has them). */
export const MAX_ENTRIES = 200;

let seq = 0;

/**
 * The conversation with one contact: archived history (XEP-0313) when the server has it, live
 * messages both ways (carbons included), delivery receipts (XEP-0184), sending and retrying.
 * Every operation is O(1) per message, so a flood of thousands stays cheap.
 */
export class ConversationController implements ReactiveController {
  /** Oldest first, at most about {@link MAX_ENTRIES}. */
  entries: ConversationEntry[] = [];
  /** Bumped on every change of `entries` (added or removed lines). */
  version = 0;
  private readonly host: ReactiveControllerHost;
  private readonly source: WatchSource;
  private key: [PresenceClient | undefined, string | undefined] = [undefined, undefined];
  private offs: Array<() => void> = [];
  private subscribed = false;
  private historyLoaded = false;
  private readonly byId = new Map<string, ConversationEntry>();
  /** Our sends still waiting for their id (to merge an echo that arrives first). */
  private readonly unidentified = new Set<ConversationEntry>();
  /** Receipts that arrived before the send promise told us the id. */
  private readonly receipts = new Set<string>();

  constructor(host: ReactiveControllerHost, source: WatchSource) {
    this.host = host;
    this.source = source;
    host.addController(this);
  }

  hostConnected(): void {
    this.sync();
  }

  hostUpdate(): void {
    this.sync();
  }

  hostDisconnected(): void {
    this.unsubscribe();
  }

  /** Send `body`; the entry shows `sending`, then `sent`, `delivered` or `failed`. */
  send(body: string): void {
    const [client, jid] = this.key;
    if (!client || !jid) return;
    const entry: ConversationEntry = {
      key: `local-${++seq}`,
      message: { id: '', from: client.jid.split('/')[0] ?? '', to: jid, body, timestamp: new Date(), direction: 'out' },
      delivery: 'sending',
    };
    this.unidentified.add(entry);
    this.append(entry);
    this.attempt(entry);
  }

  /** Send a failed message again. */
  retry(entry: ConversationEntry): void {
    if (entry.delivery !== 'failed') return;
    entry.delivery = 'sending';
    this.attempt(entry);
  }

  private attempt(entry: ConversationEntry): void {
    const [client, jid] = this.key;
    this.host.requestUpdate();
    if (!client || !jid) {
      entry.delivery = 'failed';
      return;
    }
    let sending: Promise<ChatMessage>;
    try {
      sending = client.sendMessage(jid, entry.message.body);
    } catch (e) {
      sending = Promise.reject(e);
    }
    sending.then(
      (sent) => {
        this.unidentified.delete(entry);
        const other = sent.id ? this.byId.get(sent.id) : undefined;
        if (other && other !== entry) {
          // A carbon or echo of the same message landed first: keep one line.
          this.remove(entry);
          other.delivery = entry.delivery === 'delivered' || other.delivery === 'delivered' ? 'delivered' : 'sent';
        } else {
          entry.message = { ...entry.message, ...sent };
          entry.view = undefined;
          if (sent.id) this.byId.set(sent.id, entry);
          entry.delivery = entry.delivery === 'delivered' || (sent.id && this.receipts.delete(sent.id)) ? 'delivered' : 'sent';
        }
        this.host.requestUpdate();
      },
      () => {
        entry.delivery = 'failed';
        this.host.requestUpdate();
      },
    );
  }

  private append(entry: ConversationEntry): void {
    this.entries.push(entry);
    if (entry.message.id) this.byId.set(entry.message.id, entry);
    // Trim in batches so a flood costs O(1) per message, amortised.
    if (this.entries.length > MAX_ENTRIES + MAX_ENTRIES / 4) {
      for (const old of this.entries.splice(0, this.entries.length - MAX_ENTRIES)) {
        if (old.message.id) this.byId.delete(old.message.id);
      }
    }
    this.version++;
    this.host.requestUpdate();
  }

  private remove(entry: ConversationEntry): void {
    const i = this.entries.indexOf(entry);
    if (i !== -1) this.entries.splice(i, 1);
    this.version++;
  }

  private reset(): void {
    this.entries = [];
    this.byId.clear();
    this.unidentified.clear();
    this.receipts.clear();
    this.historyLoaded = false;
    this.version++;
  }

  private sync(): void {
    const client = this.source.client();
    const jid = this.source.jid();
    if (this.subscribed && client === this.key[0] && jid === this.key[1]) return;
    this.unsubscribe();
    if (client !== this.key[0] || jid !== this.key[1]) this.reset();
    this.key = [client, jid];
    this.subscribed = true;
    if (!client || !jid) return;
    const onMessage: ClientEvents['message'] = (m) => this.received(m);
    const onReceipt: ClientEvents['receipt'] = (r) => this.receipt(r.id);
    const onOnline: ClientEvents['online'] = () => this.loadHistory();
    client.on('message', onMessage).on('receipt', onReceipt).on('online', onOnline);
    this.offs = [() => client.off('message', onMessage).off('receipt', onReceipt).off('online', onOnline)];
    this.loadHistory();
  }

  private unsubscribe(): void {
    for (const off of this.offs) off();
    this.offs = [];
    this.subscribed = false;
  }

  private loadHistory(): void {
    const [client, jid] = this.key;
    if (!client || !jid || this.historyLoaded || client.status !== 'online') return;
    this.historyLoaded = true;
    let loading: Promise<ChatMessage[]>;
    try {
      loading = client.history(jid, { max: 50 });
    } catch (e) {
      loading = Promise.reject(e);
    }
    loading.then(
      (messages) => {
        if (this.key[0] !== client || this.key[1] !== jid || !Array.isArray(messages)) return;
        const older = messages
          .filter((m) => m && typeof m.body === 'string' && !(m.id && this.byId.has(m.id)))
          .slice(-MAX_ENTRIES)
          .map((m): ConversationEntry => ({ key: `h-${m.id || ++seq}`, message: m }));
        if (!older.length) return;
        for (const e of older) if (e.message.id) this.byId.set(e.message.id, e);
        this.entries = [...older, ...this.entries];
        this.version++;
        this.host.requestUpdate();
      },
      // No archive (or no permission): show what arrives live, nothing else.
      () => undefined,
    );
  }

  private received(m: ChatMessage): void {
    const jid = this.key[1];
    if (!m || typeof m.body !== 'string' || (m.direction === 'in' ? m.from : m.to) !== jid) return;
    if (m.id && this.byId.has(m.id)) return;
    if (m.direction === 'out') {
      // Our own send echoed back before its promise settled.
      for (const pending of this.unidentified) {
        if (pending.delivery === 'sending' && pending.message.body === m.body) {
          this.unidentified.delete(pending);
          pending.message = { ...pending.message, id: m.id };
          if (m.id) this.byId.set(m.id, pending);
          this.host.requestUpdate();
          return;
        }
      }
    }
    this.append({ key: `m-${m.id || ++seq}`, message: m });
  }

  private receipt(id: string): void {
    const entry = this.byId.get(id);
    if (entry?.message.direction === 'out') {
      if (entry.delivery !== 'failed') {
        entry.delivery = 'delivered';
        this.host.requestUpdate();
      }
    } else if (!entry) {
      this.receipts.add(id);
      // Bounded: receipts for ids we never sent are noise (or hostile).
      if (this.receipts.size > MAX_ENTRIES) this.receipts.delete(this.receipts.values().next().value as string);
    }
  }
}
