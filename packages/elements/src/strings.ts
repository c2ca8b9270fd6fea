/**
 * Every string Presently shows, in one table. Replace any of them with {@link setStrings}
 * (e.g. to translate); elements on the page re-render with the new text.
 *
 * The groups of the chat button, the chat window and the status picker (`chatButton`, `chat`, `statusPicker`)
 * are defined next to those elements and join the table when their module loads, so bundles without them
 * (presently-dot.js; presently.js until a chat opens) don't carry their text. `setStrings` works for them at any
 * time: overrides given before a group loads are kept and applied over its defaults.
 */
import type { Show } from '@presently/core';
import type { chatButtonStrings } from './chat-button/chat-button.strings.js';
import type { chatStrings } from './chat/chat.strings.js';
import type { statusPickerStrings } from './status-picker/status-picker.strings.js';
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
  /** A short duration such as "25 min", "2 h", "3 days". */
  duration(ms: number): string {
    const min = Math.max(0, Math.floor(ms / 60_000));
    if (min < 1) return '< 1 min';
    if (min < 60) return `${min} min`;
    const h = Math.floor(min / 60);
    if (h < 24) return `${h} h`;
    const d = Math.floor(h / 24);
    return d === 1 ? '1 day' : `${d} days`;
  },
  /** "Away · 25 min". */
  idleFor: (show: string, duration: string) => `${show} · ${duration}`,
  /** "Last seen 2 h ago". */
  lastSeen: (duration: string) => `Last seen ${duration} ago`,
  /** "4:12 PM local". */
  localTime: (time: string) => `${time} local`,
  /** Separator between facts on one line. */
  separator: ' · ',

  /** "Bob is typing…". */
  typing: (name: string) => `${name} is typing…`,

  errors: {
    invalidJid: (jid: string) => `Not a valid address: ${jid}`,
  },
};

/** How long a status set with the picker lasts. */
export type ClearAfter = 'never' | 'hour' | 'today';

/** The shape of the strings table. */
export type Strings = typeof defaults & {
  chatButton: typeof chatButtonStrings;
  chat: typeof chatStrings;
  statusPicker: typeof statusPickerStrings;
};

/** Partial replacement for {@link setStrings}: any top-level entry, or some keys of a nested group. */
export type StringsOverride = { [K in keyof Strings]?: Strings[K] extends (...args: never[]) => unknown ? Strings[K] : Strings[K] extends object ? Partial<Strings[K]> : Strings[K] };

/** The live strings table. Read it; change it only through {@link setStrings}. */
export const strings = { ...defaults, show: { ...showLabels }, errors: { ...defaults.errors } } as Strings;

/** @internal Adds an element's group of defaults to the table, under any overrides set before it loaded. */
export function addStrings<K extends 'chatButton' | 'chat' | 'statusPicker'>(group: K, values: Strings[K]): void {
  const table = strings as Record<string, unknown>;
  table[group] = { ...values, ...(table[group] as object | undefined) };
}

/**
 * Replace some strings; connected elements re-render.
 * @example setStrings({ show: { dnd: 'Bitte nicht stören' }, typing: (n) => `${n} schreibt…` })
 */
export function setStrings(override: StringsOverride): void {
  const table = strings as Record<string, unknown>;
  for (const [key, value] of Object.entries(override)) {
    const current = table[key];
    table[key] = value && typeof value === 'object' && current && typeof current === 'object' ? { ...current, ...value } : value;
  }
  refreshAll();
}
