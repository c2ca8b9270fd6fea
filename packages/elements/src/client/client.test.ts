import { afterEach, describe, expect, inject, test, vi } from 'vitest';
import './client.define.js';
import '../dot/dot.define.js';
import { PresentlyClient, credentialsFrom } from './client.js';
import type { PresentlyDot } from '../dot/dot.js';
import { setDefaultClient, waitingForProvider } from '../context.js';
import { defineElement } from '../internal/define-element.js';
import { FakeClient } from '../../test-support/fake-client.js';
import { expectAccessible, mount, record, settle } from '../../test-support/fixture.js';

afterEach(() => {
  vi.restoreAllMocks();
});

/** A `<presently-client>` class whose instances provide `client` from construction (to define under another tag). */
function providing(client: FakeClient): typeof PresentlyClient {
  return class extends PresentlyClient {
    constructor() {
      super();
      this.client = client;
    }
  };
}

function clientWith(show: 'available' | 'dnd' | 'away'): FakeClient {
  const c = new FakeClient();
  c.updatePresence('bob@example.com', { show });
  return c;
}

/** A `<presently-client>` handed `client`, holding `html`, mounted. */
async function mountProvider(client: FakeClient, html: string): Promise<PresentlyClient> {
  const provider = document.createElement('presently-client');
  provider.client = client;
  provider.innerHTML = html;
  await mount(provider);
  return provider;
}

