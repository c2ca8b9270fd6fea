import { html, nothing } from 'lit/html.js';
import type { PropertyValues, PropertyDeclarations } from '@lit/reactive-element';
import { ContactLitElement } from '../internal/lit-element.js';
import { emit } from '../internal/events.js';
import { cut, NAME_MAX, STATUS_MAX } from '../internal/text.js';
import { clockTime } from '../internal/time.js';
import { strings } from '../strings.js';
import './chat.strings.js';
import { ChatStateSender } from './chat-state-sender.js';
import { isPresenceError, type ChatMessage, type ConversationEntry } from '@presently/core';
import { ConversationController } from './conversation-controller.js';
import { DetailsController } from '../controllers/details-controller.js';
import { hostMatcher, segments } from './links.js';
import { chatStyles } from './chat.styles.js';
import { hostStyles } from '../internal/host.styles.js';

/** The mark shown for each delivery state (its name is the accessible label). */
const DELIVERY_MARKS = { sending: '…', sent: '✓', delivered: '✓✓' };

/** A message's rendered body and time, cached per message. */
interface EntryView {
  allowed: (host: string) => boolean;
  body: unknown[];
  time: unknown;
}

/**
 * A one-to-one chat: a header with the contact's dot, full name and state in words ("Do not disturb —
 * Focus time"), the conversation (archived history when the server keeps one, live messages, delivery
 * receipts), "is typing…", and a composer that tells the contact when you are typing. Enter sends,
 * Shift+Enter starts a new line; with `closable`, Escape closes the chat (as the close button does).
 *
 * Message text is always text. A URL becomes a link only when its host is listed in
 * `allowed-link-hosts` and it is http(s); such links open in a new tab with `rel="noopener noreferrer"`.
 *
 * @summary A chat panel with one contact.
 * @tagname presently-chat
 *
 * @csspart base - The panel.
 * @csspart header - The header row.
 * @csspart badge - The contact block in the header: dot, name and state.
 * @csspart dot - The contact's `<presently-dot>`.
 * @csspart name - The contact's full name (wraps rather than being cut).
 * @csspart state - The state in words and the status text, e.g. "Do not disturb — Focus time".
 * @csspart close-button - The close button (with `closable`).
 * @csspart message-list - The conversation, `role="log"`.
 * @csspart message - One message; also `message-in` or `message-out`.
 * @csspart message-body - The bubble with the text.
 * @csspart message-meta - Time and delivery state.
 * @csspart retry-button - Retry on a message that failed to send.
 * @csspart typing - The contact's `<presently-typing>`.
 * @csspart composer - The form holding input and send button.
 * @csspart input - The message `<textarea>`.
 * @csspart send-button - The send button.
 *
 * @cssprop --presently-chat-width - Width. Default `auto` (docked chats: `20rem`).
 * @cssprop --presently-chat-height - Height. Default `24rem`.
 * @cssprop --presently-chat-font-size - Font size. Default `0.9375rem`.
 * @cssprop --presently-chat-color - Text colour. Default `CanvasText`.
 * @cssprop --presently-chat-background - Background. Default `Canvas`.
 * @cssprop --presently-chat-border-color - Border and divider colour.
 * @cssprop --presently-chat-radius - Corner radius. Default `0.75rem`.
 * @cssprop --presently-chat-shadow - Box shadow. Default none (docked chats have one).
 * @cssprop --presently-chat-incoming-background - Bubble background of received messages.
 * @cssprop --presently-chat-incoming-color - Bubble text of received messages.
 * @cssprop --presently-chat-outgoing-background - Bubble background of sent messages (and the send button).
 * @cssprop --presently-chat-outgoing-color - Bubble text of sent messages.
 * @cssprop --presently-chat-error-color - Colour of "Not sent".
 * @cssprop --presently-color-text-muted - Colour of times and delivery marks.
 * @cssprop --presently-color-focus - Focus ring colour.
 *
 * @fires presently-close-chat - The close button or Escape was pressed. Bubbles, composed, cancelable; `detail: { jid }`.
 * Unless cancelled, the chat removes itself.
 * @fires presently-error - `jid` is not a valid JID (`detail: { code: 'invalid-jid', message }`), or the client
 *   refused a message before sending it, e.g. one over 10,000 characters (`code: 'invalid-argument'`; the draft is kept).
 */
