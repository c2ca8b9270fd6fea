/**
 * Notices: new messages and contacts becoming available, shown without interrupting — never taking keyboard
 * focus, nothing while you are `dnd` (except priority contacts), a system notification while the tab is hidden.
 * presently.js loads this as a chunk on first use.
 */
export { startNotifier, type NotifierOptions } from './notifier.js';
export { notifyWhenAvailable, type AvailabilityOptions } from './availability.js';
export { keepUnreadInTitle, type UnreadTitleOptions } from './unread-title.js';
export { showNotice, type NoticeOptions } from './notice-area.js';
export type { Interruption } from './interrupt.js';
