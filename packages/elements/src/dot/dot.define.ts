import { defineElement } from '../internal/define-element.js';
import { PresentlyDot } from './dot.js';

defineElement('presently-dot', PresentlyDot);

declare global {
  interface HTMLElementTagNameMap {
    'presently-dot': PresentlyDot;
  }
}
