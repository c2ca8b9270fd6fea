/**
 * Deployment-sized figures (issue #16, docs/scaling.md), each next to a baseline from the same run:
 * - Login with a 10,000-contact roster on loopback (the scripted server in a child process, every contact
 *   available): time from start() to every contact's dot known, and heap per contact once they are, vs raw
 *   @xmpp/client doing the same login, roster and presence burst (and keeping each contact's last presence).
 *   Each runs twice, alternating; the second run counts (the first pays for loading and compiling).
 * - Login with a FAST token (XEP-0484) vs SCRAM-SHA-256 on the same ejabberd 24.12 (docs/servers/ejabberd.yml
 *   with its FAST lines), medians of 7; an n/a row where ejabberd 24.12 is not installed (scripts/servers.sh).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { WebSocket } from 'ws';
import { createConnection } from '../packages/core/src/connection/connection.js';
import { ejabberdctlPath, startEjabberd } from '../test/server/ejabberd.js';
import { passwordFor } from '../test/server/users.js';
import { loadCore } from './lib/load.js';
import { bare, connectRaw } from './lib/raw-client.js';
import { median, missing, row, round, type Row } from './lib/row.js';
import { startScriptedServer } from './lib/server-handle.js';
import { DOMAIN, contactJid } from './lib/stanzas.js';

const CONTACTS = 10_000;
const PASSWORD = 'bench-pass';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapUsed = (): number => {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
};
/** What the previous client left (closing sockets, timers) settles before a measurement starts. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 1000));

async function ours(wsUrl: string): Promise<{ ms: number; bytesPerContact: number }> {
  const core = await loadCore();
  if (typeof core === 'string') throw new Error(core);
  await settle();
  const h0 = heapUsed();
  const client = core.createPresenceClient({
    service: wsUrl,
    jid: `big@${DOMAIN}`,
    password: PASSWORD,
    WebSocket,
    reconnect: false,
  });
  client.on('error', () => {});
  let unknown = CONTACTS;
  const allKnown = new Promise<void>((resolve) => {
    for (let c = 0; c < CONTACTS; c++) {
      let known = false;
      client.watch(contactJid(c), (p) => {
        if (known || p.show === 'unknown') return;
        known = true;
        if (--unknown === 0) resolve();
      });
    }
  });
  const t0 = performance.now();
  await client.start();
  await allKnown;
  const ms = performance.now() - t0;
  const bytesPerContact = (heapUsed() - h0) / CONTACTS;
  await client.stop();
  return { ms, bytesPerContact };
}

async function raw(wsUrl: string): Promise<{ ms: number; bytesPerContact: number }> {
  await settle();
  const h0 = heapUsed();
  const last = new Map<string, unknown>();
  let resolveAll!: () => void;
  const all = new Promise<void>((resolve) => (resolveAll = resolve));
  const t0 = performance.now();
  const xmpp = await connectRaw({
    service: wsUrl,
    domain: DOMAIN,
    username: 'bigraw',
    password: PASSWORD,
    resource: 'raw',
    onPresence: (p) => {
      last.set(bare(p.attrs.from), p);
      if (last.size === CONTACTS) resolveAll();
    },
  });
  await all;
  const ms = performance.now() - t0;
  const bytesPerContact = (heapUsed() - h0) / CONTACTS;
  await xmpp.stop();
  return { ms, bytesPerContact };
}

async function bigRoster(): Promise<Row[]> {
  const server = await startScriptedServer({ contacts: CONTACTS, password: PASSWORD, sendInitialPresences: true });
  try {
    // Each twice, alternating; the second (warm: modules loaded, code compiled) counts for both.
    await ours(server.wsUrl);
    await raw(server.wsUrl);
    const mine = await ours(server.wsUrl);
    const baseline = await raw(server.wsUrl);
    return [
      row(
        `login, ${CONTACTS.toLocaleString('en')}-contact roster: time to all dots`,
        round(mine.ms, 0),
        'ms',
        'raw @xmpp/client: login, roster, every presence',
        round(baseline.ms, 0),
      ),
      row(
        `heap per contact, ${CONTACTS.toLocaleString('en')}-contact roster, every dot known`,
        round(mine.bytesPerContact, 0),
        'B',
        'raw @xmpp/client keeping each last presence',
        round(baseline.bytesPerContact, 0),
      ),
    ];
  } finally {
    await server.close();
  }
}

async function fastLogin(): Promise<Row[]> {
  const name = 'login with a FAST token (ejabberd 24.12, median of 7)';
  if (!ejabberdctlPath('24.12'))
    return [missing(name, 'ms', 'SCRAM-SHA-256, same server', 'ejabberd 24.12 not installed (scripts/servers.sh)')];
  const password = passwordFor('alice');
  const server = await startEjabberd({ version: '24.12', fast: true, users: [{ username: 'alice', password, name: 'Alice' }] });
  try {
    const jid = `alice@${server.host}`;
    const withFast = createConnection({ service: server.wsUrl, jid, password, reconnect: false, WebSocket });
    const withoutFast = createConnection({ service: server.wsUrl, jid, password, reconnect: false, WebSocket, fast: false });
    await withFast.start(); // the first login gets the token
    await withFast.stop();
    const fast: number[] = [];
    const scram: number[] = [];
    for (let i = 0; i < 7; i++) {
      await withFast.start();
      if (withFast.lastLogin?.mechanism !== 'HT-SHA-256-NONE') throw new Error(`FAST not used: ${withFast.lastLogin?.mechanism}`);
      fast.push(withFast.lastLogin.totalMs);
      await withFast.stop();
      await withoutFast.start();
      scram.push(withoutFast.lastLogin!.totalMs);
      await withoutFast.stop();
    }
    return [row(name, round(median(fast)), 'ms', 'SCRAM-SHA-256, same server', round(median(scram)))];
  } finally {
    await server.stop();
  }
}

export async function runDeploy(): Promise<Row[]> {
  return [...(await bigRoster()), ...(await fastLogin())];
}
