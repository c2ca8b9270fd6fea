/**
 * The fallback when the shared worker can't be used after all (it failed to load, never answered, or speaks
 * another protocol version): the page hosts its own private client behind a MessageChannel, so the client object
 * the page already holds goes on unchanged. Loaded only then (a chunk of its own in presently.js).
 */
import type { PresenceClient } from '../types.js';
import { onPageUnload } from '../page-unload.js';
import { createSharedHost } from './host.js';

/**
 * A port to a host in this page around the client `createClient` makes (with the page's own options). Its session
 * is this page's alone: it ends when the page is unloaded (page-unload.ts).
 */
export function hostInPage(createClient: () => PresenceClient): MessagePort {
  const { port1, port2 } = new MessageChannel();
  const host = createSharedHost({ createClient });
  host.connect(port2);
  onPageUnload(() => host.close());
  return port1;
}
