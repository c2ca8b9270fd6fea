import { render, nothing, type RenderOptions, type RootPart, type TemplateResult } from 'lit/html.js';
import type { PropertyValues, ReactiveElement } from '@lit/reactive-element';
import { safely } from './element.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- TypeScript's mixin pattern needs `any[]` here (TS2545)
type Constructor<T> = new (...args: any[]) => T;

/** What {@link Rendered} adds to a class (its type only). @internal */
export declare class RenderedInterface {
  /** Options for lit-html's `render()`: `host` is the element (so `@event` listeners run with it as `this`). */
  readonly renderOptions: RenderOptions;
  /** Subclasses draw here; a bug in them never breaks the host page (E001, then nothing is shown). */
  protected renderContent(): TemplateResult | typeof nothing;
}

/**
 * Adds lit-html template rendering to a Presently base class, as `LitElement` adds it to `ReactiveElement`:
 * `renderContent()` is called in `update()` before the base's update (behind the E001 safety net), its
 * result is rendered into `renderRoot` with the element as the host, and the rendered part follows the
 * element's connection (so async directives disconnect and reconnect with it). `<presently-dot>` does
 * not use it, so the dot-only bundle has no lit-html. (Unlike `LitElement`, it does not render before
 * shimmed `<style>` children: no template of ours holds a `<style>` whose order would matter.)
 */
export function Rendered<T extends Constructor<ReactiveElement>>(Base: T): T & Constructor<RenderedInterface> {
  class RenderedElement extends Base {
    /** @internal */
    readonly renderOptions: RenderOptions = { host: this };
    #part: RootPart | undefined;

    protected renderContent(): TemplateResult | typeof nothing {
      return nothing;
    }

    protected override update(changed: PropertyValues): void {
      // Drawn before the base's update, so properties set while drawing don't request another update.
      const value = safely(() => this.renderContent(), nothing);
      if (!this.hasUpdated) this.renderOptions.isConnected = this.isConnected;
      super.update(changed);
      this.#part = render(value, this.renderRoot, this.renderOptions);
    }

    override connectedCallback(): void {
      super.connectedCallback();
      this.#part?.setConnected(true);
    }

    override disconnectedCallback(): void {
      super.disconnectedCallback();
      this.#part?.setConnected(false);
    }
  }
  return RenderedElement as unknown as T & Constructor<RenderedInterface>;
}
