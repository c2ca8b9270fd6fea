import { afterEach, describe, expect, test, vi } from 'vitest';
import { settle } from '../test-support/fake-connection.js';
import { harness, started } from '../test-support/setup.js';
import type { OwnPresence } from './types.js';

const ME = 'alice@example.com';
const HOUR = 3_600_000;

afterEach(() => {
  vi.useRealTimers();
});

/** Every own-presence event, as `show:status`. */
function ownEvents(client: { on(e: 'own-presence', fn: (p: OwnPresence) => void): unknown }): string[] {
  const seen: string[] = [];
  client.on('own-presence', (p) => seen.push(`${p.show}:${p.status ?? ''}`));
  return seen;
}

describe('setPresence({ until })', () => {
  test('at `until` we return to available with no text: sent, shown on our own JID, announced, priority kept', async () => {
    const { conn, client } = await started();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const events = ownEvents(client);
    const until = new Date(Date.now() + HOUR);
    await client.setPresence({ show: 'dnd', status: 'Focus time', priority: 3, until });
    expect(client.ownPresence).toEqual({ show: 'dnd', status: 'Focus time', priority: 3, until });
    // Never on the wire: others see show and status only.
    expect(conn.sentOf('presence').at(-1)!.toString()).not.toContain('until');

    vi.advanceTimersByTime(HOUR - 1000);
    expect(client.ownPresence.show).toBe('dnd');
    expect(client.presenceOf(ME).show).toBe('dnd');
    vi.advanceTimersByTime(1000);
    await settle();
    expect(client.ownPresence).toEqual({ show: 'available', priority: 3 });
    const p = conn.sentOf('presence').at(-1)!;
    expect(p.getChild('show')).toBeUndefined();
    expect(p.getChild('status')).toBeUndefined();
    expect(p.getChildText('priority')).toBe('3');
    expect(client.presenceOf(ME)).toMatchObject({ show: 'available' });
    expect(client.presenceOf(ME).status).toBeUndefined();
    expect(events).toEqual(['dnd:Focus time', 'available:']);
  });

  test('a new status cancels the pending end', async () => {
    const { client } = await started();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    await client.setPresence({ show: 'away', until: new Date(Date.now() + HOUR) });
    await client.setPresence({ show: 'dnd', status: 'No end' });
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(2 * HOUR);
    expect(client.ownPresence).toEqual({ show: 'dnd', status: 'No end' });
  });

  test('an `until` past while offline: the next session starts available', async () => {
    const { conn, client } = await started();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    conn.drop();
    await client.setPresence({ show: 'dnd', status: 'Meeting', until: new Date(Date.now() + HOUR) });
    // The clock jumps (a laptop wakes up) before the timer had a chance to run.
    vi.setSystemTime(Date.now() + 2 * HOUR);
    conn.goOnline(false);
    await settle();
    const initial = conn.sentOf('presence').at(-1)!;
    expect(initial.getChild('show')).toBeUndefined();
    expect(initial.getChild('status')).toBeUndefined();
    expect(client.ownPresence).toEqual({ show: 'available' });
  });

  test("an `until` beyond setTimeout's range (24.8 days) still ends on time", async () => {
    const { client } = await started();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const DAY = 24 * HOUR;
    await client.setPresence({ show: 'xa', status: 'Sabbatical', until: new Date(Date.now() + 30 * DAY) });
    vi.advanceTimersByTime(29 * DAY);
    expect(client.ownPresence.show).toBe('xa');
    vi.advanceTimersByTime(DAY);
    expect(client.ownPresence).toEqual({ show: 'available' });
  });

  test('an invalid or past `until` is refused and changes nothing', async () => {
    const { client } = harness();
    const events = ownEvents(client);
    await expect(client.setPresence({ show: 'dnd', until: new Date('nope') })).rejects.toMatchObject({ code: 'invalid-argument' });
    const refused = { code: 'invalid-argument' };
    await expect(client.setPresence({ show: 'dnd', until: new Date(Date.now() - 1000) })).rejects.toMatchObject(refused);
    await expect(client.setPresence({ show: 'dnd', until: '2030-01-01' as unknown as Date })).rejects.toMatchObject(refused);
    expect(client.ownPresence).toEqual({ show: 'available' });
    expect(events).toEqual([]);
  });

  test("the caller's Date is copied, so changing it later changes nothing", async () => {
    const { client } = harness();
    const until = new Date(Date.now() + HOUR);
    const at = until.getTime();
    await client.setPresence({ show: 'away', until });
    until.setTime(at + 5 * HOUR);
    expect(client.ownPresence.until!.getTime()).toBe(at);
  });
});
