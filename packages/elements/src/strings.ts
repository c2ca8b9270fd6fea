/**
 * Every string Presently shows, in one table. Replace any of them with {@link setStrings}
 * (e.g. to translate); elements on the page re-render with the new text.
 *
 * The badge's and typing indicator's entries (`duration`, `idleFor`, `lastSeen`, `localTime`, `separator`,
 * `typing`) and the groups of the chat button, the chat window, the status picker, the inbox and the notices
 * (`chatButton`, `chat`, `statusPicker`, `inbox`, `notices`) are defined next to those elements and join the table
 * when their module loads, so bundles
 * without them (presently-dot.js; presently.js until a chat opens) don't carry their text. `setStrings` works for them at any
 * time: overrides given before a group loads are kept and applied over its defaults.
 *
 * Translations: `import '@presently/elements/locales/de.js'` registers German (also `fr`, `es`, `ja`, `ar`), which
 * the page's `<html lang="de">` or {@link setLocale}`('de')` then applies; a key a locale lacks stays English.
 */
import type { Show } from '@presently/core';
import type { badgeStrings } from './badge/badge.strings.js';
import type { chatButtonStrings } from './chat-button/chat-button.strings.js';
import type { chatStrings } from './chat/chat.strings.js';
import type { statusPickerStrings } from './status-picker/status-picker.strings.js';
import type { inboxStrings } from './inbox/inbox.strings.js';
import type { noticesStrings } from './notices/notices.strings.js';
import type { typingStrings } from './typing/typing.strings.js';
import { refreshAll } from './internal/live.js';

/** A presence state as shown by the elements: core's {@link Show} plus `invalid` for a bad `jid`. */
export type DisplayShow = Show | 'invalid';

const showLabels: Record<DisplayShow, string> = {
  available: 'Available',
  chat: 'Available',
  away: 'Away',
  xa: 'Away for a while',
  dnd: 'Do not disturb',
  offline: 'Offline',
  unknown: 'Unknown',
  invalid: 'Invalid address',
};

const defaults = {
  /** BCP 47 locale for times; `undefined` = the browser's. */
  locale: undefined as string | undefined,
  show: showLabels,

  /** Accessible label and tooltip of a dot: "Bob Smith: Do not disturb — In a meeting until 3pm". */
  presenceLabel: (name: string, show: string, status?: string) => (status ? `${name}: ${show} — ${status}` : `${name}: ${show}`),
  errors: {
    invalidJid: (jid: string) => `Not a valid address: ${jid}`,
  },
};

/** How long a status set with the picker lasts. */
export type ClearAfter = 'never' | 'half-hour' | 'hour' | 'four-hours' | 'today' | 'week' | 'custom';

/** The shape of the strings table. */
export type Strings = typeof defaults &
  typeof badgeStrings &
  typeof typingStrings & {
    chatButton: typeof chatButtonStrings;
    chat: typeof chatStrings;
    statusPicker: typeof statusPickerStrings;
    inbox: typeof inboxStrings;
    notices: typeof noticesStrings;
  };

/** Some keys of a group, at any depth (`statusPicker: { clearOptions: { hour: '1 Stunde' } }`). */
type DeepPartial<T> = T extends (...args: never[]) => unknown ? T : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

/** Partial replacement for {@link setStrings}: any top-level entry, or some keys of a nested group (at any depth). */
export type StringsOverride = { [K in keyof Strings]?: DeepPartial<Strings[K]> };

/** `over` on top of `base`, key by key at every depth of plain objects (functions and strings replace). */
function merged(base: unknown, over: unknown): unknown {
  if (!over || typeof over !== 'object' || !base || typeof base !== 'object') return over === undefined ? base : over;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) out[key] = merged(out[key], value);
  return out;
}

/** The live strings table. Read it; change it only through {@link setStrings} or {@link setLocale}. */
export const strings = { ...defaults, show: { ...showLabels }, errors: { ...defaults.errors } } as Strings;

/** The English defaults of every group loaded so far (what {@link setLocale} starts from). */
const english: Record<string, unknown> = { ...defaults };

/** @internal Adds an element's defaults to the table, under any overrides set before it loaded. */
export function addStrings(values: Partial<Strings>): void {
  const table = strings as Record<string, unknown>;
  Object.assign(english, values);
  for (const [key, value] of Object.entries(values)) {
    const current = table[key];
    if (value && typeof value === 'object') table[key] = merged(value, current);
    else if (current === undefined) table[key] = value;
  }
}

/**
 * Replace some strings; connected elements re-render.
 * @example setStrings({ show: { dnd: 'Bitte nicht stören' }, typing: (n) => `${n} schreibt…` })
 */
export function setStrings(override: StringsOverride): void {
  const table = strings as Record<string, unknown>;
  for (const [key, value] of Object.entries(override)) {
    table[key] = value === undefined ? undefined : merged(table[key], value);
  }
  refreshAll();
}

/**
 * @internal The table back to English (loaded groups) with no overrides, for {@link setLocale}: groups not loaded
 * yet are dropped, so a locale's entries for them are the only overrides they will load under.
 */
export function resetStrings(): void {
  const table = strings as Record<string, unknown>;
  for (const key of Object.keys(table)) if (!(key in english)) delete table[key];
  for (const [key, value] of Object.entries(english)) table[key] = value && typeof value === 'object' ? { ...value } : value;
}

/** @internal The English table as loaded so far (for tests that look for untranslated keys). */
export function englishStrings(): Readonly<Record<string, unknown>> {
  return english;
}
