/** One line of the bench table: a figure next to a baseline measured in the same run. */
export interface Row {
  name: string;
  /** null when the figure could not be measured (see `note`). */
  value: number | null;
  unit: string;
  baselineName: string;
  baselineValue: number | null;
  /** value / baselineValue, when both exist. */
  ratio: number | null;
  /** Human-readable target, e.g. "≤ 27 KB" or "ratio ≥ 2"; empty when there is none. */
  target: string;
  /** null when there is no target or no value. */
  pass: boolean | null;
  /** Why a figure is missing, or what it means. */
  note?: string;
}

export function row(
  name: string,
  value: number | null,
  unit: string,
  baselineName: string,
  baselineValue: number | null,
  target = '',
  check?: (value: number, ratio: number | null) => boolean,
  note?: string,
): Row {
  const ratio = value != null && baselineValue != null && baselineValue !== 0 ? value / baselineValue : null;
  const pass = check && value != null ? check(value, ratio) : null;
  return { name, value, unit, baselineName, baselineValue, ratio, target, pass, ...(note ? { note } : {}) };
}

/** A row for a figure that could not be measured, with the reason. */
export function missing(name: string, unit: string, baselineName: string, note: string, target = ''): Row {
  return { name, value: null, unit, baselineName, baselineValue: null, ratio: null, target, pass: null, note };
}

export const round = (n: number, digits = 1): number => Math.round(n * 10 ** digits) / 10 ** digits;

/** Percentile (0..100) of a list of numbers, nearest-rank. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** Absolute wall-clock milliseconds with sub-ms resolution, comparable across processes and a browser on this machine. */
export const wallNow = (): number => performance.timeOrigin + performance.now();

/** Median; the mean of the two middle values for an even count. */
export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
