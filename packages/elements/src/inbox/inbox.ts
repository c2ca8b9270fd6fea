import { html } from 'lit/html.js';
import { repeat } from 'lit/directives/repeat.js';
import type { Conversation } from '@presently/core';
import { PresentlyLitElement } from '../internal/lit-element.js';
import { emit } from '../internal/events.js';
import { hostStyles } from '../internal/host.styles.js';
import { cut, localPart, NAME_MAX, STATUS_MAX } from '../internal/text.js';
import { clockTime } from '../internal/time.js';
import { strings } from '../strings.js';
import './inbox.strings.js';
import { inboxStyles } from './inbox.styles.js';
import { UnreadListController } from './unread-list-controller.js';

/**
 * The conversations with unread messages, the most recent first: the contact's name, the last message (as
 * text), its time and the unread count. Activating one (click, Enter or Space; Tab moves between them) fires
 * `presently-open-chat`; unless a listener cancels it, the docked `<presently-chat>` opens, as with
 * `<presently-chat-button>`, and reading it there removes the entry. Counts follow your other sessions.
 *
 * @summary Unread conversations; opens them.
 * @tagname presently-inbox
 *
 * @csspart list - The `<ul>` of conversations.
 * @csspart entry - The button of one conversation.
 * @csspart name - The contact's name.
 * @csspart time - When the last message came.
 * @csspart count - The unread count.
 * @csspart text - The last message, as text.
 * @csspart empty - Shown when nothing is unread.
 *
 * @cssprop --presently-inbox-font-size - Font size. Default `0.875rem`.
 * @cssprop --presently-inbox-gap - Space between entries. Default `0.25rem`.
 * @cssprop --presently-inbox-background - Entry background. Default `Canvas`.
 * @cssprop --presently-inbox-background-hover - Entry background on hover.
 * @cssprop --presently-inbox-color - Text colour. Default `CanvasText`.
 * @cssprop --presently-inbox-border-color - Entry border colour.
 * @cssprop --presently-inbox-radius - Entry corner radius. Default `0.5rem`.
 * @cssprop --presently-inbox-count-background - Background of the count. Default `#c5221f`.
 * @cssprop --presently-inbox-count-color - Text colour of the count. Default `white`.
 * @cssprop --presently-color-focus - Focus ring colour.
 *
 * @fires presently-open-chat - The user opened a conversation. Bubbles, composed, cancelable; `detail: { jid }`.
 * Call `preventDefault()` to open your own chat UI.
 */
export class PresentlyInbox extends PresentlyLitElement {
  static override styles = [hostStyles, inboxStyles];
  private readonly list = new UnreadListController(this, () => this.clientController.value);

  protected override render() {
    const list = this.list.value;
    if (!list.length) return html`<p part="empty" role="status">${strings.inbox.empty}</p>`;
    return html`<ul part="list" aria-label=${strings.inbox.heading}>
      ${repeat(
        list,
        (c) => c.jid,
        (c) => this.renderEntry(c),
      )}
    </ul>`;
  }

  private renderEntry(conversation: Conversation) {
    const { jid, unread } = conversation;
    const last = conversation.entries.at(-1)?.message;
    const client = this.clientController.value;
    const name = cut(client?.presenceOf(jid).name || localPart(jid), NAME_MAX);
    // Lit binds these as text: a message body is never markup.
    const text = cut(last?.body ?? '', STATUS_MAX);
    const time = last ? clockTime(last.timestamp) : '';
    return html`<li>
      <button part="entry" type="button" aria-label=${strings.inbox.entry(name, unread, time, text)} @click=${() => this.open(jid)}>
        <span part="name">${name}</span>
        <time part="time" datetime=${last ? last.timestamp.toISOString() : ''}>${time}</time>
        <span part="count">${unread > 99 ? '99+' : unread}</span>
        <span part="text">${text}</span>
      </button>
    </li>`;
  }

  private async open(jid: string): Promise<void> {
    if (!emit(this, 'presently-open-chat', { jid }, true)) return;
    try {
      const { openChat } = await import('../chat/dock.js');
      await openChat(jid, { client: this.clientController.value, opener: this });
    } catch (e) {
      emit(this, 'presently-error', { code: 'open-chat-failed', message: e instanceof Error ? e.message : String(e) });
    }
  }
}
