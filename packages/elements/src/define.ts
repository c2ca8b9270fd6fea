/**
 * Registers every Presently tag (skipping tags another script already owns, with a warning).
 * `<presently-client>` first, so descendants upgraded after it find their client at once.
 * `<presently-chat>`, `<presently-status-picker>` and `<presently-inbox>` are registered on first use (see internal/define-on-use.ts):
 * their code is a separate chunk that pages showing only dots, badges and chat buttons never download.
 */
import './tags.js'; // types: all eight tags in HTMLElementTagNameMap, the three loaded on use too
import './client/client.define.js';
import './dot/dot.define.js';
import './badge/badge.define.js';
import './typing/typing.define.js';
import './chat-button/chat-button.define.js';
import { defineOnUse } from './internal/define-on-use.js';

defineOnUse('presently-chat', () => import('./chat/chat.define.js'));
defineOnUse('presently-status-picker', () => import('./status-picker/status-picker.define.js'));
defineOnUse('presently-inbox', () => import('./inbox/inbox.define.js'));
