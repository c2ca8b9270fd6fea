/**
 * Vitest browser commands for token sign-in in Chromium (test/browser/token-ejabberd.test.ts):
 * an ejabberd with JWT authentication (docs/servers/ejabberd.md §9) that allows the test page's
 * origin, HS256 tokens signed here in Node as a host app's back end would, and a peer (Bob) whose
 * presence the page's dot shows. Registered in vitest.config.ts next to ./commands.ts.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { BrowserCommand } from 'vitest/node';
import { startEjabberd, type EjabberdServer } from '../server/ejabberd.js';
import { connectPeer, type Peer } from '../server/peer.js';
import { TEST_USERS } from '../server/users.js';
import type { AsBrowserCommands } from './commands.js';

const KEY = Symbol.for('presently.test.tokenCommands');
interface TokenState {
  server?: EjabberdServer;
  key: Uint8Array;
  peers: Peer[];
}
function state(): TokenState {
  const holder = globalThis as { [KEY]?: TokenState };
  return (holder[KEY] ??= { key: randomBytes(32), peers: [] });
}
const user = (name: string) => TEST_USERS.find((u) => u.username === name)!;

/** An HS256 JSON Web Token (RFC 7519). */
export function signJwt(claims: Record<string, unknown>, key: Uint8Array): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}`;
  return `${unsigned}.${createHmac('sha256', key).update(unsigned).digest('base64url')}`;
}

const tokenServerStart: BrowserCommand<[origin: string]> = async (_ctx, origin) => {
  const s = state();
  s.server ??= await startEjabberd({ jwtSecret: s.key, users: [user('alice'), user('bob')], allowedOrigins: [origin] });
  return { wsUrl: s.server.wsUrl, host: s.server.host };
};

/** A token for `username`; `expired` (exp two minutes ago) or signed with a `wrongKey`. */
const tokenSign: BrowserCommand<[username: string, options?: { expired?: boolean; wrongKey?: boolean }]> = async (
  _ctx,
  username,
  options = {},
) => {
  const s = state();
  const now = Math.floor(Date.now() / 1000);
  return signJwt(
    { jid: `${username}@${s.server!.host}`, exp: options.expired ? now - 120 : now + 60 },
    options.wrongKey ? randomBytes(32) : s.key,
  );
};

const tokenPeerPresence: BrowserCommand<[username: string, show: 'dnd' | 'away']> = async (_ctx, username, show) => {
  const s = state();
  s.peers.push(await connectPeer(s.server!, user(username), { presence: { show } }));
};

const tokenServerStop: BrowserCommand<[]> = async () => {
  const s = state();
  await Promise.all(s.peers.splice(0).map((p) => p.stop()));
  await s.server?.stop();
  s.server = undefined;
};

/** PRESENTLY_QUICK=1 skips scripts/servers.sh, so ejabberd may be missing: the suite is not run then. */
const tokenQuick: BrowserCommand<[]> = async () => process.env.PRESENTLY_QUICK === '1';

export const tokenCommands = { tokenQuick, tokenServerStart, tokenSign, tokenPeerPresence, tokenServerStop };

declare module 'vitest/browser' {
  interface BrowserCommands extends AsBrowserCommands<typeof tokenCommands> {}
}
