import { ReactiveElement, type PropertyDeclarations, type PropertyValues } from '@lit/reactive-element';
import { Contact, Presently, safely } from '../internal/element.js';
import { hostAttr } from '../internal/host-attrs.js';
import { cut, NAME_MAX, STATUS_MAX } from '../internal/text.js';
import { strings } from '../strings.js';
import { createShape, shapeStyles } from './shapes.js';
import type { DisplayShow } from '../strings.js';
import { dotStyles } from './dot.styles.js';
import { hostStyles } from '../internal/host.styles.js';

/** Sizes of {@link PresentlyDot}. */
export type DotSize = 'small' | 'medium' | 'large';

/**
 * A presence dot with a distinct shape per state, so it reads without colour: filled circle
 * (available), clock (away), hollow clock (away for a while), barred circle (do not disturb),
 * ring (offline), dashed ring (unknown), cross (invalid `jid`).
 *
 * The host gets `show="…"`, `role="img"`, an `aria-label` such as
 * "Bob Smith: Do not disturb — In a meeting until 3pm" and the same text as its tooltip.
 *
 * @summary Shows at a glance whether a contact can be reached.
 * @tagname presently-dot
 *
 * @csspart base - The wrapper around the shape.
 * @csspart dot - The SVG shape; its `data-shape` attribute names it (`filled`, `clock`, `hollow-clock`, `bar`, `ring`, `dashed`, `cross`).
 *
 * @cssprop --presently-dot-size - Diameter of the dot. Default `0.75rem` (`size="medium"`).
 * @cssprop --presently-dot-size-small - Diameter for `size="small"`. Default `0.5rem`.
 * @cssprop --presently-dot-size-large - Diameter for `size="large"`. Default `1rem`.
 * @cssprop --presently-dot-cutout-color - Colour of the clock hands and bar cut into filled shapes. Default white.
 * @cssprop --presently-color-available - Colour of available (and chat).
 * @cssprop --presently-color-away - Colour of away.
 * @cssprop --presently-color-xa - Colour of away for a while.
 * @cssprop --presently-color-dnd - Colour of do not disturb.
 * @cssprop --presently-color-offline - Colour of offline.
 * @cssprop --presently-color-unknown - Colour of unknown.
 * @cssprop --presently-color-invalid - Colour of an invalid `jid`.
 *
 * @fires presently-error - `jid` is not a valid JID. `detail: { code: 'invalid-jid', message }`.
 */
export class PresentlyDot extends Contact(Presently(ReactiveElement)) {
  static override properties: PropertyDeclarations = { size: { reflect: true } };
  static override styles = [hostStyles, shapeStyles, dotStyles];

  /** `small`, `medium` (default) or `large`. */
  declare size: DotSize;

  private base: HTMLSpanElement | undefined;
  private drawn: DisplayShow | undefined;

  constructor() {
    super();
    this.size = 'medium';
  }

  /** The accessible label, e.g. "Bob Smith: Do not disturb — In a meeting until 3pm". */
  get label(): string {
    return this.describe(NAME_MAX, STATUS_MAX);
  }

  private describe(nameMax: number, statusMax: number): string {
    const show = this.show;
    const status = show === 'invalid' ? undefined : this.presence.value.status;
    return strings.presenceLabel(
      cut(this.fullName, nameMax) || strings.show.unknown,
      strings.show[show],
      status ? cut(status, statusMax) : undefined,
    );
  }

  // Two nodes, made with DOM calls instead of a lit-html template, so the dot-only bundle carries no
  // lit-html: `<span part="base">` once, and in it the state's shape, replaced only when the state changes.
  protected override update(changed: PropertyValues): void {
    super.update(changed);
    if (!this.base) {
      this.base = this.renderRoot.appendChild(document.createElement('span'));
      this.base.part.add('base');
    }
    const show = safely(() => this.show, undefined);
    if (show !== this.drawn) this.base.replaceChildren(...(show ? [createShape(show)] : []));
    this.drawn = show;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    hostAttr(this, 'role', 'img');
    hostAttr(this, 'aria-label', this.label);
    hostAttr(this, 'title', this.describe(Infinity, Infinity));
  }
}
