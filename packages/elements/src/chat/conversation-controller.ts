import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ChatMessage, ClientEvents, PresenceClient } from '@presently/core';
import type { WatchSource } from '../controllers/watch-controller.js';

/** Where an outgoing message stands. */
export type Delivery = 'sending' | 'sent' | 'delivered' | 'failed';

/** One line of the conversation. */
export interface ConversationEntry {
  /** Stable render key. */
  key: string;
  message: ChatMessage;
  /** Outgoing messages only. */
  delivery?: Delivery;
}

let seq = 0;

/**
 * The conversation with one contact: archived history (XEP-0313) when the server has it, live
 * messages both ways (carbons included), delivery receipts (XEP-0184), sending and retrying.
 */
export class ConversationController implements ReactiveController {
  entries: ConversationEntry[] = [];
  private readonly host: ReactiveControllerHost;
  private readonly source: WatchSource;
  private key: [PresenceClient | undefined, string | undefined] = [undefined, undefined];
  private offs: Array<() => void> = [];
  private subscribed = false;
  private historyLoaded = false;
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
    this.entries = [...this.entries, entry];
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
        // A carbon or echo of the same message may have landed first: keep one line.
        if (this.entries.some((e) => e !== entry && e.message.id === sent.id && sent.id)) {
          this.entries = this.entries.filter((e) => e !== entry);
        } else {
          entry.message = { ...entry.message, ...sent };
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

  private sync(): void {
    const client = this.source.client();
    const jid = this.source.jid();
    if (this.subscribed && client === this.key[0] && jid === this.key[1]) return;
    this.unsubscribe();
    if (client !== this.key[0] || jid !== this.key[1]) {
      this.entries = [];
      this.receipts.clear();
      this.historyLoaded = false;
    }
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
        const known = new Set(this.entries.map((e) => e.message.id));
        const older = messages
          .filter((m) => m && typeof m.body === 'string' && !known.has(m.id))
          .map((m): ConversationEntry => ({ key: `h-${m.id || ++seq}`, message: m }));
        if (older.length) {
          this.entries = [...older, ...this.entries];
          this.host.requestUpdate();
        }
      },
      // No archive (or no permission): show what arrives live, nothing else.
      () => undefined,
    );
  }

  private received(m: ChatMessage): void {
    const jid = this.key[1];
    if (!m || typeof m.body !== 'string' || (m.direction === 'in' ? m.from : m.to) !== jid) return;
    if (m.id && this.entries.some((e) => e.message.id === m.id)) return;
    if (m.direction === 'out') {
      // Our own send echoed back before its promise settled.
      const pending = this.entries.find((e) => e.delivery === 'sending' && !e.message.id && e.message.body === m.body);
      if (pending) {
        pending.message = { ...pending.message, id: m.id };
        this.host.requestUpdate();
        return;
      }
    }
    this.entries = [...this.entries, { key: `m-${m.id || ++seq}`, message: m }];
    this.host.requestUpdate();
  }

  private receipt(id: string): void {
    const entry = this.entries.find((e) => e.message.direction === 'out' && e.message.id === id);
    if (entry && entry.delivery !== 'failed') {
      entry.delivery = 'delivered';
      this.host.requestUpdate();
    } else if (!entry) this.receipts.add(id);
  }
}
