import { describe, expect, test } from 'vitest';
import { userEvent } from 'vitest/browser';
import './inbox.define.js';
import type { PresentlyInbox } from './inbox.js';
import type { PresentlyChat } from '../chat/chat.js';
import { FakeClient } from '../../test-support/fake-client.js';
import { expectAccessible, mount, record, settle, shadow } from '../../test-support/fixture.js';

async function inboxFor(client: FakeClient): Promise<PresentlyInbox> {
  const el = document.createElement('presently-inbox');
  el.client = client;
  return mount(el);
}

const entries = (el: Element) => Array.from(shadow(el).querySelectorAll<HTMLButtonElement>('[part="entry"]'));
const part = (entry: Element, name: string) => entry.querySelector(`[part="${name}"]`)!.textContent;

async function waitFor<T>(fn: () => T | undefined | null | false, ms = 2000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('<presently-inbox>', () => {
  test('empty state, then the unread conversations newest first with name, text, time and count', async () => {
    const client = new FakeClient();
    client.updatePresence('bob@example.com', { show: 'available', name: 'Bob Baker' });
    const el = await inboxFor(client);
    expect(shadow(el).querySelector('[part="empty"]')!.textContent).toBe('No unread messages');
    expect(entries(el)).toHaveLength(0);

    client.receive('bob@example.com', 'first', { timestamp: new Date(Date.now() - 60_000) });
    client.receive('bob@example.com', 'Are you free?', { timestamp: new Date(Date.now() - 30_000) });
    client.receive('carol@example.com', '<img src=x onerror=alert(1)> <b>hi</b>');
    await waitFor(() => entries(el).length === 2);
    await settle();
    const [carol, bob] = entries(el);
    expect([part(carol!, 'name'), part(carol!, 'count')]).toEqual(['carol', '1']);
    // Network text is text: the markup shows as characters and creates no element.
    expect(part(carol!, 'text')).toBe('<img src=x onerror=alert(1)> <b>hi</b>');
    expect(carol!.querySelector('img, b')).toBeNull();
    expect([part(bob!, 'name'), part(bob!, 'count'), part(bob!, 'text')]).toEqual(['Bob Baker', '2', 'Are you free?']);
    expect(part(bob!, 'time')).toMatch(/\d/);
    expect(bob!.getAttribute('aria-label')).toMatch(/^Bob Baker, 2 unread, .+: Are you free\?$/);
    expect(shadow(el).querySelector('[part="list"]')!.getAttribute('aria-label')).toBe('Unread messages');

    client.markRead('carol@example.com');
    await waitFor(() => entries(el).length === 1);
    client.markRead('bob@example.com');
    await waitFor(() => shadow(el).querySelector('[part="empty"]'));
  });

  test('activating an entry opens the docked chat (keyboard too), and reading it removes the entry', async () => {
    const client = new FakeClient();
    client.updatePresence('bob@example.com', { show: 'available', name: 'Bob' });
    const el = await inboxFor(client);
    client.receive('bob@example.com', 'ping');
    await waitFor(() => entries(el).length === 1);
    const seen = record<{ jid: string }>(document, 'presently-open-chat');
    (document.activeElement as HTMLElement | null)?.blur();
    while (shadow(el).activeElement !== entries(el)[0]) await userEvent.tab();
    await userEvent.keyboard('{Enter}');
    const chat = await waitFor(() => document.querySelector<PresentlyChat>('[data-presently-dock] presently-chat'));
    expect(seen.map((e) => e.detail.jid)).toEqual(['bob@example.com']);
    expect(chat.getAttribute('jid')).toBe('bob@example.com');
    // The open chat on a visible page marks it read.
    await waitFor(() => shadow(el).querySelector('[part="empty"]'));
    expect(client.unreadOf('bob@example.com')).toBe(0);
  });

  test('a cancelled presently-open-chat opens nothing', async () => {
    const client = new FakeClient();
    const el = await inboxFor(client);
    client.receive('bob@example.com', 'ping');
    await waitFor(() => entries(el).length === 1);
    const cancel = (e: Event) => e.preventDefault();
    el.addEventListener('presently-open-chat', cancel);
    await userEvent.click(entries(el)[0]!);
    await new Promise((r) => setTimeout(r, 100));
    expect(document.querySelector('[data-presently-dock] presently-chat')).toBeNull();
    expect(entries(el)).toHaveLength(1);
  });

  test('is accessible, empty and with entries', async () => {
    const client = new FakeClient();
    await inboxFor(client);
    await expectAccessible();
    client.receive('bob@example.com', 'hello');
    client.receive('carol@example.com', 'hi');
    await settle();
    await expectAccessible();
  });
});
