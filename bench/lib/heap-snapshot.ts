/**
 * V8 heap snapshots over CDP (HeapProfiler.takeHeapSnapshot), summed by node type, for bench/memory.ts.
 * V8 collects garbage before it writes a snapshot, so a snapshot holds only what is still reachable. Its node types
 * split that into:
 * - "code": V8's code-related objects: compiled (Sparkplug/Maglev/TurboFan) code, bytecode, SharedFunctionInfos,
 *   scripts, feedback vectors and cells. The optimising tiers keep adding to it for a while after a path gets hot;
 *   none of it is an object the page created.
 * - "native": Blink's C++ objects (DOM nodes behind their wrappers, style and text-shaping caches, the performance
 *   timeline) and a few V8 internals; outside the V8 heap that Runtime.getHeapUsage reports.
 * - everything else ("objects" here): JS objects and arrays (DOM wrappers included), strings, closures and their
 *   contexts, Map/Set tables, numbers, symbols, hidden classes: what a leak is made of.
 */
import type { CDPSession } from 'playwright';

export interface HeapSplit {
  /** Bytes (self sizes) of nodes of type "code". */
  code: number;
  /** Bytes of every other V8-heap node: JS objects, arrays, strings, closures, shapes… */
  objects: number;
  /** Number of those nodes. */
  objectCount: number;
  /** Bytes of "native" nodes (Blink/embedder). */
  native: number;
  /** Bytes by node type, for diagnosis. */
  byType: Record<string, number>;
}

interface RawSnapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
}

/** Collects garbage, takes a snapshot and sums it by node type. Takes about a second for a ~20 MB heap. */
export async function heapSplit(cdp: CDPSession): Promise<HeapSplit> {
  for (let i = 0; i < 2; i++) await cdp.send('HeapProfiler.collectGarbage');
  const chunks: string[] = [];
  const onChunk = (e: { chunk: string }) => chunks.push(e.chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  try {
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  } finally {
    cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  }
  return splitSnapshot(JSON.parse(chunks.join('')) as RawSnapshot);
}

function splitSnapshot(raw: RawSnapshot): HeapSplit {
  const fields = raw.snapshot.meta.node_fields;
  const types = raw.snapshot.meta.node_types[0];
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const sizeAt = fields.indexOf('self_size');
  const byType: Record<string, number> = {};
  let objectCount = 0;
  const nodes = raw.nodes;
  for (let i = 0; i < nodes.length; i += width) {
    const type = types[nodes[i + typeAt]!]!;
    byType[type] = (byType[type] ?? 0) + nodes[i + sizeAt]!;
    if (type !== 'code' && type !== 'native' && type !== 'synthetic') objectCount++;
  }
  let code = 0;
  let objects = 0;
  let native = 0;
  for (const [type, size] of Object.entries(byType)) {
    if (type === 'code') code += size;
    else if (type === 'native') native += size;
    else if (type !== 'synthetic') objects += size;
  }
  return { code, objects, objectCount, native, byType };
}

/** after − before, field by field. */
export function heapGrowth(before: HeapSplit, after: HeapSplit): Omit<HeapSplit, 'byType'> {
  return {
    code: after.code - before.code,
    objects: after.objects - before.objects,
    objectCount: after.objectCount - before.objectCount,
    native: after.native - before.native,
  };
}
