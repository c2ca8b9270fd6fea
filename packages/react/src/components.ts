/**
 * React components for every Presently element, made with `@lit/react`: element properties are props (set as
 * properties, so `client={client}` passes the object), and each element's events are `onPresently…` props.
 * Importing this module registers the tags (`@presently/elements/define`); `<presently-chat>`,
 * `<presently-status-picker>` and `<presently-inbox>` load their code on first use, as they do without React.
 */
import '@presently/elements/define';
import { createComponent, type EventName } from '@lit/react';
import {
  PresentlyBadge as BadgeElement,
  PresentlyChat as ChatElement,
  PresentlyChatButton as ChatButtonElement,
  PresentlyClient as ClientElement,
  PresentlyDot as DotElement,
  PresentlyInbox as InboxElement,
  PresentlyStatusPicker as StatusPickerElement,
  PresentlyTyping as TypingElement,
  type PresentlyChatDetail,
  type PresentlyErrorDetail,
  type PresentlyEventMap,
} from '@presently/elements';
import * as React from 'react';

/** Every element can report bad input (`invalid-jid`) or a failure as `presently-error`. */
const errorEvents = { onPresentlyError: 'presently-error' as EventName<CustomEvent<PresentlyErrorDetail>> };

/** `<presently-dot>`: the contact's state as a shape-coded dot. Props: `jid`, `size`, `client`. */
export const PresentlyDot = createComponent({ react: React, tagName: 'presently-dot', elementClass: DotElement, events: errorEvents });

/** `<presently-badge>`: avatar, name, dot, status text, idle time and local time. Props: `jid`, `layout`, `client`. */
export const PresentlyBadge = createComponent({
  react: React,
  tagName: 'presently-badge',
  elementClass: BadgeElement,
  events: errorEvents,
});

/** `<presently-typing>`: "Bob is typing…" while that contact composes to you. Props: `jid`, `client`. */
export const PresentlyTyping = createComponent({
  react: React,
  tagName: 'presently-typing',
  elementClass: TypingElement,
  events: errorEvents,
});

/**
 * `<presently-chat-button>`: a button whose label follows the contact's state, with the unread count and "Notify me
 * when available". `onPresentlyOpenChat` is cancelable: call `event.preventDefault()` to open your own chat UI
 * instead of the built-in panel. `onPresentlyContactAvailable` fires once when a contact you asked about is available.
 */
export const PresentlyChatButton = createComponent({
  react: React,
  tagName: 'presently-chat-button',
  elementClass: ChatButtonElement,
  events: {
    ...errorEvents,
    onPresentlyOpenChat: 'presently-open-chat' as EventName<CustomEvent<PresentlyChatDetail>>,
    onPresentlyContactAvailable: 'presently-contact-available' as EventName<CustomEvent<PresentlyChatDetail>>,
  },
});

/**
 * `<presently-inbox>`: your conversations with unread messages, newest first; activating one opens the chat.
 * `onPresentlyOpenChat` is cancelable, as on the chat button. Props: `client`.
 */
export const PresentlyInbox = createComponent({
  react: React,
  tagName: 'presently-inbox',
  elementClass: InboxElement,
  events: { ...errorEvents, onPresentlyOpenChat: 'presently-open-chat' as EventName<CustomEvent<PresentlyChatDetail>> },
});

/** `<presently-chat>`: history, live messages, typing indicator and receipts. Props: `jid`, `closable`, `allowedLinkHosts`. */
export const PresentlyChat = createComponent({
  react: React,
  tagName: 'presently-chat',
  elementClass: ChatElement,
  events: { ...errorEvents, onPresentlyCloseChat: 'presently-close-chat' as EventName<CustomEvent<PresentlyChatDetail>> },
});

/** `<presently-status-picker>`: sets your own show and status text, with an optional "clear after". */
export const PresentlyStatusPicker = createComponent({
  react: React,
  tagName: 'presently-status-picker',
  elementClass: StatusPickerElement,
  events: {
    ...errorEvents,
    onPresentlyStatusChange: 'presently-status-change' as EventName<PresentlyEventMap['presently-status-change']>,
  },
});

/**
 * `<presently-client>`: creates and starts a client from `service`, `jid` and `credentialsUrl` (or provides the one
 * given as `client`) to the elements inside it. {@link PresenceClientProvider} wraps it for hooks too.
 */
export const PresentlyClient = createComponent({
  react: React,
  tagName: 'presently-client',
  elementClass: ClientElement,
  events: errorEvents,
});
