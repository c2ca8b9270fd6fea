import { defineElement } from '../internal/define-element.js';
import { PresentlyDot } from '../dot/dot.js';
import { PresentlyTyping } from '../typing/typing.js';
import { PresentlyChat } from './chat.js';

/** Registers `<presently-chat>` and the elements it renders. Idempotent. */
export function defineChat(): void {
  defineElement('presently-dot', PresentlyDot);
  defineElement('presently-typing', PresentlyTyping);
  defineElement('presently-chat', PresentlyChat);
}

defineChat();

declare global {
  interface HTMLElementTagNameMap {
    'presently-chat': PresentlyChat;
  }
}
