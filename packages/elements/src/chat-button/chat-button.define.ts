import { defineElement } from '../internal/define-element.js';
import { PresentlyChatButton } from './chat-button.js';

defineElement('presently-chat-button', PresentlyChatButton);

declare global {
  interface HTMLElementTagNameMap {
    'presently-chat-button': PresentlyChatButton;
  }
}
