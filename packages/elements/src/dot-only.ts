/**
 * The smallest useful bundle (`presently-dot.js`): `<presently-client>` and `<presently-dot>` only, plus
 * `createPresenceOnlyClient` and `setDefaultClient`. For directory pages that show dots and nothing else.
 * Its `<presently-client>` creates a presence-only client (no chat, priority -1: your messages go to your
 * chat clients, not to this page); load `presently.js` instead where people can also chat.
 */
import { defineElement } from './internal/define-element.js';
import { PresentlyPresenceOnlyClient } from './client/presence-only-client.js';
import './dot/dot.define.js';

defineElement('presently-client', PresentlyPresenceOnlyClient);

export { PresentlyPresenceOnlyClient as PresentlyClient } from './client/presence-only-client.js';
export { PresentlyDot } from './dot/dot.js';
export { setDefaultClient } from './context.js';
export { strings, setStrings } from './strings.js';
export { createPresenceOnlyClient, PresenceError, isPresenceError } from '@presently/core';