export class PresentlyChat extends ContactLitElement {
  static override properties: PropertyDeclarations = {
    allowedLinkHosts: { type: String, attribute: 'allowed-link-hosts' },
    closable: { type: Boolean, reflect: true },
  };
  static override styles = [hostStyles, chatStyles];

  /** Space-separated hosts whose http(s) links are clickable, e.g. `intranet.example.com *.example.org`. */
  declare allowedLinkHosts: string | undefined;
  /** Show a close button. */
  declare closable: boolean;

  protected readonly conversation = new ConversationController(this, {
    client: () => this.clientController.value,
    jid: () => this.contactJid,
  });

  // The vCard name when the roster has none (fetched once the chat is on screen, like a badge's).
  protected readonly details = new DetailsController(this, {
    client: () => this.clientController.value,
    jid: () => this.contactJid,
  });

  // Typing hints are best effort: a client that isn't started has nothing to tell the peer.
  private readonly chatStates = new ChatStateSender((state) => {
    const jid = this.contactJid;
    if (jid) this.clientController.value?.sendChatState(jid, state).catch(() => {});
  });

  private allowedFrom: string | undefined;
  private allowed: (host: string) => boolean = () => false;
  /** Views by message: a message never changes, a line's delivery does (and then gets a new entry object). */
  private readonly views = new WeakMap<ChatMessage, EntryView>();
  private renderedEntries: readonly ConversationEntry[] | undefined;
  private scrollQueued = false;
  /** Whether the list is scrolled to its end (kept from scroll events: no layout reads per update). */
  private atEnd = true;

  constructor() {
    super();
    this.closable = false;
    this.addEventListener('keydown', (e) => {
      if (e.key !== 'Escape' || !this.closable || e.defaultPrevented || e.isComposing) return;
      e.preventDefault();
      this.close();
    });
  }

  protected override get fullName(): string {
    return this.presence.value.name || this.details.value?.name || super.fullName;
  }

  /** Moves focus to the message input. */
  override focus(options?: FocusOptions): void {
    this.input?.focus(options);
  }

  override disconnectedCallback(): void {
    this.chatStates.gone();
    super.disconnectedCallback();
  }

  private get input(): HTMLTextAreaElement | null {
    return this.renderRoot?.querySelector?.('textarea') ?? null;
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (this.allowedLinkHosts !== this.allowedFrom) {
      this.allowedFrom = this.allowedLinkHosts;
      this.allowed = hostMatcher(this.allowedLinkHosts);
    }
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const unread = this.conversation.value?.unread;
    const jid = this.contactJid;
    // Shown on a visible page means read.
    if (unread && jid && document.visibilityState === 'visible') this.clientController.value?.markRead(jid);
    if (this.conversation.entries !== this.renderedEntries) {
      this.renderedEntries = this.conversation.entries;
      // Follow new messages unless the user scrolled up to read; once per frame, however many arrive.
      if (this.atEnd && !this.scrollQueued) {
        this.scrollQueued = true;
        requestAnimationFrame(() => {
          this.scrollQueued = false;
          const list = this.renderRoot.querySelector('[part="message-list"]');
          if (list) list.scrollTop = list.scrollHeight;
        });
      }
    }
  }

  private onScroll(e: Event): void {
    const list = e.currentTarget as HTMLElement;
    this.atEnd = list.scrollTop + list.clientHeight >= list.scrollHeight - 24;
  }

  protected override render() {
    const jid = this.contactJid;
    const name = cut(this.fullName, NAME_MAX);
    const disabled = !jid || !this.clientController.value;
    return html`<div part="base" role="region" aria-label=${strings.chat.title(name)}>
      <div part="header">
        <div part="badge">
          <presently-dot part="dot" size="large" aria-hidden="true" .client=${this.clientController.value} jid=${jid ?? ''}></presently-dot>
          <div class="who"><span part="name">${name}</span><span part="state">${this.stateInWords()}</span></div>
        </div>
        ${
          this.closable
            ? html`<button part="close-button" type="button" aria-label=${strings.chat.close} title=${strings.chat.close}
              @click=${this.close}>×</button>`
            : nothing
        }
      </div>
      <div part="message-list" role="log" aria-live="polite" aria-label=${strings.chat.logLabel(name)} tabindex="0"
        @scroll=${this.onScroll}>
        ${this.conversation.entries.map((e) => this.renderEntry(e, name))}
      </div>
      <presently-typing part="typing" .client=${this.clientController.value} jid=${jid ?? ''}></presently-typing>
      <form part="composer" @submit=${this.onSubmit}>
        <textarea
          part="input"
          rows="1"
          aria-label=${strings.chat.inputLabel(name)}
          placeholder=${strings.chat.placeholder}
          ?disabled=${disabled}
          @keydown=${this.onKeydown}
          @input=${this.onInput}
        ></textarea>
        <button part="send-button" type="submit" ?disabled=${disabled}>${strings.chat.send}</button>
      </form>
    </div>`;
  }

