import { css } from '@lit/reactive-element';

/**
 * Rules every element shares, adopted once per document as one constructable stylesheet:
 * `hidden` hides, and `--_muted` is the secondary-text colour (dark follows the page's
 * `color-scheme`; declare `color-scheme: light dark` to follow the OS).
 */
export const hostStyles = css`
  :host {
    --_muted: var(--presently-color-text-muted, #5c6370);
  }
  @supports (color: light-dark(#000, #fff)) {
    :host {
      --_muted: var(--presently-color-text-muted, light-dark(#5c6370, #b4bac4));
    }
  }
  :host([hidden]) {
    display: none;
  }
`;
