// Service-plan business rules of licensing and the group-based licensing engine. MicrosoftDocs/entra-docs
// docs/identity/users/licensing-groups-resolve-problems.md names the failures: not enough licenses
// (CountViolation), conflicting service plans (MutuallyExclusiveViolation), a plan other enabled plans depend on
// (DependencyViolation). Direct assignments fail at once; group assignments are recorded on the user as
// licenseAssignmentStates in state `Error` (api-reference/v1.0/resources/licenseassignmentstate.md), and a group
// whose products cannot all be assigned assigns none of them to that user.
import type { SeedServicePlan } from '../seed.js';
import type { AssignedLicense, TenantState, UserObject } from '../state.js';

export type LicenseError = 'CountViolation' | 'MutuallyExclusiveViolation' | 'DependencyViolation';

export interface PlanViolation { error: Exclude<LicenseError, 'CountViolation'>; plan: string; other: string[] }

export interface GroupAssignment {
  groupId: string; skuId: string; disabledPlans: string[]; state: 'Active' | 'Error'; error: LicenseError | 'None';
}

/** The service plans a set of assignments leaves enabled, by plan id. */
function enabledPlans(tenant: TenantState, licenses: readonly AssignedLicense[]): Map<string, SeedServicePlan> {
  const out = new Map<string, SeedServicePlan>();
  for (const l of licenses) {
    const sku = tenant.skus.find((s) => s.skuId === l.skuId);
    for (const p of sku?.servicePlans ?? []) if (!l.disabledPlans.includes(p.servicePlanId)) out.set(p.servicePlanId, p);
  }
  return out;
}

/**
 * The first broken plan rule among `licenses`: a plan enabled beside one it excludes (seed `exclusiveWith`), or a
 * plan none of whose prerequisites (seed `requires`, any one suffices) is enabled.
 */
export function planViolation(tenant: TenantState, licenses: readonly AssignedLicense[]): PlanViolation | undefined {
  const enabled = enabledPlans(tenant, licenses);
  for (const [id, plan] of enabled) {
    const clash = (plan.exclusiveWith ?? []).filter((x) => x !== id && enabled.has(x));
    if (clash.length) return { error: 'MutuallyExclusiveViolation', plan: id, other: clash };
    const needs = plan.requires ?? [];
    if (needs.length && !needs.some((x) => enabled.has(x))) return { error: 'DependencyViolation', plan: id, other: needs };
  }
  return undefined;
}

interface Resolution { key: string; byUser: Map<string, GroupAssignment[]> }
const cache = new WeakMap<TenantState, Resolution>();

/** Changes that move group licensing: any touched object, users coming and going, seat counts. */
function stateKey(tenant: TenantState): string {
  return `${tenant.version}|${tenant.users.size}|${tenant.groups.size}|${tenant.skus.map((s) => s.seats).join(',')}`;
}

/**
 * Group-based licensing as the service settles it: direct assignments hold their seats first, then groups in
 * directory order assign their products to members in membership order while seats last and plan rules hold.
 */
export function resolveGroupLicenses(tenant: TenantState): Map<string, GroupAssignment[]> {
  const key = stateKey(tenant);
  const hit = cache.get(tenant);
  if (hit?.key === key) return hit.byUser;
  const left = new Map(tenant.skus.map((s) => [s.skuId, s.seats]));
  for (const u of tenant.users.values()) for (const l of u.licenses) left.set(l.skuId, (left.get(l.skuId) ?? 0) - 1);
  const byUser = new Map<string, GroupAssignment[]>();
  for (const g of tenant.groups.values()) {
    if (g.licenses.length === 0) continue;
    for (const m of g.members) {
      const user = tenant.users.get(m);
      if (!user) continue;
      const mine = byUser.get(m) ?? [];
      byUser.set(m, [...mine, ...assignGroup(tenant, user, g.id, g.licenses, mine, left)]);
    }
  }
  cache.set(tenant, { key, byUser });
  return byUser;
}

function assignGroup(
  tenant: TenantState, user: UserObject, groupId: string, licenses: AssignedLicense[], earlier: GroupAssignment[], left: Map<string, number>,
): GroupAssignment[] {
  const active = [...user.licenses, ...earlier.filter((a) => a.state === 'Active')];
  const held = new Set(active.map((l) => l.skuId));
  const needSeat = licenses.filter((l) => !held.has(l.skuId));
  let error: LicenseError | 'None' = 'None';
  if (needSeat.some((l) => (left.get(l.skuId) ?? 0) <= 0)) error = 'CountViolation';
  else error = planViolation(tenant, [...active, ...licenses])?.error ?? 'None';
  if (error === 'None') for (const l of needSeat) left.set(l.skuId, (left.get(l.skuId) ?? 0) - 1);
  const state = error === 'None' ? 'Active' : 'Error';
  return licenses.map((l) => ({ groupId, skuId: l.skuId, disabledPlans: l.disabledPlans, state, error }));
}

/** A user's group assignments, every state; `activeGroupLicenses` for the ones the user actually holds. */
export function groupAssignments(tenant: TenantState, user: UserObject): GroupAssignment[] {
  return resolveGroupLicenses(tenant).get(user.id) ?? [];
}

export function activeGroupLicenses(tenant: TenantState, user: UserObject): GroupAssignment[] {
  return groupAssignments(tenant, user).filter((a) => a.state === 'Active');
}