  /** "Do not disturb — Focus time": the header says the state in words, not only with the dot. */
  private stateInWords(): string {
    const status = this.show === 'invalid' ? undefined : this.presence.value.status;
    return strings.chat.state(strings.show[this.show], cut(status, STATUS_MAX) || undefined);
  }

  private renderEntry(entry: ConversationEntry, name: string) {
    const { message, delivery } = entry;
    const dir = message.direction === 'out' ? 'out' : 'in';
    const view = this.viewOf(entry);
    // No whitespace between tags (it would be text in the message): lines break inside tags only. <bdi>: the body
    // keeps its own direction, so "Hi Bob!" reads right in an Arabic page ("!Hi Bob" without it).
    return html`<div class="msg ${dir}" part="message message-${dir}" data-delivery=${delivery ?? nothing}><div part="message-body"
      ><span class="sr-only">${dir === 'in' ? name : strings.chat.you}: </span><bdi>${view.body}</bdi></div><div part="message-meta"
      >${view.time}${dir === 'out' ? this.renderDelivery(entry) : nothing}</div></div>`;
  }

  /** Body segments and time of a message, computed once (not on every render of the list). */
  private viewOf(entry: ConversationEntry): EntryView {
    const { message } = entry;
    const cached = this.views.get(message);
    if (cached && cached.allowed === this.allowed) return cached;
    const when = message.timestamp instanceof Date && !Number.isNaN(message.timestamp.getTime()) ? message.timestamp : undefined;
    const view: EntryView = {
      allowed: this.allowed,
      body: segments(message.body, this.allowed).map((seg) =>
        typeof seg === 'string' ? seg : html`<a href=${seg.href} target="_blank" rel="noopener noreferrer">${seg.text}</a>`,
      ),
      time: when ? html`<time datetime=${when.toISOString()}>${clockTime(when)}</time>` : nothing,
    };
    this.views.set(message, view);
    return view;
  }

  private renderDelivery(entry: ConversationEntry) {
    const { delivery } = entry;
    if (delivery === 'failed') {
      return html`<span class="failed">${strings.chat.failed}</span>
        <button part="retry-button" type="button" @click=${() => this.conversation.retry(entry)}>${strings.chat.retry}</button>`;
    }
    return delivery
      ? html`<span role="img" aria-label=${strings.chat[delivery]} title=${strings.chat[delivery]}>${DELIVERY_MARKS[delivery]}</span>`
      : nothing;
  }

  private onKeydown(e: KeyboardEvent): void {
    if (e.key === 'Enter' && !e.shiftKey && !e.altKey && !e.ctrlKey && !e.metaKey && !e.isComposing) {
      e.preventDefault();
      this.sendDraft();
    }
  }

  private onInput(): void {
    this.chatStates.typed(!!this.input?.value.trim());
  }

  private onSubmit(e: Event): void {
    e.preventDefault();
    this.sendDraft();
  }

  private sendDraft(): void {
    const input = this.input;
    const body = input?.value ?? '';
    if (!input || !body.trim() || input.disabled) return;
    this.conversation.send(body).catch((e: unknown) => {
      // Refused before it was sent (e.g. longer than the client allows): the draft comes back, nothing is lost.
      if (!input.value) input.value = body;
      const code = isPresenceError(e) ? e.code : 'invalid-argument';
      emit(this, 'presently-error', { code, message: e instanceof Error ? e.message : String(e) });
    });
    this.chatStates.sent();
    input.value = '';
  }

  private close(): void {
    const jid = this.contactJid ?? this.jid ?? '';
    if (!emit(this, 'presently-close-chat', { jid }, true)) return;
    this.chatStates.gone();
    this.remove();
  }
}
