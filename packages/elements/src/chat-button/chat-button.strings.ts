/** The `chatButton` group of the strings table (see strings.ts): its defaults, added when this element loads. */
import { addStrings } from '../strings.js';

export const chatButtonStrings = {
  chat: 'Chat',
  busy: 'Busy — message anyway',
  leaveMessage: 'Leave a message',
  /** Accessible name of the button: the visible label plus whom it is for. */
  label: (label: string, name: string) => `${label} — ${name}`,
  /** Tooltip when the contact is away. */
  awayHint: (name: string) => `${name} is away and may reply later`,
  /** The accessible name with the unread count: "Chat — Bob Baker, 2 unread". */
  withUnread: (accessibleName: string, count: number) => `${accessibleName}, ${count} unread`,
  /** Offered while the contact is busy, away or offline. */
  notifyMe: 'Notify me when available',
  /** Accessible name of that button (a toggle: `aria-pressed` says whether it is asked; pressing again cancels). */
  notifyMeLabel: (name: string) => `Notify me when available — ${name}`,
};

addStrings({ chatButton: chatButtonStrings });
