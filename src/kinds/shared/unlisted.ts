// Per-user items (licenses, directory roles) that no declaration asks for. A user whose YAML lists the kind states the
// whole truth for that user, so the rest of theirs goes (`not_declared`); anyone else's goes only by prune of a
// complete read (`pruned`), and otherwise counts as unmanaged.
import type { DiffContext } from '../contract.js';

export interface Unlisted<L> {
  item: L;
  address: string;
  reason: 'not_declared' | 'pruned';
}

export function unlisted<L extends { upn: string }>(
  live: L[],
  addressOf: (l: L) => string,
  wanted: ReadonlySet<string>,
  listed: ReadonlySet<string>,
  ctx: DiffContext,
): { removals: Unlisted<L>[]; unmanaged: number } {
  const removals: Unlisted<L>[] = [];
  let unmanaged = 0;
  for (const item of live) {
    const address = addressOf(item);
    if (wanted.has(address)) continue;
    const reason = listed.has(item.upn) ? 'not_declared' : 'pruned';
    if (reason === 'pruned') unmanaged++;
    if (reason === 'pruned' && !(ctx.prune && ctx.complete)) continue;
    removals.push({ item, address, reason });
  }
  return { removals, unmanaged: ctx.complete ? unmanaged : 0 };
}
