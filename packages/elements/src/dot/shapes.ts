/**
 * One shape per state, so the dot reads without colour (WCAG 1.4.1): filled circle = available,
 * clock = away, hollow clock = away for a while, barred circle = do not disturb, ring = offline,
 * dashed ring = unknown, cross = invalid.
 */
import { css, svg, type SVGTemplateResult } from 'lit';
import type { DisplayShow } from '../strings.js';

/** Name of the shape drawn for a state (exposed as `data-shape` on the `dot` part). */
export type Shape = 'filled' | 'clock' | 'hollow-clock' | 'bar' | 'ring' | 'dashed' | 'cross';

export const shapeOf: Record<DisplayShow, Shape> = {
  available: 'filled',
  chat: 'filled',
  away: 'clock',
  xa: 'hollow-clock',
  dnd: 'bar',
  offline: 'ring',
  unknown: 'dashed',
  invalid: 'cross',
};

const ring = svg`<circle cx="8" cy="8" r="6.25" fill="none" class="stroke" stroke-width="2.5"/>`;
const disc = svg`<circle cx="8" cy="8" r="7.5" class="fill"/>`;
const hands = (cls: string) => svg`<path d="M8 4.2V8.4l2.8 1.8" fill="none" class=${cls} stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round"/>`;

const drawings: Record<Shape, SVGTemplateResult> = {
  filled: disc,
  clock: svg`${disc}${hands('cut')}`,
  'hollow-clock': svg`${ring}${hands('stroke')}`,
  bar: svg`${disc}<rect x="3.5" y="6.75" width="9" height="2.5" rx="1" class="cutfill"/>`,
  ring,
  dashed: svg`<circle cx="8" cy="8" r="6.25" fill="none" class="stroke" stroke-width="2.2" stroke-dasharray="3.3 2.25"/>`,
  cross: svg`<path d="M3.5 3.5l9 9m0-9l-9 9" fill="none" class="stroke" stroke-width="2.5" stroke-linecap="round"/>`,
};

/** The SVG for a state; `part` lets hosts expose it for `::part()`. */
export function renderShape(show: DisplayShow, part = 'dot') {
  const shape = shapeOf[show] ?? 'dashed';
  return svg`<svg part=${part} class="shape" data-shape=${shape} data-show=${show} viewBox="0 0 16 16" aria-hidden="true" focusable="false">${drawings[shape]}</svg>`;
}

/**
 * Palette and shape colours. The global palette (`--presently-color-*`) is shared by every
 * element; `--presently-dot-size` sizes the shape wherever it is drawn.
 */
export const shapeStyles = css`
  .shape {
    inline-size: var(--presently-dot-size, 0.75rem);
    block-size: var(--presently-dot-size, 0.75rem);
    flex: none;
    vertical-align: middle;
    overflow: visible;
    --_c: var(--presently-color-unknown, #767b84);
  }
  .fill { fill: var(--_c); }
  .stroke { stroke: var(--_c); }
  .cut { stroke: var(--presently-dot-cutout-color, #fff); }
  .cutfill { fill: var(--presently-dot-cutout-color, #fff); }
  [data-show='available'], [data-show='chat'] { --_c: var(--presently-color-available, #1e8e3e); }
  [data-show='away'] { --_c: var(--presently-color-away, #c77c02); }
  [data-show='xa'] { --_c: var(--presently-color-xa, #b45309); }
  [data-show='dnd'] { --_c: var(--presently-color-dnd, #d32f2f); }
  [data-show='offline'] { --_c: var(--presently-color-offline, #767b84); }
  [data-show='invalid'] { --_c: var(--presently-color-invalid, #767b84); }
  @media (prefers-color-scheme: dark) {
    [data-show='available'], [data-show='chat'] { --_c: var(--presently-color-available, #4cc26b); }
    [data-show='away'] { --_c: var(--presently-color-away, #f0b429); }
    [data-show='xa'] { --_c: var(--presently-color-xa, #f59e42); }
    [data-show='dnd'] { --_c: var(--presently-color-dnd, #f26b6b); }
    [data-show='offline'] { --_c: var(--presently-color-offline, #9aa0a6); }
    [data-show='unknown'] { --_c: var(--presently-color-unknown, #9aa0a6); }
    [data-show='invalid'] { --_c: var(--presently-color-invalid, #9aa0a6); }
  }
  @media (forced-colors: active) {
    .shape, .shape[data-show] { --_c: CanvasText; }
    .cut { stroke: Canvas; }
    .cutfill { fill: Canvas; }
  }
`;
