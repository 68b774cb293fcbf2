// `$batch` planning: at most 20 requests per call, and a `dependsOn` chain must travel in one call because Graph
// resolves dependencies only inside a batch. Pure, so chunking is table-tested without a server.
import type { BatchRequest } from './types.js';

export const MAX_BATCH = 20;

/** Splits requests into chunks of at most `size`, keeping every dependsOn-connected group together, in order. */
export function chunkBatch(requests: BatchRequest[], size = MAX_BATCH): BatchRequest[][] {
  const index = new Map<string, number>();
  requests.forEach((r, i) => {
    if (index.has(r.id)) throw new Error(`batch request id "${r.id}" is used twice`);
    index.set(r.id, i);
  });
  const parent = requests.map((_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  requests.forEach((r, i) => {
    for (const dep of r.dependsOn ?? []) {
      const j = index.get(dep);
      if (j === undefined) throw new Error(`batch request "${r.id}" depends on unknown id "${dep}"`);
      parent[root(i)] = root(j);
    }
  });
  const groups = new Map<number, BatchRequest[]>();
  requests.forEach((r, i) => {
    const g = groups.get(root(i)) ?? [];
    g.push(r);
    groups.set(root(i), g);
  });
  const chunks: BatchRequest[][] = [];
  let current: BatchRequest[] = [];
  for (const group of groups.values()) {
    if (group.length > size) {
      throw new Error(`a dependsOn chain of ${group.length} requests (from "${group[0]!.id}") exceeds ${size}`);
    }
    if (current.length + group.length > size) {
      chunks.push(current);
      current = [];
    }
    current.push(...group);
  }
  if (current.length) chunks.push(current);
  return chunks;
}

/**
 * The requests of a chunk to send again: those answered with a retryable status, plus those that failed with 424
 * only because something they depend on is being retried. Their dependsOn is trimmed to ids still in the retry set.
 */
export function retrySubset(
  chunk: BatchRequest[],
  statusOf: (id: string) => number | undefined,
  retryable: (status: number) => boolean,
): BatchRequest[] {
  const again = new Set<string>();
  for (const r of chunk) {
    const s = statusOf(r.id);
    if (s !== undefined && retryable(s)) again.add(r.id);
  }
  let grew = true;
  while (grew) {
    grew = false;
    for (const r of chunk) {
      if (again.has(r.id) || statusOf(r.id) !== 424) continue;
      if ((r.dependsOn ?? []).some((d) => again.has(d))) {
        again.add(r.id);
        grew = true;
      }
    }
  }
  return chunk
    .filter((r) => again.has(r.id))
    .map((r) => {
      const deps = (r.dependsOn ?? []).filter((d) => again.has(d));
      const { dependsOn: _drop, ...rest } = r;
      return deps.length ? { ...rest, dependsOn: deps } : rest;
    });
}
