/**
 * The presence shape for the Lit elements (badge, chat button, status picker). In a browser: the same SVG node while
 * the state stays the same (so lit-html leaves it in place) and a new one when it changes. On a server (Lit SSR with
 * declarative shadow DOM: no `document`): the same SVG as markup, so the server's HTML already shows the shape.
 * Lit-only: the dot bundle (no lit-html) draws with `createShape` directly.
 */
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { createShape, shapeMarkup } from '../dot/shapes.js';
import type { DisplayShow } from '../strings.js';

export function shapeNode(): (show: DisplayShow) => unknown {
  // Static markup from the shape table: no value from the network reaches it.
  if (typeof document === 'undefined') return (show) => unsafeHTML(shapeMarkup(show));
  let drawn: DisplayShow | undefined;
  let node: SVGSVGElement | undefined;
  return (show) => {
    if (!node || show !== drawn) {
      drawn = show;
      node = createShape(show);
    }
    return node;
  };
}
