import { css } from '@lit/reactive-element';

export const noticesStyles = css`
  :host {
    all: initial;
  }
  [part='list'] {
    position: fixed;
    inset-block-start: 1rem;
    inset-inline-end: 1rem;
    z-index: 2147483001;
    display: flex;
    flex-direction: column;
    gap: 0.5rem;
    width: min(22rem, calc(100vw - 2rem));
    font: 0.875rem/1.35 system-ui, sans-serif;
    pointer-events: none;
  }
  [part='notice'] {
    pointer-events: auto;
    display: grid;
    grid-template-columns: 1fr auto;
    gap: 0.25rem 0.5rem;
    padding: 0.6rem 0.75rem;
    border: 1px solid var(--presently-notice-border-color, #8a9099);
    border-radius: var(--presently-notice-radius, 0.5rem);
    background: var(--presently-notice-background, Canvas);
    color: var(--presently-notice-color, CanvasText);
    box-shadow: var(--presently-notice-shadow, 0 0.25rem 1rem rgb(0 0 0 / 0.2));
  }
  [part='title'] {
    margin: 0;
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  [part='body'] {
    grid-column: 1 / -1;
    margin: 0;
    overflow-wrap: anywhere;
    display: -webkit-box;
    -webkit-line-clamp: 3;
    -webkit-box-orient: vertical;
    overflow: hidden;
  }
  button {
    font: inherit;
    cursor: pointer;
    border-radius: 0.35rem;
    border: 1px solid var(--presently-notice-border-color, #8a9099);
    background: transparent;
    color: inherit;
    padding: 0.15rem 0.5rem;
  }
  [part='open'] {
    grid-column: 1 / -1;
    justify-self: start;
  }
  [part='dismiss'] {
    border: none;
    line-height: 1;
  }
  button:focus-visible {
    outline: 2px solid var(--presently-color-focus, #1a73e8);
    outline-offset: 2px;
  }
  @media (prefers-reduced-motion: no-preference) {
    [part='notice'] {
      animation: presently-notice-in 160ms ease-out;
    }
  }
  @keyframes presently-notice-in {
    from {
      opacity: 0;
      transform: translateY(-0.5rem);
    }
  }
  @media (forced-colors: active) {
    [part='notice'] {
      border-color: CanvasText;
    }
  }
`;
