/**
 * The bases of the elements with templates: plain `LitElement`s with the shared Presently behaviour
 * (internal/element.ts). Subclasses draw in `render()` as in any Lit element, and may override it.
 */
import { LitElement, type PropertyValues } from 'lit';
import { nothing } from 'lit/html.js';
import { Contact, Presently } from './element.js';

/** A `LitElement` with the `client` property. A bug in `render()` never breaks the host page (E001, then nothing is shown). */
export class PresentlyLitElement extends Presently(LitElement) {
  /**
   * Server-rendered (Lit SSR: a declarative shadow root is already there): start from an empty root. The first
   * render runs in a microtask of the same task, before the browser paints, and draws what the server drew, so
   * nothing moves (test/ssr/lit-ssr.test.ts). Without this, Lit would add its render after the server's copy.
   */
  protected override createRenderRoot(): HTMLElement | DocumentFragment {
    this.shadowRoot?.replaceChildren();
    return super.createRenderRoot();
  }

  protected override update(changed: PropertyValues): void {
    try {
      super.update(changed);
    } catch (e) {
      console.error('[presently:E001] rendering failed', e);
      // Finish this update with an empty template, so Lit's bookkeeping completes (the next update then
      // renders again) and what a broken render left behind goes: for this one call, render() draws nothing.
      this.render = () => nothing;
      try {
        super.update(changed);
      } finally {
        Reflect.deleteProperty(this, 'render');
      }
    }
  }
}

/** A {@link PresentlyLitElement} about one contact (`jid`). */
export class ContactLitElement extends Contact(PresentlyLitElement) {}
