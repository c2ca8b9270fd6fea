import { expect, test } from 'vitest';
import * as api from './index.js';

test('the package entry exports the classes, controllers, strings and setDefaultClient, and registers nothing', () => {
  for (const name of [
    'PresentlyClient',
    'PresentlyDot',
    'PresentlyBadge',
    'PresentlyTyping',
    'PresentlyChatButton',
    'PresentlyChat',
    'PresentlyStatusPicker',
    'PresentlyInbox',
  ]) {
    expect(typeof (api as Record<string, unknown>)[name], name).toBe('function');
  }
  for (const name of [
    'ClientController',
    'PresenceController',
    'ChatStateController',
    'DetailsController',
    'setDefaultClient',
    'setStrings',
    'openChat',
    'UnreadController',
    'startNotifier',
    'keepUnreadInTitle',
    'notifyWhenAvailable',
  ]) {
    expect(typeof (api as Record<string, unknown>)[name], name).toBe('function');
  }
  expect(api.strings.show.dnd).toBe('Do not disturb');
  for (const tag of [
    'presently-client',
    'presently-dot',
    'presently-badge',
    'presently-typing',
    'presently-chat-button',
    'presently-chat',
    'presently-status-picker',
    'presently-inbox',
  ]) {
    expect(customElements.get(tag), tag).toBeUndefined();
  }
});

test('define.ts registers every tag: chat, status picker and inbox on first use (a page showing only dots never loads them)', async () => {
  await import('./define.js');
  expect(customElements.get('presently-client')).toBe(api.PresentlyClient);
  expect(customElements.get('presently-dot')).toBe(api.PresentlyDot);
  expect(customElements.get('presently-chat-button')).toBe(api.PresentlyChatButton);
  expect(customElements.get('presently-chat')).toBeUndefined();
  expect(customElements.get('presently-status-picker')).toBeUndefined();
  expect(customElements.get('presently-inbox')).toBeUndefined();
  // A <presently-chat> added anywhere in the document (here: nested in a div) loads and registers it, and the
  // element already in the page is upgraded.
  const holder = document.createElement('div');
  holder.innerHTML = '<section><presently-chat jid="bob@example.com"></presently-chat></section>';
  document.body.append(holder);
  expect(await customElements.whenDefined('presently-chat')).toBe(api.PresentlyChat);
  expect(holder.querySelector('presently-chat')).toBeInstanceOf(api.PresentlyChat);
  expect(customElements.get('presently-status-picker')).toBeUndefined();
  // loadOnUseElements() loads the rest, e.g. before creating them inside your own shadow roots.
  await api.loadOnUseElements();
  expect(customElements.get('presently-status-picker')).toBe(api.PresentlyStatusPicker);
  expect(customElements.get('presently-inbox')).toBe(api.PresentlyInbox);
  holder.remove();
});
