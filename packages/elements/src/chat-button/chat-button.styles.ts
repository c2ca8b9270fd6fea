import { css } from '@lit/reactive-element';

export const chatButtonStyles = css`
  :host {
    display: inline-block;
    vertical-align: middle;
  }
  [part='base'] {
    display: inline-flex;
    align-items: center;
    gap: 0.45em;
    font: inherit;
    font-size: var(--presently-chat-button-font-size, 0.875rem);
    line-height: 1.2;
    padding: var(--presently-chat-button-padding, 0.4em 0.85em);
    border-radius: var(--presently-chat-button-radius, 999px);
    border: 1px solid var(--presently-chat-button-border-color, #8a9099);
    background: var(--presently-chat-button-background, Canvas);
    color: var(--presently-chat-button-color, CanvasText);
    cursor: pointer;
  }
  [part='unread'] {
    min-width: 1.3em;
    padding: 0 0.35em;
    border-radius: 999px;
    font-size: 0.8em;
    font-weight: 600;
    line-height: 1.3em;
    text-align: center;
    background: var(--presently-chat-button-unread-background, #c5221f);
    color: var(--presently-chat-button-unread-color, white);
  }
  [part='notify'] {
    margin-inline-start: 0.35em;
    font: inherit;
    font-size: calc(var(--presently-chat-button-font-size, 0.875rem) * 0.9);
    padding: 0.3em 0.7em;
    border-radius: var(--presently-chat-button-radius, 999px);
    border: 1px dashed var(--presently-chat-button-border-color, #8a9099);
    background: transparent;
    color: var(--presently-chat-button-color, CanvasText);
    cursor: pointer;
  }
  [part='notify'][aria-pressed='true'] {
    border-style: solid;
  }
  [part='notify']:focus-visible {
    outline: 2px solid var(--presently-color-focus, #1a73e8);
    outline-offset: 2px;
  }
  [part='base']:hover {
    background: var(--presently-chat-button-background-hover, color-mix(in srgb, CanvasText 8%, Canvas));
  }
  [part='base']:focus-visible {
    outline: 2px solid var(--presently-color-focus, #1a73e8);
    outline-offset: 2px;
  }
  [part='base']:disabled {
    cursor: not-allowed;
    opacity: 0.6;
  }
  @media (forced-colors: active) {
    [part='base'] {
      border-color: ButtonText;
      background: ButtonFace;
      color: ButtonText;
    }
    [part='base']:focus-visible {
      outline-color: Highlight;
    }
    [part='unread'] {
      forced-color-adjust: none;
      background: Highlight;
      color: HighlightText;
    }
  }
`;
