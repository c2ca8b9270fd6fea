/**
 * What every Presently element shares, as two mixins: {@link Presently} (the `client` property, client
 * resolution, strings refresh) and {@link Contact} (the `jid` of one contact, its presence, the `show`
 * attribute and the `invalid-jid` error). They are applied to `LitElement` for every element with a
 * template (internal/lit-element.ts), and to Lit's `ReactiveElement` for `<presently-dot>` alone, which
 * draws its two nodes itself so that the dot-only bundle carries no lit-html.
 */
import type { ReactiveElement, PropertyValues, PropertyDeclarations } from '@lit/reactive-element';
import { bareJid, type PresenceClient } from '@presently/core';
import { ClientController } from '../controllers/client-controller.js';
import { PresenceController } from '../controllers/presence-controller.js';
import { strings, type DisplayShow } from '../strings.js';
import { track } from './live.js';
import { localPart } from './text.js';
import { emit } from './events.js';
import { hostAttr } from './host-attrs.js';

// TypeScript's mixin pattern needs a constructor type that takes any arguments (abstract: Lit's ReactiveElement is).
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a mixin's constructor must accept any arguments
type Constructor<T> = abstract new (...args: any[]) => T;

/**
 * Runs an element's drawing code; a bug in it must never break the host page: it is logged as E001 and
 * `fallback` is returned (the element then shows nothing).
 */
export function safely<T>(draw: () => T, fallback: T): T {
  try {
    return draw();
  } catch (e) {
    console.error('[presently:E001] rendering failed', e);
    return fallback;
  }
}

/** What {@link Presently} adds to a class (its type only; a mixin's protected members can't be declared otherwise). */
export declare class PresentlyInterface {
  /** The client to use. Default: the nearest `<presently-client>`, else the page default. */
  client: PresenceClient | undefined;
  protected readonly clientController: ClientController;
}

/** Adds the `client` property and client resolution, and re-renders the element when the strings table changes. */
export function Presently<T extends Constructor<ReactiveElement>>(Base: T): T & Constructor<PresentlyInterface> {
  abstract class PresentlyElement extends Base {
    static properties: PropertyDeclarations = { client: { attribute: false } };

    declare client: PresenceClient | undefined;

    protected readonly clientController = new ClientController(this);

    override connectedCallback(): void {
      super.connectedCallback();
      track(this, true);
    }

    override disconnectedCallback(): void {
      super.disconnectedCallback();
      track(this, false);
    }
  }
  return PresentlyElement as unknown as T & Constructor<PresentlyInterface>;
}

/** What {@link Contact} adds to a class (its type only). */
export declare class ContactInterface {
  /** The contact's JID, e.g. `bob@example.com`. */
  jid: string | undefined;
  /** Normalised bare JID, or `undefined` when `jid` is missing or invalid. */
  get contactJid(): string | undefined;
  /** The state shown (reflected as the `show` attribute): core's show, or `invalid` for a bad `jid`. */
  get show(): DisplayShow;
  /** True when `jid` is set but is not a JID. */
  protected get invalid(): boolean;
  /** Full display name: roster/vCard name, else the JID's local part. */
  protected get fullName(): string;
  protected readonly presence: PresenceController;
}

/** Adds the `jid` of one contact, its presence, the reflected `show` and a `presently-error` for an invalid `jid`. */
export function Contact<T extends Constructor<ReactiveElement & PresentlyInterface>>(Base: T): T & Constructor<ContactInterface> {
  abstract class ContactElement extends Base {
    static properties: PropertyDeclarations = { jid: { type: String } };

    declare jid: string | undefined;

    private parsedFrom: string | undefined;
    private parsed: string | undefined;
    private reportedInvalid: string | undefined;

    protected readonly presence = new PresenceController(this, {
      client: () => this.clientController.value,
      jid: () => this.contactJid,
    });

    get contactJid(): string | undefined {
      const raw = this.jid ?? '';
      if (raw !== this.parsedFrom) {
        this.parsedFrom = raw;
        try {
          this.parsed = raw.trim() ? bareJid(raw) : undefined;
        } catch {
          this.parsed = undefined;
        }
      }
      return this.parsed;
    }

    protected get invalid(): boolean {
      return !this.contactJid && !!this.jid?.trim();
    }

    get show(): DisplayShow {
      return this.invalid ? 'invalid' : this.presence.value.show;
    }

    protected get fullName(): string {
      const jid = this.contactJid;
      return this.presence.value.name || (jid ? localPart(jid) : this.jid?.trim() || '');
    }

    protected override updated(changed: PropertyValues): void {
      super.updated(changed);
      hostAttr(this, 'show', this.show);
      if (changed.has('jid') && this.invalid && this.reportedInvalid !== this.jid) {
        this.reportedInvalid = this.jid;
        emit(this, 'presently-error', { code: 'invalid-jid', message: strings.errors.invalidJid(this.jid ?? '') });
      }
    }
  }
  return ContactElement as unknown as T & Constructor<ContactInterface>;
}
