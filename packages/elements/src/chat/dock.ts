/**
 * The chat dock: docked `<presently-chat>` panels at the bottom of the page, one per contact. On a
 * narrow viewport (a phone: 30rem or less) the dock is a full-width bottom sheet instead, the newest chat
 * on top. The chat button loads this module on first click, so pages that only show dots never pay for it.
 */
import { bareJid, type PresenceClient } from '@presently/core';
import { defineElement } from '../internal/define-element.js';
import { PresentlyDot } from '../dot/dot.js';
import { PresentlyTyping } from '../typing/typing.js';
import { PresentlyChat } from './chat.js';

/** Options of {@link openChat}. */
export interface OpenChatOptions {
  /** Client for the chat; default: the page default. */
  client?: PresenceClient | undefined;
  /** Element to give focus back to when the chat closes. */
  opener?: HTMLElement | undefined;
  /** `allowed-link-hosts` for the chat. */
  allowedLinkHosts?: string | undefined;
}

const DOCK_ATTR = 'data-presently-dock';
const openers = new WeakMap<Element, HTMLElement>();
let stacked = 0;

/** Where the docked panels go: a row in the bottom corner, or on a phone a full-width sheet. */
const NARROW = '(max-width: 30rem)';
// CSSOM (style.cssText), not a style attribute: works under a strict Content-Security-Policy.
const COMMON =
  'position:fixed;inset-block-end:0;z-index:2147483000;pointer-events:none;--presently-chat-shadow:0 0.5rem 1.5rem rgb(0 0 0 / 0.25);';
const WIDE =
  COMMON +
  'inset-inline:auto 1rem;display:flex;flex-direction:row-reverse;align-items:flex-end;gap:0.75rem;' +
  '--presently-chat-width:min(20rem, calc(100vw - 2rem));--presently-chat-height:min(26rem, calc(100vh - 2rem))';
// One grid cell: the chats lie on top of each other, the last opened (last child) above the others.
const SHEET =
  COMMON +
  'inset-inline:0;display:grid;--presently-chat-width:100%;--presently-chat-height:min(32rem, 85vh);' +
  '--presently-chat-radius:0.75rem 0.75rem 0 0';

function layout(el: HTMLElement, narrow: boolean): void {
  el.style.cssText = narrow ? SHEET : WIDE;
  for (const chat of el.children) (chat as HTMLElement).style.gridArea = narrow ? '1 / 1' : '';
}

function dock(): HTMLElement {
  let el = document.body.querySelector<HTMLElement>(`:scope > [${DOCK_ATTR}]`);
  if (!el) {
    el = document.createElement('div');
    el.setAttribute(DOCK_ATTR, '');
    const narrow = matchMedia(NARROW);
    const relayout = (): void => layout(el!, narrow.matches);
    narrow.addEventListener('change', relayout);
    relayout();
    el.addEventListener('presently-close-chat', (e) => {
      const chat = e.target as Element;
      // The chat removes itself after the event unless a listener cancelled it.
      queueMicrotask(() => {
        if (chat.isConnected) return;
        const opener = openers.get(chat);
        if (opener?.isConnected) opener.focus();
        if (!el!.childElementCount) {
          narrow.removeEventListener('change', relayout);
          el!.remove();
        }
      });
    });
    document.body.append(el);
  }
  return el;
}

/**
 * Open (or bring back) the docked chat with `jid` and focus its input.
 * @example openChat('bob@example.com', { client })
 */
export async function openChat(jid: string, options: OpenChatOptions = {}): Promise<PresentlyChat> {
  defineElement('presently-dot', PresentlyDot);
  defineElement('presently-typing', PresentlyTyping);
  defineElement('presently-chat', PresentlyChat);
  const bare = bareJid(jid);
  const container = dock();
  let chat = Array.from(container.children).find(
    (c): c is PresentlyChat => c.localName === 'presently-chat' && c.getAttribute('jid') === bare,
  );
  if (!chat) {
    // createElement, not `new`: another build may own the tag.
    chat = document.createElement('presently-chat');
    chat.setAttribute('jid', bare);
    chat.setAttribute('closable', '');
    chat.style.pointerEvents = 'auto';
    if (options.client) chat.client = options.client;
    if (options.allowedLinkHosts) chat.setAttribute('allowed-link-hosts', options.allowedLinkHosts);
    if (container.style.display === 'grid') chat.style.gridArea = '1 / 1';
    container.append(chat);
  } else if (options.client && !chat.client) {
    chat.client = options.client;
  }
  // Opened last, shown on top (the sheet on a phone stacks the chats in one place).
  chat.style.zIndex = String(++stacked);
  if (options.opener) openers.set(chat, options.opener);
  await chat.updateComplete;
  chat.focus();
  return chat;
}
