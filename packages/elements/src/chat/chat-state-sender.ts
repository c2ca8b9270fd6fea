/**
 * XEP-0085 §5.1 for our side of a conversation: `composing` when typing starts (not per
 * keystroke; refreshed while typing continues so the other side's 30 s timeout doesn't fire),
 * `paused` after a few idle seconds, `active` when the draft is cleared (a sent message carries `<active/>`), `gone` when
 * the chat closes. Nothing is sent for a conversation we never engaged in.
 */
import type { ChatState } from '@presently/core';

export class ChatStateSender {
  private state: ChatState | undefined;
  private lastComposing = 0;
  private idle: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly send: (state: ChatState) => void,
    private readonly pauseMs = 5_000,
    private readonly refreshMs = 20_000,
  ) {}

  /** The draft changed; `hasText` is whether it holds anything now. */
  typed(hasText: boolean): void {
    this.clearIdle();
    if (!hasText) {
      if (this.state === 'composing' || this.state === 'paused') this.set('active');
      return;
    }
    const now = Date.now();
    if (this.state !== 'composing' || now - this.lastComposing >= this.refreshMs) {
      this.lastComposing = now;
      this.set('composing');
    }
    this.idle = setTimeout(() => {
      this.idle = undefined;
      this.set('paused');
    }, this.pauseMs);
  }

  /** A message was sent: it carries `<active/>` itself (core's sendMessage), so no separate state goes out. */
  sent(): void {
    this.clearIdle();
    this.state = 'active';
  }

  /** The chat closed or went away. */
  gone(): void {
    this.clearIdle();
    if (this.state && this.state !== 'gone') this.set('gone');
    this.state = undefined;
  }

  private set(state: ChatState): void {
    this.state = state;
    try {
      this.send(state);
    } catch {
      // Chat states are best effort: never let one break typing.
    }
  }

  private clearIdle(): void {
    if (this.idle !== undefined) clearTimeout(this.idle);
    this.idle = undefined;
  }
}
