// Liveness's no-false-positive target (issue #16): over 10 minutes, with the default re-check (20 s of
// silence, 10 s to answer, one retry), a live contact is never marked gone, including peers that answer
// pings slowly. Real Prosody; Alice runs our client; four raw @xmpp/client peers answer at once, after
// 3 s, after 6 s and after 9 s (just inside the 10 s timeout). CI runs the full 10 minutes
// (PRESENTLY_LONG=1, set by .ci/run, in the background beside the rest); without it the same run lasts
// 90 s, which still covers three or more re-checks of each peer.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { shows, startLivenessRun, waitFor, type LivenessRun } from '../server/liveness-run.js';

const RUN_MS = process.env.PRESENTLY_LONG === '1' ? 10 * 60_000 : 90_000;
/** Answer delay of each peer; every one is inside the default 10 s timeout. */
const PEERS = { bob: 0, carol: 3000, dave: 6000, eve: 9000 } as const;

let run: LivenessRun;
const jidOf = (name: string) => run.jidOf(name);

beforeAll(async () => {
  run = await startLivenessRun();
});

afterAll(async () => {
  await run?.stop();
});

it(
  `no live contact is marked gone over ${RUN_MS / 60_000} minutes with the default re-check`,
  async () => {
    for (const [name, delay] of Object.entries(PEERS)) await run.peer(name, delay);
    const client = await run.alice({ resource: 'long' });
    const names = Object.keys(PEERS);
    /** Every show each peer's dot went through, in order. */
    const seen = new Map<string, string[]>(names.map((n) => [n, shows(client, jidOf(n))]));
    await waitFor(() => names.every((n) => client.presenceOf(jidOf(n)).show === 'available'), 10_000, 'every peer available');

    const started = Date.now();
    await new Promise((r) => setTimeout(r, RUN_MS));

    for (const name of names) {
      expect(
        seen.get(name)!.filter((s) => s !== 'unknown'),
        name,
      ).toEqual(['available']);
      expect(client.presenceOf(jidOf(name)).show, name).toBe('available');
    }
    // Each peer really was re-checked: the default silence is 20-30 s, so a 90 s run pings each at least twice.
    for (const p of run.peers) expect(p.pingsReceived, p.jid).toBeGreaterThanOrEqual(2);
    expect(run.errors.map((e) => `${e.code}: ${e.message}`)).toEqual([]);
    console.log(
      `[liveness] ${Math.round((Date.now() - started) / 1000)} s, default re-check, no false positive; pings answered ` +
        run.peers.map((p, i) => `${names[i]} (${Object.values(PEERS)[i]! / 1000} s): ${p.pingsReceived}`).join(', '),
    );
  },
  RUN_MS + 60_000,
);
