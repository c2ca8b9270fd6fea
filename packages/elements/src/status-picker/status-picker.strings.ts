/** The `statusPicker` group of the strings table (see strings.ts): its defaults, added when this element loads. */
import { addStrings } from '../strings.js';
import type { ClearAfter } from '../strings.js';

export const statusPickerStrings = {
  legend: 'Your status',
  current: (show: string, status?: string) => (status ? `${show} — ${status}` : show),
  /** After the current presence when it ends by itself; `time` is e.g. "4:00 PM" or "Fri 4:00 PM". */
  until: (time: string) => `until ${time}`,
  show: 'Availability',
  status: 'Status message',
  statusPlaceholder: "What's your status?",
  clearAfter: 'Clear after',
  clearOptions: {
    never: "Don't clear",
    'half-hour': '30 minutes',
    hour: '1 hour',
    'four-hours': '4 hours',
    today: 'Today',
    week: 'This week',
    custom: 'Choose date and time…',
  } as Record<ClearAfter, string>,
  /** Label of the date and time input shown for the `custom` choice. */
  clearAt: 'Clear at',
  /** Shown on that input when its time has already passed. */
  clearAtPast: 'Choose a time in the future.',
  /** The choice to keep the status message when switching back to Available. */
  keepStatus: 'Keep status text when available',
  save: 'Set status',
  clear: 'Clear status',
};

addStrings({ statusPicker: statusPickerStrings });
