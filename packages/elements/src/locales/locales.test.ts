/**
 * The shipped translations: every key of the English table (with every element's group loaded) has a translation
 * in every locale, and every element renders in each locale with no English left. A key another change adds
 * without translating it fails here, naming the locale and key and the English text shown instead.
 */
import { afterEach, describe, expect, test } from 'vitest';
import '../define.js';
import '../chat/chat.define.js';
import '../status-picker/status-picker.define.js';
// Every group of the table, also those of elements added later (each joins the English table when loaded).
import.meta.glob('../**/*.strings.ts', { eager: true });
import { FakeClient } from '../../test-support/fake-client.js';
import { mount, settle } from '../../test-support/fixture.js';
import { setDefaultClient } from '../context.js';
import { availableLocales, registerLocale, setLocale, type LocaleStrings } from '../locale.js';
import { englishStrings, strings } from '../strings.js';
import { ar } from './ar.js';
import { de } from './de.js';
import { es } from './es.js';
import { fr } from './fr.js';
import { countIn, listIn } from './intl.js';
import { ja } from './ja.js';

const locales: Record<string, LocaleStrings> = { de, fr, es, ja, ar };

/** Every leaf of a strings table as `group.key` → value (functions are leaves; `locale` is no string). */
function leaves(table: object, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(table)) {
    if (key === 'locale') continue;
    if (value && typeof value === 'object') for (const [k, v] of leaves(value as object, `${prefix}${key}.`)) out.set(k, v);
    else out.set(`${prefix}${key}`, value);
  }
  return out;
}

/** What a leaf shows for sample arguments (a name, a show label, a status; durations in ms). */
function sample(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value !== 'function') return undefined;
  const fn = value as (...args: unknown[]) => unknown;
  const out = fn.length === 1 && /ms|duration/.test(String(fn)) ? fn(7_200_000) : fn('Bob Baker', 'Do not disturb', 'In a meeting');
  return typeof out === 'string' ? out : undefined;
}

afterEach(() => setLocale('en'));

test('the five locales are registered on import, next to English', () => {
  expect(
    availableLocales()
      .filter((tag) => !['nl', 'pt'].includes(tag))
      .sort(),
  ).toEqual(['ar', 'de', 'en', 'es', 'fr', 'ja']);
});

describe.each(Object.entries(locales))('%s', (tag, table) => {
  test('translates every key of the English table (a key left out shows English: listed here)', () => {
    const english = leaves(englishStrings());
    const translated = leaves(table);
    const missing = [...english.keys()].filter((key) => !translated.has(key));
    if (missing.length) {
      console.warn(
        `${tag}: no translation, English shown for\n${missing.map((key) => `  ${key}: ${sample(english.get(key))}`).join('\n')}`,
      );
    }
    expect(missing).toEqual([]);
    expect([...translated.keys()].filter((key) => !english.has(key))).toEqual([]); // no misspelt keys
    expect([...translated].filter(([key, value]) => typeof value !== typeof english.get(key))).toEqual([]);
  });

  test('every element renders in it, with no English text left', async () => {
    const client = new FakeClient();
    client.updatePresence('bob@example.com', { show: 'dnd', status: 'In a meeting', name: 'Bob Baker' });
    client.updateChatState('bob@example.com', 'composing');
    client.updatePresence('carol@example.com', { show: 'offline', name: 'Carol Clark', lastSeen: new Date(Date.now() - 7_200_000) });
    client.updateDetails('bob@example.com', { tzOffsetMinutes: 0 });
    setLocale(tag);
    setDefaultClient(client);
    const host = await mount(`<div>
        <presently-dot jid="bob@example.com"></presently-dot>
        <presently-badge jid="bob@example.com"></presently-badge>
        <presently-badge jid="carol@example.com"></presently-badge>
        <presently-typing jid="bob@example.com"></presently-typing>
        <presently-chat-button jid="bob@example.com"></presently-chat-button>
        <presently-chat jid="bob@example.com"></presently-chat>
        <presently-status-picker></presently-status-picker>
        <presently-dot jid="not a jid"></presently-dot>
      </div>`);
    await client.sendMessage('bob@example.com', 'Hallo');
    client.receive('bob@example.com', 'Hi');
    await settle();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await settle();

    const shown = textAndLabels(host);
    expect(shown).toContain(table.presenceLabel!('Bob Baker', table.show!.dnd!, 'In a meeting'));
    expect(shown).toContain(table.typing!('Bob Baker'));
    expect(shown).toContain(table.chat!.title!('Bob Baker'));
    expect(shown).toContain(table.statusPicker!.legend!);
    expect(shown).toContain(table.lastSeen!('', 7_200_000));
    expect(shown).toContain(table.show!.invalid!);

    // Nothing of the English table shows (strings and what the functions make of the same samples), as whole words
    // and unless the translation says the same (Spanish "Chat con…" contains the English "Chat").
    const english = leaves(englishStrings());
    const ownTexts = [...leaves(table).values()].map(sample).join('\n');
    const leftInEnglish = [...english]
      .map(([key, value]) => [key, sample(value)] as const)
      .filter(([, en]) => en && en.length > 3 && wholeWord(en).test(shown) && !wholeWord(en).test(ownTexts))
      .map(([key, en]) => `${key}: ${en}`);
    expect(leftInEnglish).toEqual([]);
    expect(strings.locale).toBe(tag);
  });
});

