// How a set of Graph writes is sent: through `$batch` (20 to a call, chunked by the client) with each inner answer
// checked, and bodies that bind many references split at Graph's limit per request.
import type { BatchRequest, GraphApi } from './types.js';
import { batchError, isSuccess } from './reads.js';

/**
 * References one `members@odata.bind` PATCH may carry: "you can add up to only 20 members" in one request
 * (https://learn.microsoft.com/graph/api/group-post-members).
 */
export const BIND_LIMIT = 20;

/** Splits `items` into runs of at most `size`, in order. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`chunk size must be a positive integer, not ${size}`);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Sends writes through `$batch`; statuses in `tolerated` (e.g. 404 on a removal already done) count as success. */
export async function batchWrite(graph: GraphApi, requests: Omit<BatchRequest, 'id'>[], tolerated: number[] = []): Promise<void> {
  if (requests.length === 0) return;
  const withIds: BatchRequest[] = requests.map((r, i) => ({ ...r, id: String(i + 1) }));
  const responses = await graph.batch(withIds);
  const failed = responses.findIndex((r) => !isSuccess(r.status) && !tolerated.includes(r.status));
  if (failed >= 0) throw batchError(withIds[failed]!, responses[failed]!);
}

/** Adds references to a multi-valued navigation property (`members@odata.bind`) in PATCHes of BIND_LIMIT, one after another. */
export async function bindAll(graph: GraphApi, path: string, property: string, refs: readonly string[]): Promise<void> {
  for (const part of chunks(refs, BIND_LIMIT)) await graph.patch(path, { [`${property}@odata.bind`]: part });
}
