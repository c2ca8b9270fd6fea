/** Loads the built packages (what `pnpm run build` produced), or says what is missing. */
import { existsSync, statSync } from 'node:fs';
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

let builtAfter = 0;
let buildProblem = '';

/** Only files written by this run's build count: a stale dist from an earlier build would measure old code. */
export function expectBuildAfter(time: number, problem: string): void {
  builtAfter = time;
  buildProblem = problem;
}

function fresh(path: string, what: string): string | undefined {
  if (!existsSync(path)) return `${what} is missing${buildProblem ? ` (${buildProblem})` : ''}`;
  if (statSync(path).mtimeMs < builtAfter) return `${what} was not rebuilt by this run${buildProblem ? ` (${buildProblem})` : ''}`;
  return undefined;
}

/** Why this run can't use presently.js, or undefined when it can. */
export function presentlyProblem(): string | undefined {
  return fresh(paths.presentlyJs, 'packages/elements/dist/presently.js');
}

/** The built @presently/core, or a reason it can't be used yet. */
export async function loadCore(): Promise<CoreModule | string> {
  const problem = fresh(paths.core, 'packages/core/dist/index.js');
  if (problem) return problem;
  const mod = (await import(pathToFileURL(paths.core).href)) as Partial<CoreModule>;
  if (typeof mod.createPresenceClient !== 'function') return '@presently/core does not export createPresenceClient yet';
  return mod as CoreModule;
}
