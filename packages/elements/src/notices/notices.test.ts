// The notifier with a fake client: notices never take focus, nothing while dnd (but priority contacts), a system
// notification while the tab is hidden (the Notification API is faked here: headless Chromium can't grant it).
import { afterEach, describe, expect, test, vi } from 'vitest';
import { FakeClient } from '../../test-support/fake-client.js';
import { expectAccessible, mount } from '../../test-support/fixture.js';
import { keepUnreadInTitle, startNotifier } from './notices.js';

const notices = () => Array.from(document.querySelector('[data-presently-notices]')?.shadowRoot?.querySelectorAll('[part="notice"]') ?? []);
const stops: Array<() => void> = [];

afterEach(() => {
  stops.splice(0).forEach((stop) => stop());
  document.querySelector('[data-presently-notices]')?.remove();
  vi.unstubAllGlobals();
  Reflect.deleteProperty(document, 'visibilityState');
});

async function focusedInput(): Promise<HTMLInputElement> {
  const input = await mount<HTMLInputElement>('<label>Reply <input></label>');
  const field = input.querySelector('input')!;
  field.focus();
  return field;
}

describe('notices', () => {
  test('a new message shows a notice with the name and the text, and focus stays in the field being typed in', async () => {
    const client = new FakeClient();
    client.updatePresence('bob@example.com', { show: 'available', name: 'Bob Baker' });
    stops.push(startNotifier({ client }));
    const field = await focusedInput();
    client.receive('bob@example.com', '<b>Are you free?</b>');
    expect(notices()).toHaveLength(1);
    const notice = notices()[0]!;
    expect(notice.querySelector('[part="title"]')!.textContent).toBe('New message from Bob Baker');
    expect(notice.querySelector('[part="body"]')!.textContent).toBe('<b>Are you free?</b>');
    expect(notice.querySelector('b')).toBeNull();
    expect(document.activeElement).toBe(field);
    const list = notice.parentElement!;
    expect([list.getAttribute('role'), list.getAttribute('aria-live')]).toEqual(['log', 'polite']);
    // A second message from Bob replaces his notice; our own messages and archived ones show nothing.
    client.receive('bob@example.com', 'Hello?');
    client.receive('bob@example.com', 'old', { archived: true });
    client.emit('message', {
      id: 'o1',
      from: 'alice@example.com',
      to: 'bob@example.com',
      body: 'mine',
      timestamp: new Date(),
      direction: 'out',
    });
    expect(notices().map((n) => n.querySelector('[part="body"]')!.textContent)).toEqual(['Hello?']);
    expect(document.activeElement).toBe(field);
    await expectAccessible();
  });

  test('a notice the user has tabbed into is never taken away by newer ones, so focus stays on it', async () => {
    const client = new FakeClient();
    stops.push(startNotifier({ client }));
    client.receive('bob@example.com', 'first');
    const open = notices()[0]!.querySelector<HTMLButtonElement>('[part="open"]')!;
    open.focus();
    const host = document.querySelector('[data-presently-notices]')!;
    expect(host.shadowRoot!.activeElement).toBe(open);
    client.receive('bob@example.com', 'second');
    for (const from of ['carol', 'dave', 'erin', 'frank']) client.receive(`${from}@example.com`, 'more');
    expect(open.isConnected).toBe(true);
    expect(document.activeElement).toBe(host);
    expect(host.shadowRoot!.activeElement).toBe(open);
    expect(notices()).toHaveLength(3);
  });

  test('while we are dnd nothing shows and the count grows quietly; a priority contact still gets through', async () => {
    const client = new FakeClient();
    await client.setPresence({ show: 'dnd', status: 'Focus time' });
    const onInterruption = vi.fn();
    stops.push(startNotifier({ client, isPriority: (jid) => jid === 'boss@example.com', onInterruption }));
    const field = await focusedInput();
    client.receive('bob@example.com', 'one');
    client.receive('bob@example.com', 'two');
    expect(notices()).toHaveLength(0);
    expect(client.unreadOf('bob@example.com')).toBe(2);
    expect(onInterruption.mock.calls.map(([how]) => how)).toEqual(['none', 'none']);
    client.receive('boss@example.com', 'urgent');
    expect(notices()).toHaveLength(1);
    expect(document.activeElement).toBe(field);
  });

  test('by default the priority list is your own stored one (client.priorityContacts), read at each message', async () => {
    const client = new FakeClient();
    await client.setPresence({ show: 'dnd', status: 'Focus time' });
    stops.push(startNotifier({ client }));
    client.receive('boss@example.com', 'before the list');
    expect(notices()).toHaveLength(0);
    await client.setPriorityContacts(['boss@example.com']);
    client.receive('boss@example.com', 'after the list');
    client.receive('bob@example.com', 'not on it');
    expect(notices()).toHaveLength(1);
    expect(notices()[0]!.textContent).toContain('after the list');
  });

  test('a hidden tab with permission granted gets a system notification instead', async () => {
    const shown: Array<{ title: string; options: NotificationOptions }> = [];
    vi.stubGlobal(
      'Notification',
      class {
        static permission = 'granted';
        onclick: (() => void) | null = null;
        constructor(title: string, options: NotificationOptions) {
          shown.push({ title, options });
        }
        close() {}
      },
    );
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    const client = new FakeClient();
    stops.push(startNotifier({ client }));
    client.receive('bob@example.com', 'ping');
    expect(shown).toEqual([{ title: 'New message from bob', options: { body: 'ping', tag: 'presently:bob@example.com' } }]);
    expect(notices()).toHaveLength(0);
  });

  test('no notice while the chat with that contact is open on a visible page', async () => {
    const client = new FakeClient();
    stops.push(startNotifier({ client }));
    const dock = document.createElement('div');
    dock.setAttribute('data-presently-dock', '');
    dock.innerHTML = '<presently-chat jid="bob@example.com"></presently-chat>';
    document.body.append(dock);
    client.receive('bob@example.com', 'seen in the chat');
    expect(notices()).toHaveLength(0);
    client.receive('carol@example.com', 'not open');
    expect(notices()).toHaveLength(1);
  });

  test('the title helper keeps the unread total in document.title and restores it', async () => {
    const client = new FakeClient();
    document.title = 'Web mail';
    const stop = keepUnreadInTitle({ client });
    client.receive('bob@example.com', 'one');
    client.receive('carol@example.com', 'two');
    await vi.waitFor(() => expect(document.title).toBe('(2) Web mail'));
    client.markRead('bob@example.com');
    await vi.waitFor(() => expect(document.title).toBe('(1) Web mail'));
    stop();
    expect(document.title).toBe('Web mail');
  });
});
