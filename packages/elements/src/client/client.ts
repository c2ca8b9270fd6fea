import { createPresenceClient, type ClientOptions, type PresenceClient } from '@presently/core';
import { PresentlyClientBase } from './client-base.js';

export { credentialsFrom } from './client-base.js';

/**
 * Creates, starts and provides a presence client to every Presently element inside it (across
 * shadow roots). Or hand it an existing client with the `.client` property; then it only provides it.
 *
 * @summary The connection every element inside it uses.
 * @tagname presently-client
 *
 * @slot - The page content whose Presently elements use this client.
 *
 * @fires presently-error - Starting failed. `detail: { code, message }`, e.g. `credentials-failed`, `auth-failed`, `insecure-transport`.
 */
export class PresentlyClient extends PresentlyClientBase {
  protected override createClient(options: ClientOptions): PresenceClient {
    return createPresenceClient(options);
  }
}
