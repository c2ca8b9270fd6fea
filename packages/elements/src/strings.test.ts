import { afterEach, describe, expect, test, vi } from 'vitest';
import './dot/dot.define.js';
import './typing/typing.define.js';
import './badge/badge.define.js';
import { setStrings, strings } from './strings.js';
import './chat-button/chat-button.strings.js';
import type { PresentlyDot } from './dot/dot.js';
import { FakeClient } from '../test-support/fake-client.js';
import { mount, settle, textOf } from '../test-support/fixture.js';

const original = structuredClone({ show: strings.show, chatButton: { busy: strings.chatButton.busy } });
const originalTyping = strings.typing;
const originalDuration = strings.duration;

afterEach(() => {
  setStrings({ show: original.show, typing: originalTyping, duration: originalDuration, locale: undefined });
});

describe('strings', () => {
  test('one table; replacing entries re-renders connected elements', async () => {
    const client = new FakeClient();
    client.updatePresence('bob@example.com', { show: 'dnd', name: 'Bob' });
    client.updateChatState('bob@example.com', 'composing');
    const dot = document.createElement('presently-dot');
    dot.client = client;
    dot.jid = 'bob@example.com';
    await mount(dot);
    const typing = document.createElement('presently-typing');
    typing.client = client;
    typing.jid = 'bob@example.com';
    await mount(typing);
    expect(dot.getAttribute('aria-label')).toBe('Bob: Do not disturb');

    setStrings({ show: { dnd: 'Bitte nicht stören' }, typing: (name) => `${name} schreibt…` });
    await settle();
    expect(dot.getAttribute('aria-label')).toBe('Bob: Bitte nicht stören');
    expect(strings.show.away).toBe('Away'); // nested groups merge
    expect(textOf(typing)).toBe('Bob schreibt…');
  });

  test("an element's group joins the table when it loads, under overrides given before", async () => {
    expect((strings as Partial<typeof strings>).statusPicker).toBeUndefined();
    setStrings({ statusPicker: { save: 'Status setzen' } });
    await import('./status-picker/status-picker.strings.js');
    expect(strings.statusPicker.save).toBe('Status setzen');
    expect(strings.statusPicker.clear).toBe('Clear status');
    setStrings({ statusPicker: { clear: 'Löschen' } });
    expect(strings.statusPicker).toMatchObject({ save: 'Status setzen', clear: 'Löschen', legend: 'Your status' });
  });

  test('durations and plurals are functions', () => {
    expect(strings.duration(30_000)).toBe('< 1 min');
    expect(strings.duration(25 * 60_000)).toBe('25 min');
    expect(strings.duration(2 * 3_600_000 + 5)).toBe('2 h');
    expect(strings.duration(86_400_000)).toBe('1 day');
    expect(strings.duration(3 * 86_400_000)).toBe('3 days');
    setStrings({ duration: (ms) => `${Math.round(ms / 60_000)} Minuten` });
    expect(strings.lastSeen(strings.duration(120_000))).toBe('Last seen 2 Minuten ago');
  });

  test('the locale applies to local times', async () => {
    const client = new FakeClient();
    client.updatePresence('bob@example.com', { show: 'available' });
    client.updateDetails('bob@example.com', { tzOffsetMinutes: 0 });
    const badge = document.createElement('presently-badge');
    badge.client = client;
    badge.jid = 'bob@example.com';
    await mount(badge);
    setStrings({ locale: 'de-DE', localTime: (t) => `${t} Ortszeit` });
    await vi.waitFor(() => expect(textOf(badge)).toMatch(/\d{1,2}:\d{2} Ortszeit/));
    setStrings({ localTime: (t) => `${t} local` });
  });
});

test('a dot keeps working after a strings change with unknown keys ignored', async () => {
  const dot = await mount<PresentlyDot>('<presently-dot jid="bob@example.com"></presently-dot>');
  setStrings({} as never);
  await settle();
  expect(dot.getAttribute('aria-label')).toBe('bob: Unknown');
});
