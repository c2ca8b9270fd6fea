import { afterEach, describe, expect, test, vi } from 'vitest';
import { cdp, page, userEvent } from 'vitest/browser';
import { openChat } from './dock.js';
import './chat.define.js';
import type { PresentlyChat } from './chat.js';
import { MAX_CONVERSATION_ENTRIES as MAX_ENTRIES, type ChatMessage } from '@presently/core';
import { FakeClient } from '../../test-support/fake-client.js';
import { expectAccessible, mount, record, settle, shadow } from '../../test-support/fixture.js';

async function chatFor(client: FakeClient, attrs = ''): Promise<PresentlyChat> {
  const el = await mount<PresentlyChat>(`<presently-chat jid="bob@example.com" ${attrs}></presently-chat>`);
  el.client = client;
  await settle();
  return el;
}

const q = <T extends Element = HTMLElement>(el: Element, sel: string) => shadow(el).querySelector<T>(sel)!;
const log = (el: Element) => q(el, '[part="message-list"]');
const input = (el: Element) => q<HTMLTextAreaElement>(el, '[part="input"]');
const bubbles = (el: Element) => Array.from(log(el).querySelectorAll('[part~="message"]'));
const bodyText = (m: Element) =>
  Array.from(m.querySelector('[part="message-body"]')!.childNodes)
    .filter((n) => n.nodeType !== Node.COMMENT_NODE && !(n instanceof HTMLElement && n.classList.contains('sr-only')))
    .map((n) => n.textContent)
    .join('');

