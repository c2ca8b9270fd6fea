// Times the launcher on this machine: `node --import tsx test/server/measure.ts`.
// Start-up, account creation (direct file writes vs prosodyctl), restarts, and peer logins.
import { registerWithProsodyctl, writeAccount } from './accounts.js';
import { connectPeer } from './peer.js';
import { startProsody } from './prosody.js';
import { makeOrganisation } from './users.js';

const ms = (t: number): string => `${(performance.now() - t).toFixed(1)} ms`;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timed(label: string, runs: number, fn: () => Promise<void>): Promise<void> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  console.log(
    `${label}: median ${median(times).toFixed(1)} ms over ${runs} (min ${Math.min(...times).toFixed(1)}, max ${Math.max(...times).toFixed(1)})`,
  );
}

await timed('start, no users, then stop', 5, async () => {
  await (await startProsody()).stop();
});

const company = makeOrganisation({ size: 40, viewers: ['viewer'] });
let t = performance.now();
const server = await startProsody({ users: company });
console.log(`start with ${company.length} users (direct writes, 4096 iterations): ${ms(t)}`);

for (const iterations of [4096, 10_000]) {
  t = performance.now();
  for (let i = 0; i < 40; i++) {
    writeAccount({ dataDir: server.dataDir, host: server.host, passwordHash: 'SHA-1', scramIterations: iterations }, `bulk${i}`, 'pw-pw');
  }
  console.log(`direct account write, ${iterations} iterations: ${((performance.now() - t) / 40).toFixed(2)} ms per user`);
}
t = performance.now();
for (let i = 0; i < 10; i++) await registerWithProsodyctl('prosodyctl', server.configPath, server.host, `ctl${i}`, 'pw-pw');
console.log(`prosodyctl register: ${((performance.now() - t) / 10).toFixed(1)} ms per user`);

await timed('restart (graceful, running server)', 5, () => server.restart());
await timed('kill + restart', 5, async () => {
  await server.kill();
  await server.restart();
});

const user = company[0]!;
await timed('peer login, PLAIN over TCP', 5, async () => (await connectPeer(server, user)).stop());
await timed('peer login, PLAIN over WebSocket', 5, async () => (await connectPeer(server, user, { transport: 'ws' })).stop());
await timed('peer login, SCRAM-SHA-1 over TCP (4096 iterations)', 3, async () =>
  (await connectPeer(server, user, { mechanism: 'SCRAM-SHA-1' })).stop(),
);
await server.stop();

const slow = await startProsody({ users: [user], scramIterations: 10_000 });
await timed('peer login, SCRAM-SHA-1 over TCP (10000 iterations)', 3, async () =>
  (await connectPeer(slow, user, { mechanism: 'SCRAM-SHA-1' })).stop(),
);
await slow.stop();
