/**
 * Same-run A/B of the in-process ingest path (bench/ingest.ts's first row) between this tree's core and another
 * checkout's, for a "within N % of before" question (issue #17). Not part of `pnpm bench`:
 *
 *   git worktree add ../presently-base 4c58fb1        # any older commit, outside this tree
 *   node --import tsx bench/compare-core.ts ../presently-base [rounds]
 *
 * Both cores are loaded from their TypeScript sources by the same loader (tsx), in one process, and measured
 * alternately, the order swapped every round (round 1: other, this; round 2: this, other; …), so load on the machine
 * and whatever the previous run left behind (garbage, a warmer cache) hit both alike. Each run is a
 * real login against that tree's scripted server (FakeServer), a 5,000-contact roster, 5,000 watchers, then the
 * bench's 100k presences + 20k chat states, one frame per event-loop turn. Reported: the best wall time and the best
 * CPU time (process.cpuUsage, less moved by other processes than wall time on a shared machine) of each side, and
 * the bare @xmpp/xml parse of the same bytes as the bench's baseline. Each side's own StreamParser is also timed alone on
 * those bytes (best of the rounds): on a shared machine a whole run's wall and CPU times swing by a third between
 * rounds, the parse alone by a few per cent, so a parser change is judged there first.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Parser } from '@xmpp/xml';
import { contactJid, FINAL_STATUS, frames, ingestStanzas, answerIqs, rosterItemsXml } from './lib/stanzas.js';

const CONTACTS = 5_000;
const PASSWORD = 'bench-pass';

interface Side {
  name: string;
  core: string;
  fakeServer: string;
  parser: string;
}

/** Where a tree keeps its core and its scripted server (it moved from src/connection to test-support/). */
function sideOf(name: string, tree: string): Side {
  const core = resolve(tree, 'packages/core/src/index.ts');
  const fakeServer = ['packages/core/test-support/fake-server.ts', 'packages/core/src/connection/fake-server.ts']
    .map((p) => resolve(tree, p))
    .find((p) => existsSync(p));
  if (!existsSync(core) || !fakeServer) throw new Error(`${tree}: no packages/core sources with a fake-server.ts`);
  return { name, core, fakeServer, parser: resolve(tree, 'packages/core/src/connection/parser.ts') };
}

async function runOnce(side: Side, frameList: string[]): Promise<{ wallMs: number; cpuMs: number }> {
  const core = await import(pathToFileURL(side.core).href);
  const { FakeServer } = await import(pathToFileURL(side.fakeServer).href);
  const server = new FakeServer({ password: PASSWORD });
  const roster = rosterItemsXml(CONTACTS);
  server.onElement = answerIqs(roster);
  const client = core.createPresenceClient({
    service: 'ws://localhost/xmpp',
    jid: 'alice@localhost',
    password: PASSWORD,
    resource: 'bench',
    WebSocket: server.WebSocket,
    reconnect: false,
    maxStanzaSize: 1 << 20,
  });
  try {
    await client.start();
    let finished = 0;
    let tLast = 0;
    let resolveDone!: () => void;
    const done = new Promise<void>((r) => (resolveDone = r));
    const seen = new Uint8Array(CONTACTS);
    for (let c = 0; c < CONTACTS; c++) {
      client.watch(contactJid(c), (p: any) => {
        if (p.status !== FINAL_STATUS || seen[c]) return;
        seen[c] = 1;
        if (++finished === CONTACTS) {
          tLast = performance.now();
          resolveDone();
        }
      });
    }
    const socket = server.last;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (const frame of frameList) {
      socket.deliver(frame);
      await new Promise((r) => setImmediate(r));
    }
    await done;
    const cpu = process.cpuUsage(cpu0);
    return { wallMs: tLast - t0, cpuMs: (cpu.user + cpu.system) / 1000 };
  } finally {
    await client.stop().catch(() => {});
  }
}

function bareParseMs(frameList: string[]): number {
  const parser = new Parser();
  const t0 = performance.now();
  parser.write('<stream:stream xmlns="jabber:client" xmlns:stream="http://etherx.jabber.org/streams" version="1.0">');
  for (const f of frameList) parser.write(f);
  return performance.now() - t0;
}

/** `side`'s own StreamParser over the same bytes (framed, as over WebSocket), stanzas built and dropped. */
async function ownParseMs(side: Side, frameList: string[]): Promise<number> {
  const { StreamParser } = await import(pathToFileURL(side.parser).href);
  const parser = new StreamParser(true, {
    start() {},
    element() {},
    dropped() {},
    end() {},
    error(reason: string) {
      throw new Error(`${side.name}'s parser failed on the bench stream: ${reason}`);
    },
  });
  const t0 = performance.now();
  parser.write('<open xmlns="urn:ietf:params:xml:ns:xmpp-framing" to="localhost" version="1.0"/>');
  for (const f of frameList) parser.write(f);
  return performance.now() - t0;
}

const [otherTree, roundsArg] = process.argv.slice(2);
if (!otherTree) {
  console.error('usage: node --import tsx bench/compare-core.ts <other checkout> [rounds]');
  process.exit(2);
}
const sides = [sideOf('other', resolve(otherTree)), sideOf('this', resolve(import.meta.dirname, '..'))];
const rounds = Number(roundsArg ?? 5);
const frameList = frames(ingestStanzas('alice@localhost/bench', CONTACTS, 100_000, 20_000));
const best = new Map(sides.map((s) => [s.name, { wallMs: Infinity, cpuMs: Infinity }]));
let bare = Infinity;
const ownParse = new Map(sides.map((s) => [s.name, Infinity]));
for (let r = 0; r < rounds; r++) {
  bare = Math.min(bare, bareParseMs(frameList));
  const order = r % 2 === 0 ? sides : [...sides].reverse();
  for (const side of order) ownParse.set(side.name, Math.min(ownParse.get(side.name)!, await ownParseMs(side, frameList)));
  for (const side of order) {
    const run = await runOnce(side, frameList);
    const b = best.get(side.name)!;
    b.wallMs = Math.min(b.wallMs, run.wallMs);
    b.cpuMs = Math.min(b.cpuMs, run.cpuMs);
    console.log(`round ${r + 1} ${side.name}: wall ${run.wallMs.toFixed(0)} ms, CPU ${run.cpuMs.toFixed(0)} ms`);
  }
}
console.log(`bare @xmpp/xml parse of the same bytes: best ${bare.toFixed(0)} ms`);
for (const side of sides) {
  const b = best.get(side.name)!;
  console.log(
    `${side.name}: best wall ${b.wallMs.toFixed(0)} ms (${(bare / b.wallMs).toFixed(2)}x of the bare parse), best CPU ${b.cpuMs.toFixed(0)} ms`,
  );
}
const [otherParse, selfParse] = sides.map((s) => ownParse.get(s.name)!);
console.log(
  `own parser alone: other best ${otherParse!.toFixed(0)} ms, this best ${selfParse!.toFixed(0)} ms (${(selfParse! / otherParse!).toFixed(3)})`,
);
const [other, self] = sides.map((s) => best.get(s.name)!);
console.log(
  `this / other: wall ${(self!.wallMs / other!.wallMs).toFixed(3)}, CPU ${(self!.cpuMs / other!.cpuMs).toFixed(3)} (below 1: faster)`,
);
