import { defineElement } from '../internal/define-element.js';
import { PresentlyClient } from './client.js';

defineElement('presently-client', PresentlyClient);

declare global {
  interface HTMLElementTagNameMap {
    'presently-client': PresentlyClient;
  }
}