async function until(fn: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

afterEach(() => {
  vi.useRealTimers();
});

describe('<presently-chat>', () => {
  test('Enter sends through client.sendMessage, Shift+Enter inserts a newline', async () => {
    const client = new FakeClient();
    const chat = await chatFor(client);
    await userEvent.click(input(chat));
    await userEvent.keyboard('Hello');
    await userEvent.keyboard('{Shift>}{Enter}{/Shift}');
    await userEvent.keyboard('Bob');
    expect(input(chat).value).toBe('Hello\nBob');
    expect(client.sent).toHaveLength(0);
    await userEvent.keyboard('{Enter}');
    expect(client.sent).toEqual([{ to: 'bob@example.com', body: 'Hello\nBob' }]);
    expect(input(chat).value).toBe('');
    await settle();
    const [m] = bubbles(chat);
    expect(m!.getAttribute('part')).toContain('message-out');
    expect(bodyText(m!)).toBe('Hello\nBob');
  });

  test('the header shows the full name and the state in words, even with a status text', async () => {
    const client = new FakeClient();
    client.updatePresence('grace@example.com', { show: 'dnd', status: 'Focus time', name: 'Grace Hopper-Williamson' });
    const chat = await mount<PresentlyChat>('<presently-chat jid="grace@example.com" closable style="width: 20rem"></presently-chat>');
    chat.client = client;
    await settle();
    const name = q(chat, '[part="name"]');
    expect(name.textContent).toBe('Grace Hopper-Williamson');
    // Not cut: the whole name is laid out inside its box.
    expect(name.scrollWidth).toBeLessThanOrEqual(name.clientWidth);
    expect(name.getBoundingClientRect().height).toBeGreaterThan(0);
    expect(q(chat, '[part="state"]').textContent).toBe('Do not disturb — Focus time');
    const header = q(chat, '[part="header"]').getBoundingClientRect();
    const state = q(chat, '[part="state"]').getBoundingClientRect();
    expect(state.right).toBeLessThanOrEqual(header.right);
    expect(state.height).toBeGreaterThan(0);

    client.updatePresence('grace@example.com', { show: 'away', name: 'Grace Hopper-Williamson' });
    await settle();
    expect(q(chat, '[part="state"]').textContent).toBe('Away');
    await expectAccessible();
  });

  test('Escape closes a docked chat and gives focus back to what opened it', async () => {
    const client = new FakeClient();
    const opener = await mount<HTMLButtonElement>('<button type="button">Chat with Bob</button>');
    opener.focus();
    const chat = await openChat('bob@example.com', { client, opener });
    expect(chat.shadowRoot!.activeElement).toBe(input(chat));
    const closes = record(document, 'presently-close-chat');
    await userEvent.keyboard('{Escape}');
    await settle();
    expect(closes).toHaveLength(1);
    expect(chat.isConnected).toBe(false);
    expect(document.activeElement).toBe(opener);
  });

  test('on a 390 px wide viewport the docked chat is a full-width bottom sheet, inside the screen', async () => {
    const client = new FakeClient();
    await page.viewport(390, 700);
    try {
      const chat = await openChat('bob@example.com', { client });
      await settle();
      const box = chat.getBoundingClientRect();
      expect(box.left).toBe(0);
      expect(box.width).toBe(390);
      expect(Math.round(box.bottom)).toBe(window.innerHeight);
      expect(box.top).toBeGreaterThan(0);
      expect(document.scrollingElement!.scrollWidth).toBeLessThanOrEqual(390);
      const send = q(chat, '[part="send-button"]').getBoundingClientRect();
      expect(send.right).toBeLessThanOrEqual(390);
      // A second chat lies on top of the first, in the same place.
      const second = await openChat('carol@example.com', { client });
      await settle();
      expect(second.getBoundingClientRect().left).toBe(0);
      expect(second.getBoundingClientRect().bottom).toBe(box.bottom);
      expect(document.elementFromPoint(195, box.bottom - 100)?.closest('presently-chat')).toBe(second);
    } finally {
      await page.viewport(1280, 800);
    }
    // Wide again: back in the corner, not full width.
    const chat = document.querySelector('presently-chat')!;
    await expect.poll(() => chat.getBoundingClientRect().width).toBeLessThan(400);
    expect(chat.getBoundingClientRect().left).toBeGreaterThan(600);
    await page.viewport(414, 896); // vitest's default
  });

  test('delivery: ✓ when the server has it, ✓✓ on the receipt', async () => {
    const client = new FakeClient();
    const chat = await chatFor(client);
    input(chat).value = 'Hi';
    q(chat, '[part="send-button"]').click();
    await until(() => bubbles(chat)[0]?.getAttribute('data-delivery') === 'sent');
    expect(bubbles(chat)[0]!.querySelector('[role="img"]')!.getAttribute('aria-label')).toBe('Sent');
    expect(bubbles(chat)[0]!.querySelector('[role="img"]')!.textContent).toBe('✓');
    client.emit('receipt', { id: 'out-1', from: 'bob@example.com' });
    await settle();
    expect(bubbles(chat)[0]!.getAttribute('data-delivery')).toBe('delivered');
    expect(bubbles(chat)[0]!.querySelector('[role="img"]')!.textContent).toBe('✓✓');
  });

  test('a failed send shows the error and can be retried', async () => {
    const client = new FakeClient();
    client.sendMessageImpl = () => Promise.reject(new Error('not-connected'));
    const chat = await chatFor(client);
    input(chat).value = 'Are you there?';
    q(chat, '[part="send-button"]').click();
    await until(() => bubbles(chat)[0]?.getAttribute('data-delivery') === 'failed');
    expect(bubbles(chat)[0]!.textContent).toContain('Not sent');
    client.sendMessageImpl = undefined;
    (bubbles(chat)[0]!.querySelector('[part="retry-button"]') as HTMLButtonElement).click();
    await until(() => bubbles(chat)[0]?.getAttribute('data-delivery') === 'sent');
    expect(client.sent.map((s) => s.body)).toEqual(['Are you there?', 'Are you there?']);
    expect(bubbles(chat)).toHaveLength(1);
  });

  test('incoming messages appear in the role=log list; other contacts do not', async () => {
    const client = new FakeClient();
    client.updatePresence('bob@example.com', { show: 'available', name: 'Bob' });
    const chat = await chatFor(client);
    expect(log(chat).getAttribute('role')).toBe('log');
    expect(log(chat).getAttribute('aria-live')).toBe('polite');
    client.receive('bob@example.com', 'Sure, 2 minutes');
    client.receive('carol@example.com', 'Not for this chat');
    await settle();
    expect(bubbles(chat)).toHaveLength(1);
    expect(bubbles(chat)[0]!.getAttribute('part')).toContain('message-in');
    expect(bodyText(bubbles(chat)[0]!)).toBe('Sure, 2 minutes');
    expect(bubbles(chat)[0]!.textContent).toContain('Bob:');
  });

  test('history from the archive comes first; without an archive nothing breaks', async () => {
    const client = new FakeClient();
    const old: ChatMessage = {
      id: 'a1',
      from: 'bob@example.com',
      to: 'alice@example.com',
      body: 'Yesterday',
      timestamp: new Date(Date.now() - 86_400_000),
      direction: 'in',
      archived: true,
    };
    client.archive = { 'bob@example.com': [old] };
    const chat = await chatFor(client);
    await until(() => bubbles(chat).length === 1);
    expect(bodyText(bubbles(chat)[0]!)).toBe('Yesterday');

    const other = new FakeClient(); // history() rejects
    const chat2 = await chatFor(other);
    await new Promise((r) => setTimeout(r, 20));
    expect(bubbles(chat2)).toHaveLength(0);
  });

  test('a message the client refuses (over 10,000 characters) keeps the draft and reports presently-error', async () => {
    const client = new FakeClient();
    const chat = await chatFor(client);
    const errors = record<{ code: string }>(chat, 'presently-error');
    const long = 'x'.repeat(10_001);
    input(chat).value = long;
    q(chat, '[part="send-button"]').click();
    await until(() => errors.length === 1);
    expect(errors[0]!.detail.code).toBe('invalid-argument');
    expect(input(chat).value).toBe(long);
    expect(bubbles(chat)).toHaveLength(0);
    expect(client.sent).toEqual([]);
  });

  test('two chats with the same contact show one conversation: a line sent in one appears in the other', async () => {
    const client = new FakeClient();
    const first = await chatFor(client);
    const second = await chatFor(client);
    input(first).value = 'From the first window';
    q(first, '[part="send-button"]').click();
    client.receive('bob@example.com', 'Reply');
    await until(() => bubbles(second).length === 2 && bubbles(second)[0]!.getAttribute('data-delivery') === 'sent');
    expect(bubbles(second).map(bodyText)).toEqual(['From the first window', 'Reply']);
    expect(client.conversationOf('bob@example.com').entries).toHaveLength(2);
  });

  test('an open chat on a visible page marks the conversation read', async () => {
    const client = new FakeClient();
    client.receive('bob@example.com', 'Before the chat opened');
    expect(client.unreadOf('bob@example.com')).toBe(1);
    const chat = await chatFor(client);
    await until(() => client.unreadOf('bob@example.com') === 0);
    client.receive('bob@example.com', 'While it is open');
    await settle();
    await until(() => client.unreadOf('bob@example.com') === 0);
    expect(bubbles(chat).map(bodyText)).toEqual(['Before the chat opened', 'While it is open']);
    expect(client.unreadTotal()).toBe(0);
  });

  test('links are inert text unless their host is allowed; allowed ones are safe anchors', async () => {
    const client = new FakeClient();
    const chat = await chatFor(client, 'allowed-link-hosts="intranet.example.com *.docs.example.org"');
    client.receive(
      'bob@example.com',
      'See https://intranet.example.com/wiki?a=1, https://evil.example.net/x and https://api.docs.example.org/y. javascript:alert(1) http://intranet.example.com@evil.example.net/',
    );
    await settle();
    const anchors = Array.from(bubbles(chat)[0]!.querySelectorAll('a'));
    expect(anchors.map((a) => a.getAttribute('href'))).toEqual(['https://intranet.example.com/wiki?a=1', 'https://api.docs.example.org/y']);
    for (const a of anchors) {
      expect(a.rel).toBe('noopener noreferrer');
      expect(a.target).toBe('_blank');
    }
    expect(bodyText(bubbles(chat)[0]!)).toContain('https://evil.example.net/x');

    const plain = await chatFor(client);
    client.receive('bob@example.com', 'https://intranet.example.com/wiki');
    await settle();
    expect(bubbles(plain).at(-1)!.querySelector('a')).toBeNull();
  });

  test('XSS: markup in a message is text and runs nothing', async () => {
    const w = window as unknown as { __pwned?: boolean };
    w.__pwned = undefined;
    const client = new FakeClient();
    const evil =
      '<img src=x onerror="window.__pwned=true"><script>window.__pwned=true</script><a href="javascript:window.__pwned=true">x</a>';
    client.updatePresence('bob@example.com', { show: 'available', name: evil, status: evil });
    const chat = await chatFor(client);
    client.receive('bob@example.com', evil);
    await settle();
    await new Promise((r) => setTimeout(r, 50));
    expect(w.__pwned).toBeUndefined();
    expect(shadow(chat).querySelector('img, script, a')).toBeNull();
    expect(bodyText(bubbles(chat)[0]!)).toBe(evil);
  });

  test('outgoing chat states: composing once while typing, paused after 5 s, nothing extra on send, gone on close', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const client = new FakeClient();
    const chat = await chatFor(client, 'closable');
    const field = input(chat);
    const type = (text: string) => {
      field.value += text;
      field.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    };
    const states = () => client.chatStatesSent.map((s) => s.state);
    for (const ch of 'Hello') {
      type(ch);
      vi.advanceTimersByTime(300);
    }
    expect(states()).toEqual(['composing']);
    vi.advanceTimersByTime(5_000);
    expect(states()).toEqual(['composing', 'paused']);
    type('!');
    expect(states()).toEqual(['composing', 'paused', 'composing']);
    field.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true, cancelable: true }));
    expect(client.sent.map((s) => s.body)).toEqual(['Hello!']);
    // The message itself carries <active/> (core's sendMessage), so no separate 'active' stanza follows it,
    // and no 'paused' either once the draft is gone.
    expect(states()).toEqual(['composing', 'paused', 'composing']);
    vi.advanceTimersByTime(10_000);
    expect(states()).toHaveLength(3);
    vi.useRealTimers();
    await settle();
    const closes = record(document, 'presently-close-chat');
    q<HTMLButtonElement>(chat, '[part="close-button"]').click();
    expect(closes).toHaveLength(1);
    expect(states().at(-1)).toBe('gone');
    expect(chat.isConnected).toBe(false);
    expect(client.chatStatesSent.every((s) => s.to === 'bob@example.com')).toBe(true);
  });

  /** A 16rem-high chat that received 30 messages, laid out. */
  async function longConversation() {
    const client = new FakeClient();
    const chat = await chatFor(client);
    chat.style.height = '16rem';
    for (let i = 0; i < 30; i++) client.receive('bob@example.com', `Message ${i}`);
    await settle();
    await new Promise((r) => requestAnimationFrame(r));
    return { client, chat };
  }

  test('a long conversation scrolls inside the panel; the composer stays in view', async () => {
    const { chat } = await longConversation();
    const box = chat.getBoundingClientRect();
    const composer = q(chat, '[part="composer"]').getBoundingClientRect();
    expect(composer.bottom).toBeLessThanOrEqual(box.bottom + 0.5);
    expect(composer.height).toBeGreaterThan(20);
    const list = log(chat);
    expect(list.scrollHeight).toBeGreaterThan(list.clientHeight);
    expect(list.scrollTop + list.clientHeight).toBeGreaterThanOrEqual(list.scrollHeight - 2);
  });

  test('reading older messages is not interrupted: new ones only scroll the list when it was at the end', async () => {
    const { client, chat } = await longConversation();
    const list = log(chat);
    list.scrollTop = 0;
    list.dispatchEvent(new Event('scroll'));
    client.receive('bob@example.com', 'While reading');
    await settle();
    await new Promise((r) => requestAnimationFrame(r));
    expect(list.scrollTop).toBe(0);
  });

  test('a flood of 3,000 messages stays cheap: bounded DOM, last message last', async () => {
    const client = new FakeClient();
    const chat = await chatFor(client);
    const t0 = performance.now();
    for (let i = 0; i < 3000; i++) {
      client.receive('bob@example.com', i === 2999 ? 'the last one' : `flood ${i} https://x.example.com/${i}`);
      if (i % 5 === 0) await chat.updateComplete; // a render every few messages, as frames would
    }
    await settle();
    const ms = performance.now() - t0;
    expect(bubbles(chat).length).toBeLessThanOrEqual(MAX_ENTRIES + MAX_ENTRIES / 4);
    expect(log(chat).lastElementChild!.textContent).toContain('the last one');
    expect(ms).toBeLessThan(5000);
  });

  test('a chat we never typed in sends no chat states', async () => {
    const client = new FakeClient();
    const chat = await chatFor(client);
    chat.remove();
    expect(client.chatStatesSent).toEqual([]);
  });

  test('shows the typing indicator of the contact', async () => {
    const client = new FakeClient();
    client.updatePresence('bob@example.com', { show: 'available', name: 'Bob' });
    const chat = await chatFor(client);
    client.updateChatState('bob@example.com', 'composing');
    await settle(shadow(chat));
    expect(q(chat, 'presently-typing').hasAttribute('active')).toBe(true);
    expect(q(chat, 'presently-typing').shadowRoot!.textContent).toContain('Bob is typing…');
  });

  test('keyboard: the composer is reachable by Tab and Enter sends', async () => {
    const client = new FakeClient();
    const chat = await chatFor(client);
    (document.activeElement as HTMLElement | null)?.blur();
    for (let i = 0; i < 10 && chat.shadowRoot!.activeElement !== input(chat); i++) await userEvent.tab();
    expect(chat.shadowRoot!.activeElement).toBe(input(chat));
    await userEvent.keyboard('Via keyboard{Enter}');
    expect(client.sent.map((s) => s.body)).toEqual(['Via keyboard']);
    await userEvent.tab();
    expect(chat.shadowRoot!.activeElement).toBe(q(chat, '[part="send-button"]'));
  });

  test('invalid jid: invalid state, disabled composer, presently-error', async () => {
    const errors = record<{ code: string }>(document, 'presently-error');
    const chat = await mount<PresentlyChat>('<presently-chat jid="x@y@z"></presently-chat>');
    expect(chat.getAttribute('show')).toBe('invalid');
    expect(input(chat).disabled).toBe(true);
    expect(errors.some((e) => e.detail.code === 'invalid-jid' && e.target === chat)).toBe(true);
  });

  test('is accessible with messages, a failure and a typing contact', async () => {
    const client = new FakeClient();
    client.updatePresence('bob@example.com', { show: 'away', name: 'Bob', status: 'Lunch' });
    const chat = await chatFor(client, 'closable allowed-link-hosts="intranet.example.com"');
    client.receive('bob@example.com', 'Docs: https://intranet.example.com/docs');
    input(chat).value = 'ok';
    q(chat, '[part="send-button"]').click();
    client.sendMessageImpl = () => Promise.reject(new Error('nope'));
    input(chat).value = 'fails';
    q(chat, '[part="send-button"]').click();
    client.updateChatState('bob@example.com', 'composing');
    await until(() => bubbles(chat).some((b) => b.getAttribute('data-delivery') === 'failed'));
    await settle();
    await expectAccessible();
    // A dark page: the panel and its bubbles follow the page's color-scheme.
    await cdp().send('Emulation.setEmulatedMedia', { features: [{ name: 'prefers-color-scheme', value: 'dark' }] });
    document.documentElement.style.colorScheme = 'light dark';
    try {
      expect(getComputedStyle(chat).backgroundColor).not.toBe('rgb(255, 255, 255)');
      await expectAccessible();
    } finally {
      document.documentElement.style.colorScheme = '';
      await cdp().send('Emulation.setEmulatedMedia', { features: [] });
    }
  });
});
