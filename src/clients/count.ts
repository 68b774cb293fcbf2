// The `$count` URL segment of a directory collection: one request, the number as text/plain. Graph serves it only as
// an advanced query, with `ConsistencyLevel: eventual` (api-reference/v1.0/api/user-list.md, example 3;
// concepts/aad-advanced-queries.md). Retries and throttling are the client's, as for any read.
import { ApiError } from './errors.js';
import type { GraphApi } from './types.js';

/** How many objects `collection` (`users`, `groups`) holds; throws when the answer is not a count. */
export async function countOf(graph: GraphApi, collection: string): Promise<number> {
  const answer = await graph.get<unknown>(`/${collection}/$count`, { headers: { ConsistencyLevel: 'eventual' } });
  const n = typeof answer === 'string' ? Number(answer.trim()) : answer;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
    throw new ApiError('graph', 502, 'UnexpectedResponse', `GET /${collection}/$count answered ${JSON.stringify(answer).slice(0, 40)}, not a count`);
  }
  return n;
}
