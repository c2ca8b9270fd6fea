import { css } from '@lit/reactive-element';

export const chatStyles = css`
  :host {
    display: flex;
    flex-direction: column;
    inline-size: var(--presently-chat-width, auto);
    block-size: var(--presently-chat-height, 24rem);
    font: inherit;
    font-size: var(--presently-chat-font-size, 0.9375rem);
    color: var(--presently-chat-color, CanvasText);
    background: var(--presently-chat-background, Canvas);
    border: 1px solid var(--presently-chat-border-color, #c4c8cf);
    border-radius: var(--presently-chat-radius, 0.75rem);
    box-shadow: var(--presently-chat-shadow, none);
    overflow: hidden;
    box-sizing: border-box;
    --_in-bg: var(--presently-chat-incoming-background, #eef0f3);
    --_in-fg: var(--presently-chat-incoming-color, #1b1d21);
    --_out-bg: var(--presently-chat-outgoing-background, #0b57d0);
    --_out-fg: var(--presently-chat-outgoing-color, #fff);
    --_error: var(--presently-chat-error-color, #b3261e);
  }
  /* Dark follows the page's color-scheme (declare 'color-scheme: light dark' to follow the OS). */
  @supports (color: light-dark(#000, #fff)) {
    :host {
      --_in-bg: var(--presently-chat-incoming-background, light-dark(#eef0f3, #2d3138));
      --_in-fg: var(--presently-chat-incoming-color, light-dark(#1b1d21, #eceef1));
      --_out-bg: var(--presently-chat-outgoing-background, light-dark(#0b57d0, #a8c7fa));
      --_out-fg: var(--presently-chat-outgoing-color, light-dark(#fff, #062e6f));
      --_error: var(--presently-chat-error-color, light-dark(#b3261e, #f2b8b5));
    }
  }
  [part='base'] {
    flex: 1;
    min-block-size: 0;
    display: flex;
    flex-direction: column;
  }
  [part='header'] {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    padding: 0.5rem 0.5rem 0.5rem 0.75rem;
    border-block-end: 1px solid var(--presently-chat-border-color, #c4c8cf);
    min-inline-size: 0;
  }
  [part='badge'] {
    flex: 1;
    min-inline-size: 0;
    display: flex;
    align-items: center;
    gap: 0.625rem;
  }
  [part='dot'] {
    flex: none;
  }
  /* Server-rendered (Lit SSR) or before the dot's code loads: the dot's box already, so the name doesn't move. */
  [part='dot']:not(:defined) {
    display: inline-block;
    inline-size: var(--presently-dot-size-large, 1rem);
    block-size: var(--presently-dot-size-large, 1rem);
  }
  /* The name in full where it fits, wrapping (never "Grace …") where it doesn't; the state below it. */
  .who {
    display: flex;
    flex-direction: column;
    min-inline-size: 0;
    line-height: 1.3;
    overflow-wrap: anywhere;
  }
  [part='name'] {
    font-weight: 600;
  }
  [part='state'] {
    font-size: 0.875em;
    color: var(--_muted);
    display: -webkit-box;
    -webkit-box-orient: vertical;
    -webkit-line-clamp: 2;
    overflow: hidden;
  }
  button {
    font: inherit;
    cursor: pointer;
  }
  button:focus-visible,
  textarea:focus-visible,
  [part='message-list']:focus-visible,
  a:focus-visible {
    outline: 2px solid var(--presently-color-focus, #1a73e8);
    outline-offset: 2px;
  }
  [part='close-button'] {
    flex: none;
    inline-size: 2rem;
    block-size: 2rem;
    border: 0;
    border-radius: 50%;
    background: transparent;
    color: inherit;
    font-size: 1.25rem;
    line-height: 1;
  }
  [part='close-button']:hover {
    background: color-mix(in srgb, CanvasText 10%, transparent);
  }
  [part='message-list'] {
    flex: 1;
    min-block-size: 0;
    overflow-y: auto;
    padding: 0.75rem;
    display: flex;
    flex-direction: column;
    gap: 0.375rem;
  }
  .msg {
    max-inline-size: 80%;
    display: flex;
    flex-direction: column;
    gap: 0.125rem;
  }
  .in {
    align-self: flex-start;
  }
  .out {
    align-self: flex-end;
    align-items: flex-end;
  }
  [part~='message-body'] {
    padding: 0.4rem 0.7rem;
    border-radius: 1rem;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  .in [part~='message-body'] {
    background: var(--_in-bg);
    color: var(--_in-fg);
    border-end-start-radius: 0.25rem;
  }
  .out [part~='message-body'] {
    background: var(--_out-bg);
    color: var(--_out-fg);
    border-end-end-radius: 0.25rem;
  }
  .out[data-delivery='failed'] [part~='message-body'] {
    outline: 2px dashed var(--_error);
    outline-offset: 1px;
  }
  [part~='message-body'] a {
    color: inherit;
    text-decoration: underline;
  }
  [part~='message-meta'] {
    display: flex;
    align-items: center;
    gap: 0.375rem;
    font-size: 0.75rem;
    color: var(--_muted);
  }
  .failed {
    color: var(--_error);
    font-weight: 600;
  }
  [part='retry-button'] {
    border: 0;
    padding: 0;
    background: none;
    color: inherit;
    text-decoration: underline;
    font-size: inherit;
  }
  [part='typing'] {
    padding-inline: 0.75rem;
    min-block-size: 1.25rem;
  }
  [part='composer'] {
    display: flex;
    align-items: flex-end;
    gap: 0.5rem;
    padding: 0.5rem;
    border-block-start: 1px solid var(--presently-chat-border-color, #c4c8cf);
  }
  [part='input'] {
    flex: 1;
    resize: none;
    font: inherit;
    color: inherit;
    background: transparent;
    border: 1px solid var(--presently-chat-border-color, #8a9099);
    border-radius: 0.5rem;
    padding: 0.4rem 0.6rem;
    min-block-size: 2.25rem;
    max-block-size: 8rem;
    box-sizing: border-box;
  }
  [part='send-button'] {
    border: 0;
    border-radius: 0.5rem;
    padding: 0.5rem 0.9rem;
    background: var(--_out-bg);
    color: var(--_out-fg);
    font-weight: 600;
  }
  :disabled {
    cursor: not-allowed;
    opacity: 0.6;
  }
  .sr-only {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  @media (forced-colors: active) {
    :host,
    [part='header'],
    [part='composer'],
    [part='input'] {
      border-color: CanvasText;
    }
    [part~='message-body'] {
      border: 1px solid CanvasText;
      background: Canvas !important;
      color: CanvasText !important;
    }
    [part='send-button'] {
      border: 1px solid ButtonText;
      background: ButtonFace;
      color: ButtonText;
    }
    [part~='message-body'] a {
      color: LinkText;
    }
    button:focus-visible,
    textarea:focus-visible,
    [part='message-list']:focus-visible {
      outline-color: Highlight;
    }
  }
`;
