/** The `inbox` group of the strings table (see strings.ts): its defaults, added when `<presently-inbox>` loads. */
import { addStrings } from '../strings.js';

export const inboxStrings = {
  /** Accessible name of the list. */
  heading: 'Unread messages',
  empty: 'No unread messages',
  /** Accessible name of one entry: "Bob Baker, 2 unread, 10:42: Are you free?". */
  entry: (name: string, count: number, time: string, text: string) => `${name}, ${count} unread, ${time}: ${text}`,
};

addStrings({ inbox: inboxStrings });
