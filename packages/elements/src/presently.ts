/**
 * Everything in one file for a plain `<script type="module">`: registers every tag and exports
 * the classes, `createPresenceClient` and `setDefaultClient`.
 *
 * @example
 * <script type="module">
 *   import { createPresenceClient, setDefaultClient } from './presently.js';
 * </script>
 */
import './define.js';
export * from './index.js';
export { createPresenceClient, PresenceError, isPresenceError, bareJid, isValidJid } from '@presently/core';
export type {
  PresenceClient,
  Presence,
  Show,
  OwnShow,
  OwnPresence,
  ChatState,
  ChatMessage,
  ClientOptions,
  ClientStatus,
  ClientEvents,
  ContactDetails,
  ClientDiagnostics,
} from '@presently/core';
