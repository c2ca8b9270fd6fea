import { html, nothing } from 'lit/html.js';
import { LitElement } from 'lit';
import type { PropertyDeclarations, PropertyValues } from '@lit/reactive-element';
import { ContactLitElement } from '../internal/lit-element.js';
import { emit } from '../internal/events.js';
import { cut, NAME_MAX } from '../internal/text.js';
import { strings } from '../strings.js';
import './chat-button.strings.js';
import { shapeStyles } from '../dot/shapes.js';
import { shapeNode } from '../internal/shape-node.js';
import { chatButtonStyles } from './chat-button.styles.js';
import { hostStyles } from '../internal/host.styles.js';
import { UnreadController } from '../controllers/unread-controller.js';

/**
 * A button whose label follows the contact's state: "Chat" when available or away, "Busy —
 * message anyway" when they don't want to be disturbed, "Leave a message" when offline or
 * unknown. Clicking fires `presently-open-chat`; unless a listener cancels it, a docked
 * `<presently-chat>` opens (one per contact; the chat code is loaded on first use).
 * Unread messages from the contact show as a count on the button and in its accessible name
 * ("Chat — Bob Baker, 2 unread"). While the contact is busy, away or offline, a second button
 * offers "Notify me when available": when they become available a notice appears (following your
 * own status, see `startNotifier`) and `presently-contact-available` fires, once.
 *
 * @summary Starts a chat with a contact.
 * @tagname presently-chat-button
 *
 * @csspart base - The native `<button>`.
 * @csspart dot - The presence shape.
 * @csspart label - The visible label.
 * @csspart unread - The unread count (shown when there are unread messages).
 * @csspart notify - The "Notify me when available" button (while the contact is busy, away or offline).
 *
 * @cssprop --presently-chat-button-background - Background. Default `Canvas`.
 * @cssprop --presently-chat-button-background-hover - Background on hover.
 * @cssprop --presently-chat-button-color - Text colour. Default `CanvasText`.
 * @cssprop --presently-chat-button-border-color - Border colour.
 * @cssprop --presently-chat-button-radius - Corner radius. Default `999px`.
 * @cssprop --presently-chat-button-padding - Padding. Default `0.4em 0.85em`.
 * @cssprop --presently-chat-button-font-size - Font size. Default `0.875rem`.
 * @cssprop --presently-color-focus - Focus ring colour.
 * @cssprop --presently-chat-button-unread-background - Background of the unread count. Default `#c5221f`.
 * @cssprop --presently-chat-button-unread-color - Text colour of the unread count. Default `white`.
 *
 * @fires presently-open-chat - The user asked to chat. Bubbles, composed, cancelable; `detail: { jid }`.
 * Call `preventDefault()` to open your own chat UI.
 * @fires presently-contact-available - A contact you asked about ("Notify me when available") became available.
 * Bubbles, composed; `detail: { jid }`. Once per request.
 * @fires presently-error - `jid` is not a valid JID. `detail: { code: 'invalid-jid', message }`.
 */
export class PresentlyChatButton extends ContactLitElement {
  static override properties: PropertyDeclarations = {
    allowedLinkHosts: { type: String, attribute: 'allowed-link-hosts' },
    notifying: { state: true },
  };
  static override shadowRootOptions = { ...LitElement.shadowRootOptions, delegatesFocus: true };
  static override styles = [hostStyles, shapeStyles, chatButtonStyles];
  private readonly shape = shapeNode();
  private readonly unread = new UnreadController(this, { client: () => this.clientController.value, jid: () => this.contactJid });
  /** True while a "Notify me when available" request is pending. */
  declare private notifying: boolean;
  private cancelNotify: (() => void) | undefined;

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

  /** "Notify me when available" is offered while the contact is busy, away or offline (not when unknown). */
  private get offersNotify(): boolean {
    const show = this.show;
    return this.notifying || show === 'dnd' || show === 'away' || show === 'xa' || show === 'offline';
  }

  protected override render() {
    const label = this.label;
    const name = cut(this.fullName, NAME_MAX);
    const away = this.show === 'away' || this.show === 'xa';
    const unread = this.unread.value;
    const accessibleName = strings.chatButton.label(label, name);
    return html`<button
        part="base"
        type="button"
        aria-label=${unread ? strings.chatButton.withUnread(accessibleName, unread) : accessibleName}
        title=${away ? strings.chatButton.awayHint(name) : accessibleName}
        ?disabled=${this.invalid}
        @click=${this.onClick}
      >
        ${this.shape(this.show)}<span part="label">${label}</span>${this.renderUnread(unread)}</button
      >${this.renderNotify(name)}`;
  }

  /** The count is in the accessible name already: the badge itself is hidden from assistive technology. */
  private renderUnread(unread: number) {
    return unread ? html`<span part="unread" aria-hidden="true">${unread > 99 ? '99+' : unread}</span>` : nothing;
  }

  private renderNotify(name: string) {
    if (!this.offersNotify || this.invalid) return nothing;
    return html`<button
      part="notify"
      type="button"
      aria-label=${strings.chatButton.notifyMeLabel(name)}
      aria-pressed=${this.notifying ? 'true' : 'false'}
      @click=${this.onNotify}
    >
      ${this.notifying ? html`<span aria-hidden="true">✓ </span>` : nothing}${strings.chatButton.notifyMe}
    </button>`;
  }

  private notifyHadFocus = false;

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    // No ShadowRoot on a server (Lit SSR): nothing there can have focus.
    const root = typeof ShadowRoot === 'function' && this.renderRoot instanceof ShadowRoot ? this.renderRoot : undefined;
    this.notifyHadFocus = root?.activeElement?.getAttribute('part') === 'notify';
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    // The notify button goes once the contact is available: keep keyboard focus on the chat button, not the page.
    if (this.notifyHadFocus && !this.renderRoot.querySelector('[part="notify"]')) {
      this.renderRoot.querySelector<HTMLButtonElement>('[part="base"]')?.focus();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // A request outlives no element: there would be nowhere to fire the event.
    this.cancelNotify?.();
    this.cancelNotify = undefined;
    this.notifying = false;
  }

  private async onNotify(): Promise<void> {
    const jid = this.contactJid;
    const client = this.clientController.value;
    if (this.notifying) {
      this.cancelNotify?.();
      this.cancelNotify = undefined;
      this.notifying = false;
      return;
    }
    if (!jid || !client) return;
    this.notifying = true;
    const { notifyWhenAvailable } = await import('../notices/availability.js');
    if (!this.notifying) return;
    // Listen first: when they are available already, the event fires inside notifyWhenAvailable.
    this.addEventListener('presently-contact-available', () => (this.notifying = false), { once: true });
    this.cancelNotify = notifyWhenAvailable({ client, jid, target: this });
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
