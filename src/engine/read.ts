// The scoped read of a tenant's live state, shared by plan and by apply's stale check so both read the same way.
import { createReadSession, type ReadSession } from '../clients/session.js';
import type { Clients } from '../clients/types.js';
import type { TenantConfig } from '../config/model.js';
import { declaresAny, pruneFlag, type FetchResult, type Kind, type LiveDirectory } from '../kinds/contract.js';
import type { Diagnostic } from '../plan/types.js';
import { describeError } from './errors.js';
import { mapLimit } from '../util/pool.js';

export interface KindRead {
  kind: Kind;
  index: number;
  desired: unknown[];
  prune: boolean;
  result: FetchResult<unknown>;
  liveByAddress: Map<string, unknown>;
}

export type ReadOutcome = { ok: true; reads: KindRead[] } | { ok: false; diagnostics: Diagnostic[] };

export const DEFAULT_KIND_CONCURRENCY = 8;

/**
 * Selects and fetches every kind; any failure makes the whole read fail (unknown state is never "absent"), with one
 * diagnostic per failed kind naming it and carrying the service's message. The kinds share `session`: one read of
 * what several need, and nothing from another run.
 */
export async function readKinds(
  config: TenantConfig,
  clients: Clients,
  kinds: Kind[],
  concurrency = DEFAULT_KIND_CONCURRENCY,
  session: ReadSession = createReadSession(),
  directory?: LiveDirectory,
): Promise<ReadOutcome> {
  const outcomes = await mapLimit(kinds, concurrency, async (kind, index) => {
    try {
      const desired = kind.select(config);
      const prune = pruneFlag(config, kind);
      // Nothing declared (not even an empty list) and nothing to prune: nothing to plan, so the kind costs no request.
      const result = !prune && !declaresAny(config, kind) ? { live: [], complete: false } : await kind.fetch({ tenant: config, clients, prune, session, ...(directory ? { directory } : {}) }, desired);
      const liveByAddress = new Map<string, unknown>();
      for (const obj of result.live) liveByAddress.set(kind.address(obj), obj);
      return { ok: true as const, read: { kind, index, desired, prune, result, liveByAddress } };
    } catch (error) {
      const diagnostic: Diagnostic = {
        severity: 'error',
        summary: `reading ${kind.kind} failed: ${describeError(error)}`,
        detail: 'the live state of this tenant is unknown, so nothing is planned for it',
      };
      return { ok: false as const, diagnostic };
    }
  });
  const failed = outcomes.flatMap((o) => (o.ok ? [] : [o.diagnostic]));
  if (failed.length > 0) return { ok: false, diagnostics: failed };
  return { ok: true, reads: outcomes.flatMap((o) => (o.ok ? [o.read] : [])) };
}
