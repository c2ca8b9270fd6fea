import { html } from 'lit/html.js';
import { LitElement } from 'lit';
import type { PropertyDeclarations } from '@lit/reactive-element';
import { ContactLitElement } from '../internal/lit-element.js';
import { emit } from '../internal/events.js';
import { cut, NAME_MAX } from '../internal/text.js';
import { strings } from '../strings.js';
import './chat-button.strings.js';
import { shapeStyles } from '../dot/shapes.js';
import { shapeNode } from '../internal/shape-node.js';
import { chatButtonStyles } from './chat-button.styles.js';
import { hostStyles } from '../internal/host.styles.js';

/**
 * A button whose label follows the contact's state: "Chat" when available or away, "Busy —
 * message anyway" when they don't want to be disturbed, "Leave a message" when offline or
 * unknown. Clicking fires `presently-open-chat`; unless a listener cancels it, a docked
 * `<presently-chat>` opens (one per contact; the chat code is loaded on first use).
 *
 * @summary Starts a chat with a contact.
 * @tagname presently-chat-button
 *
 * @csspart base - The native `<button>`.
 * @csspart dot - The presence shape.
 * @csspart label - The visible label.
 *
 * @cssprop --presently-chat-button-background - Background. Default `Canvas`.
 * @cssprop --presently-chat-button-background-hover - Background on hover.
 * @cssprop --presently-chat-button-color - Text colour. Default `CanvasText`.
 * @cssprop --presently-chat-button-border-color - Border colour.
 * @cssprop --presently-chat-button-radius - Corner radius. Default `999px`.
 * @cssprop --presently-chat-button-padding - Padding. Default `0.4em 0.85em`.
 * @cssprop --presently-chat-button-font-size - Font size. Default `0.875rem`.
 * @cssprop --presently-color-focus - Focus ring colour.
 *
 * @fires presently-open-chat - The user asked to chat. Bubbles, composed, cancelable; `detail: { jid }`.
 * Call `preventDefault()` to open your own chat UI.
 * @fires presently-error - `jid` is not a valid JID. `detail: { code: 'invalid-jid', message }`.
 */
export class PresentlyChatButton extends ContactLitElement {
  static override properties: PropertyDeclarations = { allowedLinkHosts: { type: String, attribute: 'allowed-link-hosts' } };
  static override shadowRootOptions = { ...LitElement.shadowRootOptions, delegatesFocus: true };
  static override styles = [hostStyles, shapeStyles, chatButtonStyles];
  private readonly shape = shapeNode();

  /** Passed to the chat it opens: hosts whose links are clickable. */
  declare allowedLinkHosts: string | undefined;

  /** The visible label for the current state. */
  get label(): string {
    switch (this.show) {
      case 'dnd':
        return strings.chatButton.busy;
      case 'offline':
      case 'unknown':
      case 'invalid':
        return strings.chatButton.leaveMessage;
      default:
        return strings.chatButton.chat;
    }
  }

  protected override render() {
    const label = this.label;
    const name = cut(this.fullName, NAME_MAX);
    const away = this.show === 'away' || this.show === 'xa';
    return html`<button
      part="base"
      type="button"
      aria-label=${strings.chatButton.label(label, name)}
      title=${away ? strings.chatButton.awayHint(name) : strings.chatButton.label(label, name)}
      ?disabled=${this.invalid}
      @click=${this.onClick}
    >${this.shape(this.show)}<span part="label">${label}</span></button>`;
  }

  private async onClick(): Promise<void> {
    const jid = this.contactJid;
    if (!jid || !emit(this, 'presently-open-chat', { jid }, true)) return;
    try {
      const { openChat } = await import('../chat/dock.js');
      await openChat(jid, { client: this.clientController.value, opener: this, allowedLinkHosts: this.allowedLinkHosts });
    } catch (e) {
      emit(this, 'presently-error', { code: 'open-chat-failed', message: e instanceof Error ? e.message : String(e) });
    }
  }
}
