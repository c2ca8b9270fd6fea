/**
 * `document.querySelector('presently-chat')` and `createElement('presently-status-picker')` are typed as the
 * element classes for all eight tags, from every entry (`@presently/elements`, `/define`, `presently.js`) —
 * also for the three tags whose code loads on first use. Types only.
 */
import type { PresentlyClient } from './client/client.js';
import type { PresentlyDot } from './dot/dot.js';
import type { PresentlyBadge } from './badge/badge.js';
import type { PresentlyTyping } from './typing/typing.js';
import type { PresentlyChatButton } from './chat-button/chat-button.js';
import type { PresentlyChat } from './chat/chat.js';
import type { PresentlyStatusPicker } from './status-picker/status-picker.js';
import type { PresentlyInbox } from './inbox/inbox.js';

declare global {
  interface HTMLElementTagNameMap {
    'presently-client': PresentlyClient;
    'presently-dot': PresentlyDot;
    'presently-badge': PresentlyBadge;
    'presently-typing': PresentlyTyping;
    'presently-chat-button': PresentlyChatButton;
    'presently-chat': PresentlyChat;
    'presently-status-picker': PresentlyStatusPicker;
    'presently-inbox': PresentlyInbox;
  }
}

/** The tags and their classes (as in `HTMLElementTagNameMap`), for the framework typings in vue.ts and svelte.ts. */
export interface PresentlyTags {
  'presently-client': PresentlyClient;
  'presently-dot': PresentlyDot;
  'presently-badge': PresentlyBadge;
  'presently-typing': PresentlyTyping;
  'presently-chat-button': PresentlyChatButton;
  'presently-chat': PresentlyChat;
  'presently-status-picker': PresentlyStatusPicker;
  'presently-inbox': PresentlyInbox;
}

/**
 * What a template may set on a tag: the element's own public data properties (`jid`, `size`, `client`, …),
 * all optional, without HTMLElement's and Lit's members and without methods.
 */
export type ElementProps<E> = {
  [
    K in keyof E as K extends keyof HTMLElement | 'renderRoot' | 'isUpdatePending' | 'hasUpdated' | 'updateComplete' | 'renderOptions'
      ? never
      : E[K] extends (...args: never[]) => unknown
        ? never
        : K
  ]?: E[K];
};
