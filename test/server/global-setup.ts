// vitest globalSetup: one Prosody for a whole project, with the TEST_USERS cast. Tests read its
// address with `inject('prosody')`; browser commands (test/browser/commands.ts) drive it.
import type { TestProject } from 'vitest/node';
import type { Peer } from './peer.js';
import { startProsody } from './prosody.js';
import { setSharedProsody, type ProvidedProsody } from './shared.js';
import { TEST_USERS } from './users.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = performance.now();
  const server = await startProsody({ users: [...TEST_USERS], smacksHibernationSeconds: 30 });
  const peers = new Map<string, Peer>();
  setSharedProsody({ server, users: TEST_USERS, peers });
  const provided: ProvidedProsody = {
    host: server.host,
    wsUrl: server.wsUrl,
    boshUrl: server.boshUrl,
    tcpUrl: server.tcpUrl,
    c2sPort: server.c2sPort,
    httpPort: server.httpPort,
    users: TEST_USERS.map((u) => ({ ...u })),
  };
  project.provide('prosody', provided);
  if (process.env.PRESENTLY_PROSODY_VERBOSE) {
    console.log(`[prosody] ${server.wsUrl} up in ${Math.round(performance.now() - started)} ms, data in ${server.dir}`);
  }
  return async () => {
    await Promise.all([...peers.values()].map((p) => p.stop()));
    peers.clear();
    setSharedProsody(undefined);
    await server.stop();
  };
}
