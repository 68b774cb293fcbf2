// Rollout rings: each tenant declares `tenant.ring` (canary, early or broad; broad when left out), and a rollout
// applies ring by ring in that order, halting before the next ring when too many tenants of one ring failed.
import type { LoadedTenant } from '../config/model.js';
import type { TenantPlan } from '../plan/types.js';

export const RINGS = ['canary', 'early', 'broad'] as const;
export type Ring = (typeof RINGS)[number];
export const DEFAULT_RING: Ring = 'broad';

export const ringOf = (t: LoadedTenant): Ring => t.config.tenant.ring ?? DEFAULT_RING;

export const isRing = (name: string): name is Ring => (RINGS as readonly string[]).includes(name);

/** The error line for an unknown `--ring`, or undefined. */
export function ringRefusal(name: string | undefined): string | undefined {
  if (name === undefined || isRing(name)) return undefined;
  return `--ring ${name}: not a ring; the rings are ${RINGS.join(', ')}`;
}

/** Tenant plans in ring order (stable within a ring), so the plan reads in the order it rolls out. */
export function byRing(tenants: readonly TenantPlan[]): TenantPlan[] {
  const rank = (t: TenantPlan): number => RINGS.indexOf((t.ring ?? DEFAULT_RING) as Ring);
  return [...tenants].sort((a, b) => rank(a) - rank(b));
}

/** How many failed tenants a ring may have before the rollout halts: a count, or a percentage of the ring. */
export type FailureThreshold = { count: number } | { percent: number };

export function parseThreshold(raw: string): FailureThreshold {
  const m = /^(\d+(?:\.\d+)?)(%?)$/.exec(raw.trim());
  if (!m) throw new Error(`--halt-on-failures ${raw}: give a number of tenants (0, 2) or a percentage (10%)`);
  const n = Number(m[1]);
  if (m[2] === '%') {
    if (n > 100) throw new Error(`--halt-on-failures ${raw}: a percentage is at most 100%`);
    return { percent: n };
  }
  if (!Number.isInteger(n)) throw new Error(`--halt-on-failures ${raw}: a number of tenants is a whole number`);
  return { count: n };
}

/** True when `failed` of `total` tenants exceeds the threshold. */
export function exceeds(threshold: FailureThreshold, failed: number, total: number): boolean {
  if ('count' in threshold) return failed > threshold.count;
  return total > 0 && (failed / total) * 100 > threshold.percent;
}

export const describeThreshold = (t: FailureThreshold): string => ('count' in t ? `${t.count} tenant${t.count === 1 ? '' : 's'}` : `${t.percent}%`);
