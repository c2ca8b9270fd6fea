import { afterEach, describe, expect, test } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import './chat-button.define.js';
import type { PresentlyChatButton } from './chat-button.js';
import type { PresentlyChat } from '../chat/chat.js';
import { FakeClient } from '../../test-support/fake-client.js';
import { expectAccessible, mount, record, settle, shadow } from '../../test-support/fixture.js';

async function buttonFor(client: FakeClient, jid = 'bob@example.com'): Promise<PresentlyChatButton> {
  const el = document.createElement('presently-chat-button');
  el.client = client;
  el.jid = jid;
  return mount(el);
}

const inner = (el: Element) => shadow(el).querySelector('button')!;
const dockedChats = () => Array.from(document.querySelectorAll<PresentlyChat>('[data-presently-dock] presently-chat'));

async function waitFor<T>(fn: () => T | undefined | null | false, ms = 2000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

afterEach(() => {
  document.querySelector('[data-presently-notices]')?.remove();
});

describe('<presently-chat-button>', () => {
  test('label follows the state', async () => {
    const client = new FakeClient();
    client.updatePresence('bob@example.com', { show: 'available', name: 'Bob' });
    const el = await buttonFor(client);
    const label = () => shadow(el).querySelector('[part="label"]')!.textContent;
    expect(label()).toBe('Chat');
    expect(inner(el).getAttribute('aria-label')).toBe('Chat — Bob');
    const cases = [
      ['chat', 'Chat'],
      ['away', 'Chat'],
      ['xa', 'Chat'],
      ['dnd', 'Busy — message anyway'],
      ['offline', 'Leave a message'],
      ['unknown', 'Leave a message'],
    ] as const;
    for (const [show, text] of cases) {
      client.updatePresence('bob@example.com', { show, name: 'Bob' });
      await settle();
      expect(label(), show).toBe(text);
    }
    client.updatePresence('bob@example.com', { show: 'away', name: 'Bob' });
    await settle();
    expect(inner(el).title).toBe('Bob is away and may reply later');
  });

  test('fires a cancelable, bubbling, composed presently-open-chat; cancelled opens nothing', async () => {
    const client = new FakeClient();
    const el = await buttonFor(client);
    const seen = record<{ jid: string }>(document, 'presently-open-chat');
    const cancel = (e: Event) => e.preventDefault();
    document.addEventListener('presently-open-chat', cancel);
    try {
      await userEvent.click(inner(el));
    } finally {
      document.removeEventListener('presently-open-chat', cancel);
    }
    expect(seen).toHaveLength(1);
    expect(seen[0]!.detail).toEqual({ jid: 'bob@example.com' });
    expect(seen[0]!.bubbles && seen[0]!.composed && seen[0]!.cancelable).toBe(true);
    await new Promise((r) => setTimeout(r, 100));
    expect(dockedChats()).toHaveLength(0);
  });

  test('not cancelled: opens one docked chat per contact, focuses it, close returns focus', async () => {
    // A desktop viewport: on a phone-width one (vitest's default is 414 px) the dock is a bottom sheet (chat.test.ts).
    await page.viewport(1280, 800);
    const client = new FakeClient();
    client.updatePresence('bob@example.com', { show: 'available', name: 'Bob' });
    const bob = await buttonFor(client);
    const carol = await buttonFor(client, 'carol@example.com');
    await userEvent.click(inner(bob));
    const chat = await waitFor(() => dockedChats()[0]);
    expect(chat.getAttribute('jid')).toBe('bob@example.com');
    expect(chat.client).toBe(client);
    expect(document.querySelector('[data-presently-dock]')!.parentElement).toBe(document.body);
    // Docked at the bottom over the page, sized for the dock (set through the CSSOM: strict CSP allows it).
    const dock = getComputedStyle(document.querySelector('[data-presently-dock]')!);
    expect([dock.position, dock.display, dock.flexDirection, dock.pointerEvents]).toEqual(['fixed', 'flex', 'row-reverse', 'none']);
    expect(getComputedStyle(chat).getPropertyValue('--presently-chat-width').trim()).toBe('min(20rem, calc(100vw - 2rem))');
    expect(getComputedStyle(chat).pointerEvents).toBe('auto');
    await waitFor(() => chat.shadowRoot?.activeElement?.localName === 'textarea');

    await userEvent.click(inner(bob));
    await new Promise((r) => setTimeout(r, 50));
    expect(dockedChats()).toHaveLength(1);

    await userEvent.click(inner(carol));
    await waitFor(() => dockedChats().length === 2);

    await settle(chat.shadowRoot!);
    await userEvent.click(shadow(chat).querySelector('[part="close-button"]')!);
    await waitFor(() => dockedChats().length === 1);
    expect(dockedChats()[0]!.getAttribute('jid')).toBe('carol@example.com');
    expect(document.activeElement).toBe(bob);
    await page.viewport(414, 896);
  });

  test('keyboard: reachable by Tab, operable with Enter and Space', async () => {
    const client = new FakeClient();
    const el = await buttonFor(client);
    const seen = record(el, 'presently-open-chat');
    const stop = (e: Event) => e.preventDefault();
    el.addEventListener('presently-open-chat', stop);
    (document.activeElement as HTMLElement | null)?.blur();
    await userEvent.tab();
    while (document.activeElement !== el) await userEvent.tab();
    expect(el.shadowRoot!.activeElement).toBe(inner(el));
    await userEvent.keyboard('{Enter}');
    await userEvent.keyboard(' ');
    expect(seen).toHaveLength(2);
  });

  test('invalid jid: disabled, invalid state, presently-error', async () => {
    const errors = record<{ code: string }>(document, 'presently-error');
    const el = await buttonFor(new FakeClient(), '@@@');
    expect(el.getAttribute('show')).toBe('invalid');
    expect(inner(el).disabled).toBe(true);
    expect(errors.at(-1)!.detail.code).toBe('invalid-jid');
  });

  test('unread messages show as a count and in the accessible name; reading them clears both', async () => {
    const client = new FakeClient();
    client.updatePresence('bob@example.com', { show: 'available', name: 'Bob' });
    const el = await buttonFor(client);
    const badge = () => shadow(el).querySelector('[part="unread"]');
    expect(badge()).toBeNull();
    client.receive('bob@example.com', 'one');
    client.receive('bob@example.com', 'two');
    await waitFor(() => badge());
    await settle();
    expect(badge()!.textContent).toBe('2');
    expect(badge()!.getAttribute('aria-hidden')).toBe('true');
    expect(inner(el).getAttribute('aria-label')).toBe('Chat — Bob, 2 unread');
    client.markRead('bob@example.com');
    await waitFor(() => !badge());
    expect(inner(el).getAttribute('aria-label')).toBe('Chat — Bob');
  });

  test('"Notify me when available" is offered while busy, away or offline, and fires once when they are available', async () => {
    const client = new FakeClient();
    client.updatePresence('bob@example.com', { show: 'available', name: 'Bob' });
    const el = await buttonFor(client);
    const notify = () => shadow(el).querySelector<HTMLButtonElement>('[part="notify"]');
    expect(notify()).toBeNull();
    for (const show of ['dnd', 'away', 'xa', 'offline'] as const) {
      client.updatePresence('bob@example.com', { show, name: 'Bob' });
      await settle();
      expect(notify()?.getAttribute('aria-label'), show).toBe('Notify me when available — Bob');
    }
    client.updatePresence('bob@example.com', { show: 'unknown', name: 'Bob' });
    await settle();
    expect(notify()).toBeNull();

    client.updatePresence('bob@example.com', { show: 'dnd', name: 'Bob' });
    const seen = record<{ jid: string }>(document, 'presently-contact-available');
    await userEvent.click(await waitFor(notify));
    await waitFor(() => notify()?.getAttribute('aria-pressed') === 'true');
    // Focus stays where the user put it, before and after the contact becomes available.
    const focused = document.activeElement;
    client.updatePresence('bob@example.com', { show: 'away', name: 'Bob' });
    client.updatePresence('bob@example.com', { show: 'available', name: 'Bob', status: 'Back' });
    await waitFor(() => seen.length === 1);
    const notice = await waitFor(() => document.querySelector('[data-presently-notices]')?.shadowRoot?.querySelector('[part="notice"]'));
    expect(notice.querySelector('[part="title"]')!.textContent).toBe('Bob is available now');
    expect(seen[0]!.detail).toEqual({ jid: 'bob@example.com' });
    expect(seen[0]!.bubbles && seen[0]!.composed).toBe(true);
    expect(document.activeElement).toBe(focused);
    // Once: going away and back again fires nothing more.
    client.updatePresence('bob@example.com', { show: 'away', name: 'Bob' });
    client.updatePresence('bob@example.com', { show: 'available', name: 'Bob' });
    await new Promise((r) => setTimeout(r, 50));
    expect(seen).toHaveLength(1);
  });

  test('"Notify me" pressed again cancels', async () => {
    const client = new FakeClient();
    client.updatePresence('bob@example.com', { show: 'offline', name: 'Bob' });
    const el = await buttonFor(client);
    const notify = () => shadow(el).querySelector<HTMLButtonElement>('[part="notify"]')!;
    const seen = record(document, 'presently-contact-available');
    await userEvent.click(await waitFor(notify));
    await waitFor(() => notify().getAttribute('aria-pressed') === 'true');
    await new Promise((r) => setTimeout(r, 20));
    await userEvent.click(notify());
    await waitFor(() => notify().getAttribute('aria-pressed') === 'false');
    client.updatePresence('bob@example.com', { show: 'available', name: 'Bob' });
    await new Promise((r) => setTimeout(r, 50));
    expect(seen).toHaveLength(0);
  });

  test('is accessible', async () => {
    const client = new FakeClient();
    client.updatePresence('bob@example.com', { show: 'dnd', name: 'Bob' });
    await buttonFor(client);
    await buttonFor(client, 'carol@example.com');
    await expectAccessible();
  });
});
