// Turns the proposals of all kinds into plan changes: stable ids, live fingerprints, dependencies as change ids.
import type { Change, ProposedChange } from './types.js';
import { ABSENT_FINGERPRINT } from './digest.js';
import { fingerprint } from './fingerprint.js';

export interface Proposal {
  change: ProposedChange;
  /** Position of the proposing kind in the registry: the primary sort key of ids. */
  kindIndex: number;
}

const ACTION_RANK = { delete: 0, replace: 1, update: 2, create: 3 } as const;

function compare(a: Proposal, b: Proposal): number {
  if (a.kindIndex !== b.kindIndex) return a.kindIndex - b.kindIndex;
  if (a.change.address !== b.change.address) return a.change.address < b.change.address ? -1 : 1;
  return ACTION_RANK[a.change.action] - ACTION_RANK[b.change.action];
}

/**
 * Ids follow registry order, then address, so the same proposals always get the same ids whatever order the services
 * returned objects in. `dependsOn` addresses outside this plan are dropped: they already exist and need nothing.
 */
export function assembleChanges(tenant: string, proposals: Proposal[], liveByAddress: ReadonlyMap<string, unknown>): Change[] {
  const sorted = [...proposals].sort(compare);
  const idsByAddress = new Map<string, string[]>();
  const withIds = sorted.map((p, i) => {
    const id = `${tenant}/${i + 1}`;
    idsByAddress.set(p.change.address, [...(idsByAddress.get(p.change.address) ?? []), id]);
    return { p, id };
  });
  return withIds.map(({ p, id }) => {
    const c = p.change;
    const deps = new Set<string>();
    for (const address of c.dependsOn ?? []) {
      for (const dep of idsByAddress.get(address) ?? []) if (dep !== id) deps.add(dep);
    }
    const live = liveByAddress.get(c.address);
    return {
      id,
      kind: c.kind,
      address: c.address,
      action: c.action,
      fields: c.fields,
      before: c.before,
      after: c.after,
      liveFingerprint: live === undefined ? ABSENT_FINGERPRINT : fingerprint(live),
      dependsOn: [...deps].sort(byIdNumber),
      destructive: c.action === 'delete' || c.action === 'replace' || c.destructive === true,
      reason: c.reason,
      // What apply sends, as the kind computed it: the plan carries it so a saved plan missing a step is refused.
      ...(c.ops !== undefined ? { ops: c.ops } : {}),
      ...(c.billing ? { billing: c.billing } : {}),
      ...(c.ops ? { ops: c.ops } : {}),
    };
  });
}

function byIdNumber(a: string, b: string): number {
  return Number(a.slice(a.lastIndexOf('/') + 1)) - Number(b.slice(b.lastIndexOf('/') + 1));
}

/** The ids on a dependency cycle, or undefined. A cycle can never be applied, so the plan refuses it up front. */
export function findCycle(changes: Pick<Change, 'id' | 'dependsOn'>[]): string[] | undefined {
  const deps = new Map(changes.map((c) => [c.id, c.dependsOn]));
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === 'done') return undefined;
    if (state.get(id) === 'visiting') return stack.slice(stack.indexOf(id)).concat(id);
    state.set(id, 'visiting');
    stack.push(id);
    for (const dep of deps.get(id) ?? []) {
      const cycle = deps.has(dep) ? visit(dep) : undefined;
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const c of changes) {
    const cycle = visit(c.id);
    if (cycle) return cycle;
  }
  return undefined;
}