/** `text` not inside a longer word ("Send" is not in "Senden"). */
const wholeWord = (text: string) => new RegExp(`(?<![\\p{L}])${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}])`, 'u');

/** The text, accessible names, tooltips and placeholders under `root`, through shadow roots. */
function textAndLabels(root: Element): string {
  const parts: string[] = [];
  const walk = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE) parts.push(node.textContent ?? '');
    if (node instanceof Element) {
      for (const name of ['aria-label', 'title', 'placeholder']) {
        const value = node.getAttribute(name);
        if (value) parts.push(value);
      }
      if (node.shadowRoot) node.shadowRoot.childNodes.forEach(walk);
      if (node instanceof HTMLSelectElement) Array.from(node.options).forEach((o) => parts.push(o.text));
    }
    node.childNodes.forEach(walk);
  };
  walk(root);
  return parts.join('\n');
}

describe('choosing a locale', () => {
  test("setLocale() without a tag follows the page's <html lang>; de-AT uses de; an unknown locale is refused", () => {
    const lang = document.documentElement.lang;
    document.documentElement.lang = 'nl-BE';
    try {
      registerLocale('nl', { show: { away: 'Afwezig' } });
      setLocale();
      expect(strings.show.away).toBe('Afwezig');
      expect(strings.show.dnd).toBe('Do not disturb'); // not translated: English
      expect(strings.locale).toBe('nl-BE');
      setLocale('de-AT');
      expect(strings.show.away).toBe('Abwesend');
      expect(strings.locale).toBe('de-AT');
      expect(() => setLocale('xx')).toThrow(expect.objectContaining({ name: 'PresenceError', code: 'invalid-argument' }));
      expect(strings.show.away).toBe('Abwesend'); // a refused locale changes nothing
    } finally {
      document.documentElement.lang = lang;
    }
  });

  test('a translation that leaves out keys of a nested record keeps their English (the record merges, not replaces)', () => {
    registerLocale('pt', { statusPicker: { clearOptions: { hour: '1 hora' } } });
    setLocale('pt');
    expect(strings.statusPicker.clearOptions).toMatchObject({ hour: '1 hora', never: "Don't clear", today: 'Today' });
    expect(strings.statusPicker.save).toBe('Set status');
  });

  test('a connected element re-renders in the new locale', async () => {
    const client = new FakeClient();
    client.updatePresence('bob@example.com', { show: 'away', name: 'Bob' });
    setDefaultClient(client);
    const dot = await mount('<presently-dot jid="bob@example.com"></presently-dot>');
    expect(dot.getAttribute('aria-label')).toBe('Bob: Away');
    setLocale('fr');
    await settle();
    expect(dot.getAttribute('aria-label')).toBe('Bob\u202f: Absent');
  });

  test('Intl supplies the grammar: relative times, plural forms and lists per locale', () => {
    setLocale('de');
    expect(strings.duration(2 * 3_600_000)).toBe('2 Std.');
    expect(strings.lastSeen('', 86_400_000)).toBe('Zuletzt online gestern');
    setLocale('ar');
    expect(strings.lastSeen('', 2 * 3_600_000)).toBe('آخر ظهور قبل ساعتين');
    const messages = countIn('ar', { one: 'رسالة واحدة', two: 'رسالتان', few: '# رسائل', other: '# رسالة' });
    expect([1, 2, 3, 11].map(messages)).toEqual(['رسالة واحدة', 'رسالتان', '3 رسائل', '11 رسالة']);
    expect(listIn('de')(['Bob', 'Carol', 'Dave'])).toBe('Bob, Carol und Dave');
    expect(listIn('ja')(['Bob', 'Carol'])).toBe('Bob、Carol');
  });
});
