import { expect, test } from 'vitest';
import * as api from './index.js';

test('the package entry exports the classes, controllers, strings and setDefaultClient, and registers nothing', () => {
  for (const name of ['PresentlyClient', 'PresentlyDot', 'PresentlyBadge', 'PresentlyTyping', 'PresentlyChatButton', 'PresentlyChat', 'PresentlyStatusPicker']) {
    expect(typeof (api as Record<string, unknown>)[name], name).toBe('function');
  }
  for (const name of ['ClientController', 'PresenceController', 'ChatStateController', 'DetailsController', 'setDefaultClient', 'setStrings', 'openChat']) {
    expect(typeof (api as Record<string, unknown>)[name], name).toBe('function');
  }
  expect(api.strings.show.dnd).toBe('Do not disturb');
  for (const tag of ['presently-client', 'presently-dot', 'presently-badge', 'presently-typing', 'presently-chat-button', 'presently-chat', 'presently-status-picker']) {
    expect(customElements.get(tag), tag).toBeUndefined();
  }
});

test('define.ts registers every tag, <presently-client> included', async () => {
  await import('./define.js');
  expect(customElements.get('presently-client')).toBe(api.PresentlyClient);
  expect(customElements.get('presently-dot')).toBe(api.PresentlyDot);
  expect(customElements.get('presently-chat')).toBe(api.PresentlyChat);
  expect(customElements.get('presently-status-picker')).toBe(api.PresentlyStatusPicker);
});
