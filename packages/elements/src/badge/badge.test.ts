import { afterEach, describe, expect, test, vi } from 'vitest';
import './badge.define.js';
import type { PresentlyBadge } from './badge.js';
import { FakeClient } from '../../test-support/fake-client.js';
import { expectAccessible, mount, settle, shadow, textOf } from '../../test-support/fixture.js';
import { clockListeners, clockRunning } from '../internal/clock.js';

async function badgeFor(client: FakeClient, jid = 'bob@example.com', layout?: string): Promise<PresentlyBadge> {
  const badge = document.createElement('presently-badge');
  badge.client = client;
  badge.jid = jid;
  if (layout) badge.setAttribute('layout', layout);
  return mount(badge);
}

const part = (el: Element, name: string) => shadow(el).querySelector(`[part~="${name}"]`);

afterEach(() => {
  vi.useRealTimers();
});

describe('<presently-badge>', () => {
  test('shows name, status text, initials on a colour from the JID, and the dot', async () => {
    const client = new FakeClient();
    client.updatePresence('bob@example.com', { show: 'dnd', status: 'In a meeting until 3pm', name: 'Bob Smith' });
    const badge = await badgeFor(client);
    expect(part(badge, 'name')!.textContent).toBe('Bob Smith');
    expect(part(badge, 'status')!.textContent).toBe('In a meeting until 3pm');
    expect(part(badge, 'meta')!.textContent).toBe('Do not disturb');
    expect(part(badge, 'avatar')!.textContent!.trim()).toBe('BS');
    expect(part(badge, 'avatar')!.getAttribute('data-color')).toMatch(/^\d$/);
    expect(part(badge, 'dot')!.getAttribute('data-shape')).toBe('bar');
    expect(badge.getAttribute('show')).toBe('dnd');
  });

  test('our own JID shows the status we set (ownPresence), following own-presence, not the connection', async () => {
    const client = new FakeClient();
    const badge = await badgeFor(client, 'alice@example.com', 'compact');
    await client.setPresence({ show: 'dnd', status: 'Focus time' });
    await settle();
    expect(part(badge, 'status')!.textContent).toBe('Focus time');
    expect(part(badge, 'dot')!.getAttribute('data-shape')).toBe('bar');
    client.updatePresence('alice@example.com', { show: 'unknown' });
    client.setStatus('reconnecting');
    await settle();
    expect(badge.getAttribute('show')).toBe('dnd');
    await client.setPresence({ show: 'available' });
    await settle();
    expect(badge.getAttribute('show')).toBe('available');
    expect(part(badge, 'status')!.textContent).toBe('');
  });

  test('compact: the dot sits beside the initials, never on them', async () => {
    const client = new FakeClient();
    client.updatePresence('grace@example.com', { show: 'dnd', name: 'Grace Green' });
    for (const layout of ['compact', 'full']) {
      const badge = await badgeFor(client, 'grace@example.com', layout);
      const initials = shadow(badge).querySelector('.initials')!.getBoundingClientRect();
      const dot = part(badge, 'dot')!.getBoundingClientRect();
      expect(initials.width).toBeGreaterThan(0);
      expect(dot.width).toBeGreaterThan(0);
      const overlaps = dot.left < initials.right && initials.left < dot.right && dot.top < initials.bottom && initials.top < dot.bottom;
      expect(overlaps, `${layout}: dot ${JSON.stringify(dot)} over initials ${JSON.stringify(initials)}`).toBe(false);
    }
  });

  test('a card does not grow when it is scrolled to and its local time arrives (the space is reserved)', async () => {
    const client = new FakeClient();
    client.updatePresence('bob@example.com', { show: 'available', name: 'Bob Smith' });
    client.updatePresence('carol@example.com', { show: 'dnd', status: 'Focus time', name: 'Carol Jones' });
    const scroller = await mount<HTMLDivElement>(`<div style="height: 200px; overflow: auto; width: 300px">
      <div style="height: 3000px"></div>
      <ul style="list-style: none; margin: 0; padding: 0">
        <li data-jid="bob@example.com"><presently-badge jid="bob@example.com"></presently-badge><p>Sales</p></li>
        <li data-jid="carol@example.com"><presently-badge jid="carol@example.com"></presently-badge><p>Support</p></li>
      </ul></div>`);
    for (const b of scroller.querySelectorAll('presently-badge')) b.client = client;
    await settle();
    const cards = [...scroller.querySelectorAll('li')];
    const before = cards.map((c) => c.getBoundingClientRect().height);
    client.updateDetails('bob@example.com', { tzOffsetMinutes: 60 });
    client.updateDetails('carol@example.com', { tzOffsetMinutes: -300 });
    scroller.scrollTop = scroller.scrollHeight;
    for (const badge of scroller.querySelectorAll('presently-badge')) {
      await vi.waitFor(() => expect(part(badge, 'meta')!.textContent).toMatch(/local$/));
    }
    const after = cards.map((c) => c.getBoundingClientRect().height);
    expect(after[0]).toBeCloseTo(before[0]!, 0);
    expect(after[1]).toBeCloseTo(before[1]!, 0);
    // With or without a status text, cards are the same height.
    expect(after[0]).toBeCloseTo(after[1]!, 0);
  });

  test('uses the vCard photo when details have one', async () => {
    const client = new FakeClient();
    client.updatePresence('bob@example.com', { show: 'available' });
    const badge = await badgeFor(client);
    client.updateDetails('bob@example.com', { avatar: 'data:image/png;base64,iVBORw0KGgo=' });
    await vi.waitFor(() =>
      expect(part(badge, 'avatar')!.querySelector('img')!.getAttribute('src')).toBe('data:image/png;base64,iVBORw0KGgo='),
    );
    client.updateDetails('bob@example.com', { avatar: 'javascript:alert(1)' });
    await settle();
    expect(part(badge, 'avatar')!.querySelector('img')).toBeNull();
  });

  test('"Away · 25 min" from idleSince, "Last seen 2 h ago" offline, local time from the offset', async () => {
    const client = new FakeClient();
    client.updatePresence('bob@example.com', { show: 'away', idleSince: new Date(Date.now() - 25 * 60_000 - 5_000) });
    const badge = await badgeFor(client);
    expect(part(badge, 'meta')!.textContent).toBe('Away · 25 min');

    client.updatePresence('bob@example.com', { show: 'offline' });
    client.updateDetails('bob@example.com', { lastSeen: new Date(Date.now() - 2 * 3_600_000 - 60_000), tzOffsetMinutes: 0 });
    const expected = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' }).format(new Date());
    await vi.waitFor(() => expect(part(badge, 'meta')!.textContent).toBe(`Last seen 2 h ago · ${expected} local`));
  });

  test('relative times advance on one shared minute ticker that stops when no badge is shown', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    const client = new FakeClient();
    client.updatePresence('bob@example.com', { show: 'away', idleSince: new Date(Date.now() - 5 * 60_000) });
    client.updatePresence('carol@example.com', { show: 'away', idleSince: new Date(Date.now() - 1 * 60_000) });
    const bob = await badgeFor(client);
    const carol = await badgeFor(client, 'carol@example.com');
    expect(clockListeners()).toBe(2);
    expect(vi.getTimerCount()).toBe(1);
    expect(part(bob, 'meta')!.textContent).toBe('Away · 5 min');
    vi.advanceTimersByTime(60_000);
    await settle();
    expect(part(bob, 'meta')!.textContent).toBe('Away · 6 min');
    expect(part(carol, 'meta')!.textContent).toBe('Away · 2 min');
    bob.remove();
    carol.remove();
    expect(clockRunning()).toBe(false);
  });

  test('compact layout is one line and keeps the state for screen readers', async () => {
    const client = new FakeClient();
    client.updatePresence('bob@example.com', { show: 'away', name: 'Bob' });
    const badge = await badgeFor(client, 'bob@example.com', 'compact');
    const meta = part(badge, 'meta') as HTMLElement;
    expect(meta.textContent).toBe('Away');
    expect(meta.getBoundingClientRect().width).toBeLessThanOrEqual(1);
  });

  test('XSS: markup in name and status is shown as text and runs nothing', async () => {
    const w = window as unknown as { __pwned?: boolean };
    w.__pwned = undefined;
    const client = new FakeClient();
    const evil = '<img src=x onerror="window.__pwned=true"><script>window.__pwned=true</script>';
    client.updatePresence('bob@example.com', { show: 'available', name: evil, status: evil });
    const badge = await badgeFor(client);
    await new Promise((r) => setTimeout(r, 50));
    expect(w.__pwned).toBeUndefined();
    expect(shadow(badge).querySelector('img, script')).toBeNull();
    expect(part(badge, 'status')!.textContent).toBe(evil);
    expect(part(badge, 'name')!.textContent).toBe(evil);
  });

  test('long names and statuses are cut, the full text is in the tooltip', async () => {
    const client = new FakeClient();
    const status = 'S'.repeat(500);
    client.updatePresence('bob@example.com', { show: 'available', name: 'N'.repeat(300), status });
    const badge = await badgeFor(client);
    expect(Array.from(part(badge, 'name')!.textContent!).length).toBeLessThanOrEqual(80);
    expect(Array.from(part(badge, 'status')!.textContent!).length).toBeLessThanOrEqual(140);
    expect(part(badge, 'base')!.getAttribute('title')).toContain(status);
  });

  test('details are watched only once the badge comes near the viewport', async () => {
    const client = new FakeClient();
    const spy = vi.spyOn(client, 'watchDetails');
    const spacer = document.createElement('div');
    spacer.style.height = '5000px';
    await mount(spacer);
    const far = await badgeFor(client, 'far@example.com');
    const near = document.createElement('presently-badge');
    near.client = client;
    near.jid = 'near@example.com';
    spacer.before(near);
    await vi.waitFor(() => expect(spy.mock.calls.map((c) => c[0])).toContain('near@example.com'));
    await new Promise((r) => setTimeout(r, 100));
    expect(spy.mock.calls.map((c) => c[0])).not.toContain('far@example.com');
    far.scrollIntoView();
    await vi.waitFor(() => expect(spy.mock.calls.map((c) => c[0])).toContain('far@example.com'));
  });

  test('invalid jid: invalid state, no throw', async () => {
    const badge = await badgeFor(new FakeClient(), 'no good@');
    expect(badge.getAttribute('show')).toBe('invalid');
    expect(textOf(badge)).toContain('Invalid address');
  });

  test('is accessible in both layouts', async () => {
    const client = new FakeClient();
    client.updatePresence('bob@example.com', { show: 'dnd', status: 'Busy', name: 'Bob Smith' });
    client.updateDetails('bob@example.com', { tzOffsetMinutes: 60 });
    await badgeFor(client);
    await badgeFor(client, 'bob@example.com', 'compact');
    await badgeFor(client, 'carol@example.com');
    await expectAccessible();
  });
});
