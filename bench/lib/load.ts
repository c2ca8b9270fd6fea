/** Loads the built packages (what `pnpm run build` produced), or says what is missing. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ClientOptions, PresenceClient } from '../../packages/core/src/types.js';
import { root } from './bundle-size.js';

export interface CoreModule {
  createPresenceClient(options: ClientOptions): PresenceClient;
}

export const paths = {
  core: resolve(root, 'packages/core/dist/index.js'),
  presentlyJs: resolve(root, 'packages/elements/dist/presently.js'),
};

/** The built @presently/core, or a reason it can't be used yet. */
export async function loadCore(): Promise<CoreModule | string> {
  if (!existsSync(paths.core)) return 'packages/core/dist/index.js is missing (build failed or core not landed)';
  const mod = (await import(pathToFileURL(paths.core).href)) as Partial<CoreModule>;
  if (typeof mod.createPresenceClient !== 'function') return '@presently/core does not export createPresenceClient yet';
  return mod as CoreModule;
}
