import { css } from '@lit/reactive-element';

export const dotStyles = css`
  :host {
    display: inline-flex;
    vertical-align: middle;
    line-height: 0;
  }
  :host([size='small']) {
    --presently-dot-size: var(--presently-dot-size-small, 0.5rem);
  }
  :host([size='large']) {
    --presently-dot-size: var(--presently-dot-size-large, 1rem);
  }
  [part='base'] {
    display: inline-flex;
  }
`;
