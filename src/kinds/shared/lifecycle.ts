// A leaver as the kinds see it at plan time. The load-time rewrite (src/config/leaver.ts) has already made the
// desired state agree across kinds; what needs the plan's time is decided here, from `DiffContext.now` and never
// the clock: whether the leaver's deletion is due (`state: deleted`, or the day `deleteAfter` names has begun, UTC).
import type { TenantConfig, UserSpec } from '../../config/model.js';
import { normalKey } from './reconcile.js';

const startOfDay = (date: string): number => Date.parse(`${date}T00:00:00Z`);

export function deletionDue(user: UserSpec, now: Date): boolean {
  const life = user.lifecycle;
  if (!life) return false;
  return life.state === 'deleted' || (life.deleteAfter !== undefined && startOfDay(life.deleteAfter) <= now.getTime());
}

/** The declared leavers by normalised UPN. */
export function leavers(config: TenantConfig): Map<string, UserSpec> {
  return new Map((config.users ?? []).filter((u) => u.lifecycle).map((u) => [normalKey(u.userPrincipalName), u]));
}

/** Normalised UPNs of the leavers whose deletion is due: their mailbox and its grants go with the user. */
export function retiredLeavers(config: TenantConfig, now: Date): Set<string> {
  return new Set([...leavers(config)].filter(([, u]) => deletionDue(u, now)).map(([k]) => k));
}

/** The time a leaver's sign-in sessions must be valid from: the start of the day it left. */
export function leftAt(user: UserSpec): number | undefined {
  const since = user.lifecycle?.since;
  return since === undefined ? undefined : startOfDay(since);
}
