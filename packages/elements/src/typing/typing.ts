import { html, nothing } from 'lit/html.js';
import type { PropertyValues, PropertyDeclarations } from '@lit/reactive-element';
import { ChatStateController } from '../controllers/chat-state-controller.js';
import { ContactLitElement } from '../internal/lit-element.js';
import { cut, NAME_MAX } from '../internal/text.js';
import { strings } from '../strings.js';
import './typing.strings.js';
import { typingStyles } from './typing.styles.js';
import { hostStyles } from '../internal/host.styles.js';

/**
 * "Bob is typing…" while that contact composes a message to you (XEP-0085), nothing otherwise.
 * The live region stays in place while empty, so screen readers announce each start.
 *
 * @summary Shows when a contact is typing to you.
 * @tagname presently-typing
 *
 * @csspart base - The `role="status"` live region.
 * @csspart dots - The three animated dots (still under `prefers-reduced-motion`).
 * @csspart label - The "Bob is typing…" text.
 *
 * @cssprop --presently-typing-color - Text and dot colour.
 * @cssprop --presently-typing-font-size - Font size. Default `0.875em`.
 * @cssprop --presently-typing-font-style - Font style. Default `italic`.
 * @cssprop --presently-typing-dot-size - Size of each dot. Default `0.3em`.
 *
 * @fires presently-error - `jid` is not a valid JID. `detail: { code: 'invalid-jid', message }`.
 */
export class PresentlyTyping extends ContactLitElement {
  static override properties: PropertyDeclarations = { active: { type: Boolean, reflect: true } };
  static override styles = [hostStyles, typingStyles];

  /** True while the contact is composing. Read-only: set by the element. */
  declare active: boolean;

  protected readonly chatState = new ChatStateController(this, {
    client: () => this.clientController.value,
    jid: () => this.contactJid,
  });

  constructor() {
    super();
    this.active = false;
  }

  // After the controllers' hostUpdate, so a changed jid or client is already re-subscribed.
  protected override update(changed: PropertyValues): void {
    this.active = !this.invalid && this.chatState.value === 'composing';
    super.update(changed);
  }

  protected override render() {
    return html`<span part="base" role="status">${
      this.active
        ? html`<span part="dots" aria-hidden="true"><i></i><i></i><i></i></span><span part="label"
          >${strings.typing(cut(this.fullName, NAME_MAX))}</span>`
        : nothing
    }</span>`;
  }
}
