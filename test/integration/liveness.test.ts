// Ghost correction against a real Prosody (issue #16, docs/design.md "A dot is never green for someone who can't
// be reached"): Alice runs our client with a shortened re-check; Bob and Carol are raw @xmpp/client peers
// (test/server/peer.ts). A peer that answers pings slowly stays available; a peer whose socket is silently
// black-holed (no unavailable, nothing answered) leaves "available" within the target.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { shows, startLivenessRun, waitFor, type LivenessRun } from '../server/liveness-run.js';

/** Shortened re-check: 2 s of silence, 3 s to answer (the defaults are 30 s and 10 s). */
const LIVENESS = { silenceMs: 2000, timeoutMs: 3000 };
/** Worst case with LIVENESS: silence + jitter (3 s) + sweep (0.33 s) + two timeouts (6 s), with slack for load. */
const GONE_WITHIN_MS = 15_000;

let run: LivenessRun;
const jidOf = (name: string) => run.jidOf(name);
const alice = () => run.alice({ resource: 'liveness', liveness: LIVENESS });
const peer = (name: string) => run.peer(name);

beforeAll(async () => {
  run = await startLivenessRun();
});

afterEach(async () => {
  await run.closeAll();
  expect(run.errors.splice(0).map((e) => `${e.code}: ${e.message}`)).toEqual([]);
});

afterAll(async () => {
  await run?.stop();
});

describe('liveness against Prosody', () => {
  it('a peer that answers pings slowly (within the timeout) stays available: no false positive', async () => {
    const bob = await peer('bob');
    const client = await alice();
    const seen = shows(client, jidOf('bob'));
    await waitFor(() => client.presenceOf(jidOf('bob')).show === 'available', 5000, 'bob available');
    bob.answerPingsAfter(2500);
    const t = Date.now();
    await new Promise((r) => setTimeout(r, 20_000));
    expect(seen.filter((s) => s !== 'unknown')).toEqual(['available']);
    expect(client.presenceOf(jidOf('bob')).resources.map((r) => r.resource)).toEqual(['desk']);
    // It really was re-checked, several times, over those 20 s.
    expect(bob.pingsReceived).toBeGreaterThanOrEqual(3);
    console.log(
      `[liveness] slow peer (2.5 s answers): ${bob.pingsReceived} pings in ${Math.round((Date.now() - t) / 1000)} s, still available`,
    );
  }, 40_000);

  it('a peer whose socket is black-holed (no unavailable, nothing answered) leaves "available" within the target', async () => {
    const carol = await peer('carol');
    const client = await alice();
    await waitFor(() => client.presenceOf(jidOf('carol')).show === 'available', 5000, 'carol available');
    shows(client, jidOf('carol'));
    carol.blackHole();
    const t = Date.now();
    await waitFor(() => client.presenceOf(jidOf('carol')).show !== 'available', GONE_WITHIN_MS, 'carol to leave available');
    const took = Date.now() - t;
    expect(client.presenceOf(jidOf('carol'))).toMatchObject({ show: 'offline', resources: [] });
    console.log(
      `[liveness] black-holed peer left "available" after ${took} ms (silence ${LIVENESS.silenceMs} ms, timeout ${LIVENESS.timeoutMs} ms)`,
    );
  }, 40_000);
});
