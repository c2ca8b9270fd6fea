import { afterEach, expect, inject, test, vi } from 'vitest';
import '../dot/dot.define.js';
import { PresentlyPresenceOnlyClient } from './presence-only-client.js';
import { defineElement } from '../internal/define-element.js';
import type { PresentlyDot } from '../dot/dot.js';
import { mount } from '../../test-support/fixture.js';

afterEach(() => {
  vi.restoreAllMocks();
});

// The dot-only bundle registers this class as <presently-client>; here it gets its own tag, next to the full one.
defineElement('presently-client-presence-only', PresentlyPresenceOnlyClient);

test('the dot-only <presently-client> logs in with a presence-only client: dots live, priority -1, chat unsupported', async () => {
  const prosody = inject('prosody');
  const carol = prosody.users.find((u) => u.username === 'carol')!;
  vi.spyOn(window, 'fetch').mockImplementation(async () => new Response(JSON.stringify({ password: carol.password })));
  const provider = await mount<PresentlyPresenceOnlyClient>(
    `<presently-client-presence-only service="${prosody.wsUrl}" jid="carol@${prosody.host}" credentials-url="/creds" resource="presence-only-test"><presently-dot jid="carol@${prosody.host}"></presently-dot></presently-client-presence-only>`,
  );
  const client = provider.activeClient!;
  await vi.waitFor(() => expect(provider.getAttribute('status')).toBe('online'), { timeout: 10_000 });
  // Our own dot shows what this client announced: available.
  const dot = provider.querySelector<PresentlyDot>('presently-dot')!;
  await vi.waitFor(() => expect(dot.getAttribute('show')).toBe('available'));
  expect(client.ownPresence).toEqual({ show: 'available', priority: -1 });
  await expect(client.sendMessage(`bob@${prosody.host}`, 'hi')).rejects.toMatchObject({ code: 'unsupported' });
  provider.remove();
  await vi.waitFor(() => expect(client.status).toBe('offline'));
});
