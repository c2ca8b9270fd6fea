// A server that dies under a page showing presence: Prosody is SIGKILLed while <presently-dot>s show
// three online colleagues. Every dot must read `unknown` once the grace period is over (never a stale
// "available"), the real states must come back after the restart without a reload, and a message
// typed into <presently-chat> during the outage must reach its recipient exactly once.
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { commands, userEvent } from 'vitest/browser';
import { createPresenceClient, type PresentlyChat } from '../../packages/elements/src/presently.js';
import type { PresenceClient } from '../../packages/elements/src/presently.js';
import { recordShows, sleep, waitUntil } from '../reliability/browser-helpers.js';

const prosody = inject('prosody');
const password = prosody.users.find((u) => u.username === 'alice')!.password;
const ALICE = `alice@${prosody.host}`;
const at = (name: string) => `${name}@${prosody.host}`;
const GRACE_MS = 3000;

const COLLEAGUES = {
  bob: { presence: { show: 'dnd', status: 'In a meeting' }, shows: 'dnd' },
  carol: { presence: { show: 'away', status: 'Lunch' }, shows: 'away' },
  dave: { presence: {}, shows: 'available' },
} as const;
type Name = keyof typeof COLLEAGUES;
const NAMES = Object.keys(COLLEAGUES) as Name[];

let client: PresenceClient;
let root: HTMLElement;
const dot = (name: Name) => root.querySelector<HTMLElement>(`presently-dot[jid="${at(name)}"]`)!;
const shows = () => NAMES.map((n) => dot(n).getAttribute('show'));
const expected = NAMES.map((n) => COLLEAGUES[n].shows);

async function ensureServer(): Promise<void> {
  await commands.prosodyResume().catch(() => {});
  if (!(await commands.prosodyRunning())) await commands.prosodyRestart();
}

beforeAll(async () => {
  await ensureServer();
  for (const name of NAMES) await commands.peerConnect(name, { presence: COLLEAGUES[name].presence });
  client = createPresenceClient({
    service: prosody.wsUrl,
    jid: ALICE,
    credentials: async () => ({ password }),
    resource: 'outage',
    // Short for test speed; the default is 10 s. Backoff is the default (1 s doubling to 30 s, full jitter).
    graceMs: GRACE_MS,
  });
  root = document.createElement('main');
  const provider = document.createElement('presently-client') as HTMLElement & { client: PresenceClient };
  provider.client = client;
  for (const name of NAMES) {
    const d = document.createElement('presently-dot');
    d.setAttribute('jid', at(name));
    provider.append(d);
  }
  const chat = document.createElement('presently-chat');
  chat.setAttribute('jid', at('bob'));
  provider.append(chat);
  root.append(provider);
  document.body.append(root);
  await client.start();
  // <presently-chat> is registered on first use (its chunk loads when it appears): wait for it, as the README says.
  await customElements.whenDefined('presently-chat');
  await waitUntil(() => shows().join() === expected.join(), 10_000, 'the three real states');
});

afterEach(async () => {
  await ensureServer();
});

afterAll(async () => {
  await client?.stop();
  root?.remove();
  await commands.peerStopAll();
});

