/**
 * Browser-side helpers for the reliability and security suites: a WebSocket that records every
 * frame (what went on the wire, e.g. the SASL mechanism), console capture, and a recorder of the
 * states an element showed over time.
 */

export interface Wire {
  /** Pass as `ClientOptions.WebSocket`. */
  WebSocket: typeof WebSocket;
  /** Frames we sent / received, in order, across every socket. */
  sent: string[];
  received: string[];
  sockets: WebSocket[];
  /** The socket in use now (the last one opened). */
  readonly current: WebSocket | undefined;
}

/** A WebSocket subclass that records frames, for `ClientOptions.WebSocket`. */
export function recordingWebSocket(): Wire {
  const sent: string[] = [];
  const received: string[] = [];
  const sockets: WebSocket[] = [];
  class Recording extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      sockets.push(this);
      this.addEventListener('message', (e: MessageEvent) => received.push(typeof e.data === 'string' ? e.data : '[binary]'));
    }
    override send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
      sent.push(typeof data === 'string' ? data : '[binary]');
      super.send(data);
    }
  }
  return {
    WebSocket: Recording,
    sent,
    received,
    sockets,
    get current() {
      return sockets.at(-1);
    },
  };
}

/** The SASL mechanisms we asked for, in order (from `<auth mechanism=…>` frames). */
export function mechanismsUsed(wire: Wire): string[] {
  return wire.sent.flatMap((f) => [...f.matchAll(/<auth\b[^>]*\bmechanism=["']([^"']+)["']/g)].map((m) => m[1]!));
}

export interface ConsoleCapture {
  /** Everything logged, stringified (arguments, errors with stack and cause). */
  lines: string[];
  restore(): void;
}

/** Deep string form of anything logged or thrown: message, stack, cause chain, own properties. */
export function deepString(value: unknown, depth = 0): string {
  if (depth > 5) return '';
  if (value instanceof Error) {
    const own = Object.getOwnPropertyNames(value)
      .filter((k) => !['message', 'stack', 'cause'].includes(k))
      .map((k) => `${k}=${deepString((value as unknown as Record<string, unknown>)[k], depth + 1)}`);
    return [value.name, value.message, value.stack ?? '', ...own, 'cause' in value ? deepString(value.cause, depth + 1) : ''].join(' | ');
  }
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null) {
    if (typeof Node !== 'undefined' && value instanceof Node) return (value as Element).outerHTML ?? String(value);
    try {
      return JSON.stringify(value, (_k, v: unknown) => (v instanceof Error ? deepString(v, depth + 1) : v));
    } catch {
      return Object.entries(value)
        .map(([k, v]) => `${k}=${deepString(v, depth + 1)}`)
        .join(' ');
    }
  }
  return String(value);
}

/** Captures console.log/info/warn/error/debug/trace (still printing them). */
export function captureConsole(): ConsoleCapture {
  const lines: string[] = [];
  const methods = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
  const originals = methods.map((m) => console[m]);
  methods.forEach((m, i) => {
    console[m] = (...args: unknown[]) => {
      lines.push(`${m}: ${args.map((a) => deepString(a)).join(' ')}`);
      (originals[i] as (...a: unknown[]) => void).apply(console, args);
    };
  });
  return {
    lines,
    restore() {
      methods.forEach((m, i) => (console[m] = originals[i] as never));
    },
  };
}

export interface ShowHistory {
  /** `[ms since recording began, show]` for every change of the `show` attribute. */
  changes: Array<[number, string | null]>;
  /** First time (ms since start) the element showed `show`, else undefined. */
  firstAt(show: string, after?: number): number | undefined;
  stop(): void;
}

/** Records every value of `el`'s `show` attribute from now on. */
export function recordShows(el: Element, start = performance.now()): ShowHistory {
  const changes: Array<[number, string | null]> = [[performance.now() - start, el.getAttribute('show')]];
  const observer = new MutationObserver(() => {
    const now = el.getAttribute('show');
    if (changes.at(-1)?.[1] !== now) changes.push([performance.now() - start, now]);
  });
  observer.observe(el, { attributes: true, attributeFilter: ['show'] });
  return {
    changes,
    firstAt: (show, after = -Infinity) => changes.find(([t, s]) => s === show && t >= after)?.[0],
    stop: () => observer.disconnect(),
  };
}

/** Resolves when `check()` is true (polling every `interval` ms); rejects after `timeout` ms. */
export async function waitUntil(check: () => boolean, timeout: number, what: string, interval = 20): Promise<number> {
  const t0 = performance.now();
  while (!check()) {
    if (performance.now() - t0 > timeout) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, interval));
  }
  return performance.now() - t0;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** XML-escape text for character data and attribute values in hand-written stanzas. */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Counts event-loop turns: a setTimeout(0) chain. `ticks` grows as long as the page can run tasks;
 * a page frozen by synchronous work stops it.
 */
export function ticker(): { readonly ticks: number; readonly maxGapMs: number; stop(): void } {
  let ticks = 0;
  let maxGapMs = 0;
  let last = performance.now();
  let running = true;
  const tick = () => {
    if (!running) return;
    const now = performance.now();
    maxGapMs = Math.max(maxGapMs, now - last);
    last = now;
    ticks++;
    setTimeout(tick, 0);
  };
  setTimeout(tick, 0);
  return {
    get ticks() {
      return ticks;
    },
    get maxGapMs() {
      return maxGapMs;
    },
    stop: () => (running = false),
  };
}
