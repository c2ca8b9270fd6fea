// Auto-away in a real browser page, against Prosody: the page's own input events (no injected source)
// keep you available, idleness sends away with XEP-0319 idle, a real key press brings you back, and the
// code that does it (own-shared.ts) arrives as the chunk it is built as. Bob, a raw peer, sees each step.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { commands, userEvent } from 'vitest/browser';
import { createPresenceClient, type PresenceClient } from '../../packages/elements/src/presently.js';
import { waitUntil } from '../reliability/browser-helpers.js';

const prosody = inject('prosody');
const password = prosody.users.find((u) => u.username === 'alice')!.password;
const ALICE = `alice@${prosody.host}`;

let client: PresenceClient;
const fromPage = async () => (await commands.peerPresences('bob', { from: `${ALICE}/auto-away-page` })).filter((p) => p.type === undefined);

beforeAll(async () => {
  await commands.peerConnect('bob');
  client = createPresenceClient({
    service: prosody.wsUrl,
    jid: ALICE,
    credentials: async () => ({ password }),
    resource: 'auto-away-page',
    autoAway: { away: 1500, xa: 60_000 },
  });
  await client.start();
  await client.setPresence({ show: 'available' });
});

afterAll(async () => {
  await client?.stop();
  await commands.peerStopAll();
});

describe('auto-away in the browser', () => {
  it('goes away with idle after the timeout, comes back on a real key press', async () => {
    await waitUntil(() => client.ownPresence.show === 'away', 5000, 'away after 1.5 s without input');
    const idleSince = client.ownPresence.idleSince!;
    expect(Date.now() - idleSince.getTime()).toBeGreaterThanOrEqual(1400);
    await expect.poll(async () => (await fromPage()).at(-1)?.show, { timeout: 5000 }).toBe('away');
    expect((await fromPage()).at(-1)!.idleSince).toBe(idleSince.toISOString());

    await userEvent.keyboard('a');
    await waitUntil(() => client.ownPresence.show === 'available', 2000, 'back on input');
    expect(client.ownPresence.idleSince).toBeUndefined();
    await expect.poll(async () => (await fromPage()).at(-1)?.show ?? 'available', { timeout: 5000 }).toBe('available');
  });

  it('input keeps the page available: pointer activity every 500 ms for 3 s never lets it go away', async () => {
    await userEvent.keyboard('b');
    const shows = new Set<string>();
    const started = Date.now();
    while (Date.now() - started < 3000) {
      await userEvent.click(document.body);
      shows.add(client.ownPresence.show ?? 'available');
      await new Promise((r) => setTimeout(r, 500));
    }
    expect([...shows]).toEqual(['available']);
  });
});
