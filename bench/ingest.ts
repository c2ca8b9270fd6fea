/**
 * Ingest: 100,000 presences + 20,000 chat states through the client's real inbound path (WebSocket → framed
 * parser → middleware → store → watchers) from a scripted server in another process, with watchers on 5,000
 * JIDs; timed from the first frame written to the last watcher seeing its final state. Baseline: the bare
 * @xmpp/xml Parser parsing the same bytes, in this process, in the same run.
 */
import { Parser } from '@xmpp/xml';
import { WebSocket } from 'ws';
import type { ClientOptions, PresenceClient } from '../packages/core/src/types.js';
import { loadCore } from './lib/load.js';
import { profiling, startProfile } from './lib/profile.js';
import { rawXmppRate, stanzaClientRate, stanzaParseRate, type IngestStream } from './lib/peers.js';
import { missing, row, round, wallNow, type Row } from './lib/row.js';
import { startScriptedServer, type ServerHandle } from './lib/server-handle.js';
import { contactJid, DOMAIN, FINAL_STATUS, frames, ingestStanzas, answerIqs, rosterItemsXml } from './lib/stanzas.js';

const CONTACTS = 5_000;
/** The diagnostic row's roster: small enough that every contact's state stays in the CPU caches. */
const FEW_CONTACTS = 50;
const PRESENCES = 100_000;
const CHAT_STATES = 20_000;
const PASSWORD = 'bench-pass';
const TIMEOUT_MS = 90_000;
/**
 * A 5,000-contact roster result is ~430 KB, over core's default 256 KiB inbound stanza cap (connection option
 * `maxStanzaSize`), which drops it (see `rosterWithDefaults`). The bench raises the cap so that the rest is
 * measured on the intended path, and reports the default's failure in its own row.
 */
export const BIG_ROSTER_OPTIONS = { maxStanzaSize: 1 << 20 } as const;

/** Stanzas per second the bare parser reaches on the same frames; median of `runs`. */
function bareParseRate(frameList: string[], stanzas: number, runs: number): number {
  const rates: number[] = [];
  for (let r = 0; r < runs; r++) {
    const parser = new Parser();
    let count = 0;
    parser.on('element', () => count++);
    const t0 = performance.now();
    parser.write('<stream:stream xmlns="jabber:client" xmlns:stream="http://etherx.jabber.org/streams" version="1.0">');
    for (const f of frameList) parser.write(f);
    const dt = performance.now() - t0;
    if (count !== stanzas) throw new Error(`bare parser saw ${count} of ${stanzas} stanzas`);
    rates.push(stanzas / (dt / 1000));
  }
  return rates.sort((a, b) => a - b)[Math.floor(rates.length / 2)]!;
}

/**
 * Watches every contact; `reached()` resolves with the time (`now()`) the last one saw its final status, or rejects
 * after TIMEOUT_MS saying how many did.
 */
