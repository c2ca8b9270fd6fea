import { ReactiveElement, type PropertyValues, type PropertyDeclarations } from '@lit/reactive-element';
import { bareJid, type PresenceClient } from '@presently/core';
import { ClientController } from '../controllers/client-controller.js';
import { PresenceController } from '../controllers/presence-controller.js';
import { strings, type DisplayShow } from '../strings.js';
import { track } from './live.js';
import { localPart } from './text.js';
import { emit } from './events.js';
import { hostAttr } from './host-attrs.js';

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

/**
 * Base of every Presently element: client resolution, strings refresh. A Lit `ReactiveElement` that draws
 * nothing itself, so the dot-only bundle carries no lit-html: elements with templates add
 * `Rendered()` (internal/rendered.ts), `<presently-dot>` builds its few nodes itself.
 */
export class PresentlyElement extends ReactiveElement {
  static override properties: PropertyDeclarations = { client: { attribute: false } };

  /** The client to use. Default: the nearest `<presently-client>`, else the page default. */
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

/** Base of the elements about one contact (`jid`). */
export class ContactElement extends PresentlyElement {
  static override properties: PropertyDeclarations = { jid: { type: String } };

  /** The contact's JID, e.g. `bob@example.com`. */
  declare jid: string | undefined;

  private parsedFrom: string | undefined;
  private parsed: string | undefined;
  private reportedInvalid: string | undefined;

  protected readonly presence = new PresenceController(this, {
    client: () => this.clientController.value,
    jid: () => this.contactJid,
  });

  /** Normalised bare JID, or `undefined` when `jid` is missing or invalid. */
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

  /** True when `jid` is set but is not a JID. */
  protected get invalid(): boolean {
    return !this.contactJid && !!this.jid?.trim();
  }

  /** The state shown (reflected as the `show` attribute): core's show, or `invalid` for a bad `jid`. */
  get show(): DisplayShow {
    return this.invalid ? 'invalid' : this.presence.value.show;
  }

  /** Full display name: roster/vCard name, else the JID's local part. */
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
