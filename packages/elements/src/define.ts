/**
 * Registers every Presently tag (skipping tags another script already owns, with a warning).
 * `<presently-client>` first, so descendants upgraded after it find their client at once.
 */
import './client/client.define.js';
import './dot/dot.define.js';
import './badge/badge.define.js';
import './typing/typing.define.js';
import './chat-button/chat-button.define.js';
import './chat/chat.define.js';
import './status-picker/status-picker.define.js';
