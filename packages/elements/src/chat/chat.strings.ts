/** The `chat` group of the strings table (see strings.ts): its defaults, added when this element loads. */
import { addStrings } from '../strings.js';

export const chatStrings = {
  title: (name: string) => `Chat with ${name}`,
  close: 'Close chat',
  /** The header's state in words: "Do not disturb — Focus time". */
  state: (show: string, status?: string) => (status ? `${show} — ${status}` : show),
  you: 'You',
  send: 'Send',
  inputLabel: (name: string) => `Message to ${name}`,
  placeholder: 'Write a message…',
  logLabel: (name: string) => `Conversation with ${name}`,
  sending: 'Sending…',
  sent: 'Sent',
  delivered: 'Delivered',
  failed: 'Not sent',
  retry: 'Retry',
};

addStrings({ chat: chatStrings });
