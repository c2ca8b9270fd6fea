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
  clearOptions: { never: "Don't clear", hour: '1 hour', today: 'End of today' } as Record<ClearAfter, string>,
  save: 'Set status',
  clear: 'Clear status',
};

addStrings({ statusPicker: statusPickerStrings });
