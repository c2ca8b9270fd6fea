/**
 * Picking a translation of the strings table (strings.ts). The locale modules (`locales/de.ts`, …) register their
 * tables here when imported; {@link setLocale} applies one, and so does the page's `<html lang>` when a registered
 * table matches it and no `setLocale` call chose otherwise. Keys a table lacks stay English.
 */
import { PresenceError } from '@presently/core';
import { resetStrings, setStrings, type Strings, type StringsOverride } from './strings.js';

/** A translation: any entries of the strings table (nested groups partly), without `locale`. */
export type LocaleStrings = Omit<StringsOverride, 'locale'>;

const tables = new Map<string, LocaleStrings>();
/** Set by an explicit {@link setLocale}: the page's `lang` then no longer decides. */
let chosen = false;

/** The registered table for `tag` (`de-AT` falls back to `de`), as [its key, table]. */
function lookup(tag: string): [string, LocaleStrings] | undefined {
  const lower = tag.toLowerCase();
  for (const key of [lower, lower.split('-')[0]!]) {
    const table = tables.get(key);
    if (table) return [key, table];
  }
  return undefined;
}

/** The page's language (`<html lang>`), or undefined outside a browser or when it has none. */
function pageLang(): string | undefined {
  return (typeof document === 'undefined' ? undefined : document.documentElement.lang) || undefined;
}

function apply(tag: string, table: LocaleStrings | undefined): void {
  resetStrings();
  setStrings({ ...table, locale: tag } as StringsOverride); // re-renders connected elements
}

/**
 * Registers a translation; the locale modules call it when imported. If the page's `<html lang>` matches `tag` and
 * {@link setLocale} was not called, the table applies at once.
 * @example registerLocale('nl', { show: { away: 'Afwezig' }, typing: (name) => `${name} typt…` })
 */
export function registerLocale(tag: string, table: LocaleStrings): void {
  tables.set(tag.toLowerCase(), table);
  const lang = pageLang();
  if (!chosen && lang && lookup(lang)?.[1] === table) apply(lang, table);
}

/**
 * Shows every element in a registered locale (import its module first, e.g. `@presently/elements/locales/de.js`);
 * connected elements re-render. `'en'` goes back to English; without an argument, the page's `<html lang>` decides.
 * Times and durations use `Intl` with `tag`, so `'de-AT'` gets Austrian dates with the German table.
 * Overrides from {@link setStrings} are dropped: call it again after `setLocale`.
 * @throws PresenceError `invalid-argument` for a locale with no registered table.
 * @example
 * import '@presently/elements/locales/de.js';
 * setLocale('de');
 */
export function setLocale(tag: string | undefined = pageLang()): void {
  chosen = true;
  if (!tag || /^en(-|$)/i.test(tag)) return apply(tag ?? 'en', undefined);
  const found = lookup(tag);
  if (!found) {
    throw new PresenceError(
      'invalid-argument',
      `No strings for locale "${tag}": import '@presently/elements/locales/${tag.split('-')[0]}.js' (de, fr, es, ja, ar) ` +
        'before setLocale(), or register your own with registerLocale()',
    );
  }
  apply(tag, found[1]);
}

/** The tags with a registered table (always `en`). */
export function availableLocales(): string[] {
  return ['en', ...tables.keys()];
}

export type { Strings };
