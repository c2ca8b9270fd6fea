/** The `notices` group of the strings table (see strings.ts): its defaults, added when the notices code loads. */
import { addStrings } from '../strings.js';

export const noticesStrings = {
  /** Title of a notice (and of a system notification) for a new message. */
  message: (name: string) => `New message from ${name}`,
  /** Notice when a contact you asked about became available ("Notify me when available"). */
  available: (name: string) => `${name} is available now`,
  /** Accessible name of the area that holds the notices. */
  region: 'Notifications',
  open: 'Open chat',
  dismiss: 'Dismiss',
};

addStrings({ notices: noticesStrings });
