import { css } from '@lit/reactive-element';

export const statusPickerStyles = css`
  :host {
    display: block;
    font: inherit;
    color: var(--presently-status-picker-color, inherit);
  }
  [part='base'] {
    display: grid;
    gap: var(--presently-status-picker-gap, 0.75rem);
    margin: 0;
    padding: var(--presently-status-picker-padding, 0);
    border: 0;
    min-inline-size: 0;
  }
  legend {
    padding: 0;
    font-weight: 600;
    margin-block-end: 0.5rem;
  }
  [part='current'] {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    color: var(--_muted);
    overflow-wrap: anywhere;
  }
  label {
    display: grid;
    gap: 0.25rem;
    font-size: 0.875em;
  }
  /* Fields and buttons share one box (font, height, border, radius): "Clear status" is a control like the others. */
  select,
  input:not([type='checkbox']),
  button {
    box-sizing: border-box;
    min-block-size: 2.25rem;
    font: inherit;
    font-size: 1rem;
    line-height: 1.25;
    color: inherit;
    background: var(--presently-status-picker-field-background, Field);
    border: 1px solid var(--presently-status-picker-border-color, #8a9099);
    border-radius: 0.375rem;
    padding: 0.375rem 0.75rem;
  }
  .keep {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    cursor: pointer;
  }
  .keep input {
    margin: 0;
    inline-size: 1rem;
    block-size: 1rem;
  }
  .actions {
    display: flex;
    gap: 0.5rem;
    flex-wrap: wrap;
  }
  button {
    cursor: pointer;
    background: var(--presently-status-picker-button-background, var(--presently-status-picker-field-background, Field));
    color: var(--presently-status-picker-button-color, inherit);
  }
  [part='save-button'] {
    background: var(--presently-status-picker-accent, #0b57d0);
    border-color: var(--presently-status-picker-accent, #0b57d0);
    color: var(--presently-status-picker-accent-color, #fff);
    font-weight: 600;
  }
  button:focus-visible,
  select:focus-visible,
  input:focus-visible {
    outline: 2px solid var(--presently-color-focus, #1a73e8);
    outline-offset: 2px;
  }
  :disabled {
    cursor: not-allowed;
    opacity: 0.6;
  }
  @media (forced-colors: active) {
    [part='save-button'] {
      background: ButtonFace;
      color: ButtonText;
      border-color: ButtonText;
    }
    button:focus-visible,
    select:focus-visible,
    input:focus-visible {
      outline-color: Highlight;
    }
    [part='current'] {
      color: CanvasText;
    }
  }
`;
