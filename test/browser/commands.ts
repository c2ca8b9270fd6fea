/**
 * vitest browser commands: run in vitest's Node process, called from browser tests with
 * `import { commands } from 'vitest/browser'`. They drive other accounts ("peers", raw @xmpp/client
 * over TCP) and the shared Prosody started by test/server/global-setup.ts.
 *
 * A peer is named by username (`'bob'`), or `'bob/phone'` for a second resource of the same account.
 * JID arguments may be bare usernames (`'alice'` means `alice@<host>`).
 *
 * @example
 * await commands.peerConnect('bob');
 * await commands.peerPresence('bob', { show: 'dnd', status: 'In a meeting' });
 * await commands.peerSendMessage('bob', 'alice', 'Got a minute?');
 * const m = await commands.peerWaitForMessage('bob', { from: 'alice' });
 * await commands.peerStopAll(); // in afterEach
 */
import type { BrowserCommand } from 'vitest/node';
import {
  connectPeer,
  type ChatState,
  type MessageFilter,
  type Peer,
  type PeerOptions,
  type PeerPresence,
  type PresenceFilter,
  type ReceivedMessage,
  type ReceivedPresence,
  type RosterItem,
} from '../server/peer.js';
import { sharedProsody } from '../server/shared.js';

/** What a browser test may pass to `peerConnect` (the transport is always TCP from Node). */
export type PeerConnectOptions = Omit<PeerOptions, 'resource' | 'transport'>;

function split(name: string): { username: string; resource: string | undefined } {
  const [username, resource] = name.split('/', 2) as [string, string | undefined];
  return { username, resource };
}

function toJid(jidOrUser: string): string {
  return jidOrUser.includes('@') ? jidOrUser : `${jidOrUser}@${sharedProsody().server.host}`;
}

function normalise<F extends { from?: string }>(filter: F | undefined): F {
  return { ...(filter ?? ({} as F)), ...(filter?.from !== undefined && { from: toJid(filter.from) }) };
}

function peer(name: string): Peer {
  const found = sharedProsody().peers.get(name);
  if (!found) throw new Error(`peer ${name} is not connected: call commands.peerConnect('${name}') first`);
  return found;
}

const peerConnect: BrowserCommand<[name: string, options?: PeerConnectOptions], { jid: string; fullJid: string }> = async (
  _ctx,
  name,
  options = {},
) => {
  const { server, users, peers } = sharedProsody();
  if (peers.get(name)?.online) throw new Error(`peer ${name} is already connected`);
  const { username, resource } = split(name);
  const user = [...users, ...server.users].find((u) => u.username === username);
  if (!user) throw new Error(`no test account ${username}; known: ${users.map((u) => u.username).join(', ')}`);
  const connected = await connectPeer(server, user, { ...options, ...(resource !== undefined && { resource }) });
  peers.set(name, connected);
  return { jid: connected.jid, fullJid: connected.fullJid };
};

const peerPresence: BrowserCommand<[name: string, presence?: PeerPresence], void> = async (_ctx, name, presence = {}) => {
  await peer(name).setPresence(presence);
};

const peerUnavailable: BrowserCommand<[name: string, status?: string], void> = async (_ctx, name, status) => {
  await peer(name).goUnavailable(status);
};

const peerChatState: BrowserCommand<[name: string, to: string, state: ChatState], void> = async (_ctx, name, to, state) => {
  await peer(name).sendChatState(toJid(to), state);
};

const peerSendMessage: BrowserCommand<
  [name: string, to: string, body: string, options?: { id?: string; requestReceipt?: boolean; chatState?: ChatState | false }],
  string
> = async (_ctx, name, to, body, options) => peer(name).sendMessage(toJid(to), body, options);

const peerMessages: BrowserCommand<[name: string, filter?: MessageFilter], ReceivedMessage[]> = (_ctx, name, filter) =>
  peer(name).findMessages(normalise(filter));

const peerWaitForMessage: BrowserCommand<[name: string, filter?: MessageFilter, timeoutMs?: number], ReceivedMessage> = (
  _ctx,
  name,
  filter,
  timeoutMs,
) => peer(name).waitForMessage(normalise(filter), timeoutMs);

const peerPresences: BrowserCommand<[name: string, filter?: PresenceFilter], ReceivedPresence[]> = (_ctx, name, filter) =>
  peer(name).findPresences(normalise(filter));

const peerWaitForPresence: BrowserCommand<[name: string, filter?: PresenceFilter, timeoutMs?: number], ReceivedPresence> = (
  _ctx,
  name,
  filter,
  timeoutMs,
) => peer(name).waitForPresence(normalise(filter), timeoutMs);

const peerRoster: BrowserCommand<[name: string], RosterItem[]> = (_ctx, name) => peer(name).roster();

/** Sends any stanza written as XML text, e.g. a `<presence type='subscribe'/>`. */
const peerSend: BrowserCommand<[name: string, stanza: string], void> = async (_ctx, name, stanza) => {
  await peer(name).send(stanza);
};

/** Sends an IQ written as XML text; resolves with the result as XML text, rejects on an error reply. */
const peerIq: BrowserCommand<[name: string, stanza: string, timeoutMs?: number], string> = (_ctx, name, stanza, timeoutMs) =>
  peer(name).iq(stanza, timeoutMs);

/** Cuts the peer's connection without closing the stream (the server hibernates it under XEP-0198). */
const peerDrop: BrowserCommand<[name: string], void> = (_ctx, name) => {
  peer(name).drop();
  sharedProsody().peers.delete(name);
};

const peerStop: BrowserCommand<[name: string], void> = async (_ctx, name) => {
  const { peers } = sharedProsody();
  const found = peers.get(name);
  peers.delete(name);
  await found?.stop();
};

const peerStopAll: BrowserCommand<[], void> = async () => {
  const { peers } = sharedProsody();
  const all = [...peers.values()];
  peers.clear();
  await Promise.all(all.map((p) => p.stop()));
};

/** SIGKILL: the server vanishes like a crash. Call `prosodyRestart` before the file ends. */
const prosodyKill: BrowserCommand<[], void> = async () => {
  await sharedProsody().server.kill();
};

/** Brings the server back on the same ports with the same accounts (gracefully stopping it first if running). */
const prosodyRestart: BrowserCommand<[], void> = async () => {
  await sharedProsody().server.restart();
};

/** SIGSTOP: connections stay open but nothing answers. Always pair with `prosodyResume`. */
const prosodyPause: BrowserCommand<[], void> = () => {
  sharedProsody().server.pause();
};

const prosodyResume: BrowserCommand<[], void> = () => {
  sharedProsody().server.resume();
};

const prosodyRunning: BrowserCommand<[], boolean> = () => sharedProsody().server.running;

export const browserCommands = {
  peerConnect,
  peerPresence,
  peerUnavailable,
  peerChatState,
  peerSendMessage,
  peerMessages,
  peerWaitForMessage,
  peerPresences,
  peerWaitForPresence,
  peerRoster,
  peerSend,
  peerIq,
  peerDrop,
  peerStop,
  peerStopAll,
  prosodyKill,
  prosodyRestart,
  prosodyPause,
  prosodyResume,
  prosodyRunning,
};

/** A server-side command table as the page sees it (shared with commands-extra.ts). */
export type AsBrowserCommands<C> = {
  [K in keyof C]: C[K] extends BrowserCommand<infer Args, infer Result> ? (...args: Args) => Promise<Awaited<Result>> : never;
};

declare module 'vitest/browser' {
  interface BrowserCommands extends AsBrowserCommands<typeof browserCommands> {}
}
