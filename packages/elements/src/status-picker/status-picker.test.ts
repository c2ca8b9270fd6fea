import { afterEach, describe, expect, test, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import './status-picker.define.js';
import type { PresentlyStatusPicker } from './status-picker.js';
import { FakeClient } from '../../test-support/fake-client.js';
import { expectAccessible, mount, record, settle, shadow } from '../../test-support/fixture.js';

async function pickerFor(client?: FakeClient): Promise<PresentlyStatusPicker> {
  const el = document.createElement('presently-status-picker');
  if (client) el.client = client;
  return mount(el);
}

const q = <T extends Element = HTMLElement>(el: Element, sel: string) => shadow(el).querySelector<T>(sel)!;

function choose(el: Element, part: string, value: string): void {
  const select = q<HTMLSelectElement>(el, `[part="${part}"]`);
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
}

afterEach(() => {
  vi.useRealTimers();
});

describe('<presently-status-picker>', () => {
  test('shows the current own presence', async () => {
    const client = new FakeClient();
    client.ownPresence = { show: 'dnd', status: 'Focus time' };
    const picker = await pickerFor(client);
    expect(q(picker, '[part="current"]').textContent!.trim()).toBe('Do not disturb — Focus time');
    expect(q(picker, '[part="dot"]').getAttribute('data-shape')).toBe('bar');
    expect(q<HTMLSelectElement>(picker, '[part="show-select"]').value).toBe('dnd');
    expect(q<HTMLInputElement>(picker, '[part="status-input"]').value).toBe('Focus time');
  });

  test('sets show and status through client.setPresence', async () => {
    const client = new FakeClient();
    const picker = await pickerFor(client);
    const changes = record<{ show: string; status: string }>(picker, 'presently-status-change');
    choose(picker, 'show-select', 'away');
    await userEvent.fill(q(picker, '[part="status-input"]'), 'Lunch');
    await userEvent.click(q(picker, '[part="save-button"]'));
    await settle();
    expect(client.presenceSet).toEqual([{ show: 'away', status: 'Lunch' }]);
    expect(changes.at(-1)!.detail).toEqual({ show: 'away', status: 'Lunch' });
    expect(q(picker, '[part="current"]').textContent!.trim()).toBe('Away — Lunch');
  });

  test('a change made elsewhere (another picker, or code calling setPresence) shows at once', async () => {
    const client = new FakeClient();
    const picker = await pickerFor(client);
    expect(q(picker, '[part="current"]').textContent!.trim()).toBe('Available');
    await client.setPresence({ show: 'away', status: 'Lunch' });
    await settle();
    expect(q(picker, '[part="current"]').textContent!.trim()).toBe('Away — Lunch');
  });

  test('clear after 1 hour resets the status when the timer fires', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    // A morning, so "an hour from now" is later the same day (near midnight it reads "until Fri 12:46 AM").
    vi.setSystemTime(new Date(2025, 5, 2, 10, 15));
    const client = new FakeClient();
    const picker = await pickerFor(client);
    choose(picker, 'show-select', 'dnd');
    const status = q<HTMLInputElement>(picker, '[part="status-input"]');
    status.value = 'In a meeting';
    status.dispatchEvent(new Event('input'));
    choose(picker, 'clear-after-select', 'hour');
    await settle();
    const setAt = Date.now();
    q(picker, '[part="save-button"]').click();
    await vi.waitFor(() => expect(client.presenceSet).toHaveLength(1));
    // The picker hands the end to the client (core keeps the timer, one per client).
    expect(client.presenceSet[0]).toEqual({ show: 'dnd', status: 'In a meeting', until: new Date(setAt + 3_600_000) });
    expect(vi.getTimerCount()).toBe(1);
    await settle();
    expect(q(picker, '[part="until"]').textContent).toMatch(/^until \d/);
    vi.advanceTimersByTime(59 * 60_000);
    expect(client.presenceSet).toHaveLength(1);
    expect(client.ownPresence.show).toBe('dnd');
    vi.advanceTimersByTime(60_000);
    expect(client.ownPresence).toEqual({ show: 'available' });
    await vi.waitFor(() => expect(q<HTMLInputElement>(picker, '[part="status-input"]').value).toBe(''));
    expect(q(picker, '[part="current"]').textContent!.trim()).toBe('Available');
    expect(q<HTMLSelectElement>(picker, '[part="show-select"]').value).toBe('available');
  });

  test('clear at end of today; a new status cancels the pending clear', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(new Date(2025, 5, 2, 22, 30));
    const client = new FakeClient();
    const picker = await pickerFor(client);
    choose(picker, 'clear-after-select', 'today');
    await settle();
    q(picker, '[part="save-button"]').click();
    await vi.waitFor(() => expect(client.presenceSet).toHaveLength(1));
    choose(picker, 'clear-after-select', 'never');
    await settle();
    q(picker, '[part="save-button"]').click();
    await vi.waitFor(() => expect(client.presenceSet).toHaveLength(2));
    expect(vi.getTimerCount()).toBe(0);

    choose(picker, 'clear-after-select', 'today');
    await settle();
    q(picker, '[part="save-button"]').click();
    await vi.waitFor(() => expect(client.presenceSet).toHaveLength(3));
    expect(client.presenceSet[2]!.until).toEqual(new Date(2025, 5, 3, 0, 0));
    vi.advanceTimersByTime(89 * 60_000);
    expect(client.presenceSet).toHaveLength(3);
    expect(client.ownPresence.until).toEqual(new Date(2025, 5, 3, 0, 0));
    vi.advanceTimersByTime(60_000);
    expect(client.ownPresence).toEqual({ show: 'available' });
  });

  test('the clear survives the picker being removed', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const client = new FakeClient();
    const picker = await pickerFor(client);
    choose(picker, 'clear-after-select', 'hour');
    await settle();
    q(picker, '[part="save-button"]').click();
    await vi.waitFor(() => expect(client.presenceSet).toHaveLength(1));
    picker.remove();
    vi.advanceTimersByTime(3_600_000);
    expect(client.ownPresence).toEqual({ show: 'available' });
  });

  test('clear status resets at once', async () => {
    const client = new FakeClient();
    client.ownPresence = { show: 'away', status: 'Out' };
    const picker = await pickerFor(client);
    q(picker, '[part="clear-button"]').click();
    await vi.waitFor(() => expect(client.presenceSet).toEqual([{ show: 'available', status: '' }]));
  });

  test('without a client it is disabled and shows unknown', async () => {
    const picker = await pickerFor();
    expect(q<HTMLFieldSetElement>(picker, 'fieldset').disabled).toBe(true);
    expect(q(picker, '[part="current"]').textContent!.trim()).toBe('Unknown');
  });

  test('is accessible', async () => {
    const client = new FakeClient();
    client.ownPresence = { show: 'away', status: 'Lunch' };
    await pickerFor(client);
    await expectAccessible();
  });
});
