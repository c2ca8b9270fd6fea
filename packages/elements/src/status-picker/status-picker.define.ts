import { defineElement } from '../internal/define-element.js';
import { PresentlyStatusPicker } from './status-picker.js';

defineElement('presently-status-picker', PresentlyStatusPicker);

declare global {
  interface HTMLElementTagNameMap {
    'presently-status-picker': PresentlyStatusPicker;
  }
}
