/**
 * The smallest useful bundle: `<presently-client>` and `<presently-dot>` only, plus
 * `createPresenceClient` and `setDefaultClient`. For directory pages that show dots and nothing else.
 */
import './client/client.define.js';
import './dot/dot.define.js';
export { PresentlyClient } from './client/client.js';
export { PresentlyDot } from './dot/dot.js';
export { setDefaultClient } from './context.js';
export { strings, setStrings } from './strings.js';
export { createPresenceClient } from '@presently/core';
