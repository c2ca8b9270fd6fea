import { css, unsafeCSS } from '@lit/reactive-element';
import { AVATAR_COLORS } from '../internal/text.js';

// Constant palette, not user input.
const avatarColors = unsafeCSS(AVATAR_COLORS.map((c, i) => `[data-color='${i}']{background:${c}}`).join(''));

export const badgeStyles = css`
  ${avatarColors}
  :host {
    display: inline-block;
    vertical-align: middle;
    font: inherit;
    color: var(--presently-badge-color, inherit);
    max-inline-size: 100%;
    /* A directory of thousands: off-screen badges skip style, layout and paint until scrolled to. */
    content-visibility: auto;
    /* Exactly the rendered height of three lines (1.3 + 2 × 0.875 × 1.3 em): a badge not drawn yet takes the
       space it will take, so a directory card doesn't grow by a line when it is scrolled to. */
    contain-intrinsic-size: auto 12rem auto 3.575em;
  }
  .face {
    position: relative;
    flex: none;
    display: inline-flex;
    align-items: center;
    gap: 0.25rem;
  }
  [part='base'] {
    position: relative;
    display: flex;
    align-items: center;
    gap: var(--presently-badge-gap, 0.625rem);
    min-inline-size: 0;
  }
  [part='avatar'] {
    flex: none;
    inline-size: var(--presently-badge-avatar-size, 2.5rem);
    block-size: var(--presently-badge-avatar-size, 2.5rem);
    border-radius: var(--presently-badge-avatar-radius, 50%);
    display: inline-flex;
    align-items: center;
    justify-content: center;
    color: #fff;
    font-weight: 600;
    font-size: calc(var(--presently-badge-avatar-size, 2.5rem) * 0.4);
    line-height: 1;
    user-select: none;
  }
  :host([layout='compact']) {
    contain-intrinsic-size: auto 10rem auto 1.5rem;
  }
  /* Beside the avatar, not on it: on a 1.5rem avatar the dot would cover half of the initials. */
  :host([layout='compact']) .avatar-dot {
    position: static;
    padding: 0;
    background: none;
  }
  :host([layout='compact']) [part='avatar'] {
    --presently-badge-avatar-size: var(--presently-badge-avatar-size-compact, 1.5rem);
  }
  .photo {
    inline-size: 100%;
    block-size: 100%;
    border-radius: inherit;
    object-fit: cover;
  }
  .avatar-dot {
    position: absolute;
    /* Inside the host's box: content-visibility clips what overflows it. */
    inset-inline-end: -0.125rem;
    inset-block-end: -0.125rem;
    display: inline-flex;
    border-radius: 50%;
    padding: 0.0625rem;
    background: var(--presently-badge-dot-ring-color, Canvas);
    --presently-dot-size: var(--presently-badge-dot-size, 0.75rem);
  }
  .text {
    display: flex;
    flex-direction: column;
    min-inline-size: 0;
    line-height: 1.3;
  }
  :host([layout='compact']) .text {
    flex-direction: row;
    align-items: baseline;
    gap: 0.5em;
  }
  [part='name'] {
    font-weight: var(--presently-badge-name-weight, 600);
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  /* Text from the network keeps its own direction: "Back at 2 (maybe)." stays in order in an Arabic page. */
  [part='name'],
  [part='status'] {
    unicode-bidi: plaintext;
  }
  /* Full keeps the status line when it is empty (every card the same height); compact drops it. */
  [part='status']:empty {
    min-block-size: 1.3em;
  }
  :host([layout='compact']) [part='status']:empty {
    display: none;
  }
  [part='status'],
  [part='meta'] {
    color: var(--_muted);
    font-size: var(--presently-badge-detail-font-size, 0.875em);
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  /* Compact hides the facts line visually but keeps it for screen readers (the dot is decorative here). */
  :host([layout='compact']) [part='meta'] {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
  }
  @media (forced-colors: active) {
    [part='avatar'] {
      border: 1px solid CanvasText;
      color: CanvasText;
      background: Canvas !important;
    }
    [part='status'],
    [part='meta'] {
      color: CanvasText;
    }
  }
`;
