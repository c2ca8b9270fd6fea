/**
 * Grammar from the browser's `Intl` rather than from hand-made rules: durations with the locale's unit names and
 * plural forms (`Intl.NumberFormat` units), "2 h ago" (`Intl.RelativeTimeFormat`), counted phrases
 * (`Intl.PluralRules`, e.g. Arabic's six forms) and lists (`Intl.ListFormat`). The locale modules build their
 * entries of the strings table from these.
 */

type Unit = 'minute' | 'hour' | 'day';

/** `ms` as the largest whole unit that fits (minutes under an hour, hours under a day, then days). */
function largestUnit(ms: number): { value: number; unit: Unit } {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 60) return { value: minutes, unit: 'minute' };
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return { value: hours, unit: 'hour' };
  return { value: Math.floor(hours / 24), unit: 'day' };
}

/** A short duration such as "25 Min.", "2 Std.", "3 Tg." (de); under a minute "< 1 Min.". */
export function durationIn(locale: string): (ms: number) => string {
  const formats = new Map<Unit, Intl.NumberFormat>();
  const format = (value: number, unit: Unit) => {
    let f = formats.get(unit);
    if (!f) formats.set(unit, (f = new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short' })));
    return f.format(value);
  };
  return (ms) => {
    const { value, unit } = largestUnit(ms);
    return value < 1 ? `< ${format(1, 'minute')}` : format(value, unit);
  };
}

/** How long ago, as the locale says it: "vor 2 Std.", "il y a 2 h", "hace 2 h", "2 時間前", "قبل ساعتين", "gestern". */
export function agoIn(locale: string): (ms: number) => string {
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' });
  return (ms) => {
    const { value, unit } = largestUnit(ms);
    return relative.format(-value, unit);
  };
}

/** A whole unit spelled out: "1 Stunde", "1 heure", "1 hora", "1 時間", "ساعة واحدة". */
export function unitIn(locale: string, unit: Unit, value: number): string {
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' }).format(value);
}

/**
 * A counted phrase with the locale's plural forms; `#` is replaced by the number in the locale's digits.
 * @example countIn('ar', { zero: 'لا رسائل', one: 'رسالة واحدة', two: 'رسالتان', few: '# رسائل', many: '# رسالة', other: '# رسالة' })(2)
 */
export function countIn(locale: string, forms: Partial<Record<Intl.LDMLPluralRule, string>> & { other: string }): (n: number) => string {
  const rules = new Intl.PluralRules(locale);
  const number = new Intl.NumberFormat(locale);
  return (n) => (forms[rules.select(n)] ?? forms.other).replace('#', number.format(n));
}

/** "Bob, Carol und Dave": names joined the locale's way. */
export function listIn(locale: string, type: Intl.ListFormatType = 'conjunction'): (items: readonly string[]) => string {
  const list = new Intl.ListFormat(locale, { type, style: 'long' });
  return (items) => list.format(items);
}

/**
 * Text from the network (names, status messages) kept in its own direction inside a translated sentence (Unicode
 * first-strong isolate … pop directional isolate), so a Latin name doesn't reorder Arabic words around it.
 */
export const isolate = (text: string): string => `\u2068${text}\u2069`;
