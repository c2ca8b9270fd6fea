import { defineElement } from '../internal/define-element.js';
import { PresentlyInbox } from './inbox.js';

defineElement('presently-inbox', PresentlyInbox);

declare global {
  interface HTMLElementTagNameMap {
    'presently-inbox': PresentlyInbox;
  }
}
