// The two waits of Teams writes, on the client stack's clock. A team is created from a group that Teams may not know
// yet: "If the group was created less than 15 minutes ago, it's possible for the Create team call to fail with a 404
// error code due to replication delays. The recommended pattern is to retry the Create team call three times, with a
// 10 second delay between calls." (api-reference/v1.0/api/team-put-teams.md). Archive and unarchive answer 202 with
// the Location of a teamsAsyncOperation to poll until it succeeds or fails (team-archive.md, team-unarchive.md).
import { ApiError } from './errors.js';
import { doubling, poll, steady, type WireClock } from './poll.js';
import type { GraphApi } from './types.js';

/** team-put-teams.md: three retries, ten seconds apart. */
export const CREATE_TEAM_RETRIES: readonly number[] = steady(10_000, 30_000);

/** An archive usually completes within seconds; a team with much content can take minutes. */
export const OPERATION_SCHEDULE: readonly number[] = doubling(1_000, 5 * 60_000);

function needs<K extends 'put' | 'startOperation'>(graph: GraphApi, method: K): NonNullable<GraphApi[K]> {
  const fn = graph[method];
  if (!fn) throw new Error(`this Graph client cannot ${method === 'put' ? 'PUT' : 'start long-running operations'}`);
  return fn.bind(graph) as NonNullable<GraphApi[K]>;
}

/** `PUT /groups/{id}/team`, retried on 404 as the page recommends; the team as Graph returned it. */
export async function createTeam<T>(graph: GraphApi, groupId: string, body: unknown, clock?: WireClock, schedule = CREATE_TEAM_RETRIES): Promise<T> {
  const put = needs(graph, 'put');
  const path = `/groups/${encodeURIComponent(groupId)}/team`;
  let last: ApiError | undefined;
  const outcome = await poll(
    async (): Promise<T | undefined> => {
      try {
        return await put<T>(path, body);
      } catch (error) {
        if (!(error instanceof ApiError) || error.status !== 404) throw error;
        last = error;
        return undefined;
      }
    },
    { until: (v) => v !== undefined, schedule, clock },
  );
  if (outcome.done) return outcome.value as T;
  throw last ?? new Error(`PUT ${path}: the group is not yet known to Teams`);
}

interface AsyncOperation { status?: string; error?: { code?: string; message?: string } | null }

/** Starts the operation at `path` and polls its Location until it succeeds; a failure or a timeout throws. */
export async function runTeamsOperation(graph: GraphApi, path: string, clock?: WireClock, schedule = OPERATION_SCHEDULE): Promise<void> {
  const location = await needs(graph, 'startOperation')(path);
  if (!location) throw new Error(`POST ${path}: 202 without a Location to poll`);
  const outcome = await poll(() => graph.get<AsyncOperation>(location), { until: (op) => op.status === 'succeeded' || op.status === 'failed', schedule, clock });
  if (!outcome.done) throw new Error(`POST ${path}: the operation is still ${outcome.last.status ?? 'running'} after ${Math.round(outcome.waitedMs / 1000)} s; plan again later`);
  const op = outcome.value;
  if (op.status === 'failed') throw new Error(`POST ${path}: the operation failed: ${op.error?.code ?? ''} ${op.error?.message ?? ''}`.trim());
}
