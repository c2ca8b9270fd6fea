import { defineElement } from '../internal/define-element.js';
import { PresentlyBadge } from './badge.js';

defineElement('presently-badge', PresentlyBadge);

declare global {
  interface HTMLElementTagNameMap {
    'presently-badge': PresentlyBadge;
  }
}
