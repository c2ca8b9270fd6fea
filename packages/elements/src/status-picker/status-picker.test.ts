import { afterEach, describe, expect, test, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import './status-picker.define.js';
import type { PresentlyStatusPicker } from './status-picker.js';
import { FakeClient } from '../../test-support/fake-client.js';
import { expectAccessible, mount, record, settle, shadow } from '../../test-support/fixture.js';
import { setStrings, strings } from '../strings.js';

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

  test('offers the durations chat apps offer, and each ends the status when the user expects', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(2025, 5, 4, 10, 15)); // a Wednesday morning
    const client = new FakeClient();
    const picker = await pickerFor(client);
    const options = [...shadow(picker).querySelectorAll('[part="clear-after-select"] option')].map((o) => o.textContent);
    expect(options).toEqual(["Don't clear", '30 minutes', '1 hour', '4 hours', 'Today', 'This week', 'Choose date and time…']);
    const expected: Record<string, Date> = {
      'half-hour': new Date(2025, 5, 4, 10, 45),
      hour: new Date(2025, 5, 4, 11, 15),
      'four-hours': new Date(2025, 5, 4, 14, 15),
      today: new Date(2025, 5, 5, 0, 0),
      week: new Date(2025, 5, 9, 0, 0), // the start of Monday
    };
    for (const [choice, until] of Object.entries(expected)) {
      choose(picker, 'clear-after-select', choice);
      await settle();
      q(picker, '[part="save-button"]').click();
      expect(client.presenceSet.at(-1)!.until).toEqual(until);
    }
  });

  test('"until 4:00 PM" in the locale of the strings table; a custom date and time, never one in the past', async () => {
    const client = new FakeClient();
    const picker = await pickerFor(client);
    choose(picker, 'clear-after-select', 'custom');
    await settle();
    const at = q<HTMLInputElement>(picker, '[part="until-input"]');
    expect(at.type).toBe('datetime-local');
    expect(at.getBoundingClientRect().height).toBeGreaterThan(0);

    // In the past: nothing is sent, and the input says why.
    at.value = '2001-01-01T09:00';
    at.dispatchEvent(new Event('input'));
    q(picker, '[part="save-button"]').click();
    await settle();
    expect(client.presenceSet).toEqual([]);
    expect(at.checkValidity()).toBe(false);
    expect(at.validationMessage).toMatch(/\S/);

    const later = new Date(Date.now() + 2 * 24 * 3_600_000);
    later.setHours(16, 0, 0, 0);
    const pad = (n: number) => String(n).padStart(2, '0');
    at.value = `${later.getFullYear()}-${pad(later.getMonth() + 1)}-${pad(later.getDate())}T16:00`;
    at.dispatchEvent(new Event('input'));
    q(picker, '[part="save-button"]').click();
    await vi.waitFor(() => expect(client.presenceSet).toHaveLength(1));
    expect(client.presenceSet[0]!.until).toEqual(later);
    await settle();
    const weekday = new Intl.DateTimeFormat('en-US', { weekday: 'short', hour: 'numeric', minute: '2-digit' }).format(later);
    expect(q(picker, '[part="until"]').textContent).toBe(`until ${weekday}`);

    // Another locale: the same end, as that locale writes it (24-hour clock in en-GB).
    const soon = new Date(Date.now() + 60_000);
    setStrings({ locale: 'en-GB' });
    try {
      await client.setPresence({ show: 'dnd', until: soon });
      await settle();
      const time = new Intl.DateTimeFormat('en-GB', { hour: 'numeric', minute: '2-digit' }).format(soon);
      expect(q(picker, '[part="until"]').textContent).toBe(`until ${time}`);
      expect(time).not.toMatch(/AM|PM/);
    } finally {
      setStrings({ locale: undefined });
    }
    expect(strings.locale).toBeUndefined();
  });

  test('switching back to Available empties the status text, unless "Keep status text" is checked', async () => {
    const client = new FakeClient();
    client.ownPresence = { show: 'dnd', status: 'In a meeting' };
    const picker = await pickerFor(client);
    const input = q<HTMLInputElement>(picker, '[part="status-input"]');
    const keep = q<HTMLInputElement>(picker, '[part="keep-checkbox"]');
    // The choice is visible, with its words next to it.
    expect(keep.getBoundingClientRect().width).toBeGreaterThan(0);
    expect(keep.closest('label')!.textContent!.trim()).toBe('Keep status text when available');
    expect(keep.checked).toBe(false);

    choose(picker, 'clear-after-select', 'hour');
    await settle();
    choose(picker, 'show-select', 'available');
    await settle();
    expect(input.value).toBe('');
    // Plain Available has nothing to clear later: "Clear after" goes back to "Don't clear".
    expect(q<HTMLSelectElement>(picker, '[part="clear-after-select"]').value).toBe('never');
    q(picker, '[part="save-button"]').click();
    await vi.waitFor(() => expect(client.presenceSet.at(-1)).toEqual({ show: 'available', status: '' }));

    choose(picker, 'show-select', 'away');
    await userEvent.fill(input, 'Working from the train');
    await userEvent.click(keep);
    choose(picker, 'show-select', 'available');
    await settle();
    expect(input.value).toBe('Working from the train');
    q(picker, '[part="save-button"]').click();
    await vi.waitFor(() => expect(client.presenceSet.at(-1)).toEqual({ show: 'available', status: 'Working from the train' }));
  });

  test('"Clear status" is a control like the others: same height, font, border and radius as the fields', async () => {
    const client = new FakeClient();
    const picker = await pickerFor(client);
    const look = (part: string) => {
      const el = q(picker, `[part="${part}"]`);
      const cs = getComputedStyle(el);
      return {
        height: Math.round(el.getBoundingClientRect().height),
        font: `${cs.fontSize} ${cs.fontFamily}`,
        border: `${cs.borderTopWidth} ${cs.borderTopStyle} ${cs.borderTopColor}`,
        radius: cs.borderTopLeftRadius,
      };
    };
    const clear = look('clear-button');
    expect(clear).toEqual(look('status-input'));
    expect(clear).toEqual(look('show-select'));
    expect(look('save-button').height).toBe(clear.height);
    const bg = (part: string) => getComputedStyle(q(picker, `[part="${part}"]`)).backgroundColor;
    expect(bg('clear-button')).toBe(bg('status-input'));
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