describe('client resolution', () => {
  test('a handed-in client reaches descendants, through shadow roots; the element never starts or stops it', async () => {
    const client = clientWith('dnd');
    const provider = await mountProvider(client, '<presently-dot jid="bob@example.com"></presently-dot><div id="host"></div>');
    const root = provider.querySelector('#host')!.attachShadow({ mode: 'open' });
    root.innerHTML = '<presently-dot jid="bob@example.com"></presently-dot>';
    await settle(root);
    const [light] = provider.querySelectorAll<PresentlyDot>('presently-dot');
    expect(light!.getAttribute('show')).toBe('dnd');
    expect(root.querySelector('presently-dot')!.getAttribute('show')).toBe('dnd');
    provider.remove();
    await Promise.resolve();
    expect(client.started).toBe(0);
    expect(client.stopped).toBe(0);
  });

  test('own .client beats the nearest <presently-client>, which beats an outer one and the page default', async () => {
    setDefaultClient(clientWith('away'));
    const outer = document.createElement('presently-client');
    outer.client = clientWith('available');
    const inner = document.createElement('presently-client');
    inner.client = clientWith('dnd');
    inner.innerHTML =
      '<presently-dot id="a" jid="bob@example.com"></presently-dot><presently-dot id="b" jid="bob@example.com"></presently-dot>';
    outer.append(inner);
    await mount(outer);
    const own = inner.querySelector<PresentlyDot>('#b')!;
    own.client = clientWith('available');
    await settle();
    expect(inner.querySelector('#a')!.getAttribute('show')).toBe('dnd');
    expect(own.getAttribute('show')).toBe('available');
    const lone = await mount<PresentlyDot>('<presently-dot jid="bob@example.com"></presently-dot>');
    expect(lone.getAttribute('show')).toBe('away');
  });

  test('a dot moved out of a <presently-client> stops using its client', async () => {
    const provider = await mountProvider(clientWith('dnd'), '<presently-dot jid="bob@example.com"></presently-dot>');
    const dot = provider.querySelector('presently-dot')!;
    expect(dot.getAttribute('show')).toBe('dnd');
    provider.after(dot);
    await settle();
    expect(dot.getAttribute('show')).toBe('unknown');
    expect((provider.client as FakeClient).diagnostics.watchedJids).toBe(0);
  });

  test('replacing the provided client updates descendants', async () => {
    const provider = await mountProvider(clientWith('dnd'), '<presently-dot jid="bob@example.com"></presently-dot>');
    provider.client = clientWith('away');
    await settle();
    expect(provider.querySelector('presently-dot')!.getAttribute('show')).toBe('away');
  });

  test('a provider wrapped around existing dots is found, and removed dots stop waiting (no growth per mount)', async () => {
    const before = waitingForProvider();
    const holder = await mount(`<div>${'<presently-dot jid="bob@example.com"></presently-dot>'.repeat(50)}</div>`);
    expect(waitingForProvider()).toBe(before + 50);
    const provider = document.createElement('presently-client') as PresentlyClient;
    provider.client = clientWith('away');
    holder.parentElement!.insertBefore(provider, holder);
    provider.append(holder);
    await settle();
    expect([...holder.querySelectorAll('presently-dot')].every((d) => d.getAttribute('show') === 'away')).toBe(true);
    provider.remove();
    await settle();
    expect(waitingForProvider()).toBe(before);
  });

  test('elements connected before their <presently-client> is upgraded still find it', async () => {
    const tag = 'late-presently-client';
    const holder = await mount(`<${tag}><presently-dot jid="bob@example.com"></presently-dot></${tag}>`);
    const dot = holder.querySelector('presently-dot')!;
    expect(dot.getAttribute('show')).toBe('unknown');
    customElements.define(tag, providing(clientWith('dnd')));
    await settle();
    expect(dot.getAttribute('show')).toBe('dnd');
  });

  test('it answers the community context protocol, so a consumer from another library (e.g. @lit/context) finds it', async () => {
    const provider = await mountProvider(clientWith('dnd'), '<div></div>');
    const consumer = provider.querySelector('div')!.attachShadow({ mode: 'open' }).appendChild(document.createElement('span'));
    const ask = (callback: (value: unknown, unsubscribe?: () => void) => void, subscribe: boolean) =>
      consumer.dispatchEvent(
        Object.assign(new Event('context-request', { bubbles: true, composed: true }), {
          context: Symbol.for('presently.client'),
          contextTarget: consumer,
          callback,
          subscribe,
        }),
      );
    const once: unknown[] = [];
    ask((value, unsubscribe) => once.push(value, unsubscribe), false);
    expect(once).toEqual([provider.client, undefined]);
    const seen: unknown[] = [];
    let stop: (() => void) | undefined;
    ask((value, unsubscribe) => {
      seen.push(value);
      stop = unsubscribe;
    }, true);
    const next = clientWith('away');
    provider.client = next;
    await settle();
    stop!();
    provider.client = clientWith('available');
    await settle();
    expect(seen).toEqual([once[0], next]);
  });

  test('a <presently-client> upgraded inside another one takes over the elements below it', async () => {
    const tag = 'inner-presently-client';
    const outer = await mountProvider(clientWith('away'), `<${tag}><presently-dot jid="bob@example.com"></presently-dot></${tag}>`);
    const dot = outer.querySelector('presently-dot')!;
    expect(dot.getAttribute('show')).toBe('away');
    customElements.define(tag, providing(clientWith('dnd')));
    await settle();
    expect(dot.getAttribute('show')).toBe('dnd');
    (outer.client as FakeClient).updatePresence('bob@example.com', { show: 'xa' });
    await settle();
    expect(dot.getAttribute('show')).toBe('dnd');
  });
});