describe('Prosody killed under the page', () => {
  it('dots read unknown within grace + 2 s, come back after the restart, and a message typed meanwhile arrives once', async () => {
    const start = performance.now();
    const histories = NAMES.map((n) => recordShows(dot(n), start));
    const chat = root.querySelector('presently-chat') as PresentlyChat;
    const input = chat.shadowRoot!.querySelector<HTMLTextAreaElement | HTMLInputElement>('[part="input"]')!;
    const body = `typed during the outage ${Math.random().toString(36).slice(2, 8)}`;

    await commands.prosodyKill();
    const killedAt = performance.now() - start;
    const noticedMs = await waitUntil(() => client.status !== 'online', 5000, 'the client to notice the crash');

    // The user types and sends while the server is gone.
    await userEvent.click(input);
    await userEvent.type(input, body);
    await userEvent.keyboard('{Enter}');
    const outgoing = () => [...chat.shadowRoot!.querySelectorAll('[data-delivery]')].at(-1);
    await waitUntil(() => outgoing()?.textContent?.includes(body) ?? false, 2000, 'the message in the log');
    expect(outgoing()!.getAttribute('data-delivery')).toBe('sending');

    await waitUntil(() => shows().every((s) => s === 'unknown'), GRACE_MS + 2000 + 1000, 'every dot to read unknown');
    const unknownAfter = Math.max(...histories.map((h) => h.firstAt('unknown')!)) - killedAt;
    expect(unknownAfter).toBeLessThanOrEqual(GRACE_MS + 2000);
    for (const name of NAMES) expect(dot(name).getAttribute('aria-label')).toMatch(/Unknown$/);
    // Not yet sent, and not failed either: it waits in the outbox.
    expect(outgoing()!.getAttribute('data-delivery')).toBe('sending');
    expect(client.diagnostics.outbox).toBe(1);

    await sleep(1000);
    const restartAt = performance.now() - start;
    await commands.prosodyRestart();
    await waitUntil(() => shows().join() === expected.join(), 45_000, 'the real states to come back');
    const recoveredAfter = performance.now() - start - restartAt;
    expect(dot('bob').getAttribute('aria-label')).toBe('Bob Baker: Do not disturb — In a meeting');

    await waitUntil(
      () => ['sent', 'delivered'].includes(outgoing()!.getAttribute('data-delivery') ?? ''),
      10_000,
      'the message to be sent',
    );
    await commands.peerWaitForMessage('bob', { from: 'alice', bodyIncludes: body }, 15_000);
    await sleep(1500); // a duplicate would be here by now
    expect(await commands.peerMessages('bob', { from: 'alice', bodyIncludes: body })).toHaveLength(1);
    expect(client.diagnostics.outbox).toBe(0);
    // Only one line for it in the chat log, too.
    expect([...chat.shadowRoot!.querySelectorAll('[part~="message-body"]')].filter((m) => m.textContent?.includes(body))).toHaveLength(1);

    for (const h of histories) h.stop();
    console.log(
      `[reliability] kill: noticed in ${Math.round(noticedMs)} ms, all dots unknown ${Math.round(unknownAfter)} ms after the kill (grace ${GRACE_MS} ms); ` +
        `states back ${Math.round(recoveredAfter)} ms after the restart; ${client.diagnostics.connectAttempts} connection attempts in all`,
    );
  }, 90_000);
});

describe('waking up', () => {
  for (const signal of ['online', 'visibilitychange'] as const) {
    it(`a browser '${signal}' event retries at once instead of sleeping out the backoff`, async () => {
      // A backoff this long would keep the page offline for up to a minute without the wake-up.
      const sleepy = createPresenceClient({
        service: prosody.wsUrl,
        jid: ALICE,
        credentials: async () => ({ password }),
        resource: `wake-${signal}`,
        reconnect: { minDelayMs: 60_000, maxDelayMs: 60_000 },
      });
      try {
        await sleepy.start();
        await commands.prosodyKill();
        await waitUntil(() => sleepy.status === 'reconnecting', 5000, 'reconnecting');
        await commands.prosodyRestart();
        const attempts = sleepy.diagnostics.connectAttempts;
        await sleep(500);
        if (signal === 'online') window.dispatchEvent(new Event('online'));
        else document.dispatchEvent(new Event('visibilitychange'));
        const ms = await waitUntil(() => sleepy.status === 'online', 5000, 'online again');
        expect(sleepy.diagnostics.connectAttempts).toBeGreaterThan(attempts);
        console.log(`[reliability] '${signal}' → online in ${Math.round(ms)} ms`);
      } finally {
        await sleepy.stop();
      }
    }, 30_000);
  }
});
