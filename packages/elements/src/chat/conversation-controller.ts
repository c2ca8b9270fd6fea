import type { ReactiveControllerHost } from '@lit/reactive-element';
import { isPresenceError, type Conversation, type ConversationEntry, type PresenceClient } from '@presently/core';
import { WatchController, type WatchSource } from '../controllers/watch-controller.js';

const NO_ENTRIES: readonly ConversationEntry[] = Object.freeze([]);

/**
 * Mirrors the client's conversation with one contact (core's conversation model: history, live messages,
 * de-duplication, delivery state) and forwards the chat's sends and retries to it. Nothing is kept here:
 * every chat window, and any other UI, shows the same conversation.
 */
export class ConversationController extends WatchController<Conversation | undefined> {
  private readonly from: WatchSource;

  constructor(host: ReactiveControllerHost, source: WatchSource) {
    super(host, source, undefined);
    this.from = source;
  }

  /** Oldest first. Same array until the conversation changes. */
  get entries(): readonly ConversationEntry[] {
    return this.value?.entries ?? NO_ENTRIES;
  }

  /**
   * Send `body`; its line shows `sending`, then `sent`, `delivered` or `failed` (a failed send is shown on its
   * line, not thrown). Rejects only when the client refused the message before it became a line (e.g. too long).
   */
  async send(body: string): Promise<void> {
    const client = this.from.client();
    const jid = this.from.jid();
    if (!client || !jid) return;
    try {
      await client.sendMessage(jid, body);
    } catch (e) {
      if (isPresenceError(e, 'invalid-argument') || isPresenceError(e, 'invalid-jid')) throw e;
    }
  }

  /** Send a failed line again. */
  retry(entry: ConversationEntry): void {
    const client = this.from.client();
    const jid = this.from.jid();
    if (client && jid && entry.delivery === 'failed') client.retryMessage(jid, entry.key).catch(() => undefined);
  }

  protected watch(client: PresenceClient, jid: string, set: (c: Conversation) => void): () => void {
    return client.watchConversation(jid, set);
  }

  protected fallback(): undefined {
    return undefined;
  }
}
