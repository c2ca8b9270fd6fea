import { defineElement } from '../internal/define-element.js';
import { PresentlyTyping } from './typing.js';

defineElement('presently-typing', PresentlyTyping);

declare global {
  interface HTMLElementTagNameMap {
    'presently-typing': PresentlyTyping;
  }
}
