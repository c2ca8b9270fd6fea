import { createPresenceOnlyClient, type ClientOptions, type PresenceClient } from '@presently/core';
import { PresentlyClientBase } from './client-base.js';

/**
 * `<presently-client>` as the dot-only bundle registers it: the same element, but the client it creates is
 * core's presence-only client (`createPresenceOnlyClient`): presence, roster and subscriptions without chat,
 * so a page that only shows dots loads no chat code and never receives your messages (it announces
 * priority -1). A `.client` handed to it is provided as it is. No `@tagname` here: the tag is
 * `PresentlyClient`'s in custom-elements.json, which lists each tag once (attributes and events are the same).
 */
export class PresentlyPresenceOnlyClient extends PresentlyClientBase {
  protected override createClient(options: ClientOptions): PresenceClient {
    return createPresenceOnlyClient(options);
  }
}
