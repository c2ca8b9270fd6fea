// The elements against the shared real Prosody over WebSocket, logged in as alice through
// <presently-client credentials-url>, with bob driven from Node by the browser commands.
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { commands, userEvent } from 'vitest/browser';
import '../../packages/elements/src/define.js';
import type { PresentlyClient } from '../../packages/elements/src/client/client.js';
import type { PresentlyChat } from '../../packages/elements/src/chat/chat.js';

const prosody = inject('prosody');
const alice = prosody.users.find((u) => u.username === 'alice')!;
const BOB = `bob@${prosody.host}`;
const ALICE = `alice@${prosody.host}`;

let provider: PresentlyClient;
const el = <T extends Element = HTMLElement>(sel: string) => provider.querySelector<T>(sel)!;
const poll = <T>(fn: () => T) => expect.poll(fn, { timeout: 10_000, interval: 25 });

beforeAll(async () => {
  document.documentElement.lang = 'en';
  // The host app's credentials endpoint: any same-origin URL answering {"password": "…"}.
  const credentials = `data:application/json,${encodeURIComponent(JSON.stringify({ password: alice.password }))}`;
  const main = document.createElement('main');
  main.innerHTML = `<presently-client service="${prosody.wsUrl}" jid="${ALICE}" credentials-url="${credentials}" resource="elements-live">
      <p>Bob <presently-dot jid="${BOB}"></presently-dot> <presently-typing jid="${BOB}"></presently-typing>
      <presently-chat-button jid="${BOB}"></presently-chat-button></p>
    </presently-client>`;
  document.body.append(main);
  provider = main.querySelector('presently-client')!;
  await vi.waitFor(() => expect(provider.getAttribute('status')).toBe('online'), { timeout: 10_000 });
});

afterAll(async () => {
  document.querySelector('[data-presently-dock]')?.remove();
  provider.closest('main')?.remove();
  await commands.peerStopAll();
});

afterEach(async () => {
  await commands.peerStopAll();
});

describe('elements on a real server', () => {
  it('the dot follows Bob through available → dnd with status → offline', async () => {
    const dot = el('presently-dot');
    await commands.peerConnect('bob');
    await poll(() => dot.getAttribute('show')).toBe('available');
    expect(dot.getAttribute('aria-label')).toBe('Bob Baker: Available');

    await commands.peerPresence('bob', { show: 'dnd', status: 'In a meeting until 3pm' });
    await poll(() => dot.getAttribute('aria-label')).toBe('Bob Baker: Do not disturb — In a meeting until 3pm');
    expect(dot.getAttribute('show')).toBe('dnd');

    await commands.peerStop('bob');
    await poll(() => dot.getAttribute('show')).toBe('offline');
    expect(dot.getAttribute('aria-label')).toBe('Bob Baker: Offline');
  });

  it('the typing indicator appears on composing and goes on paused and on active', async () => {
    const typing = el('presently-typing');
    await commands.peerConnect('bob');
    await poll(() => el('presently-dot').getAttribute('show')).toBe('available');

    await commands.peerChatState('bob', 'alice', 'composing');
    await poll(() => typing.hasAttribute('active')).toBe(true);
    expect(typing.shadowRoot!.textContent).toContain('Bob Baker is typing…');

    await commands.peerChatState('bob', 'alice', 'paused');
    await poll(() => typing.hasAttribute('active')).toBe(false);

    await commands.peerChatState('bob', 'alice', 'composing');
    await poll(() => typing.hasAttribute('active')).toBe(true);
    await commands.peerChatState('bob', 'alice', 'active');
    await poll(() => typing.hasAttribute('active')).toBe(false);
  });

  it('the chat button opens a chat; typing and sending reach Bob; his reply shows in the log', async () => {
    await commands.peerConnect('bob');
    const button = el('presently-chat-button');
    await poll(() => button.shadowRoot!.querySelector('[part="label"]')?.textContent).toBe('Chat');

    await userEvent.click(button.shadowRoot!.querySelector('button')!);
    await poll(() => !!document.querySelector('[data-presently-dock] presently-chat')).toBe(true);
    const chat = document.querySelector<PresentlyChat>('[data-presently-dock] presently-chat')!;
    expect(chat.getAttribute('jid')).toBe(BOB);
    const input = chat.shadowRoot!.querySelector<HTMLTextAreaElement>('[part="input"]')!;
    await poll(() => chat.shadowRoot!.activeElement).toBe(input);

    const hello = `Hello Bob ${Math.random().toString(36).slice(2, 7)}`;
    await userEvent.keyboard(hello);
    const composing = await commands.peerWaitForMessage('bob', { from: 'alice', chatState: 'composing' });
    expect(composing.body).toBeUndefined();

    await userEvent.keyboard('{Enter}');
    const received = await commands.peerWaitForMessage('bob', { from: 'alice', bodyIncludes: hello });
    expect(received.body).toBe(hello);

    // The log may start with archived messages of earlier runs (MAM): look at the newest lines.
    const log = chat.shadowRoot!.querySelector('[part="message-list"]')!;
    const last = (dir: 'in' | 'out') => [...log.querySelectorAll(`[part~="message-${dir}"]`)].at(-1);
    await poll(() => last('out')?.textContent ?? '').toContain(hello);
    await poll(() => last('out')?.getAttribute('data-delivery') ?? '').toMatch(/sent|delivered/);

    const reply = `Hi Alice, on my way ${Math.random().toString(36).slice(2, 7)}`;
    await commands.peerSendMessage('bob', 'alice', reply);
    await poll(() => last('in')?.textContent ?? '').toContain(reply);
    expect(log.getAttribute('role')).toBe('log');
  });
});
