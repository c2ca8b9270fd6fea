import { describe, expect, test } from 'vitest';
import { cdp } from 'vitest/browser';
import './typing.define.js';
import type { PresentlyTyping } from './typing.js';
import { FakeClient } from '../../test-support/fake-client.js';
import { expectAccessible, mount, settle, shadow, textOf } from '../../test-support/fixture.js';

async function typingFor(client: FakeClient, jid = 'bob@example.com'): Promise<PresentlyTyping> {
  const el = document.createElement('presently-typing');
  el.client = client;
  el.jid = jid;
  return mount(el);
}

describe('<presently-typing>', () => {
  test('appears while the contact composes and disappears on paused / active', async () => {
    const client = new FakeClient();
    client.updatePresence('bob@example.com', { show: 'available', name: 'Bob' });
    const el = await typingFor(client);
    expect(el.hasAttribute('active')).toBe(false);
    expect(textOf(el)).toBe('');
    expect(shadow(el).querySelector('[role="status"]')).not.toBeNull();

    client.updateChatState('bob@example.com', 'composing');
    await settle();
    expect(el.hasAttribute('active')).toBe(true);
    expect(textOf(el)).toBe('Bob is typing…');

    client.updateChatState('bob@example.com', 'paused');
    await settle();
    expect(el.hasAttribute('active')).toBe(false);
    expect(textOf(el)).toBe('');

    client.updateChatState('bob@example.com', 'composing');
    await settle();
    client.updateChatState('bob@example.com', 'active');
    await settle();
    expect(el.active).toBe(false);
  });

  test('only for its own contact', async () => {
    const client = new FakeClient();
    const el = await typingFor(client);
    client.updateChatState('carol@example.com', 'composing');
    await settle();
    expect(el.active).toBe(false);
  });

  test('dots animate, and stop under prefers-reduced-motion', async () => {
    const client = new FakeClient();
    const el = await typingFor(client);
    client.updateChatState('bob@example.com', 'composing');
    await settle();
    const dot = shadow(el).querySelector('[part="dots"] i')!;
    expect(getComputedStyle(dot).animationName).toBe('presently-typing');
    await cdp().send('Emulation.setEmulatedMedia', { features: [{ name: 'prefers-reduced-motion', value: 'reduce' }] });
    try {
      expect(matchMedia('(prefers-reduced-motion: reduce)').matches).toBe(true);
      expect(getComputedStyle(dot).animationName).toBe('none');
    } finally {
      await cdp().send('Emulation.setEmulatedMedia', { features: [] });
    }
  });

  test('is accessible', async () => {
    const client = new FakeClient();
    const el = await typingFor(client);
    client.updateChatState('bob@example.com', 'composing');
    await settle();
    expect(el.active).toBe(true);
    await expectAccessible();
  });
});
