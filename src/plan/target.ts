// Resource targeting, as Terraform's `-target`: a plan narrowed to the changes whose address matches a target, plus
// every change they depend on (transitively), so that what is applied can succeed on its own. Plan and apply narrow
// with this one function, which is what lets apply compare a targeted saved plan with a targeted re-derivation.
import { globMatch } from './glob.js';
import type { Change } from './types.js';

/** Addresses compare as natural keys do elsewhere: case-insensitively; `*` and `?` are globs. */
export const targetMatches = (target: string, address: string): boolean => globMatch(target, address, true);

/** The changes a target selects, with their dependency closure, in the plan's order. */
export function narrowToTargets(changes: readonly Change[], targets: readonly string[]): Change[] {
  const byId = new Map(changes.map((c) => [c.id, c]));
  const keep = new Set<string>();
  const visit = (id: string): void => {
    if (keep.has(id) || !byId.has(id)) return;
    keep.add(id);
    for (const dep of (byId.get(id) as Change).dependsOn) visit(dep);
  };
  for (const c of changes) if (targets.some((t) => targetMatches(t, c.address))) visit(c.id);
  return changes.filter((c) => keep.has(c.id));
}

/** Why a list of targets is unusable before anything is read, or undefined. */
export function targetsRefusal(targets: readonly string[]): string | undefined {
  const blank = targets.find((t) => t.trim() === '');
  if (blank !== undefined) return '--target needs an address such as user:alice@contoso.com';
  return undefined;
}

/** The partial-plan warning every rendering of a targeted plan carries. */
export function targetWarning(targets: readonly string[]): string {
  return `Resource targeting is in effect (${targets.join(', ')}): this plan holds only the targeted changes and the ` +
    'changes they depend on, so it may not be the whole of what the configuration asks for. Plan without --target before you rely on it.';
}
