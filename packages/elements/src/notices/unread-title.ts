/** An optional helper: the unread total in the page title, as mail and chat apps do ("(2) Web mail"). */
import type { PresenceClient } from '@presently/core';

/** Options of {@link keepUnreadInTitle}. */
export interface UnreadTitleOptions {
  client: PresenceClient;
  /** The title without a count. Default: `document.title` when called. */
  base?: string;
  /** The title with a count. Default: `(count) base`. */
  format?: (count: number, base: string) => string;
}

/** Keep `document.title` showing the unread total; returns a function that stops and restores the base title. */
export function keepUnreadInTitle({ client, base = document.title, format = (n, b) => `(${n}) ${b}` }: UnreadTitleOptions): () => void {
  const stop = client.watchUnreadTotal((count) => {
    document.title = count > 0 ? format(count, base) : base;
  });
  return () => {
    stop();
    document.title = base;
  };
}
