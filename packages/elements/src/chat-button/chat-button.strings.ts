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
};

addStrings({ chatButton: chatButtonStrings });
