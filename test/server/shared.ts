// The one Prosody a vitest run shares between its global setup (which starts it) and the browser
// commands (which drive it). Both run in vitest's main process but may be loaded as separate module
// instances (the config is bundled, global setup is not), so the hand-over goes through globalThis.
import type { Peer } from './peer.js';
import type { ProsodyServer, ProsodyUser } from './prosody.js';

export interface SharedProsody {
  server: ProsodyServer;
  users: readonly ProsodyUser[];
  /** Peers opened by browser commands, by username. */
  peers: Map<string, Peer>;
}

const KEY = Symbol.for('presently.test.sharedProsody');
type Holder = { [KEY]?: SharedProsody };

export function setSharedProsody(value: SharedProsody | undefined): void {
  (globalThis as Holder)[KEY] = value;
}

export function sharedProsody(): SharedProsody {
  const shared = (globalThis as Holder)[KEY];
  if (!shared) {
    throw new Error("no shared test Prosody: add test/server/global-setup.ts to this project's globalSetup");
  }
  return shared;
}

/** Serializable facts about the shared server, as tests receive them through `inject('prosody')`. */
export interface ProvidedProsody {
  host: string;
  wsUrl: string;
  boshUrl: string;
  tcpUrl: string;
  c2sPort: number;
  httpPort: number;
  /** Every test account with its password and groups. */
  users: ProsodyUser[];
}

declare module 'vitest' {
  export interface ProvidedContext {
    prosody: ProvidedProsody;
  }
}
