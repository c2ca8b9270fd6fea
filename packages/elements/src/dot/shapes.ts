/**
 * One shape per state, so the dot reads without colour (WCAG 1.4.1): filled circle = available,
 * clock = away, hollow clock = away for a while, barred circle = do not disturb, ring = offline,
 * dashed ring = unknown, cross = invalid.
 */
import { css } from '@lit/reactive-element';
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

const SVG = 'http://www.w3.org/2000/svg';

/** An SVG child of a shape: tag name and attributes, in the order they are set. */
type Node = [tag: string, attributes: Record<string, string>];

// Geometry on a 16×16 grid: disc r7.5, ring r6.25.
const disc: Node = ['circle', { cx: '8', cy: '8', r: '7.5', class: 'fill' }];
const ring = (width: string, more?: Record<string, string>): Node => [
  'circle',
  { cx: '8', cy: '8', r: '6.25', fill: 'none', class: 'stroke', 'stroke-width': width, ...more },
];
const hands = (cls: string): Node => [
  'path',
  { d: 'M8 4.2V8.4l2.8 1.8', fill: 'none', class: cls, 'stroke-width': '1.8', 'stroke-linecap': 'round', 'stroke-linejoin': 'round' },
];

/** What each shape is drawn with. */
const shapes: Record<Shape, Node[]> = {
  filled: [disc],
  clock: [disc, hands('cut')],
  'hollow-clock': [ring('2.5'), hands('stroke')],
  bar: [disc, ['rect', { x: '3.5', y: '6.75', width: '9', height: '2.5', rx: '1', class: 'cutfill' }]],
  ring: [ring('2.5')],
  dashed: [ring('2.2', { 'stroke-dasharray': '3.3 2.25' })],
  cross: [['path', { d: 'M3.5 3.5l9 9m0-9l-9 9', fill: 'none', class: 'stroke', 'stroke-width': '2.5', 'stroke-linecap': 'round' }]],
};

/** The `<svg>`'s own attributes (static values: markup built from them needs no escaping). */
function svgAttributes(show: DisplayShow): Record<string, string> {
  return {
    part: 'dot',
    class: 'shape',
    'data-shape': shapeOf[show],
    'data-show': show,
    viewBox: '0 0 16 16',
    'aria-hidden': 'true',
    focusable: 'false',
  };
}

function element([tag, attributes]: Node, children: Node[] = []): SVGElement {
  const el = document.createElementNS(SVG, tag);
  for (const name in attributes) el.setAttribute(name, attributes[name]!);
  el.append(...children.map((child) => element(child)));
  return el;
}

// Built with DOM calls, never parsed from a string (pages may require Trusted Types), once per state;
// every dot then gets a clone, without a single attribute write of its own.
const built: Partial<Record<DisplayShow, SVGSVGElement>> = {};

/** A new SVG for a state, as the `dot` part (`data-shape` names the shape, `data-show` the state). */
export function createShape(show: DisplayShow): SVGSVGElement {
  if (!Object.hasOwn(shapeOf, show)) show = 'unknown';
  const svg = (built[show] ??= element(['svg', svgAttributes(show)], shapes[shapeOf[show]]) as SVGSVGElement);
  return svg.cloneNode(true) as SVGSVGElement;
}

/** The shape's SVG as markup, for a server render (Lit SSR): the same element {@link createShape} builds. */
export function shapeMarkup(show: DisplayShow): string {
  if (!Object.hasOwn(shapeOf, show)) show = 'unknown';
  const markup = ([tag, attributes]: Node, children: Node[] = []): string =>
    `<${tag}${Object.entries(attributes)
      .map(([name, value]) => ` ${name}="${value}"`)
      .join('')}>${children.map((child) => markup(child)).join('')}</${tag}>`;
  return markup(['svg', { xmlns: SVG, ...svgAttributes(show) }], shapes[shapeOf[show]]);
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
  /* Dark follows the page's color-scheme (declare 'color-scheme: light dark' to follow the OS). */
  @supports (color: light-dark(#000, #fff)) {
    [data-show='available'], [data-show='chat'] { --_c: var(--presently-color-available, light-dark(#1e8e3e, #4cc26b)); }
    [data-show='away'] { --_c: var(--presently-color-away, light-dark(#c77c02, #f0b429)); }
    [data-show='xa'] { --_c: var(--presently-color-xa, light-dark(#b45309, #f59e42)); }
    [data-show='dnd'] { --_c: var(--presently-color-dnd, light-dark(#d32f2f, #f26b6b)); }
    [data-show='offline'] { --_c: var(--presently-color-offline, light-dark(#767b84, #9aa0a6)); }
    [data-show='unknown'] { --_c: var(--presently-color-unknown, light-dark(#767b84, #9aa0a6)); }
    [data-show='invalid'] { --_c: var(--presently-color-invalid, light-dark(#767b84, #9aa0a6)); }
  }
  @media (forced-colors: active) {
    .shape, .shape[data-show] { --_c: CanvasText; }
    .cut { stroke: Canvas; }
    .cutfill { fill: Canvas; }
  }
`;
