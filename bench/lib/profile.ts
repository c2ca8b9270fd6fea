/**
 * Optional CPU profile of a bench window (PRESENTLY_BENCH_PROFILE=1): written to .tmp/bench/NAME.cpuprofile
 * (open it in Chrome DevTools) with the top self-time functions printed, to find hot spots.
 */
import { Session } from 'node:inspector/promises';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { root } from './bundle-size.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export const profiling = (): boolean => !!process.env.PRESENTLY_BENCH_PROFILE;

export async function startProfile(): Promise<(name?: string) => Promise<void>> {
  const session = new Session();
  session.connect();
  if (process.env.PRESENTLY_BENCH_PROFILE === 'alloc') return startAllocationProfile(session);
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  return async function stop(name = 'profile') {
    const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: Profile };
    session.disconnect();
    const dir = resolve(root, '.tmp/bench');
    mkdirSync(dir, { recursive: true });
    writeFileSync(resolve(dir, `${name}.cpuprofile`), JSON.stringify(profile));
    printTop(profile, name);
  };
}

function printTop(profile: Profile, name: string, n = 25): void {
  const time = new Map<number, number>();
  profile.samples.forEach((id, i) => time.set(id, (time.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const self = new Map<string, number>();
  for (const node of profile.nodes) {
    const f = node.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*node_modules\/\.pnpm\/[^/]+\/node_modules\//, '').replace(/^file:\/\/.*?\/packages\//, 'packages/')}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (time.get(node.id) ?? 0));
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  console.error(`\nprofile ${name}: top self time (${(total / 1000).toFixed(0)} ms sampled)`);
  for (const [key, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, n)) {
    console.error(`${(us / 1000).toFixed(1).padStart(8)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${key}`);
  }
}

interface SamplingNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: SamplingNode[];
}

/**
 * PRESENTLY_BENCH_PROFILE=alloc: a sampling heap profile that keeps objects the GC already collected, so it shows
 * who allocates (and makes the garbage collector work), not only who retains. Top allocating functions are printed.
 */
async function startAllocationProfile(session: Session): Promise<(name?: string) => Promise<void>> {
  await session.post('HeapProfiler.enable');
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: 1024,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  return async function stop(name = 'profile') {
    const { profile } = (await session.post('HeapProfiler.stopSampling')) as unknown as { profile: { head: SamplingNode } };
    session.disconnect();
    const self = new Map<string, number>();
    const walk = (node: SamplingNode): void => {
      const f = node.callFrame;
      const key = `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*node_modules\/\.pnpm\/[^/]+\/node_modules\//, '').replace(/^file:\/\/.*?\/packages\//, 'packages/')}:${f.lineNumber + 1}`;
      self.set(key, (self.get(key) ?? 0) + node.selfSize);
      node.children.forEach(walk);
    };
    walk(profile.head);
    const total = [...self.values()].reduce((a, b) => a + b, 0);
    console.error(`\nallocations ${name}: top allocating functions (${(total / 1e6).toFixed(0)} MB sampled)`);
    for (const [key, bytes] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
      console.error(`${(bytes / 1e6).toFixed(1).padStart(8)} MB ${((100 * bytes) / total).toFixed(1).padStart(5)}%  ${key}`);
    }
  };
}
