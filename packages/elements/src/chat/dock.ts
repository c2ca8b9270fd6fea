/**
 * The chat dock: docked `<presently-chat>` panels at the bottom of the page, one per contact.
 * The chat button loads this module on first click, so pages that only show dots never pay for it.
 */
import { bareJid, type PresenceClient } from '@presently/core';
import { defineElement } from '../internal/define-element.js';
import { PresentlyBadge } from '../badge/badge.js';
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

function dock(): HTMLElement {
  let el = document.body.querySelector<HTMLElement>(`:scope > [${DOCK_ATTR}]`);
  if (!el) {
    el = document.createElement('div');
    el.setAttribute(DOCK_ATTR, '');
    // CSSOM (style.cssText), not a style attribute: works under a strict Content-Security-Policy.
    el.style.cssText =
      'position:fixed;inset-block-end:0;inset-inline-end:1rem;display:flex;flex-direction:row-reverse;align-items:flex-end;gap:0.75rem;' +
      'z-index:2147483000;pointer-events:none;--presently-chat-width:min(20rem, calc(100vw - 2rem));' +
      '--presently-chat-height:min(26rem, calc(100vh - 2rem));--presently-chat-shadow:0 0.5rem 1.5rem rgb(0 0 0 / 0.25)';
    el.addEventListener('presently-close-chat', (e) => {
      const chat = e.target as Element;
      // The chat removes itself after the event unless a listener cancelled it.
      queueMicrotask(() => {
        if (chat.isConnected) return;
        const opener = openers.get(chat);
        if (opener?.isConnected) opener.focus();
        if (!el!.childElementCount) el!.remove();
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
  defineElement('presently-badge', PresentlyBadge);
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
    container.append(chat);
  } else if (options.client && !chat.client) {
    chat.client = options.client;
  }
  if (options.opener) openers.set(chat, options.opener);
  await chat.updateComplete;
  chat.focus();
  return chat;
}
