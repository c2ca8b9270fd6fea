import { describe, expect, test } from 'vitest';
import { cdp } from 'vitest/browser';
import './dot.define.js';
import { type PresentlyDot } from './dot.js';
import { setDefaultClient } from '../context.js';
import { FakeClient } from '../../test-support/fake-client.js';
import { expectAccessible, mount, record, settle, shadow } from '../../test-support/fixture.js';

function shapeOf(dot: Element): string | null {
  return shadow(dot).querySelector('[part="dot"]')!.getAttribute('data-shape');
}

async function dotFor(client: FakeClient, jid = 'bob@example.com'): Promise<PresentlyDot> {
  const dot = document.createElement('presently-dot');
  dot.client = client;
  dot.jid = jid;
  return mount(dot);
}

describe('<presently-dot>', () => {
  test('show and aria-label follow presence changes', async () => {
    const client = new FakeClient();
    client.updatePresence('bob@example.com', { show: 'available', name: 'Bob Smith' });
    const dot = await dotFor(client);
    expect(dot.getAttribute('show')).toBe('available');
    expect(dot.getAttribute('role')).toBe('img');
    expect(dot.getAttribute('aria-label')).toBe('Bob Smith: Available');

    client.updatePresence('bob@example.com', { show: 'dnd', status: 'In a meeting until 3pm', name: 'Bob Smith' });
    await settle();
    expect(dot.getAttribute('show')).toBe('dnd');
    expect(dot.getAttribute('aria-label')).toBe('Bob Smith: Do not disturb — In a meeting until 3pm');
    expect(dot.getAttribute('title')).toBe('Bob Smith: Do not disturb — In a meeting until 3pm');

    client.updatePresence('bob@example.com', { show: 'offline' });
    await settle();
    expect(dot.getAttribute('show')).toBe('offline');
    expect(dot.getAttribute('aria-label')).toBe('bob: Offline');
  });

  test('every state has its own shape, and not only a colour', async () => {
    const client = new FakeClient();
    const dot = await dotFor(client);
    const shapes = new Map<string, string>();
    for (const show of ['available', 'away', 'xa', 'dnd', 'offline'] as const) {
      client.updatePresence('bob@example.com', { show });
      await settle();
      shapes.set(
        show,
        `${shapeOf(dot)}|${shadow(dot)
          .querySelector('svg')!
          .innerHTML.replace(/<!--[^>]*-->/g, '')}`,
      );
    }
    client.updatePresence('bob@example.com', { show: 'chat' });
    await settle();
    expect(shapeOf(dot)).toBe('filled'); // chat looks like available
    client.updatePresence('bob@example.com', { show: 'unknown' });
    await settle();
    shapes.set(
      'unknown',
      `${shapeOf(dot)}|${shadow(dot)
        .querySelector('svg')!
        .innerHTML.replace(/<!--[^>]*-->/g, '')}`,
    );
    dot.jid = 'not a jid';
    await settle();
    shapes.set(
      'invalid',
      `${shapeOf(dot)}|${shadow(dot)
        .querySelector('svg')!
        .innerHTML.replace(/<!--[^>]*-->/g, '')}`,
    );

    expect([...shapes.keys()]).toHaveLength(7);
    expect(new Set(shapes.values()).size).toBe(7);
    expect(shapes.get('available')).toMatch(/^filled\|/);
    expect(shapes.get('dnd')).toMatch(/^bar\|/);
    expect(shapes.get('offline')).toMatch(/^ring\|/);
    expect(shapes.get('invalid')).toMatch(/^cross\|/);
  });

  test('our own JID shows the status we set, not the connection: it follows own-presence and survives a reconnect', async () => {
    const client = new FakeClient();
    const dot = await dotFor(client, 'Alice@Example.com');
    expect(dot.getAttribute('show')).toBe('available');
    expect(dot.getAttribute('aria-label')).toBe('alice: Available');

    await client.setPresence({ show: 'dnd', status: 'Focus time' });
    await settle();
    expect(dot.getAttribute('show')).toBe('dnd');
    expect(dot.getAttribute('aria-label')).toBe('alice: Do not disturb — Focus time');
    expect(shapeOf(dot)).toBe('bar');

    // The connection drops: the store's entry for us says unknown, our status is still dnd.
    client.updatePresence('alice@example.com', { show: 'unknown' });
    client.setStatus('reconnecting');
    await settle();
    expect(dot.getAttribute('show')).toBe('dnd');

    // A status that ends by itself: the dot follows the own-presence event.
    await client.setPresence({ show: 'away', status: 'Lunch', until: new Date(Date.now() + 300) });
    await settle();
    expect(dot.getAttribute('aria-label')).toBe('alice: Away — Lunch');
    await expect.poll(() => dot.getAttribute('aria-label'), { timeout: 3000 }).toBe('alice: Available');

    // Stopped: we know nothing (as for any contact without a connection).
    await client.stop();
    await settle();
    expect(dot.getAttribute('show')).toBe('unknown');
    expect(client.listenerCount('own-presence')).toBe(1);
    dot.remove();
    expect(client.listenerCount('own-presence')).toBe(0);
  });

  test('without any client the dot is unknown', async () => {
    const dot = await mount<PresentlyDot>('<presently-dot jid="bob@example.com"></presently-dot>');
    expect(dot.getAttribute('show')).toBe('unknown');
    expect(dot.getAttribute('aria-label')).toBe('bob: Unknown');
  });

  test('uses the page default client, and picks it up when it is set later', async () => {
    const client = new FakeClient();
    client.updatePresence('bob@example.com', { show: 'away' });
    const dot = await mount<PresentlyDot>('<presently-dot jid="bob@example.com"></presently-dot>');
    expect(dot.getAttribute('show')).toBe('unknown');
    setDefaultClient(client);
    await settle();
    expect(dot.getAttribute('show')).toBe('away');
  });

  test('an invalid jid shows invalid and fires presently-error without throwing', async () => {
    const errors = record<{ code: string; message: string }>(document, 'presently-error');
    const client = new FakeClient();
    const dot = await dotFor(client, 'bob@@example..com');
    expect(dot.getAttribute('show')).toBe('invalid');
    expect(shapeOf(dot)).toBe('cross');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.detail.code).toBe('invalid-jid');
    expect(errors[0]!.bubbles && errors[0]!.composed).toBe(true);
    expect(client.diagnostics.watchedJids).toBe(0);
  });

  test('size is reflected and changes the rendered size', async () => {
    const small = await mount<PresentlyDot>('<presently-dot jid="bob@example.com" size="small"></presently-dot>');
    const large = await mount<PresentlyDot>('<presently-dot jid="bob@example.com" size="large"></presently-dot>');
    const medium = await mount<PresentlyDot>('<presently-dot jid="bob@example.com"></presently-dot>');
    expect(medium.getAttribute('size')).toBe('medium');
    const w = (d: Element) => shadow(d).querySelector('svg')!.getBoundingClientRect().width;
    expect(w(small)).toBeLessThan(w(medium));
    expect(w(medium)).toBeLessThan(w(large));
  });

  test('1,000 dots for 200 JIDs open 200 store subscriptions and release them on removal', async () => {
    const client = new FakeClient();
    setDefaultClient(client);
    const host = document.createElement('div');
    for (let i = 0; i < 1000; i++) {
      const dot = document.createElement('presently-dot');
      dot.setAttribute('jid', `user${i % 200}@example.com`);
      host.append(dot);
    }
    await mount(host);
    expect(client.diagnostics.watchedJids).toBe(200);
    expect(client.diagnostics.watchers).toBe(1000);
    expect(client.subscriptionsOpened).toBe(200);
    client.updatePresence('user7@example.com', { show: 'dnd' });
    await settle();
    expect(host.querySelectorAll('presently-dot[show="dnd"]')).toHaveLength(5);
    host.remove();
    expect(client.diagnostics.watchedJids).toBe(0);
  });

  test('moving a dot to another JID re-subscribes', async () => {
    const client = new FakeClient();
    client.updatePresence('carol@example.com', { show: 'dnd' });
    const dot = await dotFor(client);
    dot.jid = 'carol@example.com';
    await settle();
    expect(dot.getAttribute('show')).toBe('dnd');
    expect(client.watchersOf('bob@example.com')).toBe(0);
    expect(client.watchersOf('carol@example.com')).toBe(1);
  });

  test('works inside another shadow root', async () => {
    const client = new FakeClient();
    client.updatePresence('bob@example.com', { show: 'away', name: 'Bob' });
    const outer = await mount('<div></div>');
    const root = outer.attachShadow({ mode: 'open' });
    const dot = document.createElement('presently-dot');
    dot.client = client;
    dot.jid = 'bob@example.com';
    root.append(dot);
    await settle(root);
    expect(dot.getAttribute('aria-label')).toBe('Bob: Away');
  });

  test('names and statuses from the network are text, cut for display, full in the tooltip', async () => {
    (window as unknown as { __pwned?: boolean }).__pwned = undefined;
    const client = new FakeClient();
    const evil = '<img src=x onerror="window.__pwned=true"><script>window.__pwned=true</script>';
    client.updatePresence('bob@example.com', { show: 'dnd', name: evil, status: `${evil} ${'x'.repeat(300)}` });
    const dot = await dotFor(client);
    await new Promise((r) => setTimeout(r, 50));
    expect((window as unknown as { __pwned?: boolean }).__pwned).toBeUndefined();
    expect(shadow(dot).querySelector('img, script')).toBeNull();
    expect(dot.getAttribute('aria-label')!.startsWith('<img src=x')).toBe(true);
    expect(dot.getAttribute('aria-label')!.length).toBeLessThan(260);
    expect(dot.getAttribute('title')).toContain('x'.repeat(300));
  });

  test('dark mode (following the page color-scheme) and forced colours: colours adapt, shapes keep their meaning', async () => {
    const client = new FakeClient();
    client.updatePresence('bob@example.com', { show: 'available' });
    client.updatePresence('carol@example.com', { show: 'dnd' });
    const bob = await dotFor(client);
    const carol = await dotFor(client, 'carol@example.com');
    const fill = (d: Element) => getComputedStyle(shadow(d).querySelector('.fill')!).fill;
    const light = fill(bob);
    const emulate = (features: Array<{ name: string; value: string }>) => cdp().send('Emulation.setEmulatedMedia', { features });
    try {
      // Dark follows the page's color-scheme: a page that doesn't opt in stays light.
      await emulate([{ name: 'prefers-color-scheme', value: 'dark' }]);
      expect(fill(bob)).toBe(light);
      document.documentElement.style.colorScheme = 'light dark';
      expect(fill(bob)).not.toBe(light);
      bob.style.colorScheme = 'light';
      expect(fill(bob)).toBe(light);
      await emulate([{ name: 'forced-colors', value: 'active' }]);
      expect(matchMedia('(forced-colors: active)').matches).toBe(true);
      const probe = document.createElement('span');
      probe.style.color = 'CanvasText';
      document.body.append(probe);
      const canvasText = getComputedStyle(probe).color;
      probe.remove();
      expect(fill(bob)).toBe(canvasText);
      expect(fill(carol)).toBe(canvasText);
      expect(shapeOf(bob)).toBe('filled');
      expect(shapeOf(carol)).toBe('bar');
    } finally {
      document.documentElement.style.colorScheme = '';
      await emulate([]);
    }
  });

  test('is accessible in every state', async () => {
    const client = new FakeClient();
    for (const show of ['available', 'away', 'xa', 'dnd', 'offline', 'unknown'] as const) {
      client.updatePresence(`${show}@example.com`, { show, status: 'Status' });
      await dotFor(client, `${show}@example.com`);
    }
    await dotFor(client, 'not valid');
    await expectAccessible();
  });
});