describe('credentials', () => {
  test('fetched same-origin from credentials-url on every call, never cached or logged', async () => {
    const fetchSpy = vi
      .spyOn(window, 'fetch')
      .mockImplementation(
        async () => new Response(JSON.stringify({ password: 's3cret-pw' }), { headers: { 'content-type': 'application/json' } }),
      );
    const logs = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) => vi.spyOn(console, m));
    const credentials = credentialsFrom('/api/xmpp-credentials');
    expect(await credentials()).toEqual({ password: 's3cret-pw' });
    expect(await credentials()).toEqual({ password: 's3cret-pw' });
    expect(fetchSpy).toHaveBeenCalledTimes(2);
    const [url, init] = fetchSpy.mock.calls[0]!;
    expect(url).toBe('/api/xmpp-credentials');
    expect(init).toMatchObject({ credentials: 'same-origin', cache: 'no-store' });
    for (const spy of logs) expect(JSON.stringify(spy.mock.calls)).not.toContain('s3cret-pw');
  });

  test('a bad answer is a credentials-failed error', async () => {
    vi.spyOn(window, 'fetch').mockImplementation(async () => new Response('nope', { status: 401 }));
    await expect(credentialsFrom('/c')()).rejects.toMatchObject({ code: 'credentials-failed' });
    vi.spyOn(window, 'fetch').mockImplementation(async () => new Response('{"token":1}'));
    await expect(credentialsFrom('/c')()).rejects.toMatchObject({ code: 'credentials-failed' });
    vi.spyOn(window, 'fetch').mockImplementation(async () => Promise.reject(new TypeError('offline')));
    await expect(credentialsFrom('/c')()).rejects.toMatchObject({ code: 'credentials-failed' });
  });

  test('with service and jid it creates, starts (fetching credentials) and provides its own client, and stops it when removed', async () => {
    const prosody = inject('prosody');
    const carol = prosody.users.find((u) => u.username === 'carol')!;
    const fetchSpy = vi.spyOn(window, 'fetch').mockImplementation(async () => new Response(JSON.stringify({ password: carol.password })));
    const provider = await mount<PresentlyClient>(
      `<presently-client service="${prosody.wsUrl}" jid="carol@${prosody.host}" credentials-url="/creds" resource="client-test"><presently-dot jid="bob@${prosody.host}"></presently-dot></presently-client>`,
    );
    const client = provider.activeClient!;
    expect(client).toBeTruthy();
    await vi.waitFor(() => expect(provider.getAttribute('status')).toBe('online'), { timeout: 10_000 });
    expect(fetchSpy).toHaveBeenCalledWith('/creds', expect.objectContaining({ credentials: 'same-origin' }));
    const kept = [...Object.values(provider), ...Array.from(provider.attributes, (a) => a.value), provider.outerHTML];
    expect(kept.some((v) => typeof v === 'string' && v.includes(carol.password))).toBe(false);
    provider.remove();
    await new Promise((r) => setTimeout(r, 0));
    expect(provider.activeClient).toBeUndefined();
    await vi.waitFor(() => expect(client.status).toBe('offline'));
  });

  test('a wrong password ends in presently-error, without the password in it', async () => {
    const prosody = inject('prosody');
    vi.spyOn(window, 'fetch').mockImplementation(async () => new Response(JSON.stringify({ password: 'wrong-password-123' })));
    const errors = record<{ code: string; message: string }>(document, 'presently-error');
    const provider = await mount<PresentlyClient>(
      `<presently-client service="${prosody.wsUrl}" jid="dave@${prosody.host}" credentials-url="/creds"></presently-client>`,
    );
    await vi.waitFor(() => expect(errors.length).toBeGreaterThan(0), { timeout: 10_000 });
    expect(errors[0]!.detail.code).toBe('auth-failed');
    expect(errors[0]!.detail.message).not.toContain('wrong-password-123');
    provider.remove();
  });
});

describe('registration', () => {
  test('a tag owned by another definition is left alone with a W001 warning', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    class Other extends HTMLElement {}
    customElements.define('presently-w001-test', Other);
    expect(() => defineElement('presently-w001-test', class extends HTMLElement {})).not.toThrow();
    expect(customElements.get('presently-w001-test')).toBe(Other);
    expect(warn.mock.calls[0]![0]).toMatch(/^\[presently:W001\] <presently-w001-test>/);
    defineElement('presently-client', PresentlyClient);
    expect(warn).toHaveBeenCalledTimes(1);
  });
});

test('is accessible', async () => {
  await mountProvider(clientWith('dnd'), '<p>Bob <presently-dot jid="bob@example.com"></presently-dot></p>');
  await expectAccessible();
});
