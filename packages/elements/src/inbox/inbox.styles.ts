import { css } from '@lit/reactive-element';

export const inboxStyles = css`
  :host {
    display: block;
    font-size: var(--presently-inbox-font-size, 0.875rem);
  }
  [part='list'] {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: var(--presently-inbox-gap, 0.25rem);
  }
  [part='entry'] {
    display: grid;
    grid-template-columns: 1fr auto auto;
    align-items: baseline;
    gap: 0.15rem 0.5rem;
    inline-size: 100%;
    text-align: start;
    font: inherit;
    color: var(--presently-inbox-color, CanvasText);
    background: var(--presently-inbox-background, Canvas);
    border: 1px solid var(--presently-inbox-border-color, color-mix(in srgb, CanvasText 20%, Canvas));
    border-radius: var(--presently-inbox-radius, 0.5rem);
    padding: 0.5rem 0.65rem;
    cursor: pointer;
  }
  [part='entry']:hover {
    background: var(--presently-inbox-background-hover, color-mix(in srgb, CanvasText 6%, Canvas));
  }
  [part='entry']:focus-visible {
    outline: 2px solid var(--presently-color-focus, #1a73e8);
    outline-offset: 2px;
  }
  [part='name'] {
    font-weight: 600;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  [part='time'] {
    opacity: 0.75;
    font-size: 0.9em;
  }
  [part='count'] {
    min-width: 1.3em;
    padding: 0 0.35em;
    border-radius: 999px;
    font-size: 0.8em;
    font-weight: 600;
    line-height: 1.3em;
    text-align: center;
    background: var(--presently-inbox-count-background, #c5221f);
    color: var(--presently-inbox-count-color, white);
  }
  [part='text'] {
    grid-column: 1 / -1;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    opacity: 0.85;
  }
  [part='empty'] {
    margin: 0;
    opacity: 0.75;
  }
  @media (forced-colors: active) {
    [part='entry'] {
      border-color: ButtonText;
    }
    [part='count'] {
      forced-color-adjust: none;
      background: Highlight;
      color: HighlightText;
    }
  }
`;
