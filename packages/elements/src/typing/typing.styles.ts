import { css } from '@lit/reactive-element';

export const typingStyles = css`
  :host {
    display: inline-flex;
    color: var(--presently-typing-color, var(--_muted));
    font-size: var(--presently-typing-font-size, 0.875em);
    font-style: var(--presently-typing-font-style, italic);
  }
  [part='base'] {
    display: inline-flex;
    align-items: center;
    gap: 0.4em;
  }
  [part='dots'] {
    display: inline-flex;
    gap: 0.2em;
  }
  [part='dots'] i {
    inline-size: var(--presently-typing-dot-size, 0.3em);
    block-size: var(--presently-typing-dot-size, 0.3em);
    border-radius: 50%;
    background: currentColor;
    animation: presently-typing 1.2s infinite ease-in-out;
  }
  [part='dots'] i:nth-child(2) {
    animation-delay: 0.15s;
  }
  [part='dots'] i:nth-child(3) {
    animation-delay: 0.3s;
  }
  @keyframes presently-typing {
    0%, 60%, 100% { transform: translateY(0); opacity: 0.45; }
    30% { transform: translateY(-0.25em); opacity: 1; }
  }
  @media (prefers-reduced-motion: reduce) {
    [part='dots'] i {
      animation: none;
      opacity: 0.8;
    }
  }
  @media (forced-colors: active) {
    :host {
      color: CanvasText;
    }
    [part='dots'] i {
      background: CanvasText;
    }
  }
`;