function watchFinalStates(client: PresenceClient, now: () => number, contacts = CONTACTS): { reached(): Promise<number> } {
  let finished = 0;
  let tLast = 0;
  const seen = new Uint8Array(contacts);
  let resolveDone!: () => void;
  const done = new Promise<void>((r) => (resolveDone = r));
  for (let c = 0; c < contacts; c++) {
    client.watch(contactJid(c), (p) => {
      if (p.status !== FINAL_STATUS || seen[c]) return;
      seen[c] = 1;
      if (++finished === contacts) {
        tLast = now();
        resolveDone();
      }
    });
  }
  return {
    async reached() {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`only ${finished}/${contacts} watchers saw their final state in ${TIMEOUT_MS} ms`)),
          TIMEOUT_MS,
        );
      });
      try {
        await Promise.race([done, timeout]);
        return tLast;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

async function presentlyRate(
  server: ServerHandle,
  user: string,
): Promise<{ rate: number; ms: number; stanzas: number; mb: number } | string> {
  const core = await loadCore();
  if (typeof core === 'string') return core;
  const client = core.createPresenceClient({
    service: server.wsUrl,
    jid: `${user}@${DOMAIN}`,
    password: PASSWORD,
    resource: 'bench',
    WebSocket,
    reconnect: false,
    ...BIG_ROSTER_OPTIONS,
  } as ClientOptions);
  try {
    await client.start();
    await server.ready(user);
    if (client.roster().length !== CONTACTS) throw new Error(`roster has ${client.roster().length} of ${CONTACTS} contacts after start()`);
    const final = watchFinalStates(client, wallNow);
    const stopProfile = profiling() ? await startProfile() : undefined;
    const sending = server.ingest(user, CONTACTS, PRESENCES, CHAT_STATES);
    let tLast: number;
    try {
      tLast = await final.reached();
    } finally {
      await stopProfile?.('ingest');
    }
    const report = await sending;
    const ms = tLast - report.t0;
    return { rate: report.stanzas / (ms / 1000), ms, stanzas: report.stanzas, mb: report.bytes / 1e6 };
  } finally {
    await client.stop().catch(() => {});
  }
}

/**
 * The same stanzas through the same client path in this process: a real login (SASL, bind, XEP-0198, roster of
 * 5,000, initial presence, end of burst) against core's scripted RFC 7395 server behind an in-process WebSocket
 * (the unit tests' FakeServer), then every frame handed to the client's socket 'message' listener, one frame per
 * event-loop turn as a socket delivers reads. Everything after the socket is what a live connection runs
 * (transport → size-capped parser → stream → stanza guard → XEP-0198 counting → router → presence model, chat
 * states, store → watchers); only the server process and the kernel are out of the measurement, as they are
 * for the bare parse it is compared with.
 */
async function inProcessRate(frameList: string[], stanzas: number, contacts = CONTACTS): Promise<{ rate: number; ms: number } | string> {
  const core = await loadCore();
  if (typeof core === 'string') return core;
  const { FakeServer } = await import('../packages/core/test-support/fake-server.js');
  const server = new FakeServer({ password: PASSWORD });
  const roster = rosterItemsXml(contacts);
  server.onElement = answerIqs(roster);
  const client = core.createPresenceClient({
    service: 'ws://localhost/xmpp',
    jid: 'alice@localhost',
    password: PASSWORD,
    resource: 'bench',
    WebSocket: server.WebSocket,
    reconnect: false,
    ...BIG_ROSTER_OPTIONS,
  } as ClientOptions);
  try {
    await client.start();
    if (client.roster().length !== contacts) throw new Error(`roster has ${client.roster().length} of ${contacts} contacts after start()`);
    const final = watchFinalStates(client, () => performance.now(), contacts);
    const socket = server.last;
    const stopProfile = profiling() ? await startProfile() : undefined;
    const t0 = performance.now();
    for (const frame of frameList) {
      socket.deliver(frame);
      await new Promise((r) => setImmediate(r));
    }
    let tLast: number;
    try {
      tLast = await final.reached();
    } finally {
      await stopProfile?.(contacts === CONTACTS ? 'ingest-in-process' : `ingest-in-process-${contacts}`);
    }
    const ms = tLast - t0;
    return { rate: stanzas / (ms / 1000), ms };
  } finally {
    await client.stop().catch(() => {});
  }
}

/** How many of the roster's contacts a client with default options has, 3 s after start() was called. */
async function rosterWithDefaults(server: ServerHandle, user: string): Promise<number | string> {
  const core = await loadCore();
  if (typeof core === 'string') return core;
  const client = core.createPresenceClient({
    service: server.wsUrl,
    jid: `${user}@${DOMAIN}`,
    password: PASSWORD,
    resource: 'bench',
    WebSocket,
    reconnect: false,
  });
  client.on('error', () => {});
  try {
    const started = client.start().catch(() => {});
    await Promise.race([started, new Promise((r) => setTimeout(r, 3_000))]);
    return client.roster().length;
  } finally {
    await client.stop().catch(() => {});
  }
}

/** Best of three {@link inProcessRate} runs (a crash ends it and is what is returned). */
async function bestInProcess(frameList: string[], stanzas: number, contacts: number): Promise<{ rate: number; ms: number } | string> {
  let best: Awaited<ReturnType<typeof inProcessRate>> = 'not run';
  for (let r = 0; r < 3; r++) {
    const run = await inProcessRate(frameList, stanzas, contacts).catch((e: Error) => `crashed: ${e.message}`);
    if (typeof run === 'string') return run;
    if (typeof best === 'string' || run.rate > best.rate) best = run;
  }
  return best;
}

const STREAM: IngestStream = {
  contacts: CONTACTS,
  presences: PRESENCES,
  chatStates: CHAT_STATES,
  password: PASSWORD,
  timeoutMs: TIMEOUT_MS,
};

/** Stanzas per second of each peer on the same stream, or why it could not be measured. */
interface PeerRates {
  raw: number | string;
  stanzaClient: number | string;
  stanzaParse: number | string;
}

const failed = (error: unknown): string => `crashed: ${(error as Error).message}`;

/** Best of `runs` (a crash ends it and is what is returned): on a noisy machine the best run is the least disturbed. */
async function bestRate(runs: number, measure: (run: number) => Promise<number>): Promise<number | string> {
  let best = 0;
  for (let r = 0; r < runs; r++) {
    try {
      best = Math.max(best, await measure(r));
    } catch (error) {
      return failed(error);
    }
  }
  return best;
}

/**
 * The peers on the same stream from the same server process: raw @xmpp/client best of two (its ~1 s runs are the
 * ones noise moves most); stanza's client once (~9 s a run, several times slower than the others); stanza's parser +
 * JXT in process, median of three.
 */
async function measurePeers(server: ServerHandle, frameList: string[], total: number): Promise<PeerRates> {
  const raw = await bestRate(2, (r) => rawXmppRate(server, `raw${r}`, STREAM));
  const stanzaClient = await bestRate(1, (r) => stanzaClientRate(server, `stanza${r}`, STREAM));
  let stanzaParse: number | string;
  try {
    stanzaParse = stanzaParseRate(frameList, total, 3);
  } catch (error) {
    stanzaParse = failed(error);
  }
  return { raw, stanzaClient, stanzaParse };
}

/** The peers' rows next to the bare parse, and ours over the wire next to the best peer's client path. */
function peerRows(peers: PeerRates, ours: number | string, baseName: string, bare: number): Row[] {
  const rows: Row[] = [];
  const rateRow = (label: string, rate: number | string, note?: string) =>
    typeof rate === 'string'
      ? missing(label, 'stanzas/s', baseName, rate)
      : row(label, Math.round(rate), 'stanzas/s', baseName, Math.round(bare), undefined, undefined, note);
  rows.push(
    rateRow(
      'ingest peer: raw @xmpp/client 0.14, same stream over the wire',
      peers.raw,
      'parses into ltx elements and emits `stanza`; no JSON, no store',
    ),
  );
  rows.push(
    rateRow(
      'ingest peer: stanza 12.22 client, same stream over the wire',
      peers.stanzaClient,
      'createClient() with its default plugins: WebSocket transport → JXT StreamParser → incoming queue → presence/message events; no presence store',
    ),
  );
  rows.push(
    rateRow(
      'ingest peer: stanza 12.22 parser + JXT alone, in process (diagnostic)',
      peers.stanzaParse,
      "its client's StreamParser and registry on the same frames, nothing after it",
    ),
  );
  const clients = [
    { name: 'raw @xmpp/client', rate: peers.raw },
    { name: 'stanza client', rate: peers.stanzaClient },
  ].filter((p): p is { name: string; rate: number } => typeof p.rate === 'number');
  const best = clients.sort((a, b) => b.rate - a.rate)[0];
  const label = 'ingest: ours over the wire vs the best peer client, same stream';
  const target = 'ratio ≥ 2 (reported, not a gate)';
  if (typeof ours === 'string' || !best)
    rows.push(missing(label, 'stanzas/s', 'best peer client', typeof ours === 'string' ? ours : 'no peer measured', target));
  else
    rows.push(
      row(
        label,
        Math.round(ours),
        'stanzas/s',
        `best peer client (${best.name})`,
        Math.round(best.rate),
        target,
        (_, r) => r != null && r >= 2,
        `peers measured in this run: ${clients.map((p) => `${p.name} ${Math.round(p.rate).toLocaleString('en-US')}/s`).join(', ')}`,
      ),
    );
  return rows;
}

export async function runIngest(): Promise<Row[]> {
  const stanzaList = ingestStanzas(`alice0@${DOMAIN}/bench`, CONTACTS, PRESENCES, CHAT_STATES);
  const frameList = frames(stanzaList);
  // The in-process client is alice@localhost (core's scripted server): the same stream addressed to it.
  const localFrames = frames(ingestStanzas('alice@localhost/bench', CONTACTS, PRESENCES, CHAT_STATES));
  const total = stanzaList.length;
  const baseName = 'bare @xmpp/xml Parser, same bytes';
  const server = await startScriptedServer({ contacts: CONTACTS, password: PASSWORD, sendInitialPresences: false });
  const rows: Row[] = [];
  try {
    const before = bareParseRate(frameList, total, 3);
    // In-process first (best of three): the same client path without a server process competing for the 2 cores.
    const local = await bestInProcess(localFrames, total, CONTACTS);
    // Diagnostic: the same mix spread over 50 contacts, whose state stays in the CPU caches (no target).
    const fewFrames = frames(ingestStanzas('alice@localhost/bench', FEW_CONTACTS, PRESENCES, CHAT_STATES));
    const fewBare = bareParseRate(fewFrames, total, 3);
    const few = await bestInProcess(fewFrames, total, FEW_CONTACTS);
    // Best of two runs for us, as for the bare parser: on a noisy machine the best run is the least disturbed.
    let ours: Awaited<ReturnType<typeof presentlyRate>> = 'not run';
    for (let r = 0; r < 2; r++) {
      let run: Awaited<ReturnType<typeof presentlyRate>>;
      try {
        run = await presentlyRate(server, `alice${r}`);
      } catch (error) {
        run = `crashed: ${(error as Error).message}`;
      }
      if (typeof run === 'string') {
        ours = run;
        break;
      }
      if (typeof ours === 'string' || run.rate > ours.rate) ours = run;
    }
    const peers = await measurePeers(server, frameList, total);
    const defaults = await rosterWithDefaults(server, 'defaults').catch((e: Error) => `crashed: ${e.message}`);
    const after = bareParseRate(frameList, total, 2);
    const bare = Math.max(before, after); // the machine's best moment: the ratio errs against us
    const label = `ingest: ${PRESENCES / 1000}k presences + ${CHAT_STATES / 1000}k chat states, ${CONTACTS} watched`;
    // The ratio to the bare parse is reported, no longer a target (issue #12): the criterion is the peers' row below.
    if (typeof local === 'string') rows.push(missing(label, 'stanzas/s', baseName, local));
    else
      rows.push(
        row(
          label,
          Math.round(local.rate),
          'stanzas/s',
          baseName,
          Math.round(bare),
          undefined,
          undefined,
          `in process: ${round(local.ms, 0)} ms for ${total} stanzas, socket → parser → middleware → store → watchers`,
        ),
      );
    const fewLabel = `ingest in process, same mix over ${FEW_CONTACTS} contacts (diagnostic)`;
    if (typeof few === 'string') rows.push(missing(fewLabel, 'stanzas/s', baseName, few));
    else
      rows.push(
        row(
          fewLabel,
          Math.round(few.rate),
          'stanzas/s',
          baseName,
          Math.round(fewBare),
          undefined,
          undefined,
          `${round(few.ms, 0)} ms for ${total} stanzas; their state stays in the CPU caches: what the ${CONTACTS}-contact row loses against this one is memory (one contact's state per presence, spread over ~20 objects, and garbage collection of the snapshots each change replaces)`,
        ),
      );
    const wireLabel = `ingest over a real WebSocket from a server process (same stream)`;
    if (typeof ours === 'string') rows.push(missing(wireLabel, 'stanzas/s', baseName, ours));
    else
      rows.push(
        row(
          wireLabel,
          Math.round(ours.rate),
          'stanzas/s',
          baseName,
          Math.round(bare),
          undefined,
          undefined,
          `${round(ours.ms, 0)} ms for ${ours.stanzas} stanzas, ${round(ours.mb, 1)} MB; includes the server process and ws framing on the same 2 cores`,
        ),
      );
    rows.push(...peerRows(peers, typeof ours === 'string' ? ours : ours.rate, baseName, bare));
    const rosterLabel = `roster: ${CONTACTS}-contact roster (~${Math.round(rosterItemsXml(CONTACTS).length / 1000)} KB result) with default options`;
    if (typeof defaults === 'string')
      rows.push(missing(rosterLabel, 'contacts', 'roster items sent', defaults, `all ${CONTACTS} within 3 s`));
    else
      rows.push(
        row(
          rosterLabel,
          defaults,
          'contacts',
          'roster items sent',
          CONTACTS,
          `all ${CONTACTS} within 3 s`,
          (v) => v === CONTACTS,
          defaults === CONTACTS
            ? undefined
            : "core's default maxStanzaSize (256 KiB) drops the roster result; the other rows raise it to 1 MiB",
        ),
      );
  } finally {
    await server.close();
  }
  return rows;
}
